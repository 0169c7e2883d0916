// dns64.synthesis against scripted answers (FakeDnsClient): for every clause a resolver scripted to be
// right and one scripted to be wrong, and for the TTL clause the cache-countdown edge (a sample that
// cannot separate, then a wait for the refresh within the deadline, or "cannot judge now").
#include <gtest/gtest.h>

#include "core/rfc6052.hpp"
#include "dns64_fixture.hpp"

namespace v6r::probe {
namespace {

using namespace dns64_tests;
using Harness = dns64_tests::KindHarness<"dns64.synthesis">;

const char* kV4 = "v4only.lab.test.";

/// A compliant DNS64 by default: A TTL 300, the zone's negative TTL (SOA MINIMUM) 60, so the
/// synthesized AAAA gets min(300, 60) = 60 — a sample that separates it from an A-TTL-only resolver.
void script_v4only(Harness& h, const std::string& synth = "2001:db8:64::c000:20a",
                   std::uint32_t aaaa_ttl = 60, std::uint32_t a_ttl = 300, std::uint32_t soa_minimum = 60) {
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, synth, aaaa_ttl)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", a_ttl)}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, soa_minimum)}));
}

/// The sub-verdict `name` of a result (core/result.hpp Clause); nullopt when it was not judged.
std::optional<Clause> clause(const CheckOutcome& o, const std::string& name) {
  for (const auto& c : o.result.clauses)
    if (c.clause == name) return c;
  return std::nullopt;
}
std::string clause_verdict(const CheckOutcome& o, const std::string& name) {
  const auto c = clause(o, name);
  return c ? std::string(to_string(c->verdict)) : "(not judged)";
}

TEST(Dns64Synthesis, RightPrefixPasses) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.reason,
            "AAAA 2001:db8:64::c000:20a synthesized under 2001:db8:64::/96 from A 192.0.2.10");
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.5");
  EXPECT_EQ(o.result.family, Family::ipv6);
  EXPECT_EQ(o.result.target, "v4only.lab.test.");
  EXPECT_EQ(o.result.addresses.resolver, "2001:db8::53");
  EXPECT_EQ(o.result.evidence.dns_ids.size(), 3u);  // AAAA, A, SOA
  // One resolver socket: one flow carrying the check's three DNS ids (core/result.hpp Flow::dns_ids).
  ASSERT_EQ(o.result.evidence.flows.size(), 1u);
  EXPECT_EQ(o.result.evidence.flows[0].dns_ids.size(), 3u);
  EXPECT_TRUE(o.result.timings_ms.count("dns_aaaa"));
  EXPECT_TRUE(o.result.timings_ms.count("dns_a"));
  EXPECT_EQ(o.result.observed["embedded_ipv4"]["2001:db8:64::c000:20a"], "192.0.2.10");
  EXPECT_EQ(o.result.observed["ttl"]["bound"], 60);
  EXPECT_FALSE(o.retryable);
  // One sub-verdict per clause judged, all pass; nothing judged that does not apply.
  std::vector<std::string> names;
  for (const auto& c : o.result.clauses) {
    names.push_back(c.clause);
    EXPECT_EQ(c.verdict, Verdict::pass) << c.clause << ": " << c.reason;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"synthesis", "prefix", "embedding", "ttl"}));
  EXPECT_EQ(clause(o, "embedding")->reason, "AAAA 2001:db8:64::c000:20a embeds A 192.0.2.10 (u-octet zero)");
}

TEST(Dns64Synthesis, WrongPrefixFailsNamingBoth) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:65::c000:20a");
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_EQ(o.result.reason,
            "AAAA 2001:db8:65::c000:20a is under 2001:db8:65::/96, expected 2001:db8:64::/96");
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.5");
  EXPECT_EQ(clause_verdict(o, "prefix"), "fail");
  EXPECT_EQ(clause_verdict(o, "synthesis"), "pass");  // an AAAA was synthesized, only not right
  EXPECT_EQ(clause_verdict(o, "embedding"), "(not judged)");
}

TEST(Dns64Synthesis, WrongEmbeddedAddressFails) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20b");
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("embeds 192.0.2.11, which is not among the A records [192.0.2.10]"),
            std::string::npos)
      << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "embedding"), "fail");
  EXPECT_EQ(clause_verdict(o, "prefix"), "pass");
}

TEST(Dns64Synthesis, EveryPrefixLengthPasses) {
  for (int len : {32, 40, 48, 56, 64, 96}) {
    const Prefix pref = Prefix::masked(*IpAddr::parse("2001:db8:64::"), len);
    Harness h("{name: v4only.lab.test}", pref.to_string());
    auto v6 = addr::embed(pref, *Ipv4Addr::parse("192.0.2.10"));
    ASSERT_TRUE(v6);
    script_v4only(h, v6->to_string());
    auto o = h.run();
    EXPECT_EQ(o.result.verdict, Verdict::pass) << pref.to_string() << ": " << o.result.reason;
    EXPECT_EQ(o.result.observed["embedded_ipv4"][v6->to_string()], "192.0.2.10");
  }
}

TEST(Dns64Synthesis, NonZeroUOctetFails) {
  Harness h("{name: v4only.lab.test}", "2001:db8:64::/64");
  script_v4only(h, "2001:db8:64:0:ffc0:2:a00:0");  // 192.0.2.10 at /64, but bits 64-71 = 0xff
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail) << o.result.reason;
}

TEST(Dns64Synthesis, WellKnownPrefixWithNonGlobalIpv4Fails) {
  Harness h("{name: v4only.lab.test}", "64:ff9b::/96", R"(["64:ff9b::/96", "10.0.0.0/8"])");
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "64:ff9b::a01:203")}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "10.1.2.3")}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6052 §3.1");
  EXPECT_NE(o.result.reason.find("non-global IPv4 address 10.1.2.3"), std::string::npos);
  EXPECT_EQ(clause_verdict(o, "wkp_global"), "fail");
}

// RFC 6052 §3.1 allows the Well-Known Prefix only with a global IPv4 address, and every documentation
// range (RFC 5737) is non-global, so this test (and the private-range one above) cannot use one. Nothing
// is sent: the answers come from the scripted FakeDnsClient, and the addresses are data only.
TEST(Dns64Synthesis, WellKnownPrefixWithGlobalIpv4Passes) {
  Harness h("{name: v4only.lab.test}", "64:ff9b::/96", R"(["64:ff9b::/96", "8.0.0.0/8"])");
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "64:ff9b::801:203", 60)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "8.1.2.3")}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "wkp_global"), "pass");
}

TEST(Dns64Synthesis, AllowListRefusalIsError) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::cb00:7105")}));  // 203.0.113.5
  h.dns.on(N(kV4), 1, msg({a(kV4, "203.0.113.5")}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::error) << o.result.reason;
  EXPECT_NE(o.result.reason.find("refused by the allow-list"), std::string::npos) << o.result.reason;
  EXPECT_NE(o.result.reason.find("203.0.113.5"), std::string::npos);
  EXPECT_NE(o.result.reason.find("outside the scenario allow-list"), std::string::npos);
  EXPECT_EQ(clause_verdict(o, "allow_list"), "error");
  EXPECT_EQ(clause_verdict(o, "embedding"), "pass");
}

TEST(Dns64Synthesis, NoSynthesisFails) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("no synthesized AAAA"), std::string::npos);
  EXPECT_EQ(clause_verdict(o, "synthesis"), "fail");
}

TEST(Dns64Synthesis, NativePassthroughPasses) {
  Harness h("{name: dual.lab.test, expect: native}");
  h.dns.on(N("dual.lab.test."), 28, msg({aaaa("dual.lab.test.", "2001:db8:20::11")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.1");
  EXPECT_EQ(clause_verdict(o, "native_kept"), "pass");
  EXPECT_EQ(o.result.clauses.size(), 1u);
}

TEST(Dns64Synthesis, NativeWronglySynthesizedFails) {
  Harness h("{name: dual.lab.test, expect: native}");
  h.dns.on(N("dual.lab.test."), 28, msg({aaaa("dual.lab.test.", "2001:db8:64::c000:20b")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("synthesized AAAA 2001:db8:64::c000:20b"), std::string::npos);
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.1");
  EXPECT_EQ(clause_verdict(o, "native_kept"), "fail");
}

TEST(Dns64Synthesis, NxdomainPassedThroughPasses) {
  Harness h("{name: nx.lab.test, expect: nxdomain}");
  h.dns.on(N("nx.lab.test."), 28, msg({}, dns::Rcode::nxdomain, {soa("lab.test.", 3600, 600)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.2");
  EXPECT_EQ(clause_verdict(o, "nxdomain_kept"), "pass");
}

TEST(Dns64Synthesis, SynthesizedInsteadOfNxdomainFails) {
  Harness h("{name: nx.lab.test, expect: nxdomain}");
  h.dns.on(N("nx.lab.test."), 28, msg({aaaa("nx.lab.test.", "2001:db8:64::c000:20a")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("NOERROR with AAAA 2001:db8:64::c000:20a (synthesized under"),
            std::string::npos)
      << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "nxdomain_kept"), "fail");
}

TEST(Dns64Synthesis, NodataInsteadOfNxdomainFails) {
  Harness h("{name: nx.lab.test, expect: nxdomain}");
  h.dns.on(N("nx.lab.test."), 28, msg({}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
}

TEST(Dns64Synthesis, MappedReturnedIsWarn) {
  Harness h("{name: mapped.lab.test, expect: excluded}");
  h.dns.on(N("mapped.lab.test."), 28, msg({aaaa("mapped.lab.test.", "::ffff:192.0.2.10")}));
  h.dns.on(N("mapped.lab.test."), 1, msg({a("mapped.lab.test.", "192.0.2.10")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.4");
  EXPECT_NE(o.result.reason.find("::ffff:192.0.2.10"), std::string::npos);
  EXPECT_EQ(clause_verdict(o, "mapped_excluded"), "warn");
  EXPECT_EQ(clause_verdict(o, "synthesis"), "(not judged)");  // keeping the ::ffff AAAA is the one finding
}

TEST(Dns64Synthesis, MappedExcludedAndSynthesizedPasses) {
  Harness h("{name: mapped.lab.test, expect: excluded}");
  h.dns.on(N("mapped.lab.test."), 28, msg({aaaa("mapped.lab.test.", "2001:db8:64::c000:20a")}));
  h.dns.on(N("mapped.lab.test."), 1, msg({a("mapped.lab.test.", "192.0.2.10")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.4");
  EXPECT_EQ(clause_verdict(o, "mapped_excluded"), "pass");
  EXPECT_EQ(clause_verdict(o, "synthesis"), "pass");
  EXPECT_EQ(clause_verdict(o, "ttl"), "(not judged)");
}

TEST(Dns64Synthesis, CnameChainKeptPasses) {
  Harness h("{name: cname.lab.test}");
  const std::vector<dns::ResourceRecord> chain = {cname("cname.lab.test.", "cname2.lab.test."),
                                                  cname("cname2.lab.test.", kV4)};
  auto with = [&](dns::ResourceRecord last) {
    auto v = chain;
    v.push_back(std::move(last));
    return v;
  };
  h.dns.on(N("cname.lab.test."), 28, msg(with(aaaa(kV4, "2001:db8:64::c000:20a", 60))));
  h.dns.on(N("cname.lab.test."), 1, msg(with(a(kV4, "192.0.2.10"))));
  h.dns.on(N("cname.lab.test."), 6, msg(chain, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_NE(o.result.reason.find("CNAME chain kept"), std::string::npos);
  EXPECT_EQ(o.result.observed["aaaa_cname_chain"].size(), 3u);
  EXPECT_EQ(clause_verdict(o, "cname_kept"), "pass");
}

TEST(Dns64Synthesis, CnameChainDroppedFails) {
  Harness h("{name: cname.lab.test}");
  h.dns.on(N("cname.lab.test."), 28, msg({aaaa("cname.lab.test.", "2001:db8:64::c000:20a")}));
  h.dns.on(N("cname.lab.test."), 1,
           msg({cname("cname.lab.test.", "cname2.lab.test."), cname("cname2.lab.test.", kV4),
                a(kV4, "192.0.2.10")}));
  h.dns.on(N("cname.lab.test."), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.3");
  EXPECT_NE(o.result.reason.find("the AAAA answer has none"), std::string::npos) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "cname_kept"), "fail");
}

TEST(Dns64Synthesis, TtlRightPasses) {
  // Compliant: min(A 300, MINIMUM 60) = 60, where an A-TTL-only resolver would have said ~300.
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20a", 58, 300, 60);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "ttl"), "pass");
  EXPECT_EQ(o.result.observed["ttl"]["soa_minimum"], 60);
  EXPECT_EQ(o.result.observed["ttl"]["judged"], "within the bound");
  EXPECT_EQ(h.dns.count(N(kV4), 28), 1u);  // judged at once: no wait, no second sample
}

TEST(Dns64Synthesis, TtlWrongWarns) {
  // A DNS64 that gives the synthesized AAAA the A TTL and ignores the negative answer's SOA.
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20a", 300, 300, 60);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.7");
  EXPECT_EQ(o.result.reason, "synthesized TTL 300 s is above 60 s = min(A TTL 300, SOA MINIMUM 60)");
  EXPECT_EQ(clause_verdict(o, "ttl"), "warn");
  EXPECT_EQ(clause_verdict(o, "prefix"), "pass");
  EXPECT_EQ(o.result.observed["ttl"]["bound"], 60);
}

TEST(Dns64Synthesis, TtlAboveATtlWarns) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20a", 3600, 300, 600);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.7");
  EXPECT_EQ(o.result.reason, "synthesized TTL 3600 s is above 300 s = min(A TTL 300, SOA MINIMUM 600)");
}

TEST(Dns64Synthesis, TtlAtTheCountdownEdgeIsNeverPass) {
  // The cached A has counted down to 40 s, below the SOA MINIMUM 60: min(40, 60) = 40, and a resolver
  // that ignores the negative TTL also answers 40. Both scripts give the same sample; neither may pass.
  // The refresh (41 s) does not fit the 2 s deadline: info "cannot judge now", with the deadline that
  // would let it wait.
  for (std::uint32_t s : {40u, 38u}) {
    Harness h("{name: v4only.lab.test}");
    script_v4only(h, "2001:db8:64::c000:20a", s, 40, 60);
    auto o = h.run(2s);
    EXPECT_EQ(o.result.verdict, Verdict::info) << o.result.reason;
    EXPECT_EQ(clause_verdict(o, "ttl"), "info");
    EXPECT_NE(
        clause(o, "ttl")->reason.find("the A record's remaining TTL (40 s) is not above the negative-TTL "
                                      "bound (60 s)"),
        std::string::npos)
        << clause(o, "ttl")->reason;
    EXPECT_NE(clause(o, "ttl")->reason.find("deadline_ms: "), std::string::npos);
    EXPECT_EQ(o.result.observed["ttl"]["judged"], "cannot judge now");
    EXPECT_EQ(o.result.observed["ttl"]["refresh_in_s"], 41);
    EXPECT_EQ(h.dns.count(N(kV4), 28), 1u);  // no second sample: it would not fit
  }
}

/// The countdown edge with time to wait: A and AAAA at their last second (TTL 0), then the refresh.
void script_edge_then_refresh(Harness& h, std::uint32_t aaaa_after) {
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a", 0)}));
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a", aaaa_after)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", 0)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", 300)}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
}

TEST(Dns64Synthesis, TtlCountdownEdgeWaitsForTheRefreshThenWarnsWrong) {
  Harness h("{name: v4only.lab.test}");
  script_edge_then_refresh(h, 300);  // after the refresh: the A TTL again, not min(A, 60)
  const auto t0 = std::chrono::steady_clock::now();
  auto o = h.run(5s);
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "ttl"), "warn");
  EXPECT_NE(o.result.reason.find("synthesized TTL 300 s is above 60 s"), std::string::npos)
      << o.result.reason;
  EXPECT_NE(o.result.reason.find("after waiting 1200 ms"), std::string::npos) << o.result.reason;
  EXPECT_EQ(h.dns.count(N(kV4), 28), 2u);
  EXPECT_EQ(h.dns.count(N(kV4), 1), 2u);
  EXPECT_EQ(o.result.observed["ttl"]["samples"].size(), 2u);
  EXPECT_EQ(o.result.observed["ttl"]["waited_ms"], 1200);
  EXPECT_GE(took, 1200ms);
  EXPECT_TRUE(o.result.timings_ms.count("dns_aaaa_refresh2"));  // the second sample is evidence too
}

TEST(Dns64Synthesis, TtlCountdownEdgeWaitsForTheRefreshThenPassesRight) {
  Harness h("{name: v4only.lab.test}");
  script_edge_then_refresh(h, 60);
  auto o = h.run(5s);
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_NE(clause(o, "ttl")->reason.find("synthesized TTL 60 s is within 60 s"), std::string::npos)
      << clause(o, "ttl")->reason;
  EXPECT_NE(clause(o, "ttl")->reason.find("after waiting"), std::string::npos);
}

TEST(Dns64Synthesis, AnswerClausesAreJudgedTheSameAtTheCountdownEdge) {
  // The cache-countdown edge (A and AAAA in their last second) hides only the TTL clause: every other
  // clause gets the verdict it gets mid-cycle, right or wrong, and the TTL clause is never pass there.
  for (const char* synth : {"2001:db8:64::c000:20a", "2001:db8:65::c000:20a", "2001:db8:64::c000:20b"}) {
    Harness mid("{name: v4only.lab.test}");
    script_v4only(mid, synth);
    Harness edge("{name: v4only.lab.test}");
    script_v4only(edge, synth, 1, 1);
    const auto m = mid.run();
    const auto e = edge.run(1s);  // no time to wait for the refresh
    for (const char* c : {"synthesis", "prefix", "embedding"})
      EXPECT_EQ(clause_verdict(e, c), clause_verdict(m, c)) << synth << " " << c;
    if (clause(e, "ttl")) {
      EXPECT_EQ(clause_verdict(e, "ttl"), "info") << synth << ": " << clause(e, "ttl")->reason;
    }
    EXPECT_NE(e.result.verdict, Verdict::pass) << synth;  // pass mid-cycle only
  }
}

TEST(Dns64Synthesis, TtlOfANameWhoseATtlNeverExceedsTheNegativeTtlIsInfo) {
  // A0 = 30 <= MINIMUM 60: after the refresh the A TTL is still below the bound, so no moment of the
  // cache cycle can separate the two behaviours for this name.
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a", 0)}));
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a", 30)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", 0)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", 30)}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run(5s);
  EXPECT_EQ(o.result.verdict, Verdict::info) << o.result.reason;
  EXPECT_NE(clause(o, "ttl")->reason.find("for this name min(A TTL, bound) is always the A TTL"),
            std::string::npos)
      << clause(o, "ttl")->reason;
}

TEST(Dns64Synthesis, TtlWithoutSoaUses600) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a", 900)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", 86400)}));
  h.dns.on(N(kV4), 6, FakeDnsClient::Timeout{});
  auto o = h.run(500ms);
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(o.result.reason, "synthesized TTL 900 s is above 600 s = min(A TTL 86400, 600)");
}

TEST(Dns64Synthesis, DoCdIsInfoWithoutValidation) {
  Harness h("{name: v4only.lab.test, dnssec_ok_cd: true}");
  script_v4only(h);
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a")}), docd);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::info) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.5");
  EXPECT_NE(o.result.reason.find("binds only a validating DNS64"), std::string::npos) << o.result.reason;
  EXPECT_NE(o.result.reason.find("was synthesized"), std::string::npos);
  bool sent_docd = false;
  for (const auto& q : h.dns.queries()) sent_docd |= (q.qtype == 28 && q.opts.do_bit && q.opts.cd_bit);
  EXPECT_TRUE(sent_docd);
}

TEST(Dns64Synthesis, DoCdSynthesizedByValidatingResolverFails) {
  Harness h("{name: v4only.lab.test, dnssec_ok_cd: true}");
  script_v4only(h);
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  QueryOptions dok;
  dok.do_bit = true;
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a")}), docd);
  auto validated = msg({a(kV4, "192.0.2.10")});
  validated.header.ad = true;
  h.dns.on(N(kV4), 1, validated, dok);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.5");
}

TEST(Dns64Synthesis, DoCdNotSynthesizedByValidatingResolverPasses) {
  Harness h("{name: v4only.lab.test, dnssec_ok_cd: true}");
  script_v4only(h);
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  QueryOptions dok;
  dok.do_bit = true;
  h.dns.on(N(kV4), 28, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}), docd);
  auto validated = msg({a(kV4, "192.0.2.10")});
  validated.header.ad = true;
  h.dns.on(N(kV4), 1, validated, dok);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "do_cd"), "pass");
}

TEST(Dns64Synthesis, DoCdWithoutAnswerIsErrorKeepingTheClausesSoFar) {
  Harness h("{name: v4only.lab.test, dnssec_ok_cd: true}");
  script_v4only(h);
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  h.dns.on(N(kV4), 28, FakeDnsClient::Timeout{}, docd);
  auto o = h.run(300ms);
  EXPECT_EQ(o.result.verdict, Verdict::error) << o.result.reason;
  EXPECT_TRUE(o.retryable);
  EXPECT_EQ(clause_verdict(o, "prefix"), "pass");
}

const char* kEmpty = "empty.lab.test.";

TEST(Dns64Synthesis, EmptyAnswerKeptPasses) {
  Harness h("{name: empty.lab.test, expect: empty}");
  h.dns.on(N(kEmpty), 28, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  h.dns.on(N(kEmpty), 1, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.4");
  EXPECT_EQ(clause_verdict(o, "empty_kept"), "pass");
  EXPECT_EQ(o.result.observed["expect"], "empty");
}

TEST(Dns64Synthesis, EmptyAnswerSynthesizedFails) {
  // A DNS64 that makes up an AAAA for a name with nothing to synthesize from.
  Harness h("{name: empty.lab.test, expect: empty}");
  h.dns.on(N(kEmpty), 28, msg({aaaa(kEmpty, "2001:db8:64::c000:20a")}));
  h.dns.on(N(kEmpty), 1, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "empty_kept"), "fail");
  EXPECT_NE(o.result.reason.find("(synthesized under 2001:db8:64::/96) for a name with no A and no AAAA"),
            std::string::npos)
      << o.result.reason;
}

TEST(Dns64Synthesis, EmptyAnswerTurnedIntoNxdomainFails) {
  Harness h("{name: empty.lab.test, expect: empty}");
  h.dns.on(N(kEmpty), 28, msg({}, dns::Rcode::nxdomain, {soa("lab.test.", 3600, 60)}));
  h.dns.on(N(kEmpty), 1, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail) << o.result.reason;
  EXPECT_EQ(clause_verdict(o, "empty_kept"), "fail");
}

TEST(Dns64Synthesis, EmptyExpectationOnANameWithARecordsIsError) {
  // The scenario's premise does not hold: the resolver is not to blame, the check cannot judge.
  Harness h("{name: v4only.lab.test, expect: empty}");
  script_v4only(h);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::error) << o.result.reason;
  EXPECT_NE(o.result.reason.find("expect: empty does not apply to a name with A records"), std::string::npos)
      << o.result.reason;
  EXPECT_TRUE(o.result.clauses.empty());
}

TEST(Dns64Synthesis, MalformedAnswerIsErrorNamingTheParseError) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, std::vector<std::uint8_t>{0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 7, 'v'});
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_EQ(o.result.reason.rfind("malformed DNS answer to AAAA v4only.lab.test.: ", 0), 0u)
      << o.result.reason;
  EXPECT_NE(o.result.reason.find(o.result.observed["parse_error"].get<std::string>()), std::string::npos);
  EXPECT_FALSE(o.retryable);
  EXPECT_TRUE(o.result.observed.contains("parse_error"));
}

TEST(Dns64Synthesis, TimeoutIsRetryableError) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, FakeDnsClient::Timeout{});
  auto o = h.run(50ms);
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_TRUE(o.retryable);
  EXPECT_NE(o.result.reason.find("no DNS answer"), std::string::npos) << o.result.reason;
}

}  // namespace
}  // namespace v6r::probe
