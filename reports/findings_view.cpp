#include "reports/findings_view.hpp"

#include <set>

namespace v6r::report {
namespace {
const json& empty_array() {
  static const json a = json::array();
  return a;
}
const json& empty_object() {
  static const json o = json::object();
  return o;
}
const json* member(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
}  // namespace

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_float()) {
    std::string s = v.dump();
    return s;
  }
  return "";
}

std::string str(const json& j, std::string_view key) {
  const json* m = member(j, key);
  return m ? scalar_text(*m) : std::string();
}

const json& arr(const json& j, std::string_view key) {
  const json* m = member(j, key);
  return (m && m->is_array()) ? *m : empty_array();
}

const json& obj(const json& j, std::string_view key) {
  const json* m = member(j, key);
  return (m && m->is_object()) ? *m : empty_object();
}

double num(const json& j, std::string_view key, double def) {
  const json* m = member(j, key);
  return (m && m->is_number()) ? m->get<double>() : def;
}

std::string join(const json& a, std::string_view sep) {
  std::string out;
  if (!a.is_array()) return out;
  bool first = true;
  for (const auto& v : a) {
    if (!first) out += sep;
    first = false;
    out += scalar_text(v);
  }
  return out;
}

int level_number(std::string_view level) {
  if (level.size() == 2 && level[0] == 'L' && level[1] >= '0' && level[1] <= '9') return level[1] - '0';
  return -1;
}

std::string parent_of(std::string_view site) {
  const auto slash = site.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(site.substr(0, slash));
}

std::vector<std::string> level_ids(const json& doc) {
  std::vector<std::string> ids;
  for (const auto& l : arr(doc, "levels")) {
    const auto id = str(l, "id");
    if (!id.empty()) ids.push_back(id);
  }
  if (ids.empty()) ids = {"L0", "L1", "L2", "L3", "L4"};
  return ids;
}

const std::vector<std::string>& verdicts() {
  static const std::vector<std::string> v = {"pass", "info", "warn", "fail", "error", "skipped"};
  return v;
}

std::string_view verdict_symbol(std::string_view v) {
  if (v == "pass") return "\u2714";
  if (v == "info") return "\u2139";
  if (v == "warn") return "\u26A0";
  if (v == "fail") return "\u2716";
  if (v == "error") return "\u203C";
  if (v == "skipped") return "\u2013";
  return "?";
}

std::vector<Column> check_columns(const json& doc) {
  std::vector<Column> cols;
  std::set<std::string> seen;
  for (const auto& site : arr(doc, "sites")) {
    for (const auto& c : arr(site, "checks")) {
      auto id = str(c, "check_id");
      if (id.empty() || !seen.insert(id).second) continue;
      cols.push_back({std::move(id), str(c, "kind")});
    }
  }
  return cols;
}

std::string verdict_at(const json& site, std::string_view check_id) {
  for (const auto& c : arr(site, "checks"))
    if (str(c, "check_id") == check_id) return str(c, "verdict");
  return "";
}

}  // namespace v6r::report
