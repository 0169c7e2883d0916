// The scenario allow-list (docs/architecture.md "Check kinds", safety) over FakeDnsClient + FakeTransport:
//  - a DNS answer that resolves outside the list is refused before any traffic by every kind that
//    resolves names and has no such test next to its other tests (dns64.* and nat64.* do:
//    dns64_synthesis_test, nat64_*_test, dualstack_parity_test): service.tcp, service.http (also a
//    redirect out of the list), service.tls, dualstack.happy_eyeballs, dualstack.parity by name;
//  - a scenario whose literal targets lie outside its list is refused as a whole before anything is
//    sent (check_targets_allowed: `v6probe run` and `v6probe check` exit 2; tests/probe/cli_allow_test.sh).
#include <gmock/gmock.h>

#include "probes/engine/engine.hpp"
#include "service_test_fixture.hpp"

namespace v6r::probe::svctest {
namespace {

using ::testing::HasSubstr;

// The fixture allows 2001:db8::/32 and 192.0.2.0/24; these are documentation addresses outside it.
constexpr const char* kOut6 = "2001:db9::1";                 // RFC 3849 is 2001:db8::/32: db9 is outside
constexpr const char* kOut4 = "198.51.100.7";                // RFC 5737 TEST-NET-2
constexpr const char* kOutSynth = "2001:db8:64::cb00:7107";  // 203.0.113.7 (TEST-NET-3) via NAT64

class Refusal : public ServiceFixture {
 protected:
  void expect_refused(const CheckOutcome& out) {
    EXPECT_EQ(out.result.verdict, Verdict::error) << out.result.reason;
    EXPECT_THAT(out.result.reason, HasSubstr("allow")) << out.result.reason;
    EXPECT_TRUE(net.calls().empty()) << net.calls().size() << " call(s) sent";
  }
};

TEST_F(Refusal, ServiceTcpNativeAnswerOutside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOut6}));
  expect_refused(run(check("service.tcp", "{host: evil.lab.test, port: 80}")));
}

TEST_F(Refusal, ServiceTcpAnyFamilyAnswersOutside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOut6}));
  dns.on(name("evil.lab.test"), 1, a_answer("evil.lab.test", {kOut4}));
  expect_refused(run(check("service.tcp", "{host: evil.lab.test, port: 80, family: any}")));
}

TEST_F(Refusal, ServiceHttpAnswerOutside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOut6}));
  expect_refused(run(check("service.http", "{url: \"http://evil.lab.test/\"}")));
}

TEST_F(Refusal, ServiceHttpSynthesizedAnswerEmbedsAnIpv4Outside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOutSynth}));
  expect_refused(run(check("service.http", "{url: \"http://evil.lab.test/\"}")));
}

TEST_F(Refusal, ServiceHttpRedirectOutsideIsNotFollowed) {
  dns.on(name("dual.lab.test"), 28, aaaa_answer("dual.lab.test", {"2001:db8:20::11"}));
  net.http["[2001:db8:20::11]:80"] = http_ok(301, "", {{"Location", "http://[2001:db9::1]/new"}});
  net.http["[2001:db9::1]:80"] = http_ok(200, "cd");
  const auto out = run(check("service.http", "{url: \"http://dual.lab.test/\", follow_redirects: true}"));
  EXPECT_NE(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("allow")) << out.result.reason;
  ASSERT_EQ(net.calls().size(), 1u);  // only the first hop, inside the list
}

TEST_F(Refusal, ServiceTlsAnswerOutside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOut6}));
  expect_refused(run(check("service.tls", "{host: evil.lab.test, verify: false}")));
}

TEST_F(Refusal, HappyEyeballsEveryAnswerOutside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOut6}));
  dns.on(name("evil.lab.test"), 1, a_answer("evil.lab.test", {kOut4}));
  expect_refused(run(check("dualstack.happy_eyeballs", "{host: evil.lab.test, ipv4_via: ipv4}")));
}

TEST_F(Refusal, HappyEyeballsNat64SynthesisOfAnIpv4Outside) {
  dns.on(name("evil.lab.test"), 28, dns::Message{});
  dns.on(name("evil.lab.test"), 1, a_answer("evil.lab.test", {"203.0.113.7"}));
  expect_refused(run(check("dualstack.happy_eyeballs", "{host: evil.lab.test, ipv4_via: nat64}")));
}

TEST_F(Refusal, ParityByNameAnswersOutside) {
  dns.on(name("evil.lab.test"), 28, aaaa_answer("evil.lab.test", {kOut6}));
  dns.on(name("evil.lab.test"), 1, a_answer("evil.lab.test", {kOut4}));
  const auto out = run(check("dualstack.parity", "{url: \"http://evil.lab.test/\"}"));
  EXPECT_NE(out.result.verdict, Verdict::pass) << out.result.reason;
  EXPECT_TRUE(net.calls().empty()) << net.calls().size() << " call(s) sent";
}

// ---- the scenario as a whole: literal targets outside the list (exit 2 before any traffic)

Expected<Ok, std::string> targets(const std::string& check_line) {
  const std::string text =
      "version: 1\nname: t\nexpect: {pref64: \"2001:db8:64::/96\"}\n"
      "allow: [\"2001:db8::/32\", \"192.0.2.0/24\"]\nchecks:\n  - " +
      check_line + "\n";
  auto s = scenario::load_scenario_text(text, "t.yaml", builtin_schema_registry());
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().to_string());
  if (!s) return Unexpected{std::string("scenario does not load")};
  return check_targets_allowed(*s, builtin_kinds());
}

TEST(ScenarioTargets, LiteralsOutsideTheListAreRefused) {
  const char* outside[] = {
      "{id: a, kind: service.tcp, params: {address: \"2001:db9::1\", port: 80}}",
      "{id: a, kind: nat64.tcp, params: {address: \"198.51.100.7\"}}",
      "{id: a, kind: nat64.udp, params: {address: \"2001:db9::1\"}}",
      "{id: a, kind: nat64.icmp, params: {address: \"203.0.113.7\"}}",
      "{id: a, kind: nat64.pmtu, params: {address: \"2001:db9::1\"}}",
      "{id: a, kind: v6only.literal, params: {address: 198.51.100.7}}",
      "{id: a, kind: nat64.http, params: {url: \"http://198.51.100.7/\"}}",
      "{id: a, kind: service.http, params: {url: \"http://[2001:db9::1]:8080/x\"}}",
      "{id: a, kind: dualstack.parity, params: {url: \"http://[2001:db9::1]/\"}}",
  };
  for (const char* c : outside) {
    auto r = targets(c);
    ASSERT_FALSE(r) << c;
    EXPECT_THAT(r.error(), HasSubstr("t.yaml:6:")) << r.error();
    EXPECT_THAT(r.error(), HasSubstr("checks[0] 'a' params.")) << r.error();
    EXPECT_THAT(r.error(), HasSubstr("outside the scenario allow-list")) << r.error();
  }
}

TEST(ScenarioTargets, LiteralsInsideNamesAndLookupKeysAreAccepted) {
  const char* fine[] = {
      "{id: a, kind: service.tcp, params: {address: \"2001:db8:20::11\", port: 80}}",
      "{id: a, kind: nat64.tcp, params: {address: \"192.0.2.10\"}}",
      "{id: a, kind: service.http, params: {url: \"http://[2001:db8:20::11]/\"}}",
      "{id: a, kind: service.http, params: {url: \"http://elsewhere.example/\"}}",  // checked after
                                                                                    // resolution
      "{id: a, kind: dns64.ptr, params: {address: \"2001:db9::1\"}}",  // a PTR query to the resolver
  };
  for (const char* c : fine) EXPECT_TRUE(targets(c)) << c << ": " << targets(c).error();
}

}  // namespace
}  // namespace v6r::probe::svctest
