// nat64.tcp over FakeDnsClient + FakeTransport; also covers the shared path (nat64_path.hpp):
// prefix, DNS64 answer, not-under-prefix (native IPv6 or an unexpected prefix), allow-list refusal, literal
// IPv4 embedding, DNS failure.
#include <gmock/gmock.h>

#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kSynth = "2001:db8:64::c000:20a";  // 192.0.2.10 under 2001:db8:64::/96

class Nat64Tcp : public Nat64Fixture {};

TEST_F(Nat64Tcp, HandshakePasses) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {kSynth}));
  TcpConnectResult ok;
  ok.ok = true;
  ok.local = ep("2001:db8:1:1::100", 40000);
  ok.connect_time = 3500us;
  net.tcp["[2001:db8:64::c000:20a]:80"] = ok;
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}"));
  const auto& r = out.result;
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_FALSE(out.retryable);
  EXPECT_THAT(r.reason, HasSubstr("TCP handshake with 2001:db8:64::c000:20a port 80 (IPv4 192.0.2.10)"));
  EXPECT_EQ(r.rfc, "RFC 6146 §3.5.2");
  EXPECT_EQ(r.target, "v4only.lab.test");
  EXPECT_EQ(r.family, Family::ipv6);
  EXPECT_EQ(r.addresses.resolver, "2001:db8:53::1");
  EXPECT_EQ(r.addresses.local, "2001:db8:1:1::100");
  EXPECT_EQ(r.addresses.remote, std::vector<std::string>{kSynth});
  EXPECT_DOUBLE_EQ(r.timings_ms.at("connect"), 3.5);
  EXPECT_TRUE(r.timings_ms.count("dns"));
  EXPECT_EQ(r.observed["embedded_ipv4"], "192.0.2.10");
  EXPECT_EQ(r.observed["pref64"], "2001:db8:64::/96");
  EXPECT_EQ(r.observed["path"], "nat64");
  ASSERT_EQ(r.evidence.dns_ids.size(), 1u);
  const auto& flows = r.evidence.flows;
  ASSERT_FALSE(flows.empty());
  EXPECT_EQ(flows.back(), (v6r::Flow{"tcp", "2001:db8:1:1::100", 40000, kSynth, 80, {}, false}));
  ASSERT_EQ(net.calls().size(), 1u);
  EXPECT_EQ(net.calls()[0].kind, "tcp");
  EXPECT_LE(net.calls()[0].deadline, 2000ms);
}

TEST_F(Nat64Tcp, TimeoutIsRetryableFailWithReason) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {kSynth}));
  TcpConnectResult t;
  t.timed_out = true;
  t.error = "timeout after 1999 ms";
  net.tcp["[2001:db8:64::c000:20a]:80"] = t;
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}"), 2000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_EQ(out.result.reason,
            "no TCP handshake with 2001:db8:64::c000:20a port 80 within 2000 ms through NAT64");
}

TEST_F(Nat64Tcp, RefusedFailsNotRetryable) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {kSynth}));
  TcpConnectResult t;
  t.error = "Connection refused";
  net.tcp["[2001:db8:64::c000:20a]:81"] = t;
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test, port: 81}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_FALSE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("failed: Connection refused"));
}

TEST_F(Nat64Tcp, AllowListRefusalSendsNothing) {
  // DNS64 synthesized 203.0.113.5 (0xcb007105) — only 192.0.2.0/24 is allowed on the IPv4 side.
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {"2001:db8:64::cb00:7105"}));
  const auto out = run(check("nat64.tcp", "{host: evil.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("203.0.113.5"));
  EXPECT_THAT(out.result.reason, HasSubstr("outside the scenario allow-list"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, UnderAnotherResolverPrefixIsSkippedAsUnexpectedPrefix) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:65::c000:20a"}));
  dns.on(name("ipv4only.arpa"), 28,
         aaaa_answer("ipv4only.arpa", {"2001:db8:65::c000:aa", "2001:db8:65::c000:ab"}));
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_EQ(out.result.observed["path"], "nat64 (unexpected prefix)");
  EXPECT_THAT(out.result.reason,
              HasSubstr("is synthesized under 2001:db8:65::/96, not the expected NAT64 prefix "
                        "2001:db8:64::/96"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, NotUnderPrefixIsSkippedNativeIpv6) {
  dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::11"}));
  const auto out = run(check("nat64.tcp", "{host: dual.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_THAT(out.result.reason, HasSubstr("not under the NAT64 prefix 2001:db8:64::/96"));
  EXPECT_THAT(out.result.reason, HasSubstr("native IPv6, not NAT64"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, WrongPrefixSynthesisIsSkippedToo) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:65::c000:20a"}));
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, LiteralIpv4IsEmbeddedWithThePrefix) {
  TcpConnectResult ok;
  ok.ok = true;
  net.tcp["[2001:db8:64::c000:20a]:80"] = ok;
  const auto out = run(check("nat64.tcp", "{address: 192.0.2.10}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.target, "192.0.2.10");
  EXPECT_TRUE(dns.queries().empty());
  ASSERT_EQ(net.calls().size(), 1u);
  EXPECT_EQ(net.calls()[0].remote.to_string(), "[2001:db8:64::c000:20a]:80");
}

TEST_F(Nat64Tcp, LiteralIpv4OutsideAllowListSendsNothing) {
  const auto out = run(check("nat64.tcp", "{address: 198.51.100.7}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("outside the scenario allow-list"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, DnsTimeoutIsRetryableError) {
  dns.on(name("v4only.lab.test"), 28, FakeDnsClient::Timeout{});
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("cannot resolve v4only.lab.test through DNS64"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, NoAaaaIsError) {
  dns.on(name("v4only.lab.test"), 28, dns::Message{});
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("nothing synthesized"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Tcp, NoExpectedPrefixUsesRfc7050Discovery) {
  dns.on(name("ipv4only.arpa"), 28,
         aaaa_answer("ipv4only.arpa", {"2001:db8:64::c000:aa", "2001:db8:64::c000:ab"}));
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {kSynth}));
  TcpConnectResult ok;
  ok.ok = true;
  net.tcp["[2001:db8:64::c000:20a]:80"] = ok;
  const auto out = run(check("nat64.tcp", "{host: v4only.lab.test}", ""));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["pref64_source"], "rfc7050");
  EXPECT_EQ(out.result.observed["pref64"], "2001:db8:64::/96");
}

}  // namespace
}  // namespace v6r::probe::testing
