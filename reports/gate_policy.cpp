#include "reports/gate_policy.hpp"

#include <algorithm>

#include "core/yaml_strict.hpp"
#include "reports/render_util.hpp"

namespace v6r::report {
namespace {

using yaml_strict::Reader;

// The policy's own phrasing of an unknown key (quoted by its tests): "unknown key 'a.b' (known: ...)".
constexpr yaml_strict::Wording kPolicyWording{"known: ", true, true};

std::string known_list(const std::vector<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s;
}

AllChecksPass parse_all_checks(const Reader& r, const YAML::Node& n) {
  AllChecksPass a;
  if (n.IsScalar()) {
    if (!r.boolean(n, "all_checks_pass"))
      r.fail(n, "all_checks_pass", "false is not a rule (remove the key)");
    return a;
  }
  if (!n.IsMap()) r.fail(n, "all_checks_pass", "expected true or a map {scenario, kinds, allow}");
  r.keys(n, "all_checks_pass", {"scenario", "kinds", "allow"});
  if (Reader::has(n, "scenario"))
    a.scenario = r.string(Reader::child(n, "scenario"), "all_checks_pass.scenario");
  if (Reader::has(n, "kinds")) a.kinds = r.string_list(Reader::child(n, "kinds"), "all_checks_pass.kinds");
  if (Reader::has(n, "allow")) {
    const YAML::Node allow = Reader::child(n, "allow");
    a.allow = r.string_list(allow, "all_checks_pass.allow");
    const auto& known = verdicts();
    for (const auto& v : a.allow)
      if (std::find(known.begin(), known.end(), v) == known.end())
        r.fail(allow, "all_checks_pass.allow",
               "unknown verdict '" + v + "' (known: " + known_list(known) + ")");
  }
  return a;
}

Policy parse_root(const Reader& r, const YAML::Node& root) {
  Policy p;
  p.file = r.file();
  if (!root.IsMap()) r.fail(root, "", "a policy is a map of rules (keys: " + known_list(policy_keys()) + ")");
  r.keys(root, "", policy_keys());
  auto has = [&](const char* key) { return Reader::has(root, key); };
  auto at = [&](const char* key) { return Reader::child(root, key); };
  bool any_rule = false;
  if (has("name")) p.name = r.string(at("name"), "name");
  if (has("description")) p.description = r.string(at("description"), "description");
  if (has("all_checks_pass")) {
    p.all_checks_pass = parse_all_checks(r, at("all_checks_pass"));
    any_rule = true;
  }
  if (has("min_level")) {
    const YAML::Node v = at("min_level");
    const auto& s = r.string(v, "min_level");
    const int n = level_number(s);
    if (n < 0 || n > 4) r.fail(v, "min_level", "expected L0..L4, got '" + s + "'");
    p.min_level = n;
    any_rule = true;
  }
  if (has("no_regression")) {
    p.no_regression = r.boolean(at("no_regression"), "no_regression");
    any_rule = any_rule || p.no_regression;
  }
  if (has("max_severity")) {
    p.max_severity = r.enumeration(at("max_severity"), "max_severity", {"info", "warn", "fail"});
    any_rule = true;
  }
  if (has("forbid_rules")) {
    p.forbid_rules = r.string_list(at("forbid_rules"), "forbid_rules");
    any_rule = any_rule || !p.forbid_rules.empty();  // [] forbids nothing
  }
  if (has("require_verified")) p.require_verified = r.boolean(at("require_verified"), "require_verified");
  if (has("require_complete")) p.require_complete = r.boolean(at("require_complete"), "require_complete");
  if (has("require_signed")) p.require_signed = r.boolean(at("require_signed"), "require_signed");
  if (!any_rule)
    r.fail(root, "",
           "the policy has no rule (all_checks_pass, min_level, no_regression, max_severity, forbid_rules)");
  return p;
}

}  // namespace

const std::vector<std::string>& policy_keys() {
  static const std::vector<std::string> k = {
      "name",         "description",  "all_checks_pass",  "min_level",        "no_regression",
      "max_severity", "forbid_rules", "require_verified", "require_complete", "require_signed"};
  return k;
}

Expected<Policy, std::string> parse_policy(const std::string& yaml_text, const std::string& file) {
  auto p = yaml_strict::read_document<Policy>(yaml_text, file, "policy", "", [&](const YAML::Node& root) {
    return parse_root(Reader(file, kPolicyWording), root);
  });
  if (!p) return Unexpected{p.error().to_string()};
  return std::move(p).value();
}

Expected<Policy, std::string> load_policy(const std::string& file) {
  auto text = yaml_strict::read_file(file);
  if (!text) return Unexpected{"cannot read policy " + file};
  return parse_policy(*text, file);
}

}  // namespace v6r::report
