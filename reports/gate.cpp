#include "reports/gate.hpp"

#include <algorithm>
#include <map>

#include "reports/findings_view.hpp"

namespace v6r::report {
namespace {

int severity_rank(const std::string& s) {
  if (s == "info") return 0;
  if (s == "warn") return 1;
  if (s == "fail" || s == "error") return 2;
  return -1;
}

/// pass/info 0 < warn 1 < fail/error 2; skipped and unknown verdicts are not compared (-1).
int verdict_rank(const std::string& v) {
  if (v == "pass" || v == "info") return 0;
  if (v == "warn") return 1;
  if (v == "fail" || v == "error") return 2;
  return -1;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void all_checks_pass(const AllChecksPass& rule, const json& doc, std::vector<Violation>& out) {
  std::size_t matched = 0;
  for (const auto& site : arr(doc, "sites")) {
    const auto scenario = str(obj(obj(site, "bundle"), "scenario"), "name");
    if (!rule.scenario.empty() && scenario != rule.scenario) continue;
    for (const auto& c : arr(site, "checks")) {
      if (!rule.kinds.empty() && !contains(rule.kinds, str(c, "kind"))) continue;
      ++matched;
      const auto v = str(c, "verdict");
      if (!contains(rule.allow, v))
        out.push_back({"all_checks_pass", str(site, "site"), str(c, "check_id") + " (" + str(c, "kind") + ")",
                       v + ": " + str(c, "reason")});
    }
  }
  if (matched == 0) {  // a gate that matches nothing must not pass by accident
    std::string what = rule.scenario.empty() ? std::string("any bundle") : "a bundle of scenario '" + rule.scenario + "'";
    if (!rule.kinds.empty()) what += " with checks of the listed kinds";
    out.push_back({"all_checks_pass", "", "", "no check matched: the input has no " + what});
  }
}

std::map<std::string, const json*> sites_by_name(const json& doc) {
  std::map<std::string, const json*> m;
  for (const auto& s : arr(doc, "sites")) m.emplace(str(s, "site"), &s);
  return m;
}

void no_regression(const json& doc, const json& baseline, std::vector<Violation>& out) {
  const auto now = sites_by_name(doc);
  for (const auto& old : arr(baseline, "sites")) {
    const auto name = str(old, "site");
    const auto it = now.find(name);
    if (it == now.end()) {
      out.push_back({"no_regression", name, "", "site is in the baseline but missing from this sweep"});
      continue;
    }
    const json& cur = *it->second;
    const int l_old = level_number(str(old, "level")), l_now = level_number(str(cur, "level"));
    if (l_old >= 0 && (l_now < 0 || l_now < l_old))
      out.push_back({"no_regression", name, "", "level dropped from " + str(old, "level") + " to " +
                                                    (str(cur, "level").empty() ? "none" : str(cur, "level"))});
    for (const auto& oc : arr(old, "checks")) {
      const auto id = str(oc, "check_id");
      const int r_old = verdict_rank(str(oc, "verdict"));
      if (r_old < 0) continue;
      for (const auto& nc : arr(cur, "checks")) {
        if (str(nc, "check_id") != id) continue;
        const int r_now = verdict_rank(str(nc, "verdict"));
        if (r_now > r_old)
          out.push_back({"no_regression", name, id + " (" + str(nc, "kind") + ")",
                         "was " + str(oc, "verdict") + ", now " + str(nc, "verdict") + ": " + str(nc, "reason")});
        break;
      }
    }
  }
}

}  // namespace

GateResult evaluate_policy(const Policy& p, const json& doc, const json* baseline) {
  GateResult r;
  auto& v = r.violations;
  if (p.require_complete) {
    r.rules.push_back("require_complete");
    if (str(doc, "status") == "partial") v.push_back({"require_complete", "", "", "the analysis is partial (see problems)"});
    for (const auto& s : arr(doc, "sites"))
      if (str(obj(s, "bundle"), "status") == "partial")
        v.push_back({"require_complete", str(s, "site"), "", "bundle " + str(obj(s, "bundle"), "name") + " is partial"});
  }
  if (p.require_verified) {
    r.rules.push_back("require_verified");
    for (const auto& s : arr(doc, "sites")) {
      const auto& b = obj(s, "bundle");
      if (str(b, "verified") != "true")
        v.push_back({"require_verified", str(s, "site"), "",
                     "bundle " + str(b, "name") + " not verified against MANIFEST.sha256" +
                         (arr(b, "verify_problems").empty() ? "" : ": " + join(arr(b, "verify_problems"), ", "))});
    }
  }
  if (arr(doc, "sites").empty()) v.push_back({"input", "", "", "the findings contain no site"});
  if (p.all_checks_pass) {
    r.rules.push_back("all_checks_pass");
    all_checks_pass(*p.all_checks_pass, doc, v);
  }
  if (p.min_level) {
    r.rules.push_back("min_level");
    for (const auto& s : arr(doc, "sites")) {
      const int l = level_number(str(s, "level"));
      if (l < *p.min_level) {
        std::string why = arr(s, "level_reasons").empty() ? "" : ": " + join(arr(s, "level_reasons"), "; ");
        v.push_back({"min_level", str(s, "site"), "",
                     (l < 0 ? std::string("no level") : "is " + str(s, "level")) + ", needs L" +
                         std::to_string(*p.min_level) + why});
      }
    }
  }
  if (p.no_regression && baseline != nullptr) {
    r.rules.push_back("no_regression");
    no_regression(doc, *baseline, v);
  }
  if (p.max_severity) {
    r.rules.push_back("max_severity");
    const int max = severity_rank(*p.max_severity);
    for (const auto& s : arr(doc, "sites"))
      for (const auto& f : arr(s, "findings"))
        if (severity_rank(str(f, "severity")) > max)
          v.push_back({"max_severity", str(s, "site"), str(f, "rule"),
                       str(f, "severity") + " above " + *p.max_severity + ": " + str(f, "title")});
  }
  if (!p.forbid_rules.empty()) {
    r.rules.push_back("forbid_rules");
    for (const auto& s : arr(doc, "sites"))
      for (const auto& f : arr(s, "findings"))
        if (contains(p.forbid_rules, str(f, "rule")))
          v.push_back({"forbid_rules", str(s, "site"), str(f, "rule"),
                       str(f, "title") + (str(f, "explanation").empty() ? "" : ": " + str(f, "explanation"))});
  }
  return r;
}

std::string format_gate(const Policy& p, const GateResult& r, const std::string& junit_path, std::size_t max_lines) {
  constexpr std::size_t kWidth = 160;
  std::string out;
  std::size_t lines = 0;
  auto line = [&](std::string s) {
    for (char& c : s)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() > kWidth) s = s.substr(0, kWidth - 3) + "...";
    out += s + "\n";
    ++lines;
  };
  const std::string name = p.name.empty() ? p.file : p.name + " (" + p.file + ")";
  std::map<std::string, std::size_t> per_rule;
  for (const auto& x : r.violations) per_rule[x.rule]++;
  if (r.holds()) {
    line("v6analyze gate: PASS: policy " + name + " holds (" + std::to_string(r.rules.size()) + " rules)");
  } else {
    line("v6analyze gate: FAIL: policy " + name + ": " + std::to_string(r.violations.size()) + " violation(s) of " +
         std::to_string(per_rule.size()) + " rule(s)");
  }
  const std::size_t reserve = junit_path.empty() ? 1 : 2;  // the "more" line and the JUnit line
  std::size_t shown = 0;
  for (const auto& x : r.violations) {
    if (lines + reserve >= max_lines) break;
    std::string s = "  \u2716 " + x.rule;
    if (!x.site.empty()) s += " " + x.site;
    if (!x.check.empty()) s += " " + x.check;
    line(s + ": " + x.reason);
    ++shown;
  }
  if (shown < r.violations.size()) line("  ... and " + std::to_string(r.violations.size() - shown) + " more (see the JUnit file)");
  if (!junit_path.empty()) line("JUnit: " + junit_path);
  return out;
}

JunitSuite gate_junit_suite(const Policy& p, const GateResult& r) {
  JunitSuite s;
  s.name = "gate: " + (p.name.empty() ? p.file : p.name);
  std::vector<std::string> rules = r.rules;
  for (const auto& x : r.violations)
    if (!contains(rules, x.rule)) rules.push_back(x.rule);
  for (const auto& rule : rules) {
    JunitCase c;
    c.name = rule;
    std::size_t n = 0;
    std::string body;
    for (const auto& x : r.violations) {
      if (x.rule != rule) continue;
      ++n;
      body += "\n" + (x.site.empty() ? std::string() : x.site + " ") + (x.check.empty() ? "" : x.check + " ") + x.reason;
    }
    if (n) c.failure = std::to_string(n) + " violation(s) of " + rule + body;
    s.cases.push_back(std::move(c));
  }
  return s;
}

}  // namespace v6r::report
