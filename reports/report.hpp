#pragma once
// Renderers from findings.json (docs/findings-schema.md, schema "v6ready.findings/1"): one file per
// format (html.cpp, markdown.cpp, csv.cpp, junit.cpp, prometheus.cpp). Each render_* is a pure function
// of the document; render_all() writes the files atomically. Missing optional fields are tolerated.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace v6r::report {

inline constexpr std::string_view kFindingsSchema = "v6ready.findings/1";

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

/// Checks that `doc` is a findings document this code understands: an object whose "schema" is
/// kFindingsSchema and whose "sites" (if present) is a list of objects. Returns the problem, if any.
std::optional<std::string> check_findings(const nlohmann::json& doc);

/// One extra JUnit testcase (the gate adds one per policy rule).
struct JunitCase {
  std::string name;
  std::string failure;  ///< empty: passed; otherwise the failure message (first line) + details
};
struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
};

std::string render_html(const nlohmann::json& doc);
std::string render_markdown(const nlohmann::json& doc);
std::string render_csv(const nlohmann::json& doc);
std::string render_junit(const nlohmann::json& doc, const std::vector<JunitSuite>& extra = {});
/// `now_unix_seconds` is v6ready_report_generated_timestamp_seconds (a parameter so tests are stable).
std::string render_prometheus(const nlohmann::json& doc, double now_unix_seconds);

/// Renders every format in `formats` into `out_dir` (created if missing). Returns the written paths.
Expected<std::vector<std::filesystem::path>, std::string> render_all(const nlohmann::json& findings,
                                                                    const std::filesystem::path& out_dir,
                                                                    unsigned formats = kAllFormats);

}  // namespace v6r::report
