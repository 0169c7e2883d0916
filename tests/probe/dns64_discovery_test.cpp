// dns64.discovery against scripted answers (FakeDnsClient): the pass and the fail case of every rule.
#include <gtest/gtest.h>

#include "core/rfc6052.hpp"
#include "dns64_fixture.hpp"

namespace v6r::probe {
namespace {

using namespace dns64_tests;
using Harness = dns64_tests::KindHarness<"dns64.discovery">;

const char* kWkn = "ipv4only.arpa.";

dns::Message wkn_answer(const Prefix& p) {
  return msg({aaaa(kWkn, addr::embed(p, addr::kWka1, {false})->to_string()),
              aaaa(kWkn, addr::embed(p, addr::kWka2, {false})->to_string())});
}

TEST(Dns64Discovery, ExpectedPrefixPasses) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, wkn_answer(*Prefix::parse("2001:db8:64::/96")));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.rfc, "RFC 7050 §3");
  EXPECT_EQ(o.result.target, "ipv4only.arpa.");
  EXPECT_EQ(o.result.observed["prefixes"], nlohmann::json::array({"2001:db8:64::/96"}));
  EXPECT_EQ(o.result.observed["answers"].size(), 2u);
  EXPECT_EQ(o.result.evidence.dns_ids.size(), 1u);
  EXPECT_EQ(o.result.addresses.resolver, "2001:db8::53");
}

TEST(Dns64Discovery, WrongPrefixFailsNamingBoth) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, wkn_answer(*Prefix::parse("2001:db8:65::/96")));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_EQ(o.result.reason,
            "ipv4only.arpa. AAAA 2001:db8:65::c000:aa, 2001:db8:65::c000:ab gives 2001:db8:65::/96, expected "
            "2001:db8:64::/96");
}

TEST(Dns64Discovery, ExpectedParamOverridesScenario) {
  Harness h("{expected_prefix: \"2001:db8:65::/96\"}");
  h.dns.on(N(kWkn), 28, wkn_answer(*Prefix::parse("2001:db8:65::/96")));
  EXPECT_EQ(h.run().result.verdict, Verdict::pass);
}

TEST(Dns64Discovery, EverySixLengthIsFound) {
  for (const char* text : {"2001:db8::/32", "2001:db8:100::/40", "2001:db8:122::/48", "2001:db8:122:300::/56",
                           "2001:db8:122:344::/64", "2001:db8:122:344::/96"}) {
    const Prefix p = *Prefix::parse(text);
    Harness h("{}", text);
    h.dns.on(N(kWkn), 28, wkn_answer(p));
    auto o = h.run();
    EXPECT_EQ(o.result.verdict, Verdict::pass) << text << ": " << o.result.reason;
    EXPECT_EQ(o.result.observed["prefixes"], nlohmann::json::array({p.to_string()})) << text;
  }
}

TEST(Dns64Discovery, SeveralPrefixesPassWhenExpectedAmongThem) {
  Harness h("{}");
  auto m = wkn_answer(*Prefix::parse("2001:db8:64::/96"));
  for (auto& rr : wkn_answer(*Prefix::parse("2001:db8:66::/96")).answers) m.answers.push_back(rr);
  h.dns.on(N(kWkn), 28, m);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::pass) << o.result.reason;
  EXPECT_EQ(o.result.observed["prefixes"].size(), 2u);
  EXPECT_NE(o.result.reason.find("also found"), std::string::npos);
}

TEST(Dns64Discovery, SeveralPrefixesFailWhenExpectedMissing) {
  Harness h("{}");
  auto m = wkn_answer(*Prefix::parse("2001:db8:65::/96"));
  for (auto& rr : wkn_answer(*Prefix::parse("2001:db8:66::/96")).answers) m.answers.push_back(rr);
  h.dns.on(N(kWkn), 28, m);
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("gives 2001:db8:65::/96, 2001:db8:66::/96, expected 2001:db8:64::/96"),
            std::string::npos)
      << o.result.reason;
}

TEST(Dns64Discovery, NoSynthesisFails) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, msg({}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(
      o.result.reason.find("no DNS64 synthesis for ipv4only.arpa.: the resolver is not a DNS64 or blocks "
                           "RFC 7050 discovery"),
      std::string::npos)
      << o.result.reason;
}

TEST(Dns64Discovery, NoWellKnownAddressFails) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, msg({aaaa(kWkn, "2001:db8:64::1")}));
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::fail);
  EXPECT_NE(o.result.reason.find("carry neither 192.0.0.170 nor 192.0.0.171"), std::string::npos);
}

TEST(Dns64Discovery, MalformedAnswerIsError) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, std::vector<std::uint8_t>{0xab, 0xcd, 0x81});
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_NE(o.result.reason.find("malformed DNS answer to AAAA ipv4only.arpa.: truncated"), std::string::npos)
      << o.result.reason;
}

TEST(Dns64Discovery, TimeoutIsRetryable) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, FakeDnsClient::Timeout{});
  auto o = h.run(30ms);
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_TRUE(o.retryable);
}

TEST(Dns64Discovery, NetworkErrorIsRetryable) {
  Harness h("{}");
  h.dns.on(N(kWkn), 28, FakeDnsClient::NetworkError{"port unreachable"});
  auto o = h.run();
  EXPECT_EQ(o.result.verdict, Verdict::error);
  EXPECT_TRUE(o.retryable);
  EXPECT_NE(o.result.reason.find("port unreachable"), std::string::npos);
}

}  // namespace
}  // namespace v6r::probe
