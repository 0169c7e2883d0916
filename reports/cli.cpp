// `v6analyze report FINDINGS.json [--out DIR] [--format LIST]` and
// `v6analyze gate --policy POLICY.yaml [--baseline F] [--junit F] [--plan F] [--allow-unverified]
//                  (BUNDLE... | --findings F)`.
#include "reports/cli.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "core/fs_util.hpp"
#include "reports/gate.hpp"
#include "reports/report.hpp"

#if __has_include("analyzers/analyze.hpp")
#include "analyzers/analyze.hpp"
#define V6R_REPORT_HAVE_ANALYZE 1
#endif

namespace v6r::report {
namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2, kInternal = 3;

/// Reads and schema-checks a findings document; the error message names the file.
Expected<nlohmann::json, std::string> read_findings(const std::string& path) {
  std::string text;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Unexpected{"cannot read " + path};
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Unexpected{path + ": not valid JSON"};
  if (auto bad = check_findings(doc)) return Unexpected{path + ": " + *bad};
  return doc;
}

/// The findings to gate: from --findings, or by analysing the bundles.
Expected<nlohmann::json, std::string> gate_input(const GateOptions& opt) {
  if (!opt.findings.empty()) return read_findings(opt.findings);
#ifdef V6R_REPORT_HAVE_ANALYZE
  v6r::analyze::AnalyzeOptions a;
  a.inputs.assign(opt.bundles.begin(), opt.bundles.end());
  if (!opt.plan.empty()) a.plan_file = opt.plan;
  a.allow_unverified = opt.allow_unverified;
  auto res = v6r::analyze::analyze(a);
  if (!res) return Unexpected{"analysis failed: " + res.error()};
  return std::move(res->findings);
#else
  return Unexpected{std::string("this build has no analyzer (analyzers/analyze.hpp); gate a findings.json with --findings FILE")};
#endif
}

}  // namespace

int run_report(const ReportOptions& opt, std::FILE* out, std::FILE* err) {
  auto formats = parse_formats(opt.formats);
  if (!formats) {
    std::fprintf(err, "v6analyze report: %s\n", formats.error().c_str());
    return kUsage;
  }
  auto doc = read_findings(opt.findings);
  if (!doc) {
    std::fprintf(err, "v6analyze report: %s\n", doc.error().c_str());
    return kUsage;
  }
  auto written = render_all(*doc, opt.out_dir, *formats);
  if (!written) {
    std::fprintf(err, "v6analyze report: %s\n", written.error().c_str());
    return kInternal;
  }
  for (const auto& p : *written) std::fprintf(out, "%s\n", p.string().c_str());
  return kOk;
}

int run_gate(const GateOptions& opt, std::FILE* out, std::FILE* err) {
  if (opt.bundles.empty() == opt.findings.empty()) {
    std::fprintf(err, "v6analyze gate: give either bundles or --findings FILE (exactly one of them)\n");
    return kUsage;
  }
  auto policy = load_policy(opt.policy);
  if (!policy) {
    std::fprintf(err, "v6analyze gate: %s\n", policy.error().c_str());
    return kUsage;
  }
  if (opt.allow_unverified) policy->require_verified = false;
  nlohmann::json baseline;
  if (policy->no_regression) {
    if (opt.baseline.empty()) {
      std::fprintf(err, "v6analyze gate: policy %s has no_regression: true, which needs --baseline FINDINGS.json\n",
                   opt.policy.c_str());
      return kUsage;
    }
  }
  if (!opt.baseline.empty()) {
    auto b = read_findings(opt.baseline);
    if (!b) {
      std::fprintf(err, "v6analyze gate: baseline %s\n", b.error().c_str());
      return kUsage;
    }
    baseline = std::move(*b);
  }
  auto doc = gate_input(opt);
  if (!doc) {
    std::fprintf(err, "v6analyze gate: %s\n", doc.error().c_str());
    return kUsage;
  }
  const auto result = evaluate_policy(*policy, *doc, opt.baseline.empty() ? nullptr : &baseline);
  std::string junit_note = opt.junit;
  if (!opt.junit.empty()) {
    const auto xml = render_junit(*doc, {gate_junit_suite(*policy, result)});
    if (auto e = write_atomic(opt.junit, xml)) {
      std::fprintf(err, "v6analyze gate: %s\n", e->c_str());
      return kInternal;
    }
  }
  const auto text = format_gate(*policy, result, junit_note);
  std::fputs(text.c_str(), out);
  return result.holds() ? kOk : kFailed;
}

void add_report_commands(CLI::App& app, int& exit_code) {
  auto ropt = std::make_shared<ReportOptions>();
  CLI::App* rep = app.add_subcommand("report",
                                     "Render findings.json as HTML, Markdown, CSV, JUnit XML and Prometheus text");
  rep->add_option("findings", ropt->findings, "findings.json (schema v6ready.findings/1), or - for stdin")->required();
  rep->add_option("--out,-o", ropt->out_dir, "output directory (created if missing; files replaced atomically)")
      ->capture_default_str();
  rep->add_option("--format,-f", ropt->formats, "comma-separated: html,md,csv,junit,prom or all")->capture_default_str();
  rep->callback([ropt, &exit_code] { exit_code = run_report(*ropt, stdout, stderr); });

  auto gopt = std::make_shared<GateOptions>();
  CLI::App* gate = app.add_subcommand(
      "gate", "Check a sweep against a policy (YAML): exit 0 when it holds, 1 when it does not; writes JUnit");
  gate->add_option("--policy,-p", gopt->policy, "policy YAML (e.g. scenarios/policy-min-l2.yaml)")->required();
  gate->add_option("bundles", gopt->bundles, "run bundles (directories or .tar) to analyse");
  gate->add_option("--findings", gopt->findings, "gate an existing findings.json instead of bundles");
  gate->add_option("--baseline", gopt->baseline, "findings.json of the baseline sweep (for no_regression)");
  gate->add_option("--junit", gopt->junit, "JUnit XML output (\"\" to skip)")->capture_default_str();
  gate->add_option("--plan", gopt->plan, "plan file for the analysis (levels per site class and year)");
  gate->add_flag("--allow-unverified", gopt->allow_unverified,
                 "accept bundles whose MANIFEST.sha256 does not match (disables require_verified)");
  gate->callback([gopt, &exit_code] { exit_code = run_gate(*gopt, stdout, stderr); });
}

}  // namespace v6r::report
