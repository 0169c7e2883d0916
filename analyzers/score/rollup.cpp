#include "analyzers/score/rollup.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/result.hpp"
#include "core/site_path.hpp"

namespace v6r::analyze {
namespace {

using findings::Level;
using findings::Severity;

std::string plan_text(findings::PlanVerdict v) {
  return std::string(findings::to_string(v));
}

}  // namespace

findings::Rollup rollup(const std::vector<findings::Site>& sites, const Plan& plan) {
  findings::Rollup r;
  std::map<std::string, findings::PrefixRollup> by_prefix;
  std::vector<findings::WorstSite> worst;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> failing;  // (kind, check_id) -> sites
  for (const auto& s : sites) {
    ++r.levels[s.level];
    r.plan.add(s.plan_verdict);
    for (const auto& prefix : site_path::ancestors(s.site)) {  // any depth (core/site_path.hpp)
      auto& a = by_prefix[prefix];
      ++a.sites;
      a.plan.add(s.plan_verdict);
      ++a.levels[s.level];
    }
    findings::WorstSite w{s.site, s.level, 0, 0, 0};
    for (const auto& f : s.findings) {
      if (f.severity == Severity::fail) {
        ++w.fails;
        w.score += plan.weights.fail;
      } else if (f.severity == Severity::warn) {
        ++w.warns;
        w.score += plan.weights.warn;
      } else {
        w.score += plan.weights.info;
      }
    }
    worst.push_back(std::move(w));
    for (const auto& c : s.checks)  // an error is a gap of the harness, not a failing check
      if (c.verdict == Verdict::fail) failing[{c.kind, c.check_id}].insert(s.site);
  }
  for (auto& [p, a] : by_prefix) {
    a.prefix = p;
    r.by_prefix.push_back(std::move(a));
  }
  std::sort(worst.begin(), worst.end(), [](const findings::WorstSite& a, const findings::WorstSite& b) {
    const int ra = findings::level_rank(a.level), rb = findings::level_rank(b.level);
    if (ra != rb) return ra < rb;
    if (a.score != b.score) return a.score > b.score;
    return a.site < b.site;
  });
  if (worst.size() > 10) worst.resize(10);
  r.worst_sites = std::move(worst);
  std::vector<std::pair<std::pair<std::string, std::string>, std::size_t>> top;
  for (auto& [k, v] : failing) top.emplace_back(k, v.size());
  std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < top.size() && i < 10; ++i)
    r.top_failing_checks.push_back({top[i].first.first, top[i].first.second, top[i].second});
  return r;
}

findings::TrendEntry trend_entry(const findings::Document& doc) {
  findings::TrendEntry t;
  t.label = doc.sweep.label;
  t.generated_utc = doc.generated_utc;
  for (const auto& s : doc.sites) {
    ++t.levels[s.level];
    t.plan.add(s.plan_verdict);
  }
  t.sites = doc.sites.size();
  return t;
}

sweepdiff::Document diff_findings(const findings::Document& old_doc, const findings::Document& new_doc) {
  using sweepdiff::Change;
  using sweepdiff::What;
  sweepdiff::Document d;
  const auto side = [](const findings::Document& doc) {
    return sweepdiff::Side{doc.sweep.label, doc.generated_utc};
  };
  d.old_side = side(old_doc);
  d.new_side = side(new_doc);
  std::map<std::string, const findings::Site*> olds, news;
  for (const auto& s : old_doc.sites) olds[s.site] = &s;
  for (const auto& s : new_doc.sites) news[s.site] = &s;
  for (const auto& [site, o] : olds)
    if (!news.count(site)) d.sites_removed.push_back(site);
  for (const auto& [site, np] : news) {
    const findings::Site& n = *np;
    auto it = olds.find(site);
    if (it == olds.end()) {
      d.sites_added.push_back({site, level_text(n.level)});
      continue;
    }
    const findings::Site& o = *it->second;
    bool changed = false;
    const auto record = [&](bool better, Change c) {
      changed = true;
      c.site = it->first;  // == site (clang 14 cannot capture a structured binding)
      (better ? d.improved : d.regressed).push_back(std::move(c));
    };
    if (n.level != o.level) {
      Change c;
      c.what = What::level;
      c.old_value = level_text(o.level);
      c.new_value = level_text(n.level);
      record(findings::level_rank(n.level) > findings::level_rank(o.level), std::move(c));
    }
    if (o.plan_verdict != n.plan_verdict) {
      // Towards "meets" is better; away from it worse; between the others, "below" is the worst.
      const auto rank = [](findings::PlanVerdict v) {
        switch (v) {
          case findings::PlanVerdict::meets:
            return 3;
          case findings::PlanVerdict::not_in_plan:
            return 2;
          case findings::PlanVerdict::not_assessed:
            return 1;
          case findings::PlanVerdict::below:
            return 0;
        }
        return 0;
      };
      Change c;
      c.what = What::plan_verdict;
      c.old_value = plan_text(o.plan_verdict);
      c.new_value = plan_text(n.plan_verdict);
      record(rank(n.plan_verdict) > rank(o.plan_verdict), std::move(c));
    }
    std::map<std::string, Verdict> ov;
    for (const auto& c : o.checks) ov[c.kind + " " + c.check_id] = c.verdict;
    for (const auto& c : n.checks) {
      auto oi = ov.find(c.kind + " " + c.check_id);
      if (oi == ov.end()) continue;
      const Verdict vo = oi->second, vn = c.verdict;
      if (vo == vn || vo == Verdict::skipped || vn == Verdict::skipped) continue;
      Change ch;
      ch.what = What::check;
      ch.kind = c.kind;
      ch.check_id = c.check_id;
      ch.old_value = std::string(to_string(vo));
      ch.new_value = std::string(to_string(vn));
      record(severity(vn) < severity(vo), std::move(ch));
    }
    std::set<std::string> orules, nrules;
    for (const auto& f : o.findings)
      if (f.severity != Severity::info) orules.insert(f.rule);
    for (const auto& f : n.findings)
      if (f.severity != Severity::info) nrules.insert(f.rule);
    const auto rule_change = [](const std::string& r, bool now_present) {
      Change c;
      c.what = What::finding;
      c.rule = r;
      c.old_value = now_present ? "absent" : "present";
      c.new_value = now_present ? "present" : "absent";
      return c;
    };
    for (const auto& r : nrules)
      if (!orules.count(r)) record(false, rule_change(r, true));
    for (const auto& r : orules)
      if (!nrules.count(r)) record(true, rule_change(r, false));
    if (!changed) ++d.unchanged_sites;
  }
  return d;
}

}  // namespace v6r::analyze
