// dns64.ptr against scripted answers (FakeDnsClient): the pass and the fail case of every rule.
#include <gtest/gtest.h>

#include "core/rfc6052.hpp"
#include "dns64_fixture.hpp"

namespace v6r::probe {
namespace {

using namespace dns64_tests;
using Harness = dns64_tests::KindHarness<"dns64.ptr">;

const char* kIp6 = "a.0.2.0.0.0.0.c.0.0.0.0.0.0.0.0.0.0.0.0.4.6.0.0.8.b.d.0.1.0.0.2.ip6.arpa.";
const char* kInAddr = "10.2.0.192.in-addr.arpa.";

dns::ResourceRecord ptr(const std::string& owner, const std::string& target) {
  return {N(owner), dns::RrType::ptr, dns::RrClass::in, 300, dns::rdata::Domain{N(target)}};
}

TEST(Dns64Ptr, CnameToInAddrPasses) {
  Harness h("{address: \"2001:db8:64::c000:20a\"}");
  h.dns.on(N(kIp6), 12, msg({cname(kIp6, kInAddr), ptr(kInAddr, "v4only.lab.test.")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 6147 §5.3.1");
  EXPECT_EQ(o.result.observed["form"], "cname");
  EXPECT_EQ(o.result.observed["in_addr_name"], kInAddr);
  EXPECT_EQ(o.result.observed["chain"], nlohmann::json::array({kIp6, kInAddr}));
  EXPECT_EQ(o.result.target, "2001:db8:64::c000:20a");
}

TEST(Dns64Ptr, DirectAnswerPasses) {
  Harness h("{address: \"2001:db8:64::c000:20a\"}");
  h.dns.on(N(kIp6), 12, msg({ptr(kIp6, "v4only.lab.test.")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.observed["form"], "answer");
}

TEST(Dns64Ptr, RequiredFormMismatchFails) {
  Harness h("{address: \"2001:db8:64::c000:20a\", expect: cname}");
  h.dns.on(N(kIp6), 12, msg({ptr(kIp6, "v4only.lab.test.")}));
  EXPECT_EQ(h.run().result.verdict, Verdict::fail);
}

TEST(Dns64Ptr, CnameElsewhereFails) {
  Harness h("{address: \"2001:db8:64::c000:20a\"}");
  h.dns.on(N(kIp6), 12, msg({cname(kIp6, "11.2.0.192.in-addr.arpa.")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("expected 10.2.0.192.in-addr.arpa."), std::string::npos) << o.result.reason;
}

TEST(Dns64Ptr, NxdomainFails) {
  Harness h("{address: \"2001:db8:64::c000:20a\"}");
  h.dns.on(N(kIp6), 12, msg({}, dns::Rcode::nxdomain));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("answered NXDOMAIN"), std::string::npos) << o.result.reason;
}

TEST(Dns64Ptr, NoAnswerFails) {
  Harness h("{address: \"2001:db8:64::c000:20a\"}");
  h.dns.on(N(kIp6), 12, msg({}));
  EXPECT_EQ(h.run().result.verdict, Verdict::fail);
}

TEST(Dns64Ptr, NameIsResolvedFirst) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N("v4only.lab.test."), 28, msg({aaaa("v4only.lab.test.", "2001:db8:64::c000:20a")}));
  h.dns.on(N(kIp6), 12, msg({cname(kIp6, kInAddr), ptr(kInAddr, "v4only.lab.test.")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.evidence.dns_ids.size(), 2u);
  EXPECT_EQ(o.result.target, "v4only.lab.test.");
}

TEST(Dns64Ptr, NameWithoutSynthesisFails) {
  Harness h("{name: v4only.lab.test}");
  h.dns.on(N("v4only.lab.test."), 28, msg({}));
  EXPECT_EQ(h.run().result.verdict, Verdict::fail);
}

TEST(Dns64Ptr, MalformedIsErrorTimeoutRetryable) {
  Harness bad("{address: \"2001:db8:64::c000:20a\"}");
  bad.dns.on(N(kIp6), 12, std::vector<std::uint8_t>{1, 2, 3});
  auto o = bad.run();
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_NE(o.result.reason.find("malformed DNS answer to PTR"), std::string::npos);
  Harness slow("{address: \"2001:db8:64::c000:20a\"}");
  slow.dns.on(N(kIp6), 12, FakeDnsClient::Timeout{});
  auto t = slow.run(30ms);
  EXPECT_EQ(t.result.verdict, Verdict::error);
  EXPECT_TRUE(t.retryable);
}

}  // namespace
}  // namespace v6r::probe
