#include "core/run_info.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace v6r {
namespace {

using nlohmann::json;

RunInfo sample() {
  RunInfo r;
  r.run_id = "0123abcd";
  r.probe_id = "probe-hn-01";
  r.site = "hanoi/ba-dinh/phuc-xa";
  r.scenario = {"commune-basic", std::string(64, 'a'), "scenario.yaml"};
  r.tool = {"v6probe", "0.1.0", "abc123"};
  r.host = "probe1";
  r.interface = "eth0";
  r.started_utc = *parse_rfc3339_ms("2024-05-01T12:00:00.000Z");
  r.stopped_utc = *parse_rfc3339_ms("2024-05-01T12:01:00.000Z");
  r.clock = {true, "chrony synced"};
  r.status = RunStatus::partial;
  r.partial_reason = "SIGTERM";
  r.counts.add(Verdict::pass);
  r.counts.add(Verdict::fail);
  return r;
}

TEST(RunInfo, JsonRoundTrip) {
  auto r = sample();
  auto back = parse_run_info(to_json_text(r));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, r);
  r.clock.synced.reset();
  r.status = RunStatus::complete;
  r.partial_reason.reset();
  json j = r;
  EXPECT_TRUE(j["clock"]["synced"].is_null());
  auto back2 = run_info_from_json(j);
  ASSERT_TRUE(back2) << back2.error();
  EXPECT_EQ(*back2, r);
}

TEST(RunInfo, StrictValidationNamesField) {
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& j) { j["run_id"] = "XYZ"; }, "run_id"},
      {[](json& j) { j["scenario"]["sha256"] = "abc"; }, "scenario.sha256"},
      {[](json& j) { j["status"] = "done"; }, "status"},
      {[](json& j) { j.erase("partial_reason"); }, "partial_reason"},
      {[](json& j) { j["clock"]["synced"] = "yes"; }, "clock.synced"},
      {[](json& j) { j["counts"]["fail"] = -1; }, "counts.fail"},
      {[](json& j) { j["tool"]["extra"] = 1; }, "tool.extra"},
      {[](json& j) { j["stopped_utc"] = "2024-05-01T11:00:00.000Z"; }, "stopped_utc"},
      {[](json& j) { j["capture"] = "capture.pcapng"; }, "capture"},
      {[](json& j) {
         j["capture"] = {{"file", "capture.pcapng"}};
       },
       "capture.written"},
  };
  for (const auto& [mutate, field] : cases) {
    json j = sample();
    mutate(j);
    auto r = run_info_from_json(j);
    ASSERT_FALSE(r) << field;
    EXPECT_NE(r.error().find("field '" + field + "'"), std::string::npos) << r.error();
  }
  EXPECT_FALSE(parse_run_info("{not json"));
  EXPECT_FALSE(parse_run_info("{\"schema\":1e99999}")) << "number overflow is an error, not an exception";
}

CaptureInfo sample_capture() {
  CaptureInfo c;
  c.written = 1380;
  c.received = 1393;
  c.dropped = 13;
  c.interface = "eth0";
  c.filter = "(host 2001:db8::53) or arp or icmp6 or (udp port 67 or udp port 68)";
  return c;
}

TEST(RunInfo, CaptureIsOptional) {
  auto r = sample();
  json j = r;
  EXPECT_FALSE(j.contains("capture")) << "no capture (--no-capture): no key";
  r.capture = sample_capture();
  EXPECT_TRUE(r.capture->lossy());
  j = r;
  EXPECT_EQ(j["capture"]["file"], "capture.pcapng");
  EXPECT_EQ(j["capture"]["dropped"], 13);
  EXPECT_EQ(j["capture"]["if_dropped"], 0);
  auto back = parse_run_info(to_json_text(r));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, r);
  r.capture->dropped = 0;
  r.capture->filter.clear();  // empty filter = everything
  EXPECT_FALSE(r.capture->lossy());
  auto back2 = run_info_from_json(json(r));
  ASSERT_TRUE(back2) << back2.error();
  EXPECT_EQ(*back2, r);
}

TEST(RunInfo, CaptureStrict) {
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& c) { c["extra"] = 1; }, "capture.extra"},
      {[](json& c) { c["dropped"] = -1; }, "capture.dropped"},
      {[](json& c) { c["received"] = "1393"; }, "capture.received"},
      {[](json& c) { c.erase("if_dropped"); }, "capture.if_dropped"},
      {[](json& c) { c["interface"] = ""; }, "capture.interface"},
      {[](json& c) { c["filter"] = nullptr; }, "capture.filter"},
      {[](json& c) { c["file"] = "../capture.pcapng"; }, "capture.file"},
      {[](json& c) { c["file"] = ""; }, "capture.file"},
  };
  for (const auto& [mutate, field] : cases) {
    auto r = sample();
    r.capture = sample_capture();
    json j = r;
    mutate(j["capture"]);
    auto back = run_info_from_json(j);
    ASSERT_FALSE(back) << field;
    EXPECT_NE(back.error().find("field '" + field + "'"), std::string::npos) << back.error();
  }
}

TEST(RunInfo, CountsAndRunIds) {
  VerdictCounts c;
  for (auto v : kAllVerdicts) c.add(v);
  c.add(Verdict::warn);
  EXPECT_EQ(c.total(), 7u);
  EXPECT_EQ(c.get(Verdict::warn), 2u);
  EXPECT_TRUE(is_run_id("deadbeef"));
  EXPECT_FALSE(is_run_id("DEADBEEF"));
  EXPECT_FALSE(is_run_id("deadbee"));
}

}  // namespace
}  // namespace v6r

namespace v6r {
namespace {

RunExpectations expectations() {
  RunExpectations x;
  x.pref64 = Prefix::parse("2001:db8:64::/96").value();
  x.check_prefixes.emplace("portal", Prefix::parse("2001:db8:46::/96").value());
  return x;
}

TEST(RunInfo, ExpectationsRoundTripAndAreOptional) {
  auto r = sample();
  r.expect = expectations();
  const json j = r;
  EXPECT_EQ(j["expect"], json::parse(R"({"pref64":"2001:db8:64::/96",
                                        "checks":{"portal":{"expected_prefix":"2001:db8:46::/96"}}})"));
  auto back = parse_run_info(to_json_text(r));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, r);
  r.expect = RunExpectations{};  // a scenario without expect.pref64: recorded as null
  EXPECT_TRUE(json(r)["expect"]["pref64"].is_null());
  back = parse_run_info(to_json_text(r));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, r);
  r.expect.reset();  // a probe from before expectations were recorded: no key at all
  EXPECT_FALSE(json(r).contains("expect"));
  back = parse_run_info(to_json_text(r));
  ASSERT_TRUE(back) << back.error();
  EXPECT_FALSE(back->expect.has_value());
}

TEST(RunInfo, ExpectationsStrict) {
  auto r = sample();
  r.expect = expectations();
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& j) { j["expect"]["pref64"] = "192.0.2.0/24"; },
       "field 'expect.pref64': must be an IPv6 prefix"},
      {[](json& j) { j["expect"].erase("pref64"); }, "field 'expect.pref64': missing"},
      {[](json& j) { j["expect"]["extra"] = 1; }, "field 'expect.extra': unknown key"},
      {[](json& j) { j["expect"]["checks"]["portal"]["expected_prefix"] = 3; },
       "field 'expect.checks.portal.expected_prefix': must be a string"},
      {[](json& j) { j["expect"]["checks"]["portal"] = json::object(); },
       "field 'expect.checks.portal.expected_prefix': missing"},
      {[](json& j) { j["expect"] = "2001:db8:64::/96"; }, "field 'expect': must be an object"},
  };
  for (const auto& [mutate, want] : cases) {
    json j = r;
    mutate(j);
    auto back = run_info_from_json(j);
    ASSERT_FALSE(back) << j.dump();
    EXPECT_NE(back.error().find(want), std::string::npos) << back.error();
  }
}

}  // namespace
}  // namespace v6r
