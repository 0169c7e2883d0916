#pragma once
// The sweep comparison document (`v6analyze diff --json`, schema v6ready.diff/1): what improved and what
// regressed between two findings documents, per site and check. analyzers/score fills it
// (diff_findings); the terminal text and the JSON file are both written from these structs, and the one
// strict reader (read_diff) takes back only what the writer writes (docs/findings-schema.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expected.hpp"
#include "core/json_model.hpp"
#include "core/time_util.hpp"

namespace v6r::sweepdiff {

inline constexpr std::string_view kSchema = "v6ready.diff/1";

/// What changed on a site: its level, its verdict against the plan, one check's verdict, or whether a
/// finding rule (fail or warn) is present.
enum class What : std::uint8_t { level, plan_verdict, check, finding };

/// One side of the comparison: the sweep's label and when its findings were written.
struct Side {
  std::string label;
  UtcMs generated_utc{};
};

struct Change {
  std::string site;
  What what = What::level;
  std::optional<std::string> kind;      ///< what == check
  std::optional<std::string> check_id;  ///< what == check
  std::optional<std::string> rule;      ///< what == finding
  std::string old_value;                ///< a level, plan verdict, check verdict, or "absent"/"present"
  std::string new_value;
};

struct AddedSite {
  std::string site;
  std::string level;  ///< "L0".."L4" or "not assessed"
};

struct Document {
  std::string schema{kSchema};
  Side old_side;
  Side new_side;
  std::vector<Change> improved;
  std::vector<Change> regressed;
  std::vector<AddedSite> sites_added;
  std::vector<std::string> sites_removed;
  std::uint64_t unchanged_sites = 0;
};

nlohmann::json to_json(const Document& d);
/// The JSON text written by `diff --json`: indented, hidden characters as \u escapes, newline-terminated.
std::string to_json_text(const Document& d);
/// Strict: unknown, missing or mistyped keys are refused with the key path.
Expected<Document, std::string> read_diff(const nlohmann::json& j);
/// Every key path of the document, for the schema document's drift test.
std::vector<jsonmodel::FieldRow> diff_fields();

}  // namespace v6r::sweepdiff

namespace v6r::jsonmodel {

template <>
struct EnumNames<sweepdiff::What> {
  static constexpr std::array<std::string_view, 4> names{"level", "plan_verdict", "check", "finding"};
};
template <>
struct Members<sweepdiff::Side> {
  static constexpr auto list = std::tuple{req("label", &sweepdiff::Side::label),
                                          req("generated_utc", &sweepdiff::Side::generated_utc)};
};
template <>
struct Members<sweepdiff::Change> {
  static constexpr auto list =
      std::tuple{req("site", &sweepdiff::Change::site),    req("what", &sweepdiff::Change::what),
                 opt("kind", &sweepdiff::Change::kind),    opt("check_id", &sweepdiff::Change::check_id),
                 opt("rule", &sweepdiff::Change::rule),    req("old", &sweepdiff::Change::old_value),
                 req("new", &sweepdiff::Change::new_value)};
};
template <>
struct Members<sweepdiff::AddedSite> {
  static constexpr auto list =
      std::tuple{req("site", &sweepdiff::AddedSite::site), req("level", &sweepdiff::AddedSite::level)};
};
template <>
struct Members<sweepdiff::Document> {
  static constexpr auto list = std::tuple{req("schema", &sweepdiff::Document::schema),
                                          req("old", &sweepdiff::Document::old_side),
                                          req("new", &sweepdiff::Document::new_side),
                                          req("improved", &sweepdiff::Document::improved),
                                          req("regressed", &sweepdiff::Document::regressed),
                                          req("sites_added", &sweepdiff::Document::sites_added),
                                          req("sites_removed", &sweepdiff::Document::sites_removed),
                                          req("unchanged_sites", &sweepdiff::Document::unchanged_sites)};
};

}  // namespace v6r::jsonmodel
