// `v6analyze verify BUNDLE... [--keys DIR]`: MANIFEST.sha256 against the files and MANIFEST.sig against
// the manifest (directory or .tar bundles; core/bundle_verify.hpp).
#include <CLI/CLI.hpp>

#include <memory>

#include "analyzers/analyze.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/bundle.hpp"
#include "core/term_print.hpp"

namespace v6r::app {
using namespace v6r::analyze;

namespace {

/// One FAILED line per problem of a bundle that does not verify.
void print_failures(std::FILE* out, const std::string& p, const bundle::Verification& v) {
  for (const auto& problem : v.problems()) term::print(out, "{}: FAILED: {}\n", p, problem);
}

/// The line of a bundle that is admitted: "verified" only for a signature by a trusted key.
void print_ok(std::FILE* out, const std::string& p, const bundle::SignatureCheck& sig) {
  switch (sig.status) {
    case SignatureStatus::signed_trusted:
      term::print(out, "{}: OK ({}, verified)\n", p, sig.summary());
      return;
    case SignatureStatus::unknown_key:
      term::print(out, "{}: OK, files intact ({}: not verified, no trusted keys configured)\n", p,
                  sig.summary());
      return;
    default:
      term::print(out, "{}: OK, files intact (unsigned: not verified, who wrote it is not proven)\n", p);
      return;
  }
}

}  // namespace

int run_verify(const std::vector<std::string>& inputs, bool quiet, std::FILE* out, std::FILE* err,
               const std::string& keys_dir) {
  const auto keys = bundle::load_trusted_keys(keys_dir);
  if (!keys) {
    term::print(err, "v6analyze verify: {}\n", keys.error());
    return kExitUsage;
  }
  auto found = find_bundles(inputs);
  if (!found) {
    term::print(err, "v6analyze verify: {}\n", found.error());
    return kExitUsage;
  }
  for (const auto& n : found->notes) term::print(err, "v6analyze verify: {}\n", n);
  int rc = kExitOk;
  const bundle::OpenOptions opts{false, keys->policy()};
  for (const auto& loc : found->bundles) {
    const std::string p = loc.path();
    auto b = bundle::BundleReader::open(loc, opts);
    rc = b ? rc : kExitFailed;
    if (!b && b.error().unverified) {
      print_failures(out, p, *b.error().verification);
    } else if (!b && b.error().refused) {
      term::print(out, "{}: FAILED: refused: {}\n", p, b.error().reason);
    } else if (!b) {
      term::print(err, "v6analyze verify: {}\n", b.error().message);
    } else if (!quiet) {
      print_ok(out, p, b->verification().signature);
    }
  }
  return rc;
}

void add_verify(CLI::App& app, int& exit_code) {
  auto bundles = std::make_shared<std::vector<std::string>>();
  auto quiet = std::make_shared<bool>(false);
  auto keys = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "verify",
      "Check bundles against MANIFEST.sha256 and its signature MANIFEST.sig; names every file that does "
      "not match and says per bundle: signed-by-<key fingerprint> (verified), unsigned, unknown signer, or "
      "bad signature. A bundle is never read through a symbolic link, and one holding a link, hard link or "
      "special file is refused. Exit 0 every bundle admitted, 1 any mismatch, bad signature, or (with "
      "trusted keys) an unknown signer or unsigned bundle, or a refused bundle; 2 usage");
  sub->add_option("bundles", *bundles, "bundle directories, .tar files, or directories containing them")
      ->required();
  sub->add_flag("--quiet,-q", *quiet, "print only failures");
  sub->add_option("--keys", *keys,
                  "directory of trusted probe public keys (*.pub): a bundle must be signed by one of them "
                  "(another signer or no signature fails) (default: /etc/v6ready/keys when it exists)");
  sub->callback([bundles, quiet, keys, &exit_code] {
    exit_code = run_verify(*bundles, *quiet, stdout, stderr, *keys);
  });
}

}  // namespace v6r::app
