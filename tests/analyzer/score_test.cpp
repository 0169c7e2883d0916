// Plan loader (strict, file:line:col errors), site-class patterns, roll-up and diff. The level rules
// and the plan verdict: levels_test.cpp.
#include <gtest/gtest.h>

#include "analyzers/score/plan.hpp"
#include "analyzers/score/rollup.hpp"

using namespace v6r;
using namespace v6r::analyze;
using nlohmann::json;

namespace {

const char* kPlan = R"(version: 1
name: t
site_classes:
  - class: commune
    match: "province/*/*"
targets:
  commune: {2026: L1, 2027: L2, 2028: L2, 2029: L3, 2030: L3}
)";

std::string err(const std::string& text) {
  auto p = load_plan_text(text, "plan.yaml");
  return p ? std::string("ok") : p.error().to_string();
}

}  // namespace

TEST(Plan, ShippedPlanLoads) {
  auto p = load_plan_file(std::string(V6READY_SOURCE_DIR) + "/scenarios/plan-2026-2030.yaml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->class_of("province/district-a/commune-ready"), "commune");
  EXPECT_EQ(p->class_of("province/district-a"), "district");
  EXPECT_EQ(p->class_of("elsewhere/x/y/z"), "unclassified");
  EXPECT_EQ(p->required("commune", 2026), 1);
  EXPECT_EQ(p->required("commune", 2029), 3);
  EXPECT_EQ(p->required("unclassified", 2029), std::nullopt);
  EXPECT_EQ(p->sha256.size(), 64u);
}

TEST(Plan, ErrorsNameFileLineColumn) {
  EXPECT_EQ(err(kPlan), "ok");
  EXPECT_EQ(err(std::string(kPlan) + "extra: 1\n"),
            "plan.yaml:8:1: extra: unknown key (allowed: description, lang, levels, name, site_classes, "
            "targets, thresholds, version, weights, years)");
  // lang: the default language of the outputs (docs/i18n.md); a language without a catalogue is refused.
  EXPECT_EQ(err(std::string(kPlan) + "lang: fr\n"), "plan.yaml:8:7: lang: expected en or vi, got 'fr'");
  EXPECT_EQ(err(std::string(kPlan) + "lang: vi\ndescription: Lộ trình chuyển sang chỉ IPv6\n"), "ok");
  EXPECT_EQ(err(R"(version: 1
name: t
site_classes:
  - class: commune
    match: "province/*/*"
targets:
  commune: {2026: L1, 2027: L5, 2028: L2, 2029: L3, 2030: L3}
)"),
            "plan.yaml:7:29: targets.commune.2027: expected a level L0..L4, got 'L5'");
  EXPECT_EQ(err(R"(version: 1
name: t
site_classes:
  - class: commune
    match: "province/*/*"
targets:
  commune: {2026: L1, 2027: L2, 2028: L2, 2029: L3}
)"),
            "plan.yaml:7:12: targets.commune: no level for year 2030");
  EXPECT_EQ(
      err(R"(version: 1
name: t
site_classes:
  - class: commune
    match: "province//*"
targets: {}
)"),
      "plan.yaml:5:12: site_classes[0].match: expected a site path pattern like province/*/* ('*' = one "
      "segment, '**' = any number; at most 6 segments of a-z, 0-9 and '-')");
  EXPECT_EQ(err(std::string(kPlan) + "  district: {2026: L1}\n"),
            "plan.yaml:8:3: targets.district: unknown site class (not in site_classes)");
  EXPECT_EQ(err(std::string(kPlan) + "thresholds:\n  dns_latency_warn_ms: fast\n"),
            "plan.yaml:9:24: thresholds.dns_latency_warn_ms: expected a number, got 'fast'");
  EXPECT_EQ(err(std::string(kPlan) + "levels: {l3_require_pref64: maybe}\n"),
            "plan.yaml:8:29: levels.l3_require_pref64: expected true or false");
  EXPECT_EQ(err("version: 1\nname: [\n"), "plan.yaml:3:1: end of sequence flow not found");
  EXPECT_EQ(err(std::string(kPlan) + "levels: {l3_require_udp_lifetime: show}\n"),
            "plan.yaml:8:35: levels.l3_require_udp_lifetime: invalid value 'show' (did you mean 'shown'?)");
}

// The real-time switches: shown, not_failing (also written true: what the switch meant first), false.
TEST(Plan, RealtimeSwitches) {
  auto rules = [](const std::string& levels) {
    auto p = load_plan_text(std::string(kPlan) + "levels: {" + levels + "}\n", "plan.yaml");
    EXPECT_TRUE(p) << p.error().to_string();
    return p ? p->levels : LevelRules{};
  };
  EXPECT_EQ(rules("").l3_require_eim_mapping, RealtimeRule::off);
  EXPECT_EQ(rules("l3_require_eim_mapping: shown").l3_require_eim_mapping, RealtimeRule::shown);
  EXPECT_EQ(rules("l3_require_eim_mapping: true").l3_require_eim_mapping, RealtimeRule::not_failing);
  EXPECT_EQ(rules("l3_require_udp_lifetime: not_failing").l3_require_udp_lifetime, RealtimeRule::not_failing);
  EXPECT_EQ(rules("l3_require_udp_lifetime: false").l3_require_udp_lifetime, RealtimeRule::off);
  auto shipped = load_plan_file(std::string(V6READY_SOURCE_DIR) + "/scenarios/plan-2026-2030.yaml");
  ASSERT_TRUE(shipped) << shipped.error().to_string();
  EXPECT_EQ(shipped->levels.l3_require_eim_mapping, RealtimeRule::shown);
  EXPECT_EQ(shipped->levels.l3_require_udp_lifetime, RealtimeRule::shown);
}

TEST(Plan, PathPatterns) {
  EXPECT_TRUE(path_matches("province/*/*", "province/a/b"));
  EXPECT_FALSE(path_matches("province/*/*", "province/a"));
  EXPECT_FALSE(path_matches("province/*/*", "province/a/b/c"));
  EXPECT_TRUE(path_matches("**/b", "x/y/b"));
  EXPECT_TRUE(path_matches("**", "x"));
  EXPECT_FALSE(path_matches("province/*", "other/a"));
  // Site paths of 1 to 6 segments (core/site_path.hpp): a service site, a national sweep.
  EXPECT_TRUE(path_matches("service-portal", "service-portal"));
  EXPECT_TRUE(path_matches("vn/*/*/*", "vn/hanoi/ba-dinh/phuc-xa"));
  EXPECT_TRUE(path_matches("vn/**", "vn/hanoi/ba-dinh/phuc-xa/to-3/school-1"));
  EXPECT_TRUE(path_matches("**/school-1", "vn/hanoi/ba-dinh/phuc-xa/to-3/school-1"));
  EXPECT_FALSE(path_matches("vn/*/*/*", "vn/hanoi/ba-dinh"));
}

TEST(Plan, PatternsFollowTheSitePathRule) {
  const auto with_match = [](const std::string& m) {
    return err("version: 1\nname: t\nsite_classes:\n  - class: c\n    match: \"" + m + "\"\ntargets: {}\n");
  };
  for (const char* ok : {"service-portal", "vn/*/*/*", "a/b/c/d/e/f", "**/school-1", "a/**/b/c/d/e/f"})
    EXPECT_EQ(with_match(ok), "ok") << ok;
  for (const char* bad : {"a/b/c/d/e/f/g", "Province/*", "a_b/*", "a.b", "a//b", "*/*/*/*/*/*/*"})
    EXPECT_NE(with_match(bad).find("expected a site path pattern"), std::string::npos) << bad;
}

namespace {
findings::Site site(const std::string& s, const std::string& level, findings::PlanVerdict plan,
                    std::vector<std::pair<std::string, std::string>> checks,
                    std::vector<std::pair<std::string, std::string>> fnds = {}) {
  findings::Site out;
  out.site = s;
  if (level != "-") out.level = findings::level_from_string(level).value();
  out.plan_verdict = plan;
  for (auto& [id, v] : checks) {
    findings::CheckRow c;
    c.kind = "k." + id;
    c.check_id = id;
    c.verdict = verdict_from_string(v).value();
    out.checks.push_back(c);
  }
  for (auto& [rule, sev] : fnds) {
    findings::Finding f;
    f.rule = rule;
    f.severity = sev == "fail"   ? findings::Severity::fail
                 : sev == "warn" ? findings::Severity::warn
                                 : findings::Severity::info;
    out.findings.push_back(f);
  }
  return out;
}
findings::Document doc_of(std::vector<findings::Site> sites) {
  findings::Document d;
  d.sites = std::move(sites);
  return d;
}
}  // namespace

TEST(Rollup, CountsWorstAndTopFailing) {
  using PV = findings::PlanVerdict;
  const std::vector<findings::Site> sites = {
      site("p/a/x", "L3", PV::meets, {{"c1", "pass"}}),
      site("p/a/y", "L1", PV::below, {{"c1", "fail"}, {"c2", "fail"}}, {{"r", "fail"}}),
      site("p/b/z", "L1", PV::below, {{"c1", "fail"}, {"c3", "error"}}, {{"r", "warn"}}),
      site("p/b/w", "-", PV::not_assessed, {{"c3", "error"}}), site("solo", "L2", PV::not_in_plan, {})};
  const findings::Rollup r = rollup(sites, builtin_plan());
  EXPECT_EQ(r.levels[findings::Level::L1], 2u);
  EXPECT_EQ(r.levels[findings::Level::L3], 1u);
  EXPECT_EQ(r.levels[std::nullopt], 1u);  // not assessed
  EXPECT_EQ(r.plan.meets, 1u);
  EXPECT_EQ(r.plan.below, 2u);
  EXPECT_EQ(r.plan.not_assessed, 1u);
  EXPECT_EQ(r.plan.not_in_plan, 1u);  // counted apart, not among those that meet the plan
  // Lowest level first, a site without a level between L0 and L1; then the highest score.
  EXPECT_EQ(r.worst_sites[0].site, "p/b/w");
  EXPECT_EQ(r.worst_sites[1].site, "p/a/y");
  EXPECT_EQ(r.worst_sites[1].score, 10);
  EXPECT_EQ(r.top_failing_checks[0].check_id, "c1");
  EXPECT_EQ(r.top_failing_checks[0].sites, 2u);
  for (const auto& f : r.top_failing_checks) EXPECT_NE(f.check_id, "c3");  // an error is a gap, not a fail
  ASSERT_EQ(r.by_prefix.size(), 3u);  // p, p/a, p/b ("solo" has no ancestor)
  EXPECT_EQ(r.by_prefix[0].prefix, "p");
  EXPECT_EQ(r.by_prefix[0].sites, 4u);
  EXPECT_EQ(r.by_prefix[1].plan.below, 1u);
  EXPECT_EQ(r.by_prefix[2].plan.not_assessed, 1u);
}

TEST(Rollup, PrefixesAtAnyDepth) {
  using PV = findings::PlanVerdict;
  const findings::Rollup r =
      rollup({site("vn/hn/bd/px/t3/s1", "L3", PV::meets, {}), site("vn/hn/bd/px", "L1", PV::below, {})},
             builtin_plan());
  std::vector<std::string> prefixes;
  for (const auto& p : r.by_prefix) prefixes.push_back(p.prefix + "=" + std::to_string(p.sites));
  EXPECT_EQ(prefixes,
            (std::vector<std::string>{"vn=2", "vn/hn=2", "vn/hn/bd=2", "vn/hn/bd/px=1", "vn/hn/bd/px/t3=1"}));
}

TEST(Diff, ImprovedAndRegressed) {
  using PV = findings::PlanVerdict;
  const auto o = doc_of({site("p/a/x", "L1", PV::below, {{"c1", "fail"}, {"c2", "pass"}},
                              {{"dns64.unexpected_prefix", "fail"}}),
                         site("p/a/y", "L3", PV::meets, {{"c1", "pass"}}),
                         site("p/a/gone", "L0", PV::below, {}), site("p/a/z", "L2", PV::meets, {})});
  const auto n = doc_of({site("p/a/x", "L3", PV::meets, {{"c1", "pass"}, {"c2", "warn"}}),
                         site("p/a/y", "L3", PV::meets, {{"c1", "pass"}}),
                         site("p/a/new", "L2", PV::meets, {}), site("p/a/z", "-", PV::not_assessed, {})});
  const sweepdiff::Document d = diff_findings(o, n);
  const auto label = [](const sweepdiff::Change& c, const std::string& tail) {
    return std::string(jsonmodel::enum_text(c.what)) + ":" + tail;
  };
  std::vector<std::string> imp, reg;
  for (const auto& c : d.improved) imp.push_back(label(c, c.check_id.value_or(c.rule.value_or(""))));
  for (const auto& c : d.regressed)
    reg.push_back(label(c, c.what == sweepdiff::What::check ? *c.check_id : c.new_value));
  EXPECT_EQ(imp, (std::vector<std::string>{"level:", "plan_verdict:", "check:c1",
                                           "finding:dns64.unexpected_prefix"}));
  // L2 → not assessed is a regression of the level and of the plan verdict.
  EXPECT_EQ(reg, (std::vector<std::string>{"check:c2", "level:not assessed", "plan_verdict:not_assessed"}));
  EXPECT_EQ(d.improved[0].old_value, "L1");
  EXPECT_EQ(d.improved[0].new_value, "L3");
  EXPECT_EQ(d.improved[3].old_value, "present");
  EXPECT_EQ(d.improved[3].new_value, "absent");
  EXPECT_EQ(d.unchanged_sites, 1u);
  ASSERT_EQ(d.sites_added.size(), 1u);
  EXPECT_EQ(d.sites_added[0].site, "p/a/new");
  EXPECT_EQ(d.sites_added[0].level, "L2");
  EXPECT_EQ(d.sites_removed, std::vector<std::string>{"p/a/gone"});

  // The JSON written by `diff --json` reads back strictly to the same document.
  const auto j = sweepdiff::to_json(d);
  EXPECT_EQ(j["schema"], "v6ready.diff/1");
  EXPECT_FALSE(j["improved"][0].contains("check_id"));  // optional keys only where they apply
  auto back = sweepdiff::read_diff(nlohmann::json::parse(sweepdiff::to_json_text(d)));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(sweepdiff::to_json_text(*back), sweepdiff::to_json_text(d));
}
