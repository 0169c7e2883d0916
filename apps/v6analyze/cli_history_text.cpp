#include "apps/v6analyze/cli_history_text.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace v6r::app {
namespace {

/// The catalogue id part of a query or column key: "site-findings" → "site_findings".
std::string id_part(std::string s) {
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

/// The fixed words a column can hold (analyzers/archive/history.cpp, plan_progress.cpp) and their ids.
const std::vector<std::pair<std::string, std::string>>* words_of(std::string_view column) {
  static const std::vector<std::pair<std::string, std::string>> yes_no{{"yes", "history.value.yes"},
                                                                       {"no", "history.value.no"}};
  static const std::vector<std::pair<std::string, std::string>> change{
      {"regression", "history.value.regression"}, {"improvement", "history.value.improvement"}};
  static const std::vector<std::pair<std::string, std::string>> projected{
      {"reached", "history.value.reached"}, {"not at this pace", "history.value.not_at_pace"}};
  static const std::vector<std::pair<std::string, std::string>> severity{
      {"fail", "severity.fail"}, {"warn", "severity.warn"}, {"info", "severity.info"}};
  static const std::map<std::string, const std::vector<std::pair<std::string, std::string>>*, std::less<>>
      by_column{{"meets_plan", &yes_no},    {"detail", &yes_no},    {"from_meets_plan", &yes_no},
                {"to_meets_plan", &yes_no}, {"on_track", &yes_no},  {"change", &change},
                {"projected", &projected},  {"severity", &severity}};
  const auto it = by_column.find(column);
  return it == by_column.end() ? nullptr : it->second;
}

}  // namespace

archive::Table localize_history(archive::Table t, const i18n::Catalog& cat) {
  std::vector<i18n::Arg> args;
  for (const auto& [name, value] : t.title_args) args.push_back({name, value});
  if (auto title = cat.find("history.title." + id_part(t.query), args)) t.title = std::move(*title);
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    auto& col = t.columns[i];
    if (auto h = cat.find("history.col." + id_part(col.key))) col.heading = std::move(*h);
    const auto* words = words_of(col.key);
    if (words == nullptr) continue;
    for (auto& row : t.rows) {
      if (i >= row.size()) continue;
      auto* s = std::get_if<std::string>(&row[i]);
      if (s == nullptr) continue;
      for (const auto& [word, id] : *words)
        if (*s == word) {
          *s = cat.text(id);
          break;
        }
    }
  }
  return t;
}

std::string history_no_rows(const i18n::Catalog& cat) {
  return cat.text("history.no_rows");
}

}  // namespace v6r::app
