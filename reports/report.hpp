#pragma once
// Renderers from findings.json (docs/findings-schema.md, schema "v6ready.findings/1"): one file per
// format (html.cpp, markdown.cpp, csv.cpp, junit.cpp, prometheus.cpp). Each render_* is a pure function
// of the typed document (core/findings.hpp: a findings.json that does not match the schema never gets
// here); render_all() writes the files atomically. reports/ links only v6core. Every string from the
// document reaches a file only through the escaper of its medium (core/escape.hpp,
// docs/output-escaping.md), and every number through the range checks of render_util.hpp.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.hpp"
#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

enum Format : unsigned {
  kHtml = 1U << 0,
  kMarkdown = 1U << 1,
  kCsv = 1U << 2,
  kJunit = 1U << 3,
  kPrometheus = 1U << 4,
  kAllFormats = kHtml | kMarkdown | kCsv | kJunit | kPrometheus,
};

/// "html,md,csv,junit,prom" or "all" → bit set; unknown names → error naming them.
Expected<unsigned, std::string> parse_formats(std::string_view list);

/// The file name each format is written to inside the output directory.
std::string_view file_name(Format f);

/// One extra JUnit testcase (the gate adds one per policy rule).
struct JunitCase {
  std::string name;
  /// Empty: passed. Otherwise the lines of the failure, raw (each is escaped on its own when written):
  /// the first is the message, the others the details.
  std::vector<std::string> failure;
};
/// Where a check's evidence (and a warn/info check's reason) goes in JUnit. `per_case`: the testcase's
/// own <system-out>, which Jenkins and GitLab show with the case. `per_suite`: its site's <system-out>,
/// under a "check: ID (KIND)" line, so that no testcase has a <system-out>: what Ant's JUnit schema
/// needs (it has none in a testcase; Jenkins shows the suite's output for a case that has none).
enum class JunitEvidence { per_case, per_suite };
/// "case" or "suite" → JunitEvidence; anything else → error.
Expected<JunitEvidence, std::string> parse_junit_evidence(std::string_view s);

struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
  std::vector<std::pair<std::string, std::string>> properties{};  ///< <property name value>, raw
  std::vector<std::string> out{};  ///< the suite's <system-out>, one raw line each
};

/// How report.html carries each site's detail: written into the page (inline), or as compressed data
/// that the page's script renders when a site is opened (lazy: what keeps a national sweep of thousands
/// of sites to a few MB and a first screen in well under 3 s), or inline up to `inline_max_sites`.
enum class HtmlDetail { automatic, inline_all, lazy };
/// A table for report.html that comes from outside the findings document (the sweep archive's plan
/// tracking). Every cell is text, escaped when written; `bar_column` names a 0..100 (%) column that is
/// also drawn as a bar (npos: none).
struct HtmlTable {
  std::string title;
  std::string note;
  std::vector<std::string> headings;
  std::vector<std::vector<std::string>> rows;
  std::size_t bar_column = std::string::npos;
};
/// One district's line chart of the plan projection (`report --archive`): the share of its sites (of one
/// class) at the level of the class's next target in each archived sweep, oldest first, and that
/// target's projection at the pace of the last sweeps (analyzers/archive/history.hpp query_plan).
struct PlanChart {
  std::string district;
  std::string site_class;
  std::string level;  ///< the target level ("L2")
  std::int64_t year = 0;
  std::vector<std::pair<UtcMs, double>> points;  ///< (sweep time, share 0..100)
  std::optional<UtcMs> projected;                ///< the day 100 % is reached at the pace; none: never
  bool reached = false;
  bool on_track = false;
};
struct HtmlOptions {
  HtmlDetail detail = HtmlDetail::automatic;
  std::size_t inline_max_sites = 150;
  /// `report --archive`: progress against the plan's yearly targets, from the archive.
  std::optional<HtmlTable> plan_tracking{};
  /// With plan_tracking: the projection per district as line charts (at most kMaxPlanCharts drawn, the
  /// furthest from their target first), and the pace they were measured over.
  std::vector<PlanChart> plan_charts{};
  int plan_pace = 0;
};
/// Human-read formats take the catalogue of the output language (reports/i18n.hpp; report.html says it
/// in <html lang>); the machine-read ones (CSV, JUnit, Prometheus) are English.
std::string render_html(const findings::Document& doc);
std::string render_html(const findings::Document& doc, const HtmlOptions& opt,
                        const i18n::Catalog& cat = i18n::Catalog::get(i18n::Lang::en));
std::string render_markdown(const findings::Document& doc,
                            const i18n::Catalog& cat = i18n::Catalog::get(i18n::Lang::en));
std::string render_csv(const findings::Document& doc);
std::string render_junit(const findings::Document& doc, const std::vector<JunitSuite>& extra = {},
                         JunitEvidence evidence = JunitEvidence::per_case);
/// Metric families and labels: docs/deployment.md ("Prometheus").
std::string render_prometheus(const findings::Document& doc);

/// Renders every format in `formats` into `out_dir` (created if missing). Returns the written paths.
Expected<std::vector<std::filesystem::path>, std::string> render_all(
    const findings::Document& findings, const std::filesystem::path& out_dir, unsigned formats = kAllFormats,
    const HtmlOptions& html = {}, const i18n::Catalog& cat = i18n::Catalog::get(i18n::Lang::en),
    JunitEvidence junit = JunitEvidence::per_case);
/// Line charts of the plan projection drawn at most (the table lists every district).
inline constexpr std::size_t kMaxPlanCharts = 24;

/// "auto", "inline" or "lazy" → HtmlDetail; anything else → error.
Expected<HtmlDetail, std::string> parse_html_detail(std::string_view s);

}  // namespace v6r::report
