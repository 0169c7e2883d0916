#include "analyzers/score/plan.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/scenario.hpp"

namespace v6r::analyze {
namespace {

using scenario::ConfigError;

struct Failure : std::runtime_error {
  ConfigError error;
  explicit Failure(ConfigError e) : std::runtime_error(e.message), error(std::move(e)) {}
};

int line_of(const YAML::Mark& m) {
  return m.line < 0 ? 1 : m.line + 1;
}
int col_of(const YAML::Mark& m) {
  return m.column < 0 ? 1 : m.column + 1;
}

struct Ctx {
  std::string file;
  [[noreturn]] void fail(const YAML::Node& n, const std::string& path, const std::string& msg) const {
    throw Failure(ConfigError{file, line_of(n.Mark()), col_of(n.Mark()), path, msg});
  }
  void keys(const YAML::Node& map, const std::string& path, const std::set<std::string>& allowed) const {
    if (!map.IsMap()) fail(map, path, "expected a map");
    for (const auto& kv : map) {
      const auto k = kv.first.Scalar();
      if (!allowed.count(k)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        fail(kv.first, path.empty() ? k : path + "." + k, "unknown key (allowed: " + list + ")");
      }
    }
  }
  std::string str(const YAML::Node& n, const std::string& path) const {
    if (!n.IsScalar()) fail(n, path, "expected a string");
    return n.Scalar();
  }
  long long integer(const YAML::Node& n, const std::string& path, long long lo, long long hi) const {
    if (!n.IsScalar()) fail(n, path, "expected an integer");
    const auto& s = n.Scalar();
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(s, &used);
    } catch (...) {
      used = 0;
    }
    if (used == 0 || used != s.size()) fail(n, path, "expected an integer, got '" + s + "'");
    if (v < lo || v > hi)
      fail(n, path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
  }
  double number(const YAML::Node& n, const std::string& path, double lo, double hi) const {
    if (!n.IsScalar()) fail(n, path, "expected a number");
    const auto& s = n.Scalar();
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(s, &used);
    } catch (...) {
      used = 0;
    }
    if (used == 0 || used != s.size()) fail(n, path, "expected a number, got '" + s + "'");
    if (!(v >= lo && v <= hi))
      fail(n, path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
  }
  bool boolean(const YAML::Node& n, const std::string& path) const {
    if (n.IsScalar()) {
      const auto& s = n.Scalar();
      if (s == "true") return true;
      if (s == "false") return false;
    }
    fail(n, path, "expected true or false");
  }
  int level(const YAML::Node& n, const std::string& path) const {
    const auto s = str(n, path);
    auto l = parse_level(s);
    if (!l) fail(n, path, "expected a level L0..L4, got '" + s + "'");
    return *l;
  }
};

bool valid_pattern(std::string_view p) {
  if (p.empty()) return false;
  std::size_t start = 0;
  while (start <= p.size()) {
    const auto slash = std::min(p.find('/', start), p.size());
    const auto comp = p.substr(start, slash - start);
    if (comp.empty()) return false;
    if (comp != "*" && comp != "**")
      for (char c : comp)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    start = slash + 1;
  }
  return true;
}

Plan parse(std::string_view text, std::string_view file_name) {
  Ctx c{std::string(file_name)};
  const YAML::Node root = YAML::Load(std::string(text));
  if (!root.IsMap()) c.fail(root, "", "expected a plan (a map with version, name, site_classes, targets)");
  c.keys(root, "",
         {"version", "name", "description", "years", "site_classes", "targets", "levels", "thresholds",
          "weights"});
  Plan p;
  p.classes.clear();
  p.targets.clear();
  p.file = std::string(file_name);
  p.sha256 = scenario::sha256_hex(text);
  if (!root["version"]) c.fail(root, "version", "missing required key");
  p.version = static_cast<int>(c.integer(root["version"], "version", 1, 1));
  if (!root["name"]) c.fail(root, "name", "missing required key");
  p.name = c.str(root["name"], "name");
  if (auto y = root["years"]) {
    c.keys(y, "years", {"first", "last"});
    if (y["first"]) p.first_year = static_cast<int>(c.integer(y["first"], "years.first", 2000, 2100));
    if (y["last"]) p.last_year = static_cast<int>(c.integer(y["last"], "years.last", 2000, 2100));
    if (p.last_year < p.first_year) c.fail(y, "years", "last is before first");
  }
  const YAML::Node classes = root["site_classes"];
  if (!classes) c.fail(root, "site_classes", "missing required key");
  if (!classes.IsSequence()) c.fail(classes, "site_classes", "expected a list of {class, match}");
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto path = "site_classes[" + std::to_string(i) + "]";
    const YAML::Node n = classes[i];
    c.keys(n, path, {"class", "match"});
    if (!n["class"]) c.fail(n, path + ".class", "missing required key");
    if (!n["match"]) c.fail(n, path + ".match", "missing required key");
    SiteClass sc{c.str(n["class"], path + ".class"), c.str(n["match"], path + ".match")};
    if (!valid_pattern(sc.pattern))
      c.fail(n["match"], path + ".match",
             "expected a site path pattern like province/*/* ('*' = one component, '**' = any)");
    p.classes.push_back(std::move(sc));
  }
  const YAML::Node targets = root["targets"];
  if (!targets) c.fail(root, "targets", "missing required key");
  if (!targets.IsMap()) c.fail(targets, "targets", "expected a map class -> {year: level}");
  for (const auto& kv : targets) {
    const auto cls = kv.first.Scalar();
    const auto path = "targets." + cls;
    bool known = false;
    for (const auto& sc : p.classes) known = known || sc.name == cls;
    if (!known) c.fail(kv.first, path, "unknown site class (not in site_classes)");
    if (!kv.second.IsMap()) c.fail(kv.second, path, "expected a map year -> level");
    auto& per_year = p.targets[cls];
    for (const auto& yv : kv.second) {
      const auto ypath = path + "." + yv.first.Scalar();
      const int year = static_cast<int>(c.integer(yv.first, ypath, p.first_year, p.last_year));
      per_year[year] = c.level(yv.second, ypath);
    }
    for (int y = p.first_year; y <= p.last_year; ++y)
      if (!per_year.count(y)) c.fail(kv.second, path, "no level for year " + std::to_string(y));
  }
  if (auto l = root["levels"]) {
    c.keys(l, "levels",
           {"l2_allow_warn", "l3_require_pref64", "l3_require_pmtu_check", "l3_forbid_ipv4_frames",
            "l3_forbid_disagreement"});
    auto b = [&](const char* k, bool& out) {
      if (l[k]) out = c.boolean(l[k], std::string("levels.") + k);
    };
    b("l2_allow_warn", p.levels.l2_allow_warn);
    b("l3_require_pref64", p.levels.l3_require_pref64);
    b("l3_require_pmtu_check", p.levels.l3_require_pmtu_check);
    b("l3_forbid_ipv4_frames", p.levels.l3_forbid_ipv4_frames);
    b("l3_forbid_disagreement", p.levels.l3_forbid_disagreement);
  }
  if (auto t = root["thresholds"]) {
    c.keys(t, "thresholds", {"dns_latency_warn_ms", "dns_timeout_s", "flow_idle_s", "retransmissions_warn"});
    if (t["dns_latency_warn_ms"])
      p.thresholds.dns_latency_warn_ms =
          c.number(t["dns_latency_warn_ms"], "thresholds.dns_latency_warn_ms", 0, 60000);
    if (t["dns_timeout_s"])
      p.thresholds.dns_timeout_s = c.number(t["dns_timeout_s"], "thresholds.dns_timeout_s", 0.1, 600);
    if (t["flow_idle_s"])
      p.thresholds.flow_idle_s = c.number(t["flow_idle_s"], "thresholds.flow_idle_s", 1, 86400);
    if (t["retransmissions_warn"])
      p.thresholds.retransmissions_warn = static_cast<std::uint64_t>(
          c.integer(t["retransmissions_warn"], "thresholds.retransmissions_warn", 0, 1000000));
  }
  if (auto w = root["weights"]) {
    c.keys(w, "weights", {"fail", "warn", "info"});
    if (w["fail"]) p.weights.fail = static_cast<int>(c.integer(w["fail"], "weights.fail", 0, 1000));
    if (w["warn"]) p.weights.warn = static_cast<int>(c.integer(w["warn"], "weights.warn", 0, 1000));
    if (w["info"]) p.weights.info = static_cast<int>(c.integer(w["info"], "weights.info", 0, 1000));
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
  try {
    return parse(text, file);
  } catch (const Failure& f) {
    return Unexpected{f.error};
  } catch (const YAML::Exception& e) {
    return Unexpected{ConfigError{std::string(file), line_of(e.mark), col_of(e.mark), "", e.msg}};
  } catch (const std::exception& e) {
    return Unexpected{ConfigError{std::string(file), 1, 1, "", std::string("cannot load plan: ") + e.what()}};
  }
}

Expected<Plan, scenario::ConfigError> load_plan_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{ConfigError{path, 0, 0, "", "cannot read file"}};
  std::stringstream ss;
  ss << in.rdbuf();
  return load_plan_text(ss.str(), path);
}

}  // namespace v6r::analyze
