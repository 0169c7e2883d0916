#pragma once
// Tolerant accessors over a findings.json document: a missing or mistyped optional field reads as
// empty, never throws. Internal to reports/.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace v6r::report {

using nlohmann::json;

/// j[key] as a string ("" when missing; numbers and booleans are printed).
std::string str(const json& j, std::string_view key);
/// j[key] when it is an array, else an empty array.
const json& arr(const json& j, std::string_view key);
/// j[key] when it is an object, else an empty object.
const json& obj(const json& j, std::string_view key);
/// j[key] as a number, or `def`.
double num(const json& j, std::string_view key, double def = 0.0);
/// A scalar JSON value as text ("" for null/objects).
std::string scalar_text(const json& v);
/// Array elements joined by `sep` (scalars only).
std::string join(const json& a, std::string_view sep);

/// "L3" → 3; anything else → -1.
int level_number(std::string_view level);
/// "province/district-a/commune-ready" → "province/district-a"; no '/' → "".
std::string parent_of(std::string_view site);
/// The level ids in order: from doc["levels"], or L0..L4.
std::vector<std::string> level_ids(const json& doc);
/// The six verdicts in display order: pass info warn fail error skipped.
const std::vector<std::string>& verdicts();
/// ✔ ℹ ⚠ ✖ ‼ – for a verdict or severity; "?" otherwise.
std::string_view verdict_symbol(std::string_view verdict);

/// Every check id in first-seen order across sites (the matrix columns), with its kind.
struct Column {
  std::string check_id;
  std::string kind;
};
std::vector<Column> check_columns(const json& doc);
/// The verdict of `check_id` at a site ("" when the site did not run it).
std::string verdict_at(const json& site, std::string_view check_id);

}  // namespace v6r::report
