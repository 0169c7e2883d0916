#include "core/result.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace v6r {
namespace {

using nlohmann::json;

CheckResult sample() {
  CheckResult r;
  r.seq = 3;
  r.check_id = "dns64-v4only";
  r.kind = "dns64_synthesis";
  r.target = "v4only.lab.test";
  r.family = Family::ipv6;
  r.started_utc = *parse_rfc3339_ms("2024-05-01T12:00:00.250Z");
  r.duration_ms = 12.5;
  r.attempts = 1;
  r.verdict = Verdict::pass;
  r.reason = "AAAA synthesised with 2001:db8:64::/96";
  r.rfc = "RFC 6147 §5.1";
  r.addresses.local = "2001:db8:1::10";
  r.addresses.resolver = "2001:db8:1::53";
  r.addresses.remote = {"2001:db8:64::c000:20a"};
  r.timings_ms = {{"dns", 11.0}, {"total", 12.5}};
  r.observed = {{"aaaa", {"2001:db8:64::c000:20a"}}, {"pref64", "2001:db8:64::/96"}};
  r.evidence.dns_ids = {4660};
  r.evidence.flows = {{"udp", "2001:db8:1::10", 40000, "2001:db8:1::53", 53, {}, false}};
  r.evidence.window = {r.started_utc, r.started_utc + std::chrono::milliseconds(13)};
  return r;
}

TEST(Verdict, StringsAndSeverity) {
  for (auto v : kAllVerdicts) EXPECT_EQ(verdict_from_string(to_string(v)), v);
  EXPECT_FALSE(verdict_from_string("PASS"));
  EXPECT_LT(severity(Verdict::skipped), severity(Verdict::pass));
  EXPECT_LT(severity(Verdict::pass), severity(Verdict::info));
  EXPECT_LT(severity(Verdict::info), severity(Verdict::warn));
  EXPECT_LT(severity(Verdict::warn), severity(Verdict::fail));
  EXPECT_LT(severity(Verdict::fail), severity(Verdict::error));
  EXPECT_EQ(worst(Verdict::pass, Verdict::warn), Verdict::warn);
  EXPECT_EQ(worst(Verdict::fail, Verdict::info), Verdict::fail);
}

TEST(CheckResult, JsonRoundTrip) {
  auto r = sample();
  auto line = to_json_line(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto back = parse_result_line(line, 1);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, r);
}

TEST(CheckResult, OptionalFieldsMayBeAbsent) {
  auto r = sample();
  r.rfc.reset();
  r.addresses.local.reset();
  r.addresses.resolver.reset();
  auto j = json(r);
  EXPECT_FALSE(j.contains("rfc"));
  EXPECT_FALSE(j["addresses"].contains("local"));
  auto back = check_result_from_json(j);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, r);
}

struct BadCase {
  const char* what;
  std::function<void(json&)> mutate;
  const char* field;
};

TEST(CheckResult, MalformedFieldsNameLineAndField) {
  const std::vector<BadCase> cases = {
      {"missing seq", [](json& j) { j.erase("seq"); }, "seq"},
      {"negative seq", [](json& j) { j["seq"] = -1; }, "seq"},
      {"float attempts", [](json& j) { j["attempts"] = 1.5; }, "attempts"},
      {"bad verdict", [](json& j) { j["verdict"] = "ok"; }, "verdict"},
      {"bad family", [](json& j) { j["family"] = "inet6"; }, "family"},
      {"bad time", [](json& j) { j["started_utc"] = "2024-05-01 12:00:00"; }, "started_utc"},
      {"negative duration", [](json& j) { j["duration_ms"] = -3; }, "duration_ms"},
      {"unknown key", [](json& j) { j["extra"] = 1; }, "extra"},
      {"schema 2", [](json& j) { j["schema"] = 2; }, "schema"},
      {"observed array", [](json& j) { j["observed"] = json::array(); }, "observed"},
      {"bad remote", [](json& j) { j["addresses"]["remote"][0] = "example.com"; }, "addresses.remote[0]"},
      {"bad resolver", [](json& j) { j["addresses"]["resolver"] = 53; }, "addresses.resolver"},
      {"timing string", [](json& j) { j["timings_ms"]["dns"] = "11"; }, "timings_ms.dns"},
      {"port range", [](json& j) { j["evidence"]["flows"][0]["sport"] = 70000; }, "evidence.flows[0].sport"},
      {"flow dst", [](json& j) { j["evidence"]["flows"][0].erase("dst"); }, "evidence.flows[0].dst"},
      {"unknown src with a port", [](json& j) { j["evidence"]["flows"][0]["src"] = ""; },
       "evidence.flows[0].sport"},
      {"dns id", [](json& j) { j["evidence"]["dns_ids"][0] = 65536; }, "evidence.dns_ids[0]"},
      {"window order", [](json& j) { j["evidence"]["window"]["end_utc"] = "2024-05-01T11:00:00.000Z"; },
       "evidence.window.end_utc"},
      {"window missing", [](json& j) { j["evidence"].erase("window"); }, "evidence.window"},
      {"clauses not an array", [](json& j) { j["clauses"] = json::object(); }, "clauses"},
      {"clauses empty", [](json& j) { j["clauses"] = json::array(); }, "clauses"},
      {"clause not an object", [](json& j) { j["clauses"] = {1}; }, "clauses[0]"},
      {"clause unknown key",
       [](json& j) {
         j["clauses"] = {{{"clause", "ttl"}, {"verdict", "pass"}, {"reason", "ok"}, {"note", "x"}}};
       },
       "clauses[0].note"},
      {"clause bad name",
       [](json& j) {
         j["clauses"] = {{{"clause", "TTL!"}, {"verdict", "pass"}, {"reason", "ok"}}};
       },
       "clauses[0].clause"},
      {"clause empty reason",
       [](json& j) {
         j["clauses"] = {{{"clause", "ttl"}, {"verdict", "pass"}, {"reason", ""}}};
       },
       "clauses[0].reason"},
      {"clause skipped",
       [](json& j) {
         j["clauses"] = {{{"clause", "ttl"}, {"verdict", "skipped"}, {"reason", "x"}}};
       },
       "clauses[0].verdict"},
      // a result may not pass while one of its clauses fails (docs/architecture.md "Clauses")
      {"clause above the verdict",
       [](json& j) {
         j["clauses"] = {{{"clause", "prefix"}, {"verdict", "fail"}, {"reason", "x"}}};
       },
       "clauses[0].verdict"},
      {"clause twice",
       [](json& j) {
         j["clauses"] = {{{"clause", "ttl"}, {"verdict", "pass"}, {"reason", "a"}},
                         {{"clause", "ttl"}, {"verdict", "pass"}, {"reason", "b"}}};
       },
       "clauses[1].clause"},
      {"flow dns id",
       [](json& j) {
         j["evidence"]["flows"][0]["dns_ids"] = {53, -1};
       },
       "evidence.flows[0].dns_ids[1]"},
      {"flow dns ids empty", [](json& j) { j["evidence"]["flows"][0]["dns_ids"] = json::array(); },
       "evidence.flows[0].dns_ids"},
      {"flow deliberate", [](json& j) { j["evidence"]["flows"][0]["deliberate"] = 1; },
       "evidence.flows[0].deliberate"},
  };
  for (const auto& c : cases) {
    json j = sample();
    c.mutate(j);
    auto r = parse_result_line(j.dump(), 7);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().line, 7u) << c.what;
    EXPECT_EQ(r.error().field, c.field) << c.what << ": " << r.error().to_string();
    EXPECT_NE(r.error().to_string().find("results.jsonl:7: field '"), std::string::npos)
        << r.error().to_string();
  }
}

TEST(CheckResult, ClausesRoundTripAndAreAbsentWhenNone) {
  CheckResult r = sample();
  EXPECT_FALSE(json::parse(to_json_line(r)).contains("clauses"));
  r.verdict = Verdict::warn;
  r.clauses = {{"prefix", Verdict::pass, "under 2001:db8:64::/96", "RFC 6147 §5.1.5"},
               {"ttl", Verdict::warn, "TTL 300 s above 10 s", "RFC 6147 §5.1.7"},
               {"do_cd", Verdict::info, "not validating", std::nullopt}};
  const auto line = to_json_line(r);
  EXPECT_EQ(json::parse(line)["clauses"][1]["verdict"], "warn");
  EXPECT_FALSE(json::parse(line)["clauses"][2].contains("rfc"));
  auto back = parse_result_line(line, 1);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->clauses, r.clauses);
}

TEST(CheckResult, FlowWithUnknownSourceRoundTrips) {
  // A connect that failed before binding still records where it went: src "" and sport 0.
  CheckResult r = sample();
  r.evidence.flows = {{"tcp", "", 0, "2001:db8:64::c000:20a", 80, {}, false}};
  auto back = parse_result_line(to_json_line(r), 1);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->evidence.flows, r.evidence.flows);
}

TEST(CheckResult, GarbageLinesAreErrorsNotCrashes) {
  for (const std::string& s : std::vector<std::string>{"", "{", "[]", "null", "{\"seq\":", "\xff\xfe",
                                                       "{\"seq\":1e33333333333", /* fuzz: crash-7d1f49af */
                                                       std::string(1000, '[') + std::string(1000, ']')}) {
    auto r = parse_result_line(s, 2);
    ASSERT_FALSE(r) << s;
    EXPECT_EQ(r.error().line, 2u);
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(CheckResult, FlowDnsIdsAndDeliberateRoundTrip) {
  // A resolver socket names the check's own DNS ids; a flow opened to fail on purpose says so; both
  // are left out of the line when unset (older readers see the same flows as before).
  CheckResult r = sample();
  r.evidence.flows = {{"udp", "2001:db8:1::10", 40000, "2001:db8:1::53", 53, {0x1234, 7}, false},
                      {"tcp", "2001:db8:1::10", 41000, "2001:db8:20::dead", 80, {}, true},
                      {"tcp", "2001:db8:1::10", 41001, "2001:db8:20::11", 80, {}, false}};
  const std::string line = to_json_line(r);
  auto back = parse_result_line(line, 1);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->evidence.flows, r.evidence.flows);
  const json j = json::parse(line);
  EXPECT_EQ(j["evidence"]["flows"][0]["dns_ids"], json({0x1234, 7}));
  EXPECT_FALSE(j["evidence"]["flows"][0].contains("deliberate"));
  EXPECT_TRUE(j["evidence"]["flows"][1]["deliberate"].get<bool>());
  EXPECT_FALSE(j["evidence"]["flows"][2].contains("dns_ids"));
}

}  // namespace
}  // namespace v6r

namespace v6r {
namespace {

/// A reason as a catalogue message (core/message.hpp): written next to the English, read back the same,
/// a list argument's items nested; a hostile message (unknown key, bad id, nested too deep, too many
/// arguments) is refused with its field, never rendered.
TEST(CheckResult, ReasonMessagesRoundTripAndHostileOnesAreRefused) {
  CheckResult r = sample();
  r.reason_message =
      MessageRef{"check.nat64.cannot_resolve",
                 {{"host", "v4only.lab.test", std::nullopt},
                  {"why", "no DNS answer", std::vector<MessageRef>{{"check.dns.no_answer", {}}}}}};
  r.clauses.push_back(
      Clause{"ttl", Verdict::info, "x", std::nullopt, MessageRef{"check.detail", {{"text", "x"}}}});
  r.verdict = Verdict::fail;
  const auto line = to_json_line(r);
  EXPECT_NE(line.find("\"reason_message\""), std::string::npos);
  const auto back = parse_result_line(line, 1);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, r);

  const auto refused = [&](const std::string& field, const nlohmann::json& m) {
    nlohmann::json j = nlohmann::json::parse(to_json_line(sample()));
    j["reason_message"] = m;
    const auto e = parse_result_line(j.dump(), 3);
    ASSERT_FALSE(e) << m.dump();
    EXPECT_EQ(e.error().field, field) << e.error().to_string();
  };
  refused("reason_message.extra", {{"id", "check.x"}, {"args", nlohmann::json::array()}, {"extra", 1}});
  refused("reason_message.id", {{"id", "Check X"}, {"args", nlohmann::json::array()}});
  refused("reason_message.args[0].value", {{"id", "check.x"}, {"args", {{{"name", "a"}}}}});
  nlohmann::json deep = {{"id", "check.x"}, {"args", nlohmann::json::array()}};
  for (int i = 0; i < 5; ++i)
    deep = {{"id", "check.x"}, {"args", {{{"name", "a"}, {"value", ""}, {"items", {deep}}}}}};
  refused("reason_message.args[0].items[0].args[0].items[0].args[0].items[0].args[0].items", deep);
  nlohmann::json many = {{"id", "check.x"}, {"args", nlohmann::json::array()}};
  for (int i = 0; i < 33; ++i) many["args"].push_back({{"name", "a" + std::to_string(i)}, {"value", ""}});
  refused("reason_message.args", many);
}

}  // namespace
}  // namespace v6r
