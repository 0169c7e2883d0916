#include "reports/gate.hpp"

#include <algorithm>
#include <map>

#include "core/escape.hpp"
#include "reports/render_util.hpp"

namespace v6r::report {
namespace {

using findings::Document;
using findings::Severity;
using findings::Site;

/// info 0 < warn 1 < fail 2 (policy max_severity words); -1 for anything else.
int severity_rank(const std::string& s) {
  if (s == "info") return 0;
  if (s == "warn") return 1;
  if (s == "fail" || s == "error") return 2;
  return -1;
}
int severity_rank(Severity s) {
  return severity_rank(std::string(findings::to_string(s)));
}

/// pass/info 0 < warn 1 < fail/error 2; skipped is not compared (-1).
int verdict_rank(Verdict v) {
  if (v == Verdict::pass || v == Verdict::info) return 0;
  if (v == Verdict::warn) return 1;
  if (v == Verdict::fail || v == Verdict::error) return 2;
  return -1;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string text(Verdict v) {
  return std::string(to_string(v));
}
std::string text(const std::optional<findings::Level>& l) {
  return findings::level_text(l);
}

void all_checks_pass(const AllChecksPass& rule, const Document& doc, std::vector<Violation>& out) {
  std::size_t matched = 0;
  for (const auto& site : doc.sites) {
    if (!rule.scenario.empty() && site.bundle.scenario.name != rule.scenario) continue;
    for (const auto& c : site.checks) {
      if (!rule.kinds.empty() && !contains(rule.kinds, c.kind)) continue;
      ++matched;
      if (!contains(rule.allow, to_string(c.verdict)))
        out.push_back({"all_checks_pass", site.site, c.check_id + " (" + c.kind + ")",
                       text(c.verdict) + ": " + c.reason});
    }
  }
  if (matched == 0) {  // a gate that matches nothing must not pass by accident
    std::string what =
        rule.scenario.empty() ? std::string("any bundle") : "a bundle of scenario '" + rule.scenario + "'";
    if (!rule.kinds.empty()) what += " with checks of the listed kinds";
    out.push_back({"all_checks_pass", "", "", "no check matched: the input has no " + what});
  }
}

void no_regression(const Document& doc, const Document& baseline, std::vector<Violation>& out) {
  std::map<std::string, const Site*> now;
  for (const auto& s : doc.sites) now.emplace(s.site, &s);
  for (const auto& old : baseline.sites) {
    const auto& name = old.site;
    const auto it = now.find(name);
    if (it == now.end()) {
      out.push_back({"no_regression", name, "", "site is in the baseline but missing from this sweep"});
      continue;
    }
    const Site& cur = *it->second;
    if (findings::level_rank(cur.level) < findings::level_rank(old.level))
      out.push_back(
          {"no_regression", name, "", "level dropped from " + text(old.level) + " to " + text(cur.level)});
    for (const auto& oc : old.checks) {
      const int r_old = verdict_rank(oc.verdict);
      if (r_old < 0) continue;
      for (const auto& nc : cur.checks) {
        if (nc.check_id != oc.check_id) continue;
        if (verdict_rank(nc.verdict) > r_old)
          out.push_back({"no_regression", name, oc.check_id + " (" + nc.kind + ")",
                         "was " + text(oc.verdict) + ", now " + text(nc.verdict) + ": " + nc.reason});
        break;
      }
    }
  }
}

}  // namespace

GateResult evaluate_policy(const Policy& p, const Document& doc, const Document* baseline) {
  GateResult r;
  auto& v = r.violations;
  if (p.require_complete) {
    r.rules.push_back("require_complete");
    if (doc.status == RunStatus::partial)
      v.push_back({"require_complete", "", "", "the analysis is partial (see problems)"});
    for (const auto& s : doc.sites)
      if (s.bundle.status == RunStatus::partial)
        v.push_back({"require_complete", s.site, "", "bundle " + s.bundle.name + " is partial"});
  }
  if (p.require_verified) {
    r.rules.push_back("require_verified");
    for (const auto& s : doc.sites) {
      const auto& b = s.bundle;
      if (!b.verified)
        v.push_back({"require_verified", s.site, "",
                     "bundle " + b.name + " not verified against MANIFEST.sha256" +
                         (b.verify_problems.empty() ? "" : ": " + join(b.verify_problems, ", "))});
    }
  }
  if (doc.sites.empty()) v.push_back({"input", "", "", "the findings contain no site"});
  if (p.all_checks_pass) {
    r.rules.push_back("all_checks_pass");
    all_checks_pass(*p.all_checks_pass, doc, v);
  }
  if (p.min_level) {
    r.rules.push_back("min_level");
    for (const auto& s : doc.sites) {
      // A site whose level could not be judged does not show the minimum either.
      const int l = s.level ? findings::level_number(*s.level) : -1;
      if (l < *p.min_level) {
        std::string why = s.level_reasons.empty() ? "" : ": " + join(s.level_reasons, "; ");
        v.push_back({"min_level", s.site, "",
                     "is " + text(s.level) + ", needs L" + std::to_string(*p.min_level) + why});
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
    for (const auto& s : doc.sites)
      for (const auto& f : s.findings)
        if (severity_rank(f.severity) > max)
          v.push_back(
              {"max_severity", s.site, f.rule,
               std::string(findings::to_string(f.severity)) + " above " + *p.max_severity + ": " + f.title});
  }
  if (!p.forbid_rules.empty()) {
    r.rules.push_back("forbid_rules");
    for (const auto& s : doc.sites)
      for (const auto& f : s.findings)
        if (contains(p.forbid_rules, f.rule))
          v.push_back({"forbid_rules", s.site, f.rule,
                       f.title + (f.explanation.empty() ? "" : ": " + f.explanation)});
  }
  return r;
}

// Terminal text: every value from the findings or the policy file is escaped (escape::terminal: no
// control, no bidi override, no line break of its own); lines are kept whole (the CLI wraps them to the
// terminal, core/text_wrap.hpp).
std::string format_gate(const Policy& p, const GateResult& r, const std::string& junit_path,
                        std::size_t max_lines) {
  using escape::terminal;
  std::string out;
  std::size_t lines = 0;
  auto line = [&](const std::string& s) {
    out += s + "\n";
    ++lines;
  };
  const std::string name =
      p.name.empty() ? terminal(p.file) : terminal(p.name) + " (" + terminal(p.file) + ")";
  std::map<std::string, std::size_t> per_rule;
  for (const auto& x : r.violations) per_rule[x.rule]++;
  if (r.holds()) {
    line("v6analyze gate: PASS: policy " + name + " holds (" + std::to_string(r.rules.size()) + " rules)");
  } else {
    line("v6analyze gate: FAIL: policy " + name + ": " + std::to_string(r.violations.size()) +
         " violation(s) of " + std::to_string(per_rule.size()) + " rule(s)");
  }
  const std::size_t reserve = junit_path.empty() ? 1 : 2;  // the "more" line and the JUnit line
  std::size_t shown = 0;
  for (const auto& x : r.violations) {
    if (lines + reserve >= max_lines) break;
    std::string s = "  \u2716 " + terminal(x.rule);
    if (!x.site.empty()) s += " " + terminal(x.site);
    if (!x.check.empty()) s += " " + terminal(x.check);
    line(s + ": " + terminal(x.reason));
    ++shown;
  }
  if (shown < r.violations.size())
    line("  ... and " + std::to_string(r.violations.size() - shown) + " more (see the JUnit file)");
  if (!junit_path.empty()) line("JUnit: " + terminal(junit_path));
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
    std::vector<std::string> lines;
    for (const auto& x : r.violations) {
      if (x.rule != rule) continue;
      lines.push_back((x.site.empty() ? std::string() : x.site + " ") +
                      (x.check.empty() ? "" : x.check + " ") + x.reason);
    }
    if (!lines.empty()) {
      c.failure = {std::to_string(lines.size()) + " violation(s) of " + rule};
      c.failure.insert(c.failure.end(), lines.begin(), lines.end());
    }
    s.cases.push_back(std::move(c));
  }
  return s;
}

}  // namespace v6r::report
