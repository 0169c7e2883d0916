// nat64.icmp over FakeDnsClient + FakeTransport.
#include <gmock/gmock.h>

#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kKey = "[2001:db8:64::c000:20a]:0";

class Nat64Icmp : public Nat64Fixture {};

TEST_F(Nat64Icmp, EchoReplyPassesAndReportsMethod) {
  IcmpEchoResult e;
  e.ok = true;
  e.method = IcmpMethod::dgram;
  e.rtt = 800us;
  e.local = ep("2001:db8:1:1::100", 0);
  net.icmp[kKey] = e;
  const auto out = run(check("nat64.icmp", "{address: 192.0.2.10}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["method"], "dgram");
  EXPECT_EQ(out.result.observed["sent"], 3);
  EXPECT_EQ(out.result.observed["received"], 3);
  EXPECT_THAT(out.result.reason, HasSubstr("3/3 ICMPv6 echo replies"));
  EXPECT_EQ(out.result.rfc, "RFC 7915 §5.2, §4.2");
  EXPECT_EQ(net.calls().size(), 3u);
  EXPECT_EQ(out.result.evidence.flows.back().proto, "icmpv6");
}

TEST_F(Nat64Icmp, AllTimeoutsAreRetryableFail) {
  IcmpEchoResult e;
  e.timed_out = true;
  e.method = IcmpMethod::raw;
  e.error = "no echo reply: timeout after 600 ms";
  net.icmp[kKey] = e;
  const auto out = run(check("nat64.icmp", "{address: 192.0.2.10}"), 1800ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_EQ(
      out.result.reason,
      "no ICMPv6 echo reply from 2001:db8:64::c000:20a (IPv4 192.0.2.10) to 3 request(s) within 1800 ms "
      "through NAT64 (raw socket)");
  // Each request gets a share of what is left (the fake answers at once, so later shares grow).
  ASSERT_EQ(net.calls().size(), 3u);
  EXPECT_LE(net.calls()[0].deadline, 600ms);
}

TEST_F(Nat64Icmp, UnreachableErrorFails) {
  IcmpEchoResult e;
  e.method = IcmpMethod::dgram;
  e.error = "ICMPv6 error type 1 code 0";
  e.error_type = 1;
  e.error_code = 0;
  net.icmp[kKey] = e;
  const auto out = run(check("nat64.icmp", "{address: 192.0.2.10, count: 1}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_FALSE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("ICMPv6 error type 1 code 0"));
  EXPECT_EQ(out.result.observed["errors"][0]["icmpv6_type"], 1);
}

TEST_F(Nat64Icmp, NoSocketIsError) {
  IcmpEchoResult e;
  e.error = "no ICMPv6 socket: ping socket: Permission denied";
  net.icmp[kKey] = e;
  const auto out = run(check("nat64.icmp", "{address: 192.0.2.10}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("cannot send ICMPv6 echo"));
}

TEST_F(Nat64Icmp, AllowListRefusalSendsNothing) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {"2001:db8:64::cb00:7105"}));
  const auto out = run(check("nat64.icmp", "{host: evil.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("outside the scenario allow-list"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Icmp, NotUnderPrefixIsSkipped) {
  dns.on(name("v6only.lab.test"), 28, aaaa_answer("v6only.lab.test", {"2001:db8:20::12"}));
  const auto out = run(check("nat64.icmp", "{host: v6only.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_TRUE(net.calls().empty());
}

}  // namespace
}  // namespace v6r::probe::testing
