#include "analyzers/score/rollup.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/result.hpp"

namespace v6r::analyze {
namespace {

using nlohmann::json;

json zero_levels() {
  json l = json::object();
  for (int i = 0; i < kLevelCount; ++i) l[level_id(i)] = 0;
  return l;
}

std::string s_of(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int level_of(const json& site) {
  return parse_level(s_of(site, "level")).value_or(0);
}

}  // namespace

json rollup(const json& sites, const Plan& plan) {
  json levels = zero_levels();
  int meets = 0, below = 0;
  struct Agg {
    int sites = 0, below = 0;
    json levels = zero_levels();
  };
  std::map<std::string, Agg> by_prefix;
  struct Worst {
    std::string site;
    int level;
    int fails, warns, score;
  };
  std::vector<Worst> worst;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> failing;  // (kind, check_id) -> sites
  for (const auto& s : sites) {
    const auto lvl = level_id(level_of(s));
    levels[lvl] = levels[lvl].get<int>() + 1;
    const bool ok = s.value("meets_plan", true);
    ok ? ++meets : ++below;
    const std::string site = s_of(s, "site");
    std::size_t pos = 0;
    while ((pos = site.find('/', pos)) != std::string::npos) {
      auto& a = by_prefix[site.substr(0, pos)];
      ++a.sites;
      if (!ok) ++a.below;
      a.levels[lvl] = a.levels[lvl].get<int>() + 1;
      ++pos;
    }
    int fails = 0, warns = 0, score = 0;
    for (const auto& f : s.value("findings", json::array())) {
      const auto sev = s_of(f, "severity");
      if (sev == "fail") {
        ++fails;
        score += plan.weights.fail;
      } else if (sev == "warn") {
        ++warns;
        score += plan.weights.warn;
      } else {
        score += plan.weights.info;
      }
    }
    worst.push_back({site, level_of(s), fails, warns, score});
    for (const auto& c : s.value("checks", json::array())) {
      const auto v = s_of(c, "verdict");
      if (v == "fail" || v == "error") failing[{s_of(c, "kind"), s_of(c, "check_id")}].insert(site);
    }
  }
  json prefixes = json::array();
  for (auto& [p, a] : by_prefix)
    prefixes.push_back({{"prefix", p}, {"sites", a.sites}, {"levels", a.levels}, {"below_plan", a.below}});
  std::sort(worst.begin(), worst.end(), [](const Worst& a, const Worst& b) {
    if (a.level != b.level) return a.level < b.level;
    if (a.score != b.score) return a.score > b.score;
    return a.site < b.site;
  });
  json w = json::array();
  for (std::size_t i = 0; i < worst.size() && i < 10; ++i)
    w.push_back({{"site", worst[i].site},
                 {"level", level_id(worst[i].level)},
                 {"fails", worst[i].fails},
                 {"warns", worst[i].warns},
                 {"score", worst[i].score}});
  std::vector<std::pair<std::pair<std::string, std::string>, std::size_t>> top;
  for (auto& [k, v] : failing) top.emplace_back(k, v.size());
  std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  json t = json::array();
  for (std::size_t i = 0; i < top.size() && i < 10; ++i)
    t.push_back({{"kind", top[i].first.first}, {"check_id", top[i].first.second}, {"sites", top[i].second}});
  return {{"levels", levels},      {"meets_plan", meets}, {"below_plan", below},
          {"by_prefix", prefixes}, {"worst_sites", w},    {"top_failing_checks", t}};
}

json trend_entry(const json& doc) {
  json levels = zero_levels();
  int meets = 0;
  const json sites = doc.value("sites", json::array());
  for (const auto& s : sites) {
    const auto lvl = level_id(level_of(s));
    levels[lvl] = levels[lvl].get<int>() + 1;
    if (s.value("meets_plan", true)) ++meets;
  }
  return {{"label", doc.value("sweep", json::object()).value("label", "")},
          {"generated_utc", doc.value("generated_utc", "")},
          {"levels", levels},
          {"meets_plan", meets},
          {"sites", sites.size()}};
}

json diff_findings(const json& old_doc, const json& new_doc) {
  std::map<std::string, json> olds, news;
  for (const auto& s : old_doc.value("sites", json::array())) olds[s_of(s, "site")] = s;
  for (const auto& s : new_doc.value("sites", json::array())) news[s_of(s, "site")] = s;
  json improved = json::array(), regressed = json::array(), added = json::array(), removed = json::array();
  int unchanged = 0;
  for (const auto& [site, o] : olds)
    if (!news.count(site)) removed.push_back(site);
  for (const auto& [site, n] : news) {
    auto it = olds.find(site);
    if (it == olds.end()) {
      added.push_back({{"site", site}, {"level", s_of(n, "level")}});
      continue;
    }
    const json& o = it->second;
    bool changed = false;
    const int lo = level_of(o), ln = level_of(n);
    if (ln != lo) {
      changed = true;
      (ln > lo ? improved : regressed)
          .push_back({{"site", site}, {"what", "level"}, {"old", level_id(lo)}, {"new", level_id(ln)}});
    }
    const bool mo = o.value("meets_plan", true), mn = n.value("meets_plan", true);
    if (mo != mn) {
      changed = true;
      (mn ? improved : regressed)
          .push_back({{"site", site}, {"what", "meets_plan"}, {"old", mo}, {"new", mn}});
    }
    std::map<std::string, std::string> ov;
    for (const auto& c : o.value("checks", json::array()))
      ov[s_of(c, "kind") + " " + s_of(c, "check_id")] = s_of(c, "verdict");
    for (const auto& c : n.value("checks", json::array())) {
      const auto key = s_of(c, "kind") + " " + s_of(c, "check_id");
      auto oi = ov.find(key);
      if (oi == ov.end()) continue;
      auto vo = verdict_from_string(oi->second), vn = verdict_from_string(s_of(c, "verdict"));
      if (!vo || !vn || *vo == *vn || *vo == Verdict::skipped || *vn == Verdict::skipped) continue;
      changed = true;
      (severity(*vn) < severity(*vo) ? improved : regressed)
          .push_back({{"site", site},
                      {"what", "check"},
                      {"kind", s_of(c, "kind")},
                      {"check_id", s_of(c, "check_id")},
                      {"old", oi->second},
                      {"new", s_of(c, "verdict")}});
    }
    std::set<std::string> orules, nrules;
    for (const auto& f : o.value("findings", json::array()))
      if (s_of(f, "severity") != "info") orules.insert(s_of(f, "rule"));
    for (const auto& f : n.value("findings", json::array()))
      if (s_of(f, "severity") != "info") nrules.insert(s_of(f, "rule"));
    for (const auto& r : nrules)
      if (!orules.count(r)) {
        changed = true;
        regressed.push_back(
            {{"site", site}, {"what", "finding"}, {"rule", r}, {"old", "absent"}, {"new", "present"}});
      }
    for (const auto& r : orules)
      if (!nrules.count(r)) {
        changed = true;
        improved.push_back(
            {{"site", site}, {"what", "finding"}, {"rule", r}, {"old", "present"}, {"new", "absent"}});
      }
    if (!changed) ++unchanged;
  }
  return {{"schema", "v6ready.diff/1"},
          {"old",
           {{"label", old_doc.value("sweep", json::object()).value("label", "")},
            {"generated_utc", old_doc.value("generated_utc", "")}}},
          {"new",
           {{"label", new_doc.value("sweep", json::object()).value("label", "")},
            {"generated_utc", new_doc.value("generated_utc", "")}}},
          {"improved", improved},
          {"regressed", regressed},
          {"sites_added", added},
          {"sites_removed", removed},
          {"unchanged_sites", unchanged}};
}

}  // namespace v6r::analyze
