// nat64.http over FakeDnsClient + FakeTransport.
#include <gmock/gmock.h>

#include "nat64_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kKey = "[2001:db8:64::c000:20a]:80";

class Nat64Http : public Nat64Fixture {
 protected:
  void SetUp() override {
    dns.on(name("v4only.lab.test"), 28, aaaa_answer("v4only.lab.test", {"2001:db8:64::c000:20a"}));
  }
  static HttpResult response(int status) {
    HttpResult h;
    h.ok = true;
    h.status = status;
    h.body_size = 45;
    h.body_sha256 = std::string(64, 'a');
    h.connected = true;
    h.local = ep("2001:db8:1:1::100", 41000);
    h.connect_time = 2000us;
    h.first_byte_time = 1000us;
    h.total_time = 4000us;
    return h;
  }
};

TEST_F(Nat64Http, ExpectedStatusPasses) {
  net.http[kKey] = response(200);
  const auto out =
      run(check("nat64.http", "{url: \"http://v4only.lab.test/index.html?x=1\", headers: {X-A: b}}"));
  const auto& r = out.result;
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_EQ(r.target, "http://v4only.lab.test/index.html?x=1");
  EXPECT_EQ(r.observed["status"], 200);
  EXPECT_EQ(r.observed["body_bytes"], 45);
  EXPECT_EQ(r.observed["body_sha256"], std::string(64, 'a'));
  EXPECT_DOUBLE_EQ(r.timings_ms.at("connect"), 2.0);
  EXPECT_DOUBLE_EQ(r.timings_ms.at("first_byte"), 1.0);
  EXPECT_DOUBLE_EQ(r.timings_ms.at("total"), 4.0);
  ASSERT_EQ(net.calls().size(), 1u);
  const auto& req = net.calls()[0].http;
  EXPECT_EQ(req.host, "v4only.lab.test");
  EXPECT_EQ(req.path, "/index.html?x=1");
  ASSERT_EQ(req.headers.size(), 1u);
  EXPECT_EQ(req.headers[0].first, "X-A");
  EXPECT_EQ(req.max_body, 1048576u);
}

TEST_F(Nat64Http, OtherStatusFails) {
  net.http[kKey] = response(404);
  const auto out = run(check("nat64.http", "{url: \"http://v4only.lab.test/nope\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_THAT(out.result.reason, HasSubstr("status 404, expected 200"));
}

TEST_F(Nat64Http, ExpectStatusParameter) {
  net.http[kKey] = response(404);
  const auto out = run(check("nat64.http", "{url: \"http://v4only.lab.test/nope\", expect_status: 404}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
}

TEST_F(Nat64Http, PortFromUrl) {
  net.http["[2001:db8:64::c000:20a]:8080"] = response(200);
  const auto out = run(check("nat64.http", "{url: \"http://v4only.lab.test:8080\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(net.calls()[0].http.path, "/");
}

TEST_F(Nat64Http, TimeoutIsRetryableFail) {
  HttpResult h;
  h.timed_out = true;
  h.error = "timeout after 2000 ms";
  net.http[kKey] = h;
  const auto out = run(check("nat64.http", "{url: \"http://v4only.lab.test/\"}"), 2000ms);
  EXPECT_EQ(out.result.verdict, Verdict::fail);
  EXPECT_TRUE(out.retryable);
  EXPECT_EQ(
      out.result.reason,
      "no complete HTTP response to GET / from 2001:db8:64::c000:20a port 80 within 2000 ms through NAT64 "
      "(no TCP handshake)");
}

TEST_F(Nat64Http, BodyCapStillJudgesStatus) {
  HttpResult h = response(200);
  h.ok = false;
  h.error = "body exceeds cap of 10 octets";
  net.http[kKey] = h;
  const auto out = run(check("nat64.http", "{url: \"http://v4only.lab.test/\", max_body_bytes: 10}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_EQ(out.result.observed["body_truncated"], true);
}

TEST_F(Nat64Http, HttpsIsError) {
  const auto out = run(check("nat64.http", "{url: \"https://v4only.lab.test/\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Http, LiteralIpv4Url) {
  net.http[kKey] = response(200);
  const auto out = run(check("nat64.http", "{url: \"http://192.0.2.10/\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_TRUE(dns.queries().empty());
  EXPECT_EQ(net.calls()[0].http.host, "192.0.2.10");
}

TEST_F(Nat64Http, AllowListRefusalSendsNothing) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {"2001:db8:64::cb00:7105"}));
  const auto out = run(check("nat64.http", "{url: \"http://evil.lab.test/\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("outside the scenario allow-list"));
  EXPECT_TRUE(net.calls().empty());
}

TEST_F(Nat64Http, NotUnderPrefixIsSkipped) {
  dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::11"}));
  const auto out = run(check("nat64.http", "{url: \"http://dual.lab.test/\"}"));
  EXPECT_EQ(out.result.verdict, Verdict::skipped);
  EXPECT_TRUE(net.calls().empty());
}

}  // namespace
}  // namespace v6r::probe::testing
