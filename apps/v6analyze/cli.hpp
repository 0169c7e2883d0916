#pragma once
// v6analyze subcommands: one file each (cli_<name>.cpp), registered on the one CLI11 app by main.cpp.
// This is the application layer: it wires analyzers/ (analyze, dissect, verify, diff) and reports/
// (renderers, gate) together; neither of those includes anything from here.
// Exit codes (docs/architecture.md): 0 pass · 1 checks failed · 2 usage/config error · 3 partial/internal.
#include <cstdio>
#include <string>
#include <vector>

namespace CLI {
class App;
}
namespace v6r::findings {
struct Document;
}
namespace v6r::i18n {
class Catalog;
}
namespace v6r::archive {
class Db;
struct RefOptions;
}  // namespace v6r::archive

namespace v6r::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitPartial = 3;

/// Adds `--lang en|vi` to a subcommand (cli_lang.cpp).
void add_lang_option(CLI::App& sub, std::string& lang);
/// The catalogue of the output: --lang (`lang`, "" when not given), else the plan's `lang` recorded in
/// the document, else the environment (reports/i18n.hpp choose_lang).
const i18n::Catalog& output_catalog(const std::string& lang, const findings::Document& doc);

struct DissectOptions {
  std::string path;
  std::vector<std::string> fields;  ///< empty = default_fields()
  bool header = false;              ///< first line: the field names
  bool quiet = false;               ///< no anomaly summary on stderr
};

/// `v6analyze dissect`: one tab-separated line per frame on `out`; errors and the anomaly summary on
/// `err`. Returns the exit code: 0, 2 (unknown field, unreadable file), 3 (corrupt/truncated capture:
/// every frame before the error has been printed).
int run_dissect(const DissectOptions& opt, std::FILE* out, std::FILE* err);

/// Registers the `dissect` subcommand; its callback stores the exit code in `exit_code`.
void add_dissect(CLI::App& app, int& exit_code);

/// `v6analyze analyze INPUT... [--plan F] [--year N] [--out DIR] [--allow-unverified] [--label L]
/// [--previous F...] [--quiet]`: writes DIR/findings.json (temp + rename), summary on stdout.
void add_analyze(CLI::App& app, int& exit_code);
/// `v6analyze verify BUNDLE... [--keys DIR]`: 0 every bundle would be admitted by `analyze` (files
/// match, no bad signature; with a trust directory, signed by a trusted key), 1 otherwise (each
/// problem named), 2 usage. `keys_dir` "" = the default trust directory when it exists.
int run_verify(const std::vector<std::string>& bundles, bool quiet, std::FILE* out, std::FILE* err,
               const std::string& keys_dir = "");
void add_verify(CLI::App& app, int& exit_code);
/// `v6analyze expand FINDINGS [--out FILE]`: the document in its expanded form (schema /2).
void add_expand(CLI::App& app, int& exit_code);
/// `v6analyze summary FINDINGS [--brief] [--lang L]`: the text summary `analyze` prints, from a
/// findings.json.
void add_summary(CLI::App& app, int& exit_code);
/// `v6analyze diff OLD NEW [--fail-on-regression] [--json F]`: each a findings.json or bundles.
void add_diff(CLI::App& app, int& exit_code);

struct ReportOptions {
  std::string findings;  ///< findings.json path ("-" = stdin)
  std::string out_dir = ".";
  std::string formats = "all";          ///< html,md,csv,junit,prom | all
  std::string html_detail = "auto";     ///< auto | inline | lazy (reports/report.hpp HtmlDetail)
  std::string lang;                     ///< --lang ("" = plan, then environment)
  std::string archive;                  ///< sweep archive (.db): trend and plan tracking in report.html
  int pace = 13;                        ///< sweeps the plan tracking's pace is measured over
  std::string junit_evidence = "case";  ///< case | suite (reports/report.hpp JunitEvidence)
};
/// `v6analyze report`: writes the selected formats into out_dir. 0 ok, 2 bad input (a findings.json that
/// is not valid JSON or does not match the schema: the key path is named) or usage, 3 write error.
int run_report(const ReportOptions& opt, std::FILE* out, std::FILE* err);
void add_report(CLI::App& app, int& exit_code);
/// --junit-evidence case|suite, for `report` and `gate`.
void add_junit_evidence_option(CLI::App& cmd, std::string& value);

struct GateOptions {
  std::string policy;
  std::vector<std::string> bundles;      ///< analysed with v6r::analyze::analyze()
  std::string findings;                  ///< instead of bundles: an existing findings.json
  std::string baseline;                  ///< findings.json of the baseline sweep (no_regression)
  std::string junit = "gate-junit.xml";  ///< "" = do not write JUnit
  std::string plan;
  bool allow_unverified = false;
  std::string keys_dir;                 ///< --keys (analyze.hpp AnalyzeOptions::keys_dir)
  std::string lang;                     ///< --lang ("" = plan, then environment)
  std::string junit_evidence = "case";  ///< case | suite (reports/report.hpp JunitEvidence)
};
/// `v6analyze gate`: 0 policy holds, 1 violated, 2 usage/policy/input error, 3 internal error.
int run_gate(const GateOptions& opt, std::FILE* out, std::FILE* err);
void add_gate(CLI::App& app, int& exit_code);

/// `v6analyze archive add|prune|check` (docs/archive.md).
void add_archive(CLI::App& app, int& exit_code);
/// Appends one findings document to an open archive (analyze --archive, archive add); one line on
/// stdout unless quiet, errors on stderr named by `source`. Returns 0, 2 (bundle not found, damaged
/// archive, no site) or 3 (write failed; nothing of the sweep kept).
int archive_import(archive::Db& db, const findings::Document& doc, const archive::RefOptions& refs,
                   const std::string& source, bool quiet);
/// `v6analyze history ARCHIVE.db [query]` (docs/archive.md "Queries").
void add_history(CLI::App& app, int& exit_code);

}  // namespace v6r::app
