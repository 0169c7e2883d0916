// service.tcp / service.http over FakeDnsClient + FakeTransport (path classification native-ipv6 vs
// nat64, status, refusals, missing AAAA), and the pure helpers of service_common.hpp.
#include <gmock/gmock.h>

#include "probes/checks/service_common.hpp"
#include "service_test_fixture.hpp"

namespace v6r::probe::svctest {
namespace {

using ::testing::HasSubstr;

class Service : public ServiceFixture {};

TcpConnectResult connected() {
  TcpConnectResult c;
  c.ok = true;
  c.local = ep("2001:db8:1:1::100", 40000);
  c.connect_time = 1500us;
  return c;
}

TEST_F(Service, TcpThroughNat64RecordsThePath) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:64::c000:20a"}));
  net.tcp["[2001:db8:64::c000:20a]:80"] = connected();
  const auto out = run(check("service.tcp", "{host: v4only.lab.test, port: 80}"));
  const auto& r = out.result;
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.observed["path"], "nat64");
  EXPECT_EQ(r.observed["address"], "2001:db8:64::c000:20a");
  EXPECT_EQ(r.family, Family::ipv6);
  EXPECT_EQ(dns.count(name("v4only.lab.test"), 1), 0u);  // IPv6 only: no A query
}

TEST_F(Service, TcpNativeTriesTheNextAddressAfterAFailure) {
  dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::dead", "2001:db8:20::11"}));
  TcpConnectResult t;
  t.timed_out = true;
  t.error = "timeout after 1000 ms";
  net.tcp["[2001:db8:20::dead]:443"] = t;
  net.tcp["[2001:db8:20::11]:443"] = connected();
  const auto out = run(check("service.tcp", "{host: dual.lab.test, port: 443}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass);
  EXPECT_EQ(out.result.observed["path"], "native-ipv6");
  EXPECT_EQ(out.result.observed["attempts"].size(), 2u);
}

TEST_F(Service, TcpUnderAnUnexpectedPrefixIsLabelledSo) {
  // The resolver synthesizes under 2001:db8:65::/96 (its ipv4only.arpa answer), the scenario expects
  // 2001:db8:64::/96: the path is NAT64 under an unexpected prefix, not native IPv6.
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:65::c000:20a"}));
  dns.on(name("ipv4only.arpa"), 28,
         aaaa_answer("ipv4only.arpa", {"2001:db8:65::c000:aa", "2001:db8:65::c000:ab"}));
  net.tcp["[2001:db8:65::c000:20a]:80"] = connected();
  const auto out = run(check("service.tcp", "{host: v4only.lab.test, port: 80}"));
  EXPECT_EQ(out.result.observed["path"], "nat64 (unexpected prefix)") << out.result.observed.dump();
  EXPECT_EQ(out.result.observed["resolver_pref64"], nlohmann::json::array({"2001:db8:65::/96"}));
  EXPECT_EQ(dns.count(name("ipv4only.arpa"), 28), 1u);
}

TEST_F(Service, TcpNativeStaysNativeWhenTheResolverSynthesizesElsewhere) {
  dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::11"}));
  dns.on(name("ipv4only.arpa"), 28,
         aaaa_answer("ipv4only.arpa", {"2001:db8:64::c000:aa", "2001:db8:64::c000:ab"}));
  net.tcp["[2001:db8:20::11]:443"] = connected();
  const auto out = run(check("service.tcp", "{host: dual.lab.test, port: 443}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["path"], "native-ipv6");
}

TEST_F(Service, TcpToANativeLiteralAsksTheResolverNothing) {
  // A literal was not synthesized: no RFC 7050 query to label it, so a resolver that is down (the
  // dns64-down fault) costs the check nothing.
  dns.on(name("ipv4only.arpa"), 28, FakeDnsClient::Timeout{});
  net.tcp["[2001:db8:20::11]:80"] = connected();
  const auto out = run(check("service.tcp", "{address: \"2001:db8:20::11\", port: 80}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["path"], "native-ipv6");
  EXPECT_EQ(dns.count(name("ipv4only.arpa"), 28), 0u);
}

TEST_F(Service, TcpNoAaaaFails) {
  dns.on(name("v4only.lab.test"), 28, dns::Message{});
  const auto out = run(check("service.tcp", "{host: v4only.lab.test, port: 80}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("an IPv6-only client cannot reach it"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Service, TcpEmbeddedIpv4OutsideAllowListIsRefused) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {"2001:db8:64::cb00:7101"}));  // 203.0.113.1
  const auto out = run(check("service.tcp", "{host: evil.lab.test, port: 80}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Service, TcpDnsTimeoutIsRetryableError) {
  dns.on(name("v4only.lab.test"), 28, FakeDnsClient::Timeout{});
  const auto out = run(check("service.tcp", "{host: v4only.lab.test, port: 80}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(out.retryable);
}

TEST_F(Service, HttpStatusAndPath) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:64::c000:20a"}));
  net.http["[2001:db8:64::c000:20a]:8080"] = http_ok(200, "ab");
  auto out = run(check("service.http", "{url: \"http://v4only.lab.test:8080/health\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["path"], "nat64");
  EXPECT_EQ(net.calls().at(0).http.path, "/health");
  EXPECT_EQ(net.calls().at(0).http.host, "v4only.lab.test:8080");

  net.http["[2001:db8:64::c000:20a]:8080"] = http_ok(503, "ab");
  out = run(check("service.http", "{url: \"http://v4only.lab.test:8080/health\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("answered 503, expected 200"));
  EXPECT_EQ(out.result.rfc, "RFC 9110 §15");
}

TEST_F(Service, HttpFollowsARedirectWithinTheAllowList) {
  dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::11"}));
  net.http["[2001:db8:20::11]:80"] = http_ok(301, "", {{"Location", "http://[2001:db8:20::12]/new"}});
  net.http["[2001:db8:20::12]:80"] = http_ok(200, "cd");
  const auto out = run(check("service.http", "{url: \"http://dual.lab.test/\", follow_redirects: true}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["hops"].size(), 2u);
  EXPECT_EQ(net.calls().at(1).http.path, "/new");
}

TEST(ServiceCommon, ClassifyPath) {
  const auto pref = *Prefix::parse("2001:db8:64::/96");
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("2001:db8:64::c000:20a"), pref), svc::Path::nat64);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("2001:db8:20::11"), pref), svc::Path::native_ipv6);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("64:ff9b::c000:20a"), std::nullopt), svc::Path::nat64);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("2001:db8:64::c000:20a"), std::nullopt),
            svc::Path::native_ipv6);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("192.0.2.10"), pref), svc::Path::ipv4);
  EXPECT_EQ(svc::to_string(svc::Path::native_ipv6), "native-ipv6");
  // Under a prefix the resolver synthesizes with (RFC 7050 through it) that is not the expected one.
  const std::vector<Prefix> resolver{*Prefix::parse("2001:db8:65::/96")};
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("2001:db8:65::c000:20a"), pref, resolver),
            svc::Path::nat64_unexpected);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("2001:db8:64::c000:20a"), pref, resolver), svc::Path::nat64);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("2001:db8:20::11"), pref, resolver), svc::Path::native_ipv6);
  EXPECT_EQ(svc::to_string(svc::Path::nat64_unexpected), "nat64 (unexpected prefix)");
  // The Well-Known Prefix is NAT64 when nothing else is expected, an unexpected prefix otherwise.
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("64:ff9b::c000:20a"), pref), svc::Path::nat64_unexpected);
  EXPECT_EQ(svc::classify_path(*IpAddr::parse("64:ff9b::c000:20a"), *Prefix::parse("64:ff9b::/96")),
            svc::Path::nat64);
  EXPECT_EQ(svc::synthesis_prefix(*IpAddr::parse("2001:db8:65::c000:20a"), pref, resolver),
            *Prefix::parse("2001:db8:65::/96"));
  EXPECT_FALSE(svc::synthesis_prefix(*IpAddr::parse("2001:db8:20::11"), pref, resolver));
}

TEST(ServiceCommon, ParseHttpUrl) {
  auto u = svc::parse_http_url("https://[2001:db8::1]:8443/a?b=c#frag");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->https);
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/a?b=c");
  EXPECT_TRUE(u->literal);
  u = svc::parse_http_url("http://dual.lab.test");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->path, "/");
  EXPECT_FALSE(u->literal);
  EXPECT_FALSE(svc::parse_http_url("ftp://x/"));
  EXPECT_FALSE(svc::parse_http_url("http://x:99999/"));
  EXPECT_FALSE(svc::parse_http_url("http://user@x/"));
}

TEST(ServiceCommon, Ipv4SideThroughNat64) {
  std::optional<svc::Path> chosen;
  const auto got = svc::ipv4_side({*Ipv4Addr::parse("192.0.2.11")}, svc::Ipv4Via::nat64,
                                  *Prefix::parse("2001:db8:64::/96"), chosen);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].to_string(), "2001:db8:64::c000:20b");
  EXPECT_EQ(chosen, svc::Path::nat64);
  EXPECT_TRUE(
      svc::ipv4_side({*Ipv4Addr::parse("192.0.2.11")}, svc::Ipv4Via::nat64, std::nullopt, chosen).empty());
  EXPECT_FALSE(chosen);
}

}  // namespace
}  // namespace v6r::probe::svctest
