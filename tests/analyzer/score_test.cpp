// Plan loader (strict, file:line:col errors), level rules, roll-up and diff.
#include <gtest/gtest.h>

#include "analyzers/score/levels.hpp"
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

CheckBrief chk(const char* kind, Verdict v, const char* target = "t") {
  return CheckBrief{kind, kind, target, v, Family::ipv6, false};
}

LevelInputs l3_inputs() {
  LevelInputs in;
  in.checks = {chk("dns64.discovery", Verdict::pass), chk("dns64.synthesis", Verdict::pass),
               chk("nat64.tcp", Verdict::pass), chk("nat64.pmtu", Verdict::pass)};
  in.have_capture = true;
  in.pref64_discovered = true;
  in.pref64_source = "test";
  return in;
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
            "plan.yaml:8:1: extra: unknown key (allowed: description, levels, name, site_classes, targets, "
            "thresholds, version, weights, years)");
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
      "component, '**' = any)");
  EXPECT_EQ(err(std::string(kPlan) + "  district: {2026: L1}\n"),
            "plan.yaml:8:3: targets.district: unknown site class (not in site_classes)");
  EXPECT_EQ(err(std::string(kPlan) + "thresholds:\n  dns_latency_warn_ms: fast\n"),
            "plan.yaml:9:24: thresholds.dns_latency_warn_ms: expected a number, got 'fast'");
  EXPECT_EQ(err(std::string(kPlan) + "levels: {l3_require_pref64: maybe}\n"),
            "plan.yaml:8:29: levels.l3_require_pref64: expected true or false");
  EXPECT_EQ(err("version: 1\nname: [\n"), "plan.yaml:3:1: end of sequence flow not found");
}

TEST(Plan, PathPatterns) {
  EXPECT_TRUE(path_matches("province/*/*", "province/a/b"));
  EXPECT_FALSE(path_matches("province/*/*", "province/a"));
  EXPECT_FALSE(path_matches("province/*/*", "province/a/b/c"));
  EXPECT_TRUE(path_matches("**/b", "x/y/b"));
  EXPECT_TRUE(path_matches("**", "x"));
  EXPECT_FALSE(path_matches("province/*", "other/a"));
}

TEST(Levels, Ladder) {
  const LevelRules rules;
  auto in = l3_inputs();
  EXPECT_EQ(compute_level(in, rules).level, 3);

  auto none = in;
  none.checks = {chk("dns64.synthesis", Verdict::fail), chk("nat64.tcp", Verdict::error)};
  const auto l0 = compute_level(none, rules);
  EXPECT_EQ(l0.level, 0);
  EXPECT_NE(l0.reasons[0].find("fails entirely"), std::string::npos);

  auto some = in;
  some.checks[1].verdict = Verdict::fail;
  EXPECT_EQ(compute_level(some, rules).level, 1);
  auto warn = in;
  warn.checks[1].verdict = Verdict::warn;
  EXPECT_EQ(compute_level(warn, rules).level, 3);
  LevelRules strict;
  strict.l2_allow_warn = false;
  EXPECT_EQ(compute_level(warn, strict).level, 1);

  auto unexpected = in;
  unexpected.unexpected_prefix = true;
  EXPECT_EQ(compute_level(unexpected, rules).level, 1);

  auto v4 = in;
  v4.ipv4_frames = 3;
  const auto l2 = compute_level(v4, rules);
  EXPECT_EQ(l2.level, 2);
  EXPECT_NE(l2.reasons.back().find("3 IPv4/ARP frames"), std::string::npos);

  auto nopmtu = in;
  nopmtu.checks.pop_back();
  const auto np = compute_level(nopmtu, rules);
  EXPECT_EQ(np.level, 2);
  EXPECT_NE(np.reasons.back().find("not provable"), std::string::npos);
  LevelRules lax;
  lax.l3_require_pmtu_check = false;
  EXPECT_EQ(compute_level(nopmtu, lax).level, 3);

  auto nopref = in;
  nopref.pref64_discovered = false;
  EXPECT_EQ(compute_level(nopref, rules).level, 2);
  auto hole = in;
  hole.pmtu_black_hole = true;
  EXPECT_EQ(compute_level(hole, rules).level, 2);
  auto dis = in;
  dis.disagreement = true;
  EXPECT_EQ(compute_level(dis, rules).level, 2);
  auto nocap = in;
  nocap.have_capture = false;
  EXPECT_EQ(compute_level(nocap, rules).level, 2);

  auto baseline = in;  // only IPv6 checks, no dns64/nat64: L1 is the most that can be proven
  baseline.checks = {chk("service.http", Verdict::pass)};
  const auto b = compute_level(baseline, rules);
  EXPECT_EQ(b.level, 1);
  EXPECT_NE(b.reasons.back().find("L2 not provable"), std::string::npos);
  baseline.checks = {};
  EXPECT_EQ(compute_level(baseline, rules).level, 0);

  auto l4 = in;
  l4.checks.push_back(chk("service.http", Verdict::pass, "https://portal"));
  EXPECT_EQ(compute_level(l4, rules).level, 4);
  l4.checks.back().via_nat64 = true;
  const auto r = compute_level(l4, rules);
  EXPECT_EQ(r.level, 3);
  EXPECT_NE(r.reasons.back().find("needs NAT64"), std::string::npos);
  EXPECT_NE(compute_level(in, rules).reasons.back().find("L4 not provable"), std::string::npos);
}

namespace {
findings::Site site(const std::string& s, const std::string& level, bool meets,
                    std::vector<std::pair<std::string, std::string>> checks,
                    std::vector<std::pair<std::string, std::string>> fnds = {}) {
  findings::Site out;
  out.site = s;
  out.level = findings::level_from_string(level).value();
  out.meets_plan = meets;
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
  const std::vector<findings::Site> sites = {
      site("p/a/x", "L3", true, {{"c1", "pass"}}),
      site("p/a/y", "L1", false, {{"c1", "fail"}, {"c2", "fail"}}, {{"r", "fail"}}),
      site("p/b/z", "L1", false, {{"c1", "fail"}}, {{"r", "warn"}})};
  const findings::Rollup r = rollup(sites, builtin_plan());
  EXPECT_EQ(r.levels[findings::Level::L1], 2u);
  EXPECT_EQ(r.levels[findings::Level::L3], 1u);
  EXPECT_EQ(r.below_plan, 2u);
  EXPECT_EQ(r.worst_sites[0].site, "p/a/y");
  EXPECT_EQ(r.worst_sites[0].score, 10);
  EXPECT_EQ(r.top_failing_checks[0].check_id, "c1");
  EXPECT_EQ(r.top_failing_checks[0].sites, 2u);
  ASSERT_EQ(r.by_prefix.size(), 3u);  // p, p/a, p/b
  EXPECT_EQ(r.by_prefix[0].prefix, "p");
  EXPECT_EQ(r.by_prefix[0].sites, 3u);
  EXPECT_EQ(r.by_prefix[1].below_plan, 1u);
}

TEST(Diff, ImprovedAndRegressed) {
  const auto o = doc_of(
      {site("p/a/x", "L1", false, {{"c1", "fail"}, {"c2", "pass"}}, {{"dns64.unexpected_prefix", "fail"}}),
       site("p/a/y", "L3", true, {{"c1", "pass"}}), site("p/a/gone", "L0", false, {})});
  const auto n = doc_of({site("p/a/x", "L3", true, {{"c1", "pass"}, {"c2", "warn"}}),
                         site("p/a/y", "L3", true, {{"c1", "pass"}}), site("p/a/new", "L2", true, {})});
  const json d = diff_findings(o, n);
  std::vector<std::string> imp, reg;
  for (const auto& e : d["improved"])
    imp.push_back(e["what"].get<std::string>() + ":" + e.value("check_id", e.value("rule", "")));
  for (const auto& e : d["regressed"])
    reg.push_back(e["what"].get<std::string>() + ":" + e.value("check_id", ""));
  EXPECT_EQ(imp, (std::vector<std::string>{"level:", "meets_plan:", "check:c1",
                                           "finding:dns64.unexpected_prefix"}));
  EXPECT_EQ(reg, (std::vector<std::string>{"check:c2"}));
  EXPECT_EQ(d["unchanged_sites"], 1);
  EXPECT_EQ(d["sites_added"][0]["site"], "p/a/new");
  EXPECT_EQ(d["sites_removed"][0], "p/a/gone");
}
