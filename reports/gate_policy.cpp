#include "reports/gate_policy.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "reports/findings_view.hpp"

namespace v6r::report {
namespace {

struct PolicyFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail_at(const std::string& file, const YAML::Mark& m, const std::string& msg) {
  const int line = m.line < 0 ? 1 : m.line + 1;
  const int col = m.column < 0 ? 1 : m.column + 1;
  throw PolicyFailure(file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + msg);
}

std::string known_list(const std::vector<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s;
}

std::string scalar(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail_at(file, n.Mark(), key + ": expected a string");
  return n.Scalar();
}

bool boolean(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (n.IsScalar()) {
    const auto& s = n.Scalar();
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  fail_at(file, n.Mark(), key + ": expected true or false");
}

std::vector<std::string> string_list(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsSequence()) fail_at(file, n.Mark(), key + ": expected a list of strings");
  std::vector<std::string> out;
  for (const auto& e : n) out.push_back(scalar(file, e, key + "[]"));
  return out;
}

AllChecksPass parse_all_checks(const std::string& file, const YAML::Node& n) {
  AllChecksPass a;
  if (n.IsScalar()) {
    if (!boolean(file, n, "all_checks_pass")) fail_at(file, n.Mark(), "all_checks_pass: false is not a rule (remove the key)");
    return a;
  }
  if (!n.IsMap()) fail_at(file, n.Mark(), "all_checks_pass: expected true or a map {scenario, kinds, allow}");
  static const std::vector<std::string> keys = {"scenario", "kinds", "allow"};
  for (const auto& kv : n) {
    const auto key = kv.first.Scalar();
    if (key == "scenario") {
      a.scenario = scalar(file, kv.second, "all_checks_pass.scenario");
    } else if (key == "kinds") {
      a.kinds = string_list(file, kv.second, "all_checks_pass.kinds");
    } else if (key == "allow") {
      a.allow = string_list(file, kv.second, "all_checks_pass.allow");
      const auto& known = verdicts();
      for (const auto& v : a.allow)
        if (std::find(known.begin(), known.end(), v) == known.end())
          fail_at(file, kv.second.Mark(), "all_checks_pass.allow: unknown verdict '" + v + "' (known: " + known_list(known) + ")");
    } else {
      fail_at(file, kv.first.Mark(), "unknown key 'all_checks_pass." + key + "' (known: " + known_list(keys) + ")");
    }
  }
  return a;
}

Policy parse_root(const YAML::Node& root, const std::string& file) {
  Policy p;
  p.file = file;
  if (!root.IsMap()) fail_at(file, root.Mark(), "a policy is a map of rules (keys: " + known_list(policy_keys()) + ")");
  bool any_rule = false;
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) fail_at(file, kv.first.Mark(), "keys must be strings");
    const auto key = kv.first.Scalar();
    const auto& v = kv.second;
    if (key == "name") {
      p.name = scalar(file, v, key);
    } else if (key == "description") {
      p.description = scalar(file, v, key);
    } else if (key == "all_checks_pass") {
      p.all_checks_pass = parse_all_checks(file, v);
      any_rule = true;
    } else if (key == "min_level") {
      const auto s = scalar(file, v, key);
      const int n = level_number(s);
      if (n < 0 || n > 4) fail_at(file, v.Mark(), "min_level: expected L0..L4, got '" + s + "'");
      p.min_level = n;
      any_rule = true;
    } else if (key == "no_regression") {
      p.no_regression = boolean(file, v, key);
      any_rule = any_rule || p.no_regression;
    } else if (key == "max_severity") {
      const auto s = scalar(file, v, key);
      if (s != "info" && s != "warn" && s != "fail") fail_at(file, v.Mark(), "max_severity: expected info, warn or fail, got '" + s + "'");
      p.max_severity = s;
      any_rule = true;
    } else if (key == "forbid_rules") {
      p.forbid_rules = string_list(file, v, key);
      any_rule = any_rule || !p.forbid_rules.empty();  // [] forbids nothing
    } else if (key == "require_verified") {
      p.require_verified = boolean(file, v, key);
    } else if (key == "require_complete") {
      p.require_complete = boolean(file, v, key);
    } else {
      fail_at(file, kv.first.Mark(), "unknown key '" + key + "' (known: " + known_list(policy_keys()) + ")");
    }
  }
  if (!any_rule)
    fail_at(file, root.Mark(), "the policy has no rule (all_checks_pass, min_level, no_regression, max_severity, forbid_rules)");
  return p;
}

}  // namespace

const std::vector<std::string>& policy_keys() {
  static const std::vector<std::string> k = {"name", "description", "all_checks_pass", "min_level", "no_regression",
                                             "max_severity", "forbid_rules", "require_verified", "require_complete"};
  return k;
}

Expected<Policy, std::string> parse_policy(const std::string& yaml_text, const std::string& file) {
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    return parse_root(root, file);
  } catch (const PolicyFailure& e) {
    return Unexpected{std::string(e.what())};
  } catch (const YAML::Exception& e) {
    const int line = e.mark.line < 0 ? 1 : e.mark.line + 1;
    const int col = e.mark.column < 0 ? 1 : e.mark.column + 1;
    return Unexpected{file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + e.msg};
  } catch (const std::exception& e) {
    return Unexpected{file + ":1:1: " + e.what()};
  }
}

Expected<Policy, std::string> load_policy(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Unexpected{"cannot read policy " + file};
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_policy(ss.str(), file);
}

}  // namespace v6r::report
