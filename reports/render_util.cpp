#include "reports/render_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

namespace v6r::report {

std::string number_text(double v) {
  return nlohmann::json(v).dump();
}

std::string number_text(const std::optional<double>& v) {
  return v ? number_text(*v) : std::string();
}

double chart_clamp(double v, double lo, double hi) {
  if (std::isnan(v)) return lo;
  return std::clamp(v, lo, hi);
}

std::string chart_coord(double v, double lo, double hi) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", chart_clamp(v, lo, hi));
  return buf;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string join(const std::vector<std::uint64_t>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += std::to_string(v[i]);
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

std::vector<std::string> level_ids(const findings::Document& doc) {
  std::vector<std::string> ids;
  for (const auto& l : doc.levels) ids.emplace_back(findings::to_string(l.id));
  if (ids.empty()) ids = {"L0", "L1", "L2", "L3", "L4"};
  return ids;
}

std::uint64_t level_count(const findings::LevelCounts& c, std::string_view id) {
  const auto l = findings::level_from_string(id);
  return l ? c[*l] : 0;
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

std::vector<Column> check_columns(const findings::Document& doc) {
  std::vector<Column> cols;
  std::set<std::string> seen;
  for (const auto& site : doc.sites)
    for (const auto& c : site.checks) {
      if (c.check_id.empty() || !seen.insert(c.check_id).second) continue;
      cols.push_back({c.check_id, c.kind});
    }
  return cols;
}

std::string signature_text(const std::optional<findings::BundleSignature>& sig) {
  if (!sig) return "not checked";
  const std::string key = sig->key ? sig->key->substr(0, 16) : std::string();
  switch (sig->status) {
    case SignatureStatus::signed_trusted:
      return "verified, signed by trusted key " + key;
    case SignatureStatus::unsigned_bundle:
      return "unsigned (not verified)";
    case SignatureStatus::unknown_key:
      return "unknown signer " + key + " (not verified)";
    case SignatureStatus::bad_signature:
      return "bad signature";
  }
  return "unsigned";
}

bool signature_flagged(const std::optional<findings::BundleSignature>& sig) {
  return sig && sig->status != SignatureStatus::signed_trusted;
}

}  // namespace v6r::report
