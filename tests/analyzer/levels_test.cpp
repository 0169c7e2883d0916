// Readiness levels, coverage and the plan verdict (analyzers/score/levels.hpp, coverage.hpp,
// plan_verdict.hpp) on crafted results: the lab's four communes as a person judges them, a check that
// could not judge, a scenario that cannot prove a rung, and a site the plan does not name.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/score/levels.hpp"
#include "analyzers/score/plan.hpp"
#include "analyzers/score/plan_verdict.hpp"

using namespace v6r;
using namespace v6r::analyze;
using findings::AccessMode;
using findings::CoverageState;
using findings::Level;
using findings::PlanVerdict;
using findings::ServicePath;
using findings::ServiceState;

namespace {

/// Which addresses a result used: none, an IPv4 one, a native IPv6 one, one under the Pref64::/n, or
/// both families (a dualstack check).
enum class Via { none, ipv4, native, nat64, both };

CheckBrief chk(const std::string& id, const std::string& kind, const std::string& target, Verdict v,
               Via via = Via::none, Family fam = Family::ipv6) {
  CheckBrief c;
  c.check_id = id;
  c.kind = kind;
  c.target = target;
  c.verdict = v;
  c.family = fam;
  c.reason = v == Verdict::pass ? "" : "crafted " + std::string(to_string(v));
  c.remote_ipv4 = via == Via::ipv4 || via == Via::both;
  c.remote_native_ipv6 = via == Via::native || via == Via::both;
  c.via_nat64 = via == Via::nat64;
  return c;
}

/// The lab's commune-ready as its bundle shows it: IPv6-only (v6only.leak pass), DNS64/NAT64 clean,
/// Pref64::/n discovered, option 108 offered, PMTU sane, an endpoint-independent NAT64 mapping whose UDP
/// mapping outlives 2 minutes, a complete capture without IPv4; the services on v4only.lab.test are
/// reached through NAT64, the others natively.
LevelInputs ready() {
  LevelInputs in;
  in.checks = {
      chk("dns64.discovery", "dns64.discovery", "ipv4only.arpa.", Verdict::pass),
      chk("dns64.synth.v4only", "dns64.synthesis", "v4only.lab.test.", Verdict::pass),
      chk("dns64.synth.mapped", "dns64.synthesis", "mapped.lab.test.", Verdict::pass),
      chk("nat64.icmp", "nat64.icmp", "192.0.2.10", Verdict::pass, Via::nat64),
      chk("nat64.tcp", "nat64.tcp", "v4only.lab.test", Verdict::pass, Via::nat64),
      chk("nat64.http", "nat64.http", "http://v4only.lab.test/", Verdict::pass, Via::nat64),
      chk("nat64.pmtu", "nat64.pmtu", "big.lab.test", Verdict::pass, Via::nat64),
      chk("v6only.ra", "v6only.ra", "eth0", Verdict::pass),
      chk("v6only.dhcp108", "v6only.dhcp108", "eth0", Verdict::pass, Via::none, Family::ipv4),
      chk("v6only.literal", "v6only.literal", "192.0.2.10:80", Verdict::pass, Via::ipv4, Family::ipv4),
      chk("dualstack.parity", "dualstack.parity", "http://dual.lab.test/", Verdict::pass, Via::native,
          Family::any),
      chk("service.tcp.v4only", "service.tcp", "v4only.lab.test:80", Verdict::pass, Via::nat64),
      chk("service.tcp.v6only", "service.tcp", "v6only.lab.test:80", Verdict::pass, Via::native),
      chk("service.http.v4only", "service.http", "http://v4only.lab.test/", Verdict::pass, Via::nat64),
      chk("service.http.dual", "service.http", "http://dual.lab.test/", Verdict::pass, Via::native),
      chk("v6only.leak", "v6only.leak", "eth0", Verdict::pass, Via::none, Family::ipv4),
      chk("rt.mapping", "nat64.mapping", "192.0.2.30", Verdict::pass, Via::nat64),
      chk("rt.udp_lifetime", "nat64.udp_lifetime", "192.0.2.30", Verdict::pass, Via::nat64),
  };
  in.have_capture = true;
  in.pref64_discovered = true;
  in.pref64_source = "RFC 7050 (dns64.discovery)";
  return in;
}

/// ready() from a scenario without the real-time kinds nat64.mapping and nat64.udp_lifetime.
LevelInputs baseline() {
  auto in = ready();
  std::erase_if(in.checks, [](const CheckBrief& c) {
    return c.kind == "nat64.mapping" || c.kind == "nat64.udp_lifetime";
  });
  return in;
}

/// commune-dualstack: the same services, but IPv4 on the node (v6only.leak fail, IPv4 frames, a
/// dualstack check that used IPv4); everything reachable.
LevelInputs dualstack() {
  LevelInputs in = ready();
  for (auto& c : in.checks) {
    if (c.kind == "v6only.leak") c.verdict = Verdict::fail;
    if (c.kind == "v6only.literal") c.verdict = Verdict::fail;  // reachable natively over IPv4: not no_clat
    if (c.kind == "v6only.ra") c.verdict = Verdict::warn;
    if (c.kind == "dualstack.parity") c.remote_ipv4 = true;
  }
  in.ipv4_frames = 24;
  return in;
}

/// commune-brokendns64: IPv6-only, DNS64 synthesizes under the wrong prefix, so the IPv4-only service
/// cannot be reached by any family; the NAT64 checks that need a synthesized address are skipped.
LevelInputs brokendns64() {
  LevelInputs in = ready();
  for (auto& c : in.checks) {
    if (c.kind == "dns64.discovery" || c.check_id == "dns64.synth.v4only") c.verdict = Verdict::fail;
    if (c.check_id == "dns64.synth.mapped") c.verdict = Verdict::warn;
    if (c.kind == "nat64.tcp" || c.kind == "nat64.http" || c.kind == "nat64.pmtu") {
      c.verdict = Verdict::skipped;
      c.via_nat64 = false;
    }
    if (c.check_id == "service.tcp.v4only" || c.check_id == "service.http.v4only") {
      c.verdict = Verdict::fail;
      c.via_nat64 = false;
      c.remote_native_ipv6 = true;  // under 2001:db8:65::/96, not the expected Pref64::/n
    }
  }
  in.pref64_discovered = false;
  in.unexpected_prefix = true;
  return in;
}

/// commune-pmtu: IPv6-only and clean except that the large transfer through NAT64 stalls (PMTU black
/// hole): big.lab.test cannot be used.
LevelInputs pmtu() {
  LevelInputs in = ready();
  for (auto& c : in.checks)
    if (c.kind == "nat64.pmtu") c.verdict = Verdict::fail;
  in.pmtu_black_hole = true;
  return in;
}

Plan shipped_plan() {
  auto p = load_plan_file(std::string(V6READY_SOURCE_DIR) + "/scenarios/plan-2026-2030.yaml");
  EXPECT_TRUE(p) << p.error().to_string();
  return p ? *p : builtin_plan();
}

const std::string kCommune = "province/district-a/commune-x";

bool has(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

const findings::CoverageRow* row(const LevelResult& r, Level l, const std::string& kind) {
  for (const auto& c : r.coverage)
    if (c.level == l && (kind.empty() ? c.kinds.empty() : !c.kinds.empty() && c.kinds.front() == kind))
      return &c;
  return nullptr;
}

}  // namespace

TEST(LabCommunes, ReadyIsL3AndMeetsThePlan) {
  const Plan plan = shipped_plan();
  const auto in = ready();
  const auto r = compute_level(in, plan.levels);
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 3);
  EXPECT_EQ(r.access.mode, AccessMode::ipv6_only);
  EXPECT_TRUE(r.access.nat64);
  EXPECT_EQ(r.access.ipv4, std::optional<bool>(false));
  EXPECT_EQ(r.not_assessed_from, std::nullopt);
  EXPECT_NE(r.summary.find("IPv6-only clean"), std::string::npos) << r.summary;
  // L4 is judged and not met: the IPv4-only service needs NAT64.
  EXPECT_TRUE(has(r.reasons, "L4 not met: 2 services not native")) << r.summary;
  for (int year : {2026, 2027, 2028, 2029, 2030}) {
    const auto j = judge_plan(plan, year, kCommune, r, in);
    EXPECT_EQ(j.verdict, PlanVerdict::meets) << year << ": " << j.reason;
  }
}

TEST(LabCommunes, DualstackIsL1MeetsThe2026PlanNot2027) {
  const Plan plan = shipped_plan();
  const auto in = dualstack();
  const auto r = compute_level(in, plan.levels);
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 1);
  EXPECT_EQ(r.access.mode, AccessMode::dual_stack);
  EXPECT_EQ(r.summary.rfind("dual-stack, every service reachable", 0), 0u) << r.summary;
  EXPECT_TRUE(has(r.reasons, "L2 not met: IPv4 present"));
  const auto y26 = judge_plan(plan, 2026, kCommune, r, in);
  EXPECT_EQ(y26.verdict, PlanVerdict::meets) << y26.reason;
  // The failing v6only.literal is about IPv6-only hygiene (L3), not what L1 relies on.
  const auto y27 = judge_plan(plan, 2027, kCommune, r, in);
  EXPECT_EQ(y27.verdict, PlanVerdict::below) << y27.reason;
  EXPECT_EQ(y27.reason, "below the plan: L1, the plan requires L2");
}

TEST(LabCommunes, BrokenDns64IsNotReadyAndBelowThePlan) {
  const Plan plan = shipped_plan();
  const auto in = brokendns64();
  const auto r = compute_level(in, plan.levels);
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 0);
  // An IPv6-only node whose DNS64 is broken: never "dual-stack", never "IPv4-dependent".
  EXPECT_EQ(r.access.mode, AccessMode::ipv6_only);
  EXPECT_EQ(r.summary, "not ready: 2 services unreachable (v4only.lab.test: service.http, service.tcp fail)");
  for (const auto& t : level_titles()) EXPECT_EQ(t.title.find("IPv4-dependent"), std::string::npos);
  const auto j = judge_plan(plan, 2026, kCommune, r, in);
  EXPECT_EQ(j.verdict, PlanVerdict::below);
  EXPECT_EQ(j.reason, "below the plan: L0, the plan requires L1");
  // The skipped NAT64 checks judged nothing: their services are listed as not assessed, not failed.
  EXPECT_TRUE(has(r.reasons, "big.lab.test not assessed")) << r.reasons.back();
}

TEST(LabCommunes, PmtuIsNotReadyAndBelowThePlan) {
  const Plan plan = shipped_plan();
  const auto in = pmtu();
  const auto r = compute_level(in, plan.levels);
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 0);
  EXPECT_EQ(r.summary, "not ready: 1 service unreachable (big.lab.test: nat64.pmtu fail)");
  const auto j = judge_plan(plan, 2026, kCommune, r, in);
  EXPECT_EQ(j.verdict, PlanVerdict::below);
  EXPECT_EQ(j.reason, "below the plan: L0, the plan requires L1");
}

TEST(Levels, ServicesByTargetAndPath) {
  const auto r = compute_level(ready(), LevelRules{});
  std::map<std::string, std::pair<ServiceState, std::optional<ServicePath>>> by;
  for (const auto& s : r.services) by[s.target] = {s.state, s.path};
  EXPECT_EQ(by.at("v4only.lab.test:80").second, ServicePath::nat64);
  EXPECT_EQ(by.at("v6only.lab.test:80").second, ServicePath::native_ipv6);
  EXPECT_EQ(by.at("big.lab.test").first, ServiceState::reachable);
  const auto b = compute_level(brokendns64(), LevelRules{});
  for (const auto& s : b.services)
    if (s.target == "v4only.lab.test:80") {
      EXPECT_EQ(s.state, ServiceState::unreachable);
      EXPECT_EQ(s.path, std::nullopt);
    }
}

TEST(Levels, NoWorkingIpv6IsNotReady) {
  // A dual-stack node whose IPv6 is down: every service reached over IPv4, every IPv6 attempt failed.
  LevelInputs in;
  in.checks = {chk("v6only.leak", "v6only.leak", "eth0", Verdict::fail, Via::none, Family::ipv4),
               chk("dualstack.parity", "dualstack.parity", "http://dual.lab.test/", Verdict::pass, Via::ipv4,
                   Family::any),
               chk("svc6", "service.http", "http://dual.lab.test/", Verdict::fail, Via::native)};
  in.have_capture = true;
  const auto r = compute_level(in, LevelRules{});
  // The service is reached (over IPv4) by the dualstack check, so nothing is unreachable; IPv6 fails.
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 0);
  EXPECT_EQ(r.summary.rfind("not ready: no working IPv6", 0), 0u) << r.summary;
  EXPECT_EQ(r.access.mode, AccessMode::ipv4_only);
}

TEST(Levels, Ipv6OnlyWithDns64FaultsIsL1NeverDualStack) {
  // Every service reachable, but a dns64 check fails: not L2, and the summary says IPv6-only.
  auto in = ready();
  for (auto& c : in.checks)
    if (c.check_id == "dns64.synth.mapped") c.verdict = Verdict::fail;
  const auto r = compute_level(in, LevelRules{});
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 1);
  EXPECT_EQ(r.summary.rfind("IPv6-only, every service reachable", 0), 0u) << r.summary;
  EXPECT_EQ(r.summary.find("dual-stack"), std::string::npos);
  EXPECT_TRUE(has(r.reasons, "L2 not met: DNS64/NAT64 not clean: dns64.synthesis dns64.synth.mapped fail"));
  // A warn blocks L2 only when the plan says so.
  auto w = ready();
  for (auto& c : w.checks)
    if (c.check_id == "dns64.synth.mapped") c.verdict = Verdict::warn;
  EXPECT_EQ(compute_level(w, LevelRules{}).level, 3);
  LevelRules strict;
  strict.l2_allow_warn = false;
  EXPECT_EQ(compute_level(w, strict).level, 1);
  auto u = ready();
  u.unexpected_prefix = true;
  EXPECT_EQ(compute_level(u, LevelRules{}).level, 1);
}

TEST(Levels, ErrorIsAGapOfTheHarnessNotAFailure) {
  // nat64.pmtu could not judge: L3 cannot be granted but is "not assessed", never "not met"; the site
  // keeps L2 and still meets a plan that asks for L2; against L3 it is not assessed, not below.
  const Plan plan = shipped_plan();
  auto in = ready();
  for (auto& c : in.checks)
    if (c.kind == "nat64.pmtu") c.verdict = Verdict::error;
  const auto r = compute_level(in, plan.levels);
  ASSERT_TRUE(r.level);
  EXPECT_EQ(*r.level, 2);
  EXPECT_EQ(r.not_assessed_from, 3);
  EXPECT_NE(r.summary.find("L≥3 not assessed: nat64.pmtu could not judge (nat64.pmtu)"), std::string::npos)
      << r.summary;
  EXPECT_FALSE(has(r.reasons, "L3 not met"));
  EXPECT_TRUE(has(r.reasons, "gaps of the harness"));
  const auto* pm = row(r, Level::L3, "nat64.pmtu");
  ASSERT_NE(pm, nullptr);
  EXPECT_EQ(pm->state, CoverageState::not_judged);
  EXPECT_EQ(judge_plan(plan, 2027, kCommune, r, in).verdict, PlanVerdict::meets);
  const auto j = judge_plan(plan, 2029, kCommune, r, in);
  EXPECT_EQ(j.verdict, PlanVerdict::not_assessed) << j.reason;
  // An error on a DNS64 check does not take L2 away either.
  auto d = ready();
  for (auto& c : d.checks)
    if (c.check_id == "dns64.synth.mapped") c.verdict = Verdict::error;
  EXPECT_EQ(compute_level(d, plan.levels).level, 3);
}

TEST(Levels, RungNotAssessedNamesTheMissingKinds) {
  const LevelRules rules;
  // No v6only.leak and no IPv4 seen: dual-stack or IPv6-only is not shown, so no level at all.
  auto noleak = ready();
  std::erase_if(noleak.checks, [](const CheckBrief& x) { return x.kind == "v6only.leak"; });
  const auto a = compute_level(noleak, rules);
  EXPECT_EQ(a.level, std::nullopt);
  EXPECT_EQ(a.not_assessed_from, 1);
  EXPECT_EQ(a.access.mode, AccessMode::unknown);
  EXPECT_NE(a.summary.find("access mode unknown"), std::string::npos) << a.summary;
  EXPECT_TRUE(has(a.reasons, "add v6only.leak"));
  EXPECT_EQ(row(a, Level::L2, "v6only.leak")->state, CoverageState::missing);
  const Plan plan = shipped_plan();
  EXPECT_EQ(judge_plan(plan, 2026, kCommune, a, noleak).verdict, PlanVerdict::not_assessed);

  // No nat64.pmtu and no option 108 check: L2 shown, L≥3 not assessed naming both kinds.
  auto no3 = ready();
  std::erase_if(no3.checks,
                [](const CheckBrief& x) { return x.kind == "nat64.pmtu" || x.kind == "v6only.dhcp108"; });
  const auto b = compute_level(no3, rules);
  EXPECT_EQ(b.level, 2);
  EXPECT_EQ(b.not_assessed_from, 3);
  EXPECT_NE(b.summary.find("no v6only.dhcp108 result"), std::string::npos) << b.summary;
  EXPECT_NE(b.summary.find("no nat64.pmtu result"), std::string::npos) << b.summary;
  LevelRules lax;
  lax.l3_require_pmtu_check = false;
  EXPECT_EQ(row(compute_level(no3, lax), Level::L3, "nat64.pmtu"), nullptr);  // the plan switched it off

  // No capture: IPv4 frames cannot be ruled out.
  auto nocap = ready();
  nocap.have_capture = false;
  const auto c = compute_level(nocap, rules);
  EXPECT_EQ(c.level, 2);
  EXPECT_NE(c.summary.find("L≥3 not assessed: no capture"), std::string::npos) << c.summary;

  // No reachability check at all: nothing to judge L1 with.
  LevelInputs empty;
  empty.checks = {chk("v6only.leak", "v6only.leak", "eth0", Verdict::pass)};
  const auto e = compute_level(empty, rules);
  EXPECT_EQ(e.level, std::nullopt);
  EXPECT_EQ(e.summary,
            "not assessed: the scenario has no reachability check (service.* / nat64.* / dualstack.*)");

  // Without a service.* check, L4 is not assessed.
  auto nosvc = ready();
  std::erase_if(nosvc.checks, [](const CheckBrief& x) { return x.kind.rfind("service.", 0) == 0; });
  const auto f = compute_level(nosvc, rules);
  EXPECT_EQ(f.level, 3);
  EXPECT_EQ(f.not_assessed_from, 4);
  EXPECT_NE(f.summary.find("L4 not assessed: no service.* result"), std::string::npos) << f.summary;
}

TEST(Levels, L3BlocksAndL4) {
  const LevelRules rules;
  auto v4 = ready();
  v4.ipv4_frames = 3;
  const auto a = compute_level(v4, rules);
  // IPv4 frames in the capture show IPv4 on the segment: the node is dual-stack.
  EXPECT_EQ(a.level, 1);
  EXPECT_EQ(a.access.mode, AccessMode::dual_stack);
  auto hole = ready();
  hole.pmtu_black_hole = true;
  EXPECT_EQ(compute_level(hole, rules).level, 2);
  auto dis = ready();
  dis.disagreement = true;
  EXPECT_EQ(compute_level(dis, rules).level, 2);
  auto nopref = ready();
  nopref.pref64_discovered = false;
  const auto np = compute_level(nopref, rules);
  EXPECT_EQ(np.level, 2);
  EXPECT_TRUE(has(np.reasons, "L3 not met: Pref64::/n not discovered"));
  auto hyg = ready();
  for (auto& c : hyg.checks)
    if (c.kind == "v6only.dhcp108") c.verdict = Verdict::fail;
  EXPECT_EQ(compute_level(hyg, rules).level, 2);
  auto native = ready();
  for (auto& c : native.checks)
    if (c.via_nat64 && c.kind.rfind("service.", 0) == 0) {
      c.via_nat64 = false;
      c.remote_native_ipv6 = true;
    }
  const auto l4 = compute_level(native, rules);
  EXPECT_EQ(l4.level, 4);
  EXPECT_EQ(l4.summary.rfind("native IPv6 for every service", 0), 0u) << l4.summary;
}

TEST(PlanVerdict, ReliedOnFailAndNotInPlan) {
  const Plan plan = shipped_plan();
  // L2 reached, but a dualstack check the L1 plan relies on fails: below, with the check named.
  auto in = ready();
  for (auto& c : in.checks)
    if (c.kind == "dualstack.parity") c.verdict = Verdict::fail;
  const auto r = compute_level(in, plan.levels);
  EXPECT_EQ(r.level, 3);
  const auto j = judge_plan(plan, 2026, kCommune, r, in);
  EXPECT_EQ(j.verdict, PlanVerdict::below);
  EXPECT_EQ(j.reason,
            "below the plan: L3 reaches L1, but L1 relies on the reachability checks: dualstack.parity fail");
  // A v6only fail (hygiene) is not something L1 or L2 relies on.
  auto lit = ready();
  for (auto& c : lit.checks)
    if (c.kind == "v6only.literal") c.verdict = Verdict::fail;
  const auto rl = compute_level(lit, plan.levels);
  EXPECT_EQ(rl.level, 2);
  EXPECT_EQ(judge_plan(plan, 2027, kCommune, rl, lit).verdict, PlanVerdict::meets);
  EXPECT_EQ(judge_plan(plan, 2029, kCommune, rl, lit).verdict, PlanVerdict::below);

  // Paths no class matches, at any depth, are "not in the plan".
  const auto good = compute_level(ready(), plan.levels);
  for (const char* site : {"elsewhere", "other/x/y", "province/a/b/c/d/e"}) {
    const auto n = judge_plan(plan, 2026, site, good, ready());
    EXPECT_EQ(n.verdict, PlanVerdict::not_in_plan) << site;
    EXPECT_EQ(n.site_class, "unclassified");
    EXPECT_EQ(n.reason.rfind("not in the plan: no site class of plan province-2026-2030 matches", 0), 0u);
  }
  // The shipped plan's classes still match their paths.
  EXPECT_EQ(judge_plan(plan, 2026, "province/district-a", good, ready()).site_class, "district");
  EXPECT_EQ(judge_plan(plan, 2026, "province", good, ready()).site_class, "province");
}

namespace {

// The NAT64 behaviour kinds (core/check_kind.hpp is_nat_behaviour): their fail is neither an
// unreachable service nor a DNS64/NAT64 fault; with l3_require_eim_mapping, nat64.mapping decides L3.
TEST(Levels, NatBehaviourKindsAndTheEimMappingSwitch) {
  LevelRules rules;
  auto in = baseline();
  in.checks.push_back(chk("rt.mapping", "nat64.mapping", "192.0.2.30", Verdict::fail, Via::nat64));
  in.checks.push_back(chk("rt.filtering", "nat64.filtering", "192.0.2.30", Verdict::warn, Via::nat64));
  in.checks.push_back(chk("rt.hairpin", "nat64.hairpin", "192.0.2.30", Verdict::fail, Via::nat64));
  // switch off: the failing behaviour checks change nothing (still L3, the STUN server is no service)
  const auto off = compute_level(in, rules);
  EXPECT_EQ(off.level, 3) << off.summary;
  for (const auto& s : off.services) EXPECT_NE(s.target, "192.0.2.30");
  // switch on: an address-and-port-dependent mapping keeps the site at L2, with the reason
  rules.l3_require_eim_mapping = RealtimeRule::not_failing;
  const auto on = compute_level(in, rules);
  EXPECT_EQ(on.level, 2) << on.summary;
  EXPECT_TRUE(has(on.reasons, "L3 not met: NAT64 mapping not endpoint-independent (RFC 4787 REQ-1)"))
      << on.summary;
  // endpoint-independent: L3 again
  for (auto& c : in.checks)
    if (c.kind == "nat64.mapping") c.verdict = Verdict::pass;
  EXPECT_EQ(compute_level(in, rules).level, 3);
  // without a nat64.mapping result the site is not held back; its reasons say what was not shown
  auto none = baseline();
  const auto na = compute_level(none, rules);
  EXPECT_EQ(na.level, 3) << na.summary;
  EXPECT_TRUE(
      has(na.reasons, "L3 granted without: endpoint-independent NAT64 mapping (no nat64.mapping result"))
      << na.summary;
}

// l3_require_udp_lifetime (RFC 4787 REQ-5): a failing nat64.udp_lifetime holds L3 back; a pass is
// shown; a bounded run (skipped: 2 min not tested) or no result keeps L3 and says so.
TEST(Levels, UdpLifetimeSwitch) {
  LevelRules rules;
  auto in = baseline();
  in.checks.push_back(chk("rt.udp_lifetime", "nat64.udp_lifetime", "192.0.2.30", Verdict::fail, Via::nat64));
  EXPECT_EQ(compute_level(in, rules).level, 3) << "switch off: nothing changes";
  rules.l3_require_udp_lifetime = RealtimeRule::not_failing;
  const auto on = compute_level(in, rules);
  EXPECT_EQ(on.level, 2) << on.summary;
  EXPECT_TRUE(
      has(on.reasons, "L3 not met: NAT64 UDP mapping expires in less than 2 minutes (RFC 4787 REQ-5)"))
      << on.summary;
  for (const auto& s : on.services) EXPECT_NE(s.target, "192.0.2.30") << "the STUN server is no service";
  in.checks.back().verdict = Verdict::skipped;
  const auto bounded = compute_level(in, rules);
  EXPECT_EQ(bounded.level, 3) << bounded.summary;
  EXPECT_TRUE(has(
      bounded.reasons,
      "L3 granted without: NAT64 UDP mapping lifetime >= 2 min (nat64.udp_lifetime rt.udp_lifetime skipped)"))
      << bounded.summary;
  in.checks.back().verdict = Verdict::pass;
  const auto shown = compute_level(in, rules);
  EXPECT_EQ(shown.level, 3);
  EXPECT_FALSE(has(shown.reasons, "L3 granted without")) << shown.summary;
  const auto none = compute_level(baseline(), rules);
  EXPECT_EQ(none.level, 3);
  EXPECT_TRUE(
      has(none.reasons, "L3 granted without: NAT64 UDP mapping lifetime >= 2 min (no nat64.udp_lifetime"));
  // both switches: both gaps named in one reason
  rules.l3_require_eim_mapping = RealtimeRule::not_failing;
  EXPECT_TRUE(has(compute_level(baseline(), rules).reasons,
                  "L3 granted without: endpoint-independent NAT64 mapping (no nat64.mapping result in this "
                  "scenario); NAT64 UDP mapping lifetime >= 2 min"));
}

// `shown` (the shipped plan): L3 needs a judging result of each kind. Without one the site is L2 with
// L3 not assessed, the coverage naming the kind; a bounded run (skipped) is no proof either; a fail
// still holds L3 back as not met.
TEST(Levels, RealtimeSwitchesShown) {
  LevelRules rules;
  rules.l3_require_eim_mapping = RealtimeRule::shown;
  rules.l3_require_udp_lifetime = RealtimeRule::shown;
  auto in = baseline();
  const auto none = compute_level(in, rules);
  EXPECT_EQ(none.level, 2) << none.summary;
  EXPECT_EQ(none.not_assessed_from, 3);
  ASSERT_NE(row(none, Level::L3, "nat64.mapping"), nullptr);
  EXPECT_EQ(row(none, Level::L3, "nat64.mapping")->state, CoverageState::missing);
  EXPECT_EQ(row(none, Level::L3, "nat64.udp_lifetime")->state, CoverageState::missing);
  EXPECT_NE(none.summary.find("no nat64.mapping result"), std::string::npos) << none.summary;
  EXPECT_NE(none.summary.find("no nat64.udp_lifetime result"), std::string::npos) << none.summary;
  EXPECT_FALSE(has(none.reasons, "L3 granted without")) << none.summary;
  EXPECT_EQ(judge_plan(shipped_plan(), 2029, kCommune, none, in).verdict, PlanVerdict::not_assessed);

  in.checks.push_back(chk("rt.mapping", "nat64.mapping", "192.0.2.30", Verdict::pass, Via::nat64));
  in.checks.push_back(
      chk("rt.udp_lifetime", "nat64.udp_lifetime", "192.0.2.30", Verdict::skipped, Via::nat64));
  const auto bounded = compute_level(in, rules);
  EXPECT_EQ(bounded.level, 2) << bounded.summary;
  EXPECT_EQ(bounded.not_assessed_from, 3);
  EXPECT_EQ(row(bounded, Level::L3, "nat64.mapping")->state, CoverageState::present);
  EXPECT_EQ(row(bounded, Level::L3, "nat64.udp_lifetime")->state, CoverageState::not_judged);

  in.checks.back().verdict = Verdict::pass;
  const auto shown = compute_level(in, rules);
  EXPECT_EQ(shown.level, 3) << shown.summary;
  EXPECT_EQ(shown.not_assessed_from, std::nullopt);
  EXPECT_FALSE(has(shown.reasons, "L3 granted without")) << shown.summary;
  EXPECT_EQ(judge_plan(shipped_plan(), 2029, kCommune, shown, in).verdict, PlanVerdict::meets);

  in.checks.back().verdict = Verdict::fail;
  const auto failed = compute_level(in, rules);
  EXPECT_EQ(failed.level, 2) << failed.summary;
  EXPECT_EQ(failed.not_assessed_from, std::nullopt);
  EXPECT_TRUE(
      has(failed.reasons, "L3 not met: NAT64 UDP mapping expires in less than 2 minutes (RFC 4787 REQ-5)"))
      << failed.summary;
  EXPECT_EQ(judge_plan(shipped_plan(), 2029, kCommune, failed, in).verdict, PlanVerdict::below);
}

}  // namespace

// The checks a coverage row names come by id, not in the order the checks finished: the same results
// in another order give the same rows.
TEST(Coverage, RowsNameTheirChecksByIdWhateverOrderTheyFinishedIn) {
  auto in = ready();
  const auto forward = compute_level(in, LevelRules{});
  std::reverse(in.checks.begin(), in.checks.end());
  const auto backward = compute_level(in, LevelRules{});
  ASSERT_EQ(forward.coverage.size(), backward.coverage.size());
  bool several = false;
  for (std::size_t i = 0; i < forward.coverage.size(); ++i) {
    const auto& checks = backward.coverage[i].checks;
    EXPECT_EQ(forward.coverage[i].checks, checks) << forward.coverage[i].requirement;
    EXPECT_TRUE(std::is_sorted(checks.begin(), checks.end())) << forward.coverage[i].requirement;
    several = several || checks.size() > 1;
  }
  EXPECT_TRUE(several) << "no row names two checks: the order is not tested";
}
