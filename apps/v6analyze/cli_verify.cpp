// `v6analyze verify BUNDLE...`: MANIFEST.sha256 against the files (directory or .tar bundles).
#include <CLI/CLI.hpp>

#include <memory>

#include "analyzers/analyze.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/bundle.hpp"
#include "core/term_print.hpp"

namespace v6r::app {
using namespace v6r::analyze;

int run_verify(const std::vector<std::string>& inputs, bool quiet, std::FILE* out, std::FILE* err) {
  auto paths = find_bundles(inputs);
  if (!paths) {
    term::print(err, "v6analyze verify: {}\n", paths.error());
    return kExitUsage;
  }
  int rc = kExitOk;
  for (const auto& p : *paths) {
    auto b = bundle::BundleReader::open(p);
    if (!b) {
      term::print(err, "v6analyze verify: {}: {}\n", p, b.error());
      rc = kExitFailed;
      continue;
    }
    auto v = b->verify();
    if (!v) {
      term::print(out, "{}: FAILED: {}\n", p, v.error());
      rc = kExitFailed;
    } else if (!v->ok()) {
      for (const auto& f : v->mismatched) term::print(out, "{}: FAILED: {}: checksum does not match\n", p, f);
      for (const auto& f : v->missing) term::print(out, "{}: FAILED: {}: listed but missing\n", p, f);
      for (const auto& f : v->unlisted) term::print(out, "{}: FAILED: {}: not in the manifest\n", p, f);
      rc = kExitFailed;
    } else if (!quiet) {
      term::print(out, "{}: OK\n", p);
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
