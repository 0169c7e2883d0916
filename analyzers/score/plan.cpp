#include "analyzers/score/plan.hpp"

#include <algorithm>

#include "core/sha256.hpp"
#include "core/site_path.hpp"
#include "core/yaml_strict.hpp"

namespace v6r::analyze {
namespace {

using scenario::ConfigError;
using yaml_strict::Reader;

// The plan's own phrasings (quoted by its tests): "unknown key (allowed: ...)", "expected true or false".
constexpr yaml_strict::Wording kPlanWording{"allowed: ", false, false};

int level(const Reader& r, const YAML::Node& n, const std::string& path) {
  const auto& s = r.string(n, path);
  auto l = parse_level(s);
  if (!l) r.fail(n, path, "expected a level L0..L4, got '" + s + "'");
  return *l;
}

/// A site-class pattern: '/'-separated segments, each '*' (one segment), '**' (any number, also none) or
/// a literal segment of a site path (core/site_path.hpp); at most 6 segments besides '**', since a
/// longer pattern could never match a site path.
bool valid_pattern(std::string_view p) {
  if (p.empty()) return false;
  std::size_t fixed = 0, start = 0;
  while (start <= p.size()) {
    const auto slash = std::min(p.find('/', start), p.size());
    const auto comp = p.substr(start, slash - start);
    if (comp != "**") {
      ++fixed;
      if (comp != "*" && !site_path::valid(comp)) return false;  // also refuses an empty segment
    }
    start = slash + 1;
  }
  return fixed <= site_path::kMaxSegments;
}

Plan parse(const YAML::Node& root, std::string_view text, const std::string& file) {
  const Reader c(file, kPlanWording);
  if (!root.IsMap()) c.fail(root, "", "expected a plan (a map with version, name, site_classes, targets)");
  c.keys(root, "",
         {"description", "lang", "levels", "name", "site_classes", "targets", "thresholds", "version",
          "weights", "years"});
  Plan p;
  p.classes.clear();
  p.targets.clear();
  p.file = file;
  p.sha256 = sha256_hex(text);
  p.version = static_cast<int>(c.integer(c.required(root, "", "version"), "version", 1, 1));
  p.name = c.string(c.required(root, "", "name"), "name");
  if (Reader::has(root, "description"))
    p.description = c.string(Reader::child(root, "description"), "description");
  if (Reader::has(root, "lang")) {
    // The languages of the message catalogues (reports/i18n/, docs/i18n.md).
    const YAML::Node l = Reader::child(root, "lang");
    p.lang = c.string(l, "lang");
    if (*p.lang != "en" && *p.lang != "vi") c.fail(l, "lang", "expected en or vi, got '" + *p.lang + "'");
  }
  if (Reader::has(root, "years")) {
    const YAML::Node y = Reader::child(root, "years");
    c.keys(y, "years", {"first", "last"});
    if (Reader::has(y, "first"))
      p.first_year = static_cast<int>(c.integer(Reader::child(y, "first"), "years.first", 2000, 2100));
    if (Reader::has(y, "last"))
      p.last_year = static_cast<int>(c.integer(Reader::child(y, "last"), "years.last", 2000, 2100));
    if (p.last_year < p.first_year) c.fail(y, "years", "last is before first");
  }
  const YAML::Node classes = c.required(root, "", "site_classes");
  if (!classes.IsSequence()) c.fail(classes, "site_classes", "expected a list of {class, match}");
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto path = "site_classes[" + std::to_string(i) + "]";
    const YAML::Node n = classes[i];
    c.keys(n, path, {"class", "match"});
    const YAML::Node cls = c.required(n, path, "class");
    const YAML::Node match = c.required(n, path, "match");
    SiteClass sc{c.string(cls, path + ".class"), c.string(match, path + ".match")};
    if (!valid_pattern(sc.pattern))
      c.fail(
          match, path + ".match",
          "expected a site path pattern like province/*/* ('*' = one segment, '**' = any number; at most 6 "
          "segments of a-z, 0-9 and '-')");
    p.classes.push_back(std::move(sc));
  }
  const YAML::Node targets = c.required(root, "", "targets");
  if (!targets.IsMap()) c.fail(targets, "targets", "expected a map class -> {year: level}");
  std::vector<std::string> class_names;
  for (const auto& sc : p.classes) class_names.push_back(sc.name);
  for (const auto& kv : targets) {
    const auto cls = c.string(kv.first, "targets");
    const auto path = "targets." + cls;
    if (std::find(class_names.begin(), class_names.end(), cls) == class_names.end())
      c.fail(kv.first, path, "unknown site class (not in site_classes)");
    if (p.targets.count(cls) != 0) c.fail(kv.first, path, "duplicate key");
    if (!kv.second.IsMap()) c.fail(kv.second, path, "expected a map year -> level");
    auto& per_year = p.targets[cls];
    for (const auto& yv : kv.second) {
      const auto ypath = path + "." + c.string(yv.first, path);
      const int year = static_cast<int>(c.integer(yv.first, ypath, p.first_year, p.last_year));
      if (per_year.count(year) != 0) c.fail(yv.first, ypath, "duplicate key");
      per_year[year] = level(c, yv.second, ypath);
    }
    for (int y = p.first_year; y <= p.last_year; ++y)
      if (!per_year.count(y)) c.fail(kv.second, path, "no level for year " + std::to_string(y));
  }
  if (Reader::has(root, "levels")) {
    const YAML::Node l = Reader::child(root, "levels");
    c.keys(l, "levels",
           {"l2_allow_warn", "l3_forbid_disagreement", "l3_forbid_ipv4_frames", "l3_require_eim_mapping",
            "l3_require_pmtu_check", "l3_require_pref64", "l3_require_udp_lifetime"});
    auto b = [&](const char* k, bool& out) {
      if (Reader::has(l, k)) out = c.boolean(Reader::child(l, k), std::string("levels.") + k);
    };
    b("l2_allow_warn", p.levels.l2_allow_warn);
    b("l3_require_pref64", p.levels.l3_require_pref64);
    b("l3_require_pmtu_check", p.levels.l3_require_pmtu_check);
    b("l3_forbid_ipv4_frames", p.levels.l3_forbid_ipv4_frames);
    b("l3_forbid_disagreement", p.levels.l3_forbid_disagreement);
    // true is not_failing: what the switch meant before `shown` existed.
    auto rt = [&](const char* k, RealtimeRule& out) {
      if (!Reader::has(l, k)) return;
      const auto& v = c.enumeration(Reader::child(l, k), std::string("levels.") + k,
                                    {"shown", "not_failing", "true", "false"});
      out = v == "shown"                        ? RealtimeRule::shown
            : v == "not_failing" || v == "true" ? RealtimeRule::not_failing
                                                : RealtimeRule::off;
    };
    rt("l3_require_eim_mapping", p.levels.l3_require_eim_mapping);
    rt("l3_require_udp_lifetime", p.levels.l3_require_udp_lifetime);
  }
  if (Reader::has(root, "thresholds")) {
    const YAML::Node t = Reader::child(root, "thresholds");
    c.keys(t, "thresholds", {"dns_latency_warn_ms", "dns_timeout_s", "flow_idle_s", "retransmissions_warn"});
    auto num = [&](const char* k, double lo, double hi, double& out) {
      if (Reader::has(t, k)) out = c.number(Reader::child(t, k), std::string("thresholds.") + k, lo, hi);
    };
    num("dns_latency_warn_ms", 0, 60000, p.thresholds.dns_latency_warn_ms);
    num("dns_timeout_s", 0.1, 600, p.thresholds.dns_timeout_s);
    num("flow_idle_s", 1, 86400, p.thresholds.flow_idle_s);
    if (Reader::has(t, "retransmissions_warn"))
      p.thresholds.retransmissions_warn = static_cast<std::uint64_t>(
          c.integer(Reader::child(t, "retransmissions_warn"), "thresholds.retransmissions_warn", 0, 1000000));
  }
  if (Reader::has(root, "weights")) {
    const YAML::Node w = Reader::child(root, "weights");
    c.keys(w, "weights", {"fail", "info", "warn"});
    auto weight = [&](const char* k, int& out) {
      if (Reader::has(w, k))
        out = static_cast<int>(c.integer(Reader::child(w, k), std::string("weights.") + k, 0, 1000));
    };
    weight("fail", p.weights.fail);
    weight("warn", p.weights.warn);
    weight("info", p.weights.info);
  }
  return p;
}

}  // namespace

std::string level_id(int level) {
  return "L" + std::to_string(level);
}

std::optional<int> parse_level(std::string_view s) {
  if (s.size() == 2 && (s[0] == 'L' || s[0] == 'l') && s[1] >= '0' && s[1] <= '4') return s[1] - '0';
  return std::nullopt;
}

bool path_matches(std::string_view pattern, std::string_view path) {
  auto head = [](std::string_view s) { return s.substr(0, std::min(s.find('/'), s.size())); };
  auto tail = [](std::string_view s) {
    const auto k = s.find('/');
    return k == std::string_view::npos ? std::string_view{} : s.substr(k + 1);
  };
  if (pattern.empty()) return path.empty();
  const auto ph = head(pattern);
  if (ph == "**") {
    if (path_matches(tail(pattern), path)) return true;
    return !path.empty() && path_matches(pattern, tail(path));
  }
  if (path.empty()) return false;
  if (ph != "*" && ph != head(path)) return false;
  const bool pat_last = pattern.find('/') == std::string_view::npos;
  const bool path_last = path.find('/') == std::string_view::npos;
  if (pat_last || path_last) return pat_last && path_last;
  return path_matches(tail(pattern), tail(path));
}

std::string Plan::class_of(std::string_view site) const {
  for (const auto& c : classes)
    if (path_matches(c.pattern, site)) return c.name;
  return "unclassified";
}

std::optional<int> Plan::required(const std::string& cls, int year) const {
  auto it = targets.find(cls);
  if (it == targets.end()) return std::nullopt;
  auto y = it->second.find(year);
  if (y == it->second.end()) return std::nullopt;
  return y->second;
}

Plan builtin_plan() {
  Plan p;
  p.classes = {{"commune", "*/*/*"}, {"district", "*/*"}, {"province", "*"}};
  p.targets["commune"] = {{2026, 1}, {2027, 2}, {2028, 2}, {2029, 3}, {2030, 3}};
  p.targets["district"] = {{2026, 2}, {2027, 2}, {2028, 3}, {2029, 3}, {2030, 4}};
  p.targets["province"] = {{2026, 2}, {2027, 3}, {2028, 3}, {2029, 4}, {2030, 4}};
  return p;
}

Expected<Plan, scenario::ConfigError> load_plan_text(std::string_view text, std::string_view file) {
  const std::string name(file);
  return yaml_strict::read_document<Plan>(text, name, "plan", "",
                                          [&](const YAML::Node& root) { return parse(root, text, name); });
}

Expected<Plan, scenario::ConfigError> load_plan_file(const std::string& path) {
  auto text = yaml_strict::read_file(path);
  if (!text) return Unexpected{text.error()};
  return load_plan_text(*text, path);
}

}  // namespace v6r::analyze
