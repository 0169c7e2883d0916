// `v6analyze gate --policy POLICY.yaml [--baseline F] [--junit F] [--plan F] [--allow-unverified] [--keys D]
//                  (BUNDLE... | --findings F)`: the sweep is analysed here (analyzers/analyze.hpp) or read
// strictly from a findings.json; the typed document then goes to the gate logic in reports/gate.hpp.
#include <CLI/CLI.hpp>

#include <memory>

#include "analyzers/analyze.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/findings.hpp"
#include "core/fs_util.hpp"
#include "core/term_print.hpp"
#include "reports/gate.hpp"

namespace v6r::app {
namespace {

/// The findings to gate: from --findings, or by analysing the bundles.
Expected<findings::Document, std::string> gate_input(const GateOptions& opt) {
  if (!opt.findings.empty()) return findings::load_document(opt.findings);
  analyze::AnalyzeOptions a;
  a.inputs.assign(opt.bundles.begin(), opt.bundles.end());
  if (!opt.plan.empty()) a.plan_file = opt.plan;
  a.allow_unverified = opt.allow_unverified;
  a.keys_dir = opt.keys_dir;
  auto res = analyze::analyze(a);
  if (!res) return Unexpected{"analysis failed: " + res.error()};
  return std::move(res->findings);
}

}  // namespace

int run_gate(const GateOptions& opt, std::FILE* out, std::FILE* err) {
  if (opt.bundles.empty() == opt.findings.empty()) {
    term::print(err, "v6analyze gate: give either bundles or --findings FILE (exactly one of them)\n");
    return kExitUsage;
  }
  const auto junit = report::parse_junit_evidence(opt.junit_evidence);
  if (!junit) {
    term::print(err, "v6analyze gate: {}\n", junit.error());
    return kExitUsage;
  }
  auto policy = report::load_policy(opt.policy);
  if (!policy) {
    term::print(err, "v6analyze gate: {}\n", policy.error());
    return kExitUsage;
  }
  if (opt.allow_unverified) policy->require_verified = false;
  if (policy->no_regression && opt.baseline.empty()) {
    term::print(err,
                "v6analyze gate: policy {} has no_regression: true, which needs --baseline FINDINGS.json\n",
                opt.policy);
    return kExitUsage;
  }
  std::optional<findings::Document> baseline;
  if (!opt.baseline.empty()) {
    auto b = findings::load_document(opt.baseline);
    if (!b) {
      term::print(err, "v6analyze gate: baseline {}\n", b.error());
      return kExitUsage;
    }
    baseline = std::move(b).value();
  }
  auto doc = gate_input(opt);
  if (!doc) {
    term::print(err, "v6analyze gate: {}\n", doc.error());
    return kExitUsage;
  }
  const auto result = report::evaluate_policy(*policy, *doc, baseline ? &*baseline : nullptr);
  if (!opt.junit.empty()) {
    const auto xml = report::render_junit(*doc, {report::gate_junit_suite(*policy, result)}, *junit);
    if (auto e = write_atomic(opt.junit, xml)) {
      term::print(err, "v6analyze gate: {}\n", *e);
      return kExitPartial;
    }
  }
  const auto text = report::format_gate(*policy, result, opt.junit, 25, output_catalog(opt.lang, *doc));
  term::write_wrapped(out, text);
  return result.holds() ? kExitOk : kExitFailed;
}

void add_gate(CLI::App& app, int& exit_code) {
  auto gopt = std::make_shared<GateOptions>();
  CLI::App* gate = app.add_subcommand(
      "gate",
      "Check a sweep against a policy (YAML): exit 0 when it holds, 1 when it does not; writes JUnit");
  gate->add_option("--policy,-p", gopt->policy, "policy YAML (e.g. scenarios/policy-min-l2.yaml)")
      ->required();
  gate->add_option("bundles", gopt->bundles, "run bundles (directories or .tar) to analyse");
  gate->add_option("--findings", gopt->findings, "gate an existing findings.json instead of bundles");
  gate->add_option("--baseline", gopt->baseline, "findings.json of the baseline sweep (for no_regression)");
  gate->add_option("--junit", gopt->junit, "JUnit XML output (\"\" to skip)")->capture_default_str();
  gate->add_option("--plan", gopt->plan, "plan file for the analysis (levels per site class and year)");
  gate->add_flag("--allow-unverified", gopt->allow_unverified,
                 "accept UNSIGNED bundles that do not verify (MANIFEST.sha256 does not match, or no "
                 "signature while trusted keys are configured; disables require_verified); never a signed "
                 "bundle that fails a check");
  gate->add_option("--keys", gopt->keys_dir,
                   "directory of trusted probe public keys (*.pub): a bundle must be signed by one of them "
                   "(unsigned ones only with --allow-unverified) (default: /etc/v6ready/keys when it "
                   "exists)");
  add_lang_option(*gate, gopt->lang);
  add_junit_evidence_option(*gate, gopt->junit_evidence);
  gate->callback([gopt, &exit_code] { exit_code = run_gate(*gopt, stdout, stderr); });
}

}  // namespace v6r::app
