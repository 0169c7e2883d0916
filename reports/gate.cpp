#include "reports/gate.hpp"

#include <algorithm>
#include <map>

#include "core/escape.hpp"
#include "core/message_text.hpp"
#include "reports/render_util.hpp"
#include "reports/words.hpp"

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

/// The catalogue id of a policy's max_severity word (info, warn, fail).
std::string max_word(const std::string& s) {
  return "severity." + s;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

using i18n::Message;
using i18n::MsgArg;

/// A violation with its reason as a message; `reason` is the English text (JUnit).
Violation violation(std::string rule, std::string site, std::string check, Message why) {
  auto reason = i18n::Catalog::get(i18n::Lang::en).render(why);
  return {std::move(rule), std::move(site), std::move(check), std::move(why), std::move(reason)};
}
MsgArg verdict_arg(std::string name, Verdict v) {
  return {std::move(name), "verdict." + std::string(to_string(v)), true};
}
/// "L3" as it is; a site without a level as the catalogue's "not assessed".
MsgArg level_arg(std::string name, const std::optional<findings::Level>& l) {
  if (l) return {std::move(name), std::string(findings::to_string(*l))};
  return {std::move(name), "level.not_assessed", true};
}

void all_checks_pass(const AllChecksPass& rule, const Document& doc, std::vector<Violation>& out) {
  std::size_t matched = 0;
  for (const auto& site : doc.sites) {
    if (!rule.scenario.empty() && site.bundle.scenario.name != rule.scenario) continue;
    for (const auto& c : site.checks) {
      if (!rule.kinds.empty() && !contains(rule.kinds, c.kind)) continue;
      ++matched;
      if (!contains(rule.allow, to_string(c.verdict)))
        out.push_back(violation(
            "all_checks_pass", site.site, c.check_id + " (" + c.kind + ")",
            {"gate.v.check_verdict",
             {verdict_arg("verdict", c.verdict), {"reason", i18n::to_message(c.reason_message, c.reason)}}}));
    }
  }
  if (matched == 0) {  // a gate that matches nothing must not pass by accident
    std::string id = rule.scenario.empty() ? "gate.v.no_check_any" : "gate.v.no_check_scenario";
    if (!rule.kinds.empty()) id += "_kinds";
    out.push_back(violation("all_checks_pass", "", "", {id, {{"scenario", rule.scenario}}}));
  }
}

void no_regression(const Document& doc, const Document& baseline, std::vector<Violation>& out) {
  std::map<std::string, const Site*> now;
  for (const auto& s : doc.sites) now.emplace(s.site, &s);
  for (const auto& old : baseline.sites) {
    const auto& name = old.site;
    const auto it = now.find(name);
    if (it == now.end()) {
      out.push_back(violation("no_regression", name, "", {"gate.v.site_missing", {}}));
      continue;
    }
    const Site& cur = *it->second;
    if (findings::level_rank(cur.level) < findings::level_rank(old.level))
      out.push_back(
          violation("no_regression", name, "",
                    {"gate.v.level_dropped", {level_arg("old", old.level), level_arg("new", cur.level)}}));
    for (const auto& oc : old.checks) {
      const int r_old = verdict_rank(oc.verdict);
      if (r_old < 0) continue;
      for (const auto& nc : cur.checks) {
        if (nc.check_id != oc.check_id) continue;
        if (verdict_rank(nc.verdict) > r_old)
          out.push_back(violation("no_regression", name, oc.check_id + " (" + nc.kind + ")",
                                  {"gate.v.check_regressed",
                                   {verdict_arg("old", oc.verdict),
                                    verdict_arg("new", nc.verdict),
                                    {"reason", i18n::to_message(nc.reason_message, nc.reason)}}}));
        break;
      }
    }
  }
}

/// A SHA-256 fingerprint as findings.json writes it: 64 lowercase hex digits.
bool is_fingerprint(const std::optional<std::string>& k) {
  return k && k->size() == 64 && std::all_of(k->begin(), k->end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

/// Why a bundle does not count as signed for require_signed, or nothing when it does: only `signed`
/// (MANIFEST.sig verifies with a trusted key) with the signer's fingerprint. A document that claims
/// `signed` without a well-formed fingerprint is not believed.
std::optional<Message> unsigned_reason(const findings::BundleInfo& b) {
  const MsgArg bundle{"bundle", b.name};
  if (!b.signature) return Message{"gate.v.signature_not_checked", {bundle}};
  const auto& sig = *b.signature;
  switch (sig.status) {
    case SignatureStatus::signed_trusted:
      if (is_fingerprint(sig.key)) return std::nullopt;
      return Message{"gate.v.signature_no_key", {bundle}};
    case SignatureStatus::unsigned_bundle:
      return Message{"gate.v.unsigned", {bundle}};
    case SignatureStatus::unknown_key:
      if (is_fingerprint(sig.key))
        return Message{"gate.v.signature_unknown_key", {bundle, {"key", sig.key->substr(0, 16)}}};
      return Message{"gate.v.signature_unknown_key_unnamed", {bundle}};
    case SignatureStatus::bad_signature:
      return Message{"gate.v.signature_bad", {bundle}};
  }
  return Message{"gate.v.signature_bad", {bundle}};
}

}  // namespace

GateResult evaluate_policy(const Policy& p, const Document& doc, const Document* baseline) {
  GateResult r;
  auto& v = r.violations;
  if (p.require_complete) {
    r.rules.push_back("require_complete");
    if (doc.status == RunStatus::partial)
      v.push_back(violation("require_complete", "", "", {"gate.v.partial", {}}));
    for (const auto& s : doc.sites)
      if (s.bundle.status == RunStatus::partial)
        v.push_back(violation("require_complete", s.site, "",
                              {"gate.v.bundle_partial", {{"bundle", s.bundle.name}}}));
  }
  if (p.require_verified) {
    r.rules.push_back("require_verified");
    for (const auto& s : doc.sites) {
      const auto& b = s.bundle;
      if (!b.verified)
        v.push_back(
            violation("require_verified", s.site, "",
                      b.verify_problems.empty()
                          ? Message{"gate.v.unverified", {{"bundle", b.name}}}
                          : Message{"gate.v.unverified_why",
                                    {{"bundle", b.name}, {"problems", join(b.verify_problems, ", ")}}}));
    }
  }
  if (p.require_signed) {
    r.rules.push_back("require_signed");
    for (const auto& s : doc.sites)
      if (auto why = unsigned_reason(s.bundle)) v.push_back(violation("require_signed", s.site, "", *why));
  }
  if (doc.sites.empty()) v.push_back(violation("input", "", "", {"gate.v.no_site", {}}));
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
        const MsgArg need{"required", "L" + std::to_string(*p.min_level)};
        v.push_back(violation(
            "min_level", s.site, "",
            s.level_reasons.empty()
                ? Message{"gate.v.below_min_level", {level_arg("level", s.level), need}}
                : Message{"gate.v.below_min_level_why",
                          {level_arg("level", s.level),
                           need,
                           {"reasons", i18n::to_messages(s.level_reason_messages, s.level_reasons)}}}));
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
              violation("max_severity", s.site, f.rule,
                        {"gate.v.severity_above",
                         {{"severity", "severity." + std::string(findings::to_string(f.severity)), true},
                          {"max", max_word(*p.max_severity), true},
                          {"title", finding_title_message(f, &s)}}}));
  }
  if (!p.forbid_rules.empty()) {
    r.rules.push_back("forbid_rules");
    for (const auto& s : doc.sites)
      for (const auto& f : s.findings)
        if (contains(p.forbid_rules, f.rule))
          v.push_back(violation(
              "forbid_rules", s.site, f.rule,
              f.explanation.empty()
                  ? Message{"gate.v.forbidden", {{"title", finding_title_message(f, &s)}}}
                  : Message{"gate.v.forbidden_why",
                            {{"title", finding_title_message(f, &s)},
                             {"explanation", i18n::to_message(f.explanation_message, f.explanation)}}}));
  }
  return r;
}

// Terminal text: every value from the findings or the policy file is escaped (escape::terminal: no
// control, no bidi override, no line break of its own); lines are kept whole (the CLI wraps them to the
// terminal, core/text_wrap.hpp).
std::string format_gate(const Policy& p, const GateResult& r, const std::string& junit_path,
                        std::size_t max_lines, const i18n::Catalog& cat) {
  using escape::terminal;
  std::string out;
  std::size_t lines = 0;
  auto line = [&](const std::string& s) {
    out += s + "\n";
    ++lines;
  };
  const std::string name =
      p.name.empty() ? terminal(p.file)
                     : cat.text("gate.policy_file", {{"name", terminal(p.name)}, {"file", terminal(p.file)}});
  std::map<std::string, std::size_t> per_rule;
  for (const auto& x : r.violations) per_rule[x.rule]++;
  if (r.holds()) {
    line(cat.text("gate.pass", {{"policy", name}, {"rules", cat.integer(r.rules.size())}}));
  } else {
    line(cat.text("gate.fail", {{"policy", name},
                                {"violations", cat.integer(r.violations.size())},
                                {"rules", cat.integer(per_rule.size())}}));
  }
  const std::size_t reserve = junit_path.empty() ? 1 : 2;  // the "more" line and the JUnit line
  std::size_t shown = 0;
  for (const auto& x : r.violations) {
    if (lines + reserve >= max_lines) break;
    std::string s = "  \u2716 " + terminal(x.rule);
    if (!x.site.empty()) s += " " + terminal(x.site);
    if (!x.check.empty()) s += " " + terminal(x.check);
    line(s + ": " + terminal(cat.render(x.why)));
    ++shown;
  }
  if (shown < r.violations.size())
    line("  " + cat.text("gate.more", {{"n", cat.integer(r.violations.size() - shown)}}));
  if (!junit_path.empty()) line(cat.text("gate.junit", {{"path", terminal(junit_path)}}));
  return out;
}

JunitSuite gate_junit_suite(const Policy& p, const GateResult& r) {
  JunitSuite s;
  s.name = "gate: " + (p.name.empty() ? p.file : p.name);
  s.properties = {{"policy_file", p.file}, {"policy_name", p.name}, {"holds", bool_text(r.holds())}};
  // The suite's <system-out>: the policy, the rules it evaluated and the outcome, as plain lines.
  s.out = {"policy: " + p.file + (p.name.empty() ? "" : " (" + p.name + ")"), "rules: " + join(r.rules, ", "),
           "result: " + std::string(r.holds() ? "holds" : "does not hold") + " (" +
               std::to_string(r.violations.size()) + " violation(s))"};
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
