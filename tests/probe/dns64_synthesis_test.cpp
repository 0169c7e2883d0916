// dns64.synthesis against scripted answers (FakeDnsClient): the pass and the fail case of every rule.
#include <gtest/gtest.h>

#include "check_fixture.hpp"
#include "core/rfc6052.hpp"

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;

using testing::a;
using testing::aaaa;
using testing::cname;
using testing::msg;
using testing::soa;
dns::Name N(const std::string& s) {
  return testing::name(s);
}

struct Harness : testing::ScriptedCheck {
  explicit Harness(const std::string& params, const std::string& pref64 = testing::kPref64,
                   const std::string& allow_list = testing::kAllow)
      : ScriptedCheck("dns64.synthesis", params, pref64, allow_list) {}
};

const char* kV4 = "v4only.lab.test.";

void script_v4only(Harness& h, const std::string& synth = "2001:db8:64::c000:20a",
                   std::uint32_t aaaa_ttl = 300, std::uint32_t a_ttl = 300) {
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, synth, aaaa_ttl)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", a_ttl)}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
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
  EXPECT_EQ(o.result.evidence.flows.size(), 3u);
  EXPECT_TRUE(o.result.timings_ms.count("dns_aaaa"));
  EXPECT_TRUE(o.result.timings_ms.count("dns_a"));
  EXPECT_EQ(o.result.observed["embedded_ipv4"]["2001:db8:64::c000:20a"], "192.0.2.10");
  EXPECT_EQ(o.result.observed["ttl"]["bound"], 300);
  EXPECT_FALSE(o.retryable);
}

TEST(Dns64Synthesis, WrongPrefixFailsNamingBoth) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:65::c000:20a");
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_EQ(o.result.reason,
            "AAAA 2001:db8:65::c000:20a is under 2001:db8:65::/96, expected 2001:db8:64::/96");
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.5");
}

TEST(Dns64Synthesis, WrongEmbeddedAddressFails) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20b");
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("embeds 192.0.2.11, which is not among the A records [192.0.2.10]"),
            std::string::npos)
      << o.result.reason;
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
}

TEST(Dns64Synthesis, NoSynthesisFails) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("no synthesized AAAA"), std::string::npos);
}

TEST(Dns64Synthesis, NativePassthroughPasses) {
  Harness h("{name: dual.lab.test, expect: native}");
  h.dns.on(N("dual.lab.test."), 28, msg({aaaa("dual.lab.test.", "2001:db8:20::11")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.1");
}

TEST(Dns64Synthesis, NativeWronglySynthesizedFails) {
  Harness h("{name: dual.lab.test, expect: native}");
  h.dns.on(N("dual.lab.test."), 28, msg({aaaa("dual.lab.test.", "2001:db8:64::c000:20b")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("synthesized AAAA 2001:db8:64::c000:20b"), std::string::npos);
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.1");
}

TEST(Dns64Synthesis, NxdomainPassedThroughPasses) {
  Harness h("{name: nx.lab.test, expect: nxdomain}");
  h.dns.on(N("nx.lab.test."), 28, msg({}, dns::Rcode::nxdomain, {soa("lab.test.", 3600, 600)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.2");
}

TEST(Dns64Synthesis, SynthesizedInsteadOfNxdomainFails) {
  Harness h("{name: nx.lab.test, expect: nxdomain}");
  h.dns.on(N("nx.lab.test."), 28, msg({aaaa("nx.lab.test.", "2001:db8:64::c000:20a")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("NOERROR with AAAA 2001:db8:64::c000:20a (synthesized under"),
            std::string::npos)
      << o.result.reason;
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
}

TEST(Dns64Synthesis, MappedExcludedAndSynthesizedPasses) {
  Harness h("{name: mapped.lab.test, expect: excluded}");
  h.dns.on(N("mapped.lab.test."), 28, msg({aaaa("mapped.lab.test.", "2001:db8:64::c000:20a")}));
  h.dns.on(N("mapped.lab.test."), 1, msg({a("mapped.lab.test.", "192.0.2.10")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.4");
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
  h.dns.on(N("cname.lab.test."), 28, msg(with(aaaa(kV4, "2001:db8:64::c000:20a"))));
  h.dns.on(N("cname.lab.test."), 1, msg(with(a(kV4, "192.0.2.10"))));
  h.dns.on(N("cname.lab.test."), 6, msg(chain, dns::Rcode::noerror, {soa("lab.test.", 3600, 600)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_NE(o.result.reason.find("CNAME chain kept"), std::string::npos);
  EXPECT_EQ(o.result.observed["aaaa_cname_chain"].size(), 3u);
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
}

TEST(Dns64Synthesis, TtlWithinSoaBoundPasses) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20a", 290, 300);  // SOA negative TTL 600, A 300: bound 300
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.observed["ttl"]["soa_minimum"], 600);
}

TEST(Dns64Synthesis, TtlAboveATtlWarns) {
  Harness h("{name: v4only.lab.test}");
  script_v4only(h, "2001:db8:64::c000:20a", 3600, 300);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.1.7");
  EXPECT_EQ(o.result.reason, "synthesized TTL 3600 s is above 300 s = min(A TTL 300, SOA MINIMUM 600)");
}

TEST(Dns64Synthesis, TtlAboveSoaNegativeTtlWarns) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N(kV4), 28, msg({aaaa(kV4, "2001:db8:64::c000:20a", 300)}));
  h.dns.on(N(kV4), 1, msg({a(kV4, "192.0.2.10", 300)}));
  h.dns.on(N(kV4), 6, msg({}, dns::Rcode::noerror, {soa("lab.test.", 3600, 60)}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::warn) << o.result.reason;
  EXPECT_EQ(o.result.observed["ttl"]["bound"], 60);
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
