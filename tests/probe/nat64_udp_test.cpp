// nat64.udp over FakeDnsClient + FakeTransport.
#include <gmock/gmock.h>

#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;

class Nat64Udp : public Nat64Fixture {
 protected:
  void SetUp() override {
    dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:64::c000:20a"}));
  }
};

std::vector<std::uint8_t> bytes(const std::string& s) {
  return {s.begin(), s.end()};
}

TEST_F(Nat64Udp, EchoPasses) {
  UdpResult u;
  u.ok = true;
  u.reply = bytes("v6ready");
  u.local = ep("2001:db8:1:1::100", 50000);
  u.rtt = 1200us;
  net.udp["[2001:db8:64::c000:20a]:7"] = u;
  const auto out = run(check("nat64.udp", "{host: v4only.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.rfc, "RFC 6146 §3.5.1");
  ASSERT_EQ(net.calls().size(), 1u);
  EXPECT_EQ(net.calls()[0].payload, bytes("v6ready"));
  EXPECT_EQ(out.result.observed["reply_matches"], true);
  EXPECT_DOUBLE_EQ(out.result.timings_ms.at("rtt"), 1.2);
  EXPECT_EQ(out.result.evidence.flows.back(),
            (v6r::Flow{"udp", "2001:db8:1:1::100", 50000, "2001:db8:64::c000:20a", 7, {}, false}));
}

TEST_F(Nat64Udp, DifferentReplyFails) {
  UdpResult u;
  u.ok = true;
  u.reply = bytes("something else");
  net.udp["[2001:db8:64::c000:20a]:7"] = u;
  const auto out = run(check("nat64.udp", "{host: v4only.lab.test, payload: hello}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("differs from the payload"));
  EXPECT_EQ(net.calls()[0].payload, bytes("hello"));
}

TEST_F(Nat64Udp, DifferentReplyPassesWithoutExpectEcho) {
  UdpResult u;
  u.ok = true;
  u.reply = bytes("answer");
  net.udp["[2001:db8:64::c000:20a]:53"] = u;
  const auto out = run(check("nat64.udp", "{host: v4only.lab.test, port: 53, expect_echo: false}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
}

TEST_F(Nat64Udp, TimeoutIsRetryableFail) {
  UdpResult u;
  u.timed_out = true;
  u.error = "no reply: timeout after 1500 ms";
  net.udp["[2001:db8:64::c000:20a]:7"] = u;
  const auto out = run(check("nat64.udp", "{host: v4only.lab.test}"), 1500ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_EQ(out.result.reason, "no UDP reply from 2001:db8:64::c000:20a port 7 within 1500 ms through NAT64");
}

TEST_F(Nat64Udp, PortUnreachableFails) {
  UdpResult u;
  u.error = "receive: Connection refused";
  net.udp["[2001:db8:64::c000:20a]:9"] = u;
  const auto out = run(check("nat64.udp", "{host: v4only.lab.test, port: 9}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_FALSE(out.retryable);
  EXPECT_THAT(out.result.reason, HasSubstr("Connection refused"));
}

TEST_F(Nat64Udp, AllowListRefusalSendsNothing) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {"2001:db8:64::cb00:7105"}));
  const auto out = run(check("nat64.udp", "{host: evil.lab.test}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("outside the scenario allow-list"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Udp, NotUnderPrefixIsSkipped) {
  const auto out = run(check("nat64.udp", "{address: \"2001:db8:20::11\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_TRUE(net.calls().empty());
}

}  // namespace
}  // namespace v6r::probe::testing
