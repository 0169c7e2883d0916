// `v6analyze verify BUNDLE...`: MANIFEST.sha256 against the files (directory or .tar bundles).
#include <CLI/CLI.hpp>

#include <memory>

#include "analyzers/analyze.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/bundle.hpp"

namespace v6r::app {
using namespace v6r::analyze;

int run_verify(const std::vector<std::string>& inputs, bool quiet, std::FILE* out, std::FILE* err) {
  auto paths = find_bundles(inputs);
  if (!paths) {
    std::fprintf(err, "v6analyze verify: %s\n", paths.error().c_str());
    return kExitUsage;
  }
  int rc = kExitOk;
  for (const auto& p : *paths) {
    auto b = bundle::BundleReader::open(p);
    if (!b) {
      std::fprintf(err, "v6analyze verify: %s: %s\n", p.c_str(), b.error().c_str());
      rc = kExitFailed;
      continue;
    }
    auto v = b->verify();
    if (!v) {
      std::fprintf(out, "%s: FAILED: %s\n", p.c_str(), v.error().c_str());
      rc = kExitFailed;
    } else if (!v->ok()) {
      for (const auto& f : v->mismatched)
        std::fprintf(out, "%s: FAILED: %s: checksum does not match\n", p.c_str(), f.c_str());
      for (const auto& f : v->missing)
        std::fprintf(out, "%s: FAILED: %s: listed but missing\n", p.c_str(), f.c_str());
      for (const auto& f : v->unlisted)
        std::fprintf(out, "%s: FAILED: %s: not in the manifest\n", p.c_str(), f.c_str());
      rc = kExitFailed;
    } else if (!quiet) {
      std::fprintf(out, "%s: OK\n", p.c_str());
    }
  }
  return rc;
}

void add_verify(CLI::App& app, int& exit_code) {
  auto bundles = std::make_shared<std::vector<std::string>>();
  auto quiet = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand(
      "verify",
      "Check bundles against MANIFEST.sha256; names every file that does not match. Exit 0 all ok, "
      "1 any mismatch, 2 usage");
  sub->add_option("bundles", *bundles, "bundle directories, .tar files, or directories containing them")
      ->required();
  sub->add_flag("--quiet,-q", *quiet, "print only failures");
  sub->callback([bundles, quiet, &exit_code] { exit_code = run_verify(*bundles, *quiet, stdout, stderr); });
}

}  // namespace v6r::app
