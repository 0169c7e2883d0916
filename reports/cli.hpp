#pragma once
// The report-side subcommands of v6analyze (`report`, `gate`), registered into the analyzer's CLI.
// Exit codes (docs/architecture.md): 0 ok/policy holds · 1 policy violated · 2 usage/config error ·
// 3 internal error or partial output.
#include <cstdio>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace v6r::report {

/// Adds `report` and `gate` to v6analyze; they set exit_code (0/1/2/3) when they run.
void add_report_commands(CLI::App& app, int& exit_code);

struct ReportOptions {
  std::string findings;             ///< findings.json path ("-" = stdin)
  std::string out_dir = ".";
  std::string formats = "all";      ///< html,md,csv,junit,prom | all
};
/// `v6analyze report`: writes the selected formats into out_dir. 0 ok, 2 bad input/usage, 3 write error.
int run_report(const ReportOptions& opt, std::FILE* out, std::FILE* err);

struct GateOptions {
  std::string policy;
  std::vector<std::string> bundles;  ///< analysed with v6r::analyze::analyze()
  std::string findings;              ///< instead of bundles: an existing findings.json
  std::string baseline;              ///< findings.json of the baseline sweep (no_regression)
  std::string junit = "gate-junit.xml";  ///< "" = do not write JUnit
  std::string plan;
  bool allow_unverified = false;
};
/// `v6analyze gate`: 0 policy holds, 1 violated, 2 usage/policy/input error, 3 internal error.
int run_gate(const GateOptions& opt, std::FILE* out, std::FILE* err);

}  // namespace v6r::report
