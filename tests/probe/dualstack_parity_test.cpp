// dualstack.parity over FakeDnsClient + FakeTransport: pass, IPv6 broken, IPv4 broken, content
// differs (status, body, header), no AAAA of its own, the NAT64 IPv4 side, and the pure compare().
#include <gmock/gmock.h>

#include "probes/checks/dualstack_parity_compare.hpp"
#include "service_test_fixture.hpp"

namespace v6r::probe::svctest {
namespace {

using ::testing::HasSubstr;

class Parity : public ServiceFixture {
 protected:
  void SetUp() override {
    dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::11"}));
    dns.on(name("dual.lab.test"), 1, a_answer("dual.lab.test", {"192.0.2.11"}));
  }
  static constexpr const char* kV6 = "[2001:db8:20::11]:80";
  static constexpr const char* kV4 = "192.0.2.11:80";
  static constexpr const char* kNat = "[2001:db8:64::c000:20b]:80";
};

TEST_F(Parity, SameContentPasses) {
  net.http[kV6] = http_ok(200, "aa", {{"Content-Type", "text/html"}});
  net.http[kV4] = http_ok(200, "aa", {{"content-type", "text/html"}});
  const auto out = run(check("dualstack.parity",
                             "{url: \"http://dual.lab.test/\", compare_headers: [Content-Type], "
                             "ipv4_via: ipv4}"));
  const auto& r = out.result;
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.observed["diagnosis"], "parity");
  EXPECT_EQ(r.observed["ipv4_path"], "ipv4");
  EXPECT_TRUE(r.timings_ms.count("ipv6.total"));
  EXPECT_TRUE(r.timings_ms.count("ipv4.total"));
  EXPECT_EQ(r.addresses.remote, (std::vector<std::string>{"2001:db8:20::11", "192.0.2.11"}));
}

TEST_F(Parity, Ipv6BrokenSaysWhy) {
  HttpResult t;
  t.timed_out = true;
  t.error = "timeout";
  net.http[kV6] = t;
  net.http[kV4] = http_ok(200, "aa");
  const auto out = run(check("dualstack.parity", "{url: \"http://dual.lab.test/\", ipv4_via: ipv4}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_EQ(out.result.observed["diagnosis"], "ipv6-broken");
  EXPECT_THAT(out.result.reason, HasSubstr("IPv6 broken: no HTTP response from [2001:db8:20::11]:80"));
  EXPECT_TRUE(out.retryable);
}

TEST_F(Parity, Ipv4BrokenThroughNat64OnIpv6OnlyNode) {
  net.http[kV6] = http_ok(200, "aa");
  HttpResult refused;
  refused.error = "connection refused";
  net.http[kNat] = refused;
  const auto out = run(check("dualstack.parity", "{url: \"http://dual.lab.test/\", ipv4_via: nat64}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_EQ(out.result.observed["diagnosis"], "ipv4-broken");
  EXPECT_EQ(out.result.observed["ipv4_path"], "nat64");
  EXPECT_THAT(out.result.reason, HasSubstr("IPv4 (via NAT64) broken: GET / from [2001:db8:64::c000:20b]:80: "
                                           "connection refused"));
  EXPECT_FALSE(out.retryable);
}

TEST_F(Parity, ContentDiffersListsEachDifference) {
  net.http[kV6] = http_ok(200, "aaaaaaaaaaaaaaaa", {{"Server", "a"}});
  net.http[kV4] = http_ok(404, "bbbbbbbbbbbbbbbb", {{"Server", "b"}});
  const auto out = run(check("dualstack.parity",
                             "{url: \"http://dual.lab.test/x\", compare_headers: [server], ipv4_via: ipv4}"));
  const auto& r = out.result;
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.observed["diagnosis"], "content-differs");
  ASSERT_EQ(r.observed["differences"].size(), 3u);
  EXPECT_EQ(r.observed["differences"][0]["what"], "status");
  EXPECT_EQ(r.observed["differences"][1]["what"], "body_sha256");
  EXPECT_EQ(r.observed["differences"][2]["what"], "header server");
  EXPECT_THAT(r.reason, HasSubstr("status 200 over IPv6 vs 404"));
  EXPECT_EQ(net.calls().at(0).http.path, "/x");
}

TEST_F(Parity, SynthesizedAaaaIsNoIpv6) {
  dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:64::c000:20a"}));
  dns.on(name("v4only.lab.test"), 1, a_answer("v4only.lab.test", {"192.0.2.10"}));
  net.http["[2001:db8:64::c000:20a]:80"] = http_ok(200, "aa");
  const auto out = run(check("dualstack.parity", "{url: \"http://v4only.lab.test/\", ipv4_via: nat64}"));
  EXPECT_EQ(out.result.observed["diagnosis"], "ipv6-broken");
  EXPECT_THAT(out.result.reason, HasSubstr("no AAAA of its own"));
}

TEST_F(Parity, AllowListRefusalSendsNothing) {
  allow = AllowList{{*Prefix::parse("198.51.100.0/24")}};
  const auto out = run(check("dualstack.parity", "{url: \"http://dual.lab.test/\", ipv4_via: ipv4}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(net.calls().empty());
}

TEST(ParityCompare, TcpModeAndUnexpectedStatus) {
  parity::SideResult a, b;
  a.ok = b.ok = true;
  a.status = b.status = 503;
  parity::CompareOptions o;
  EXPECT_EQ(parity::compare(a, b, o).diagnosis, parity::Diagnosis::unexpected_status);
  o.http = false;
  EXPECT_EQ(parity::compare(a, b, o).diagnosis, parity::Diagnosis::parity);
  a.ok = b.ok = false;
  a.error = "x";
  b.error = "y";
  EXPECT_EQ(parity::compare(a, b, o).diagnosis, parity::Diagnosis::both_broken);
  EXPECT_EQ(parity::to_string(parity::Diagnosis::both_broken), "both-broken");
}

}  // namespace
}  // namespace v6r::probe::svctest
