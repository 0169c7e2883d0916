// The typed findings documents (core/findings.hpp): one writer, one strict reader. Round trips on
// generated documents with every key present, refusals that name the key path, and hostile input.
#include "core/findings.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tests/core/findings_samples.hpp"

namespace v6r::findings {
namespace {

using nlohmann::json;

/// Every key path of a written document ("sites[].findings[].severity"), as describe() names them.
void key_paths(const json& j, const std::string& path, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      const std::string p = path.empty() ? k : path + "." + k;
      out.insert(p);
      // LevelCounts is one typed value ({L0..L4}), not five keys of the model.
      if (k != "levels" || !v.is_object()) key_paths(v, p, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) key_paths(v, path + "[]", out);
  }
}

std::set<std::string> model_paths(const std::vector<jsonmodel::FieldRow>& rows) {
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r.path);
  return out;
}

std::string refusal(json j) {
  auto d = read_document(j);
  return d ? std::string("(accepted)") : d.error();
}

TEST(FindingsModel, GeneratedDocumentHasEveryKeyAndRoundTrips) {
  const Document d = test::full_document();
  std::set<std::string> written;
  key_paths(to_json(d), "", written);
  EXPECT_EQ(written, model_paths(document_fields()));  // the generated document is complete
  const std::string text = to_json_text(d);
  EXPECT_EQ(json::parse(text)["schema"], "v6ready.findings/3");
  auto back = parse_document(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(to_json_text(*back), text);
  EXPECT_EQ(to_json(*back), to_json(d));  // nothing lost in the compact form
  // The expanded form (/2) is still read, to the same model.
  auto from_expanded = parse_document(to_json(d).dump(2));
  ASSERT_TRUE(from_expanded) << from_expanded.error();
  EXPECT_EQ(to_json_text(*from_expanded), text);
}

TEST(FindingsModel, CaptureDocumentHasEveryKeyAndRoundTrips) {
  const CaptureDocument d = test::full_capture_document();
  const std::string text = to_json_text(d);
  std::set<std::string> written;
  key_paths(json::parse(text), "", written);
  EXPECT_EQ(written, model_paths(capture_document_fields()));
  auto back = parse_capture_document(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(to_json_text(*back), text);
}

TEST(FindingsModel, UnsetOptionalsAreAbsentNullablesAreNull) {
  Document d = test::full_document();
  d.trend.reset();
  d.plan.file.reset();
  auto& s = d.sites[0];
  s.required_level.reset();
  s.level.reset();
  s.not_assessed_from.reset();
  s.access.ipv4.reset();
  s.access.missing.reset();
  s.services[0].path.reset();
  s.bundle.capture.reset();
  s.bundle.partial_reason.reset();
  s.bundle.clock.synced.reset();
  s.findings[0].rfc.reset();
  s.metrics.dns.latency_ms_p95.reset();
  const json j = to_json(d);
  EXPECT_FALSE(j.contains("trend"));
  EXPECT_TRUE(j["plan"]["file"].is_null());
  EXPECT_TRUE(j["sites"][0]["required_level"].is_null());
  EXPECT_TRUE(j["sites"][0]["level"].is_null());  // not assessed
  EXPECT_TRUE(j["sites"][0]["not_assessed_from"].is_null());
  EXPECT_TRUE(j["sites"][0]["access"]["ipv4"].is_null());
  EXPECT_FALSE(j["sites"][0]["access"].contains("missing"));
  EXPECT_TRUE(j["sites"][0]["services"][0]["path"].is_null());
  EXPECT_TRUE(j["sites"][0]["bundle"]["capture"].is_null());
  EXPECT_FALSE(j["sites"][0]["bundle"].contains("partial_reason"));
  EXPECT_TRUE(j["sites"][0]["bundle"]["clock"]["synced"].is_null());
  EXPECT_FALSE(j["sites"][0]["findings"][0].contains("rfc"));
  EXPECT_TRUE(j["sites"][0]["metrics"]["dns"]["latency_ms_p95"].is_null());
  const std::string text = to_json_text(d);
  auto back = parse_document(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_FALSE(back->sites[0].required_level.has_value());
  EXPECT_FALSE(back->sites[0].level.has_value());
  EXPECT_FALSE(back->sites[0].bundle.capture.has_value());
  EXPECT_EQ(to_json_text(*back), text);
}

TEST(FindingsModel, RefusalsNameTheKeyPath) {
  const json good = to_json(test::full_document());
  EXPECT_EQ(refusal(good), "(accepted)");

  auto j = good;
  j["sites"][0]["findings"][0]["severity"] = "bad";
  EXPECT_EQ(refusal(j), "sites[0].findings[0].severity: expected one of fail|warn|info, got \"bad\"");

  j = good;
  j["sites"][0]["bundle"].erase("name");
  EXPECT_EQ(refusal(j), "sites[0].bundle.name: missing");

  j = good;
  j["sites"][0]["plan_verdict"] = "ok";
  EXPECT_EQ(refusal(j),
            "sites[0].plan_verdict: expected one of meets|below|not_assessed|not_in_plan, got \"ok\"");

  j = good;
  j["sites"][0]["meets_plan"] = true;  // the field of schema /1, replaced by plan_verdict
  EXPECT_EQ(refusal(j), "sites[0].meets_plan: unknown field");

  j = good;
  j["sites"][0]["coverage"][0]["state"] = "maybe";
  EXPECT_EQ(refusal(j),
            "sites[0].coverage[0].state: expected one of present|missing|not_judged, got \"maybe\"");

  j = good;
  j["sites"][0]["access"]["mode"] = "ipv4-dependent";
  EXPECT_EQ(
      refusal(j),
      "sites[0].access.mode: expected one of dual-stack|ipv6-only|ipv4-only|unknown, got \"ipv4-dependent\"");

  j = good;
  j["sites"][0]["checks"][0]["frames"][1] = -3;
  EXPECT_EQ(refusal(j), "sites[0].checks[0].frames[1]: expected an integer >= 0, got -3");

  j = good;
  j["sites"][0]["checks"][0]["verdict"] = "passed";
  EXPECT_EQ(refusal(j),
            "sites[0].checks[0].verdict: expected one of pass|info|warn|fail|error|skipped, got \"passed\"");

  j = good;
  j["sites"][0]["metrics"]["dns"]["latency_ms_p95"] = "fast";
  EXPECT_EQ(refusal(j), "sites[0].metrics.dns.latency_ms_p95: expected a number, got \"fast\"");

  j = good;
  j["sites"][0]["metrics"]["dns"].erase("latency_ms_p95");  // nullable: null when unknown, never absent
  EXPECT_EQ(refusal(j), "sites[0].metrics.dns.latency_ms_p95: missing (null when not known)");

  j = good;
  j["sites"][0]["findings"][0]["rfc"] = nullptr;  // optional: absent when unset, never null
  EXPECT_EQ(refusal(j), "sites[0].findings[0].rfc: expected a string, got null");

  j = good;
  j["sites"][0]["findings"][0]["severty"] = "fail";
  EXPECT_EQ(refusal(j), "sites[0].findings[0].severty: unknown field");

  j = good;
  j["rollup"]["levels"].erase("L2");
  EXPECT_EQ(refusal(j), "rollup.levels.L2: missing");

  j = good;
  j["rollup"]["levels"]["L5"] = 0;
  EXPECT_EQ(refusal(j), "rollup.levels.L5: unknown field (keys are L0..L4 and not_assessed)");

  j = good;
  j["rollup"]["levels"].erase("not_assessed");
  EXPECT_EQ(refusal(j), "rollup.levels.not_assessed: missing");

  j = good;
  j["generated_utc"] = "2026-11-23 12:00";
  EXPECT_EQ(
      refusal(j),
      "generated_utc: expected an RFC 3339 UTC time like 2026-11-23T12:00:00.000Z, got \"2026-11-23 12:00\"");

  j = good;
  j["sites"] = json::object();
  EXPECT_EQ(refusal(j), "sites: expected a list, got an object");

  j = good;
  j["plan"]["year"] = 2029.5;
  EXPECT_EQ(refusal(j), "plan.year: expected an integer, got 2029.5");
}

TEST(FindingsModel, SchemaIsCheckedFirst) {
  EXPECT_EQ(refusal(json::array()), "not a findings document: the top level is not a JSON object");
  EXPECT_EQ(refusal(json{{"sites", json::array()}}),
            "schema: missing (not a findings document; expected \"v6ready.findings/3\")");
  // /1 had meets_plan and levels without "not assessed": it is refused by name, not misread.
  EXPECT_EQ(refusal(json{{"schema", "v6ready.findings/1"}}),
            "schema: unsupported findings schema \"v6ready.findings/1\" (this build reads "
            "\"v6ready.findings/3\" and "
            "\"v6ready.findings/2\")");
  EXPECT_NE(refusal(to_json(test::full_capture_document())).find("capture-only output"), std::string::npos);
  auto c = read_capture_document(to_json(test::full_document()));
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("not capture-only output"), std::string::npos);
}

TEST(FindingsModel, HostileInputIsRefusedAndEscaped) {
  EXPECT_EQ(parse_document("not json").error().rfind("not valid JSON", 0), 0u);
  EXPECT_EQ(parse_document(std::string(100000, '[')).error(), "not valid JSON: nested deeper than 64 levels");
  json j = to_json(test::full_document());
  j["sites"][0]["\x1b[31mevil\nkey"] = 1;  // a key with a terminal escape and a newline
  const auto e = refusal(j);
  EXPECT_EQ(e, "sites[0].\"\\u001b[31mevil\\nkey\": unknown field");
  j = to_json(test::full_document());
  j["sites"][0]["level"] = "\xe2\x80\xae" + std::string(100, 'x');  // bidi override, long
  const auto e2 = refusal(j);
  EXPECT_EQ(e2.find("\xe2\x80\xae"), std::string::npos) << e2;
  EXPECT_NE(e2.find("\\u202e"), std::string::npos) << e2;
  EXPECT_LT(e2.size(), 120u);
}

TEST(FindingsModel, LoadDocumentNamesTheFile) {
  auto d = load_document("/nonexistent/findings.json");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), "cannot read /nonexistent/findings.json");
}

TEST(FindingsModel, Levels) {
  EXPECT_EQ(to_string(Level::L3), "L3");
  EXPECT_EQ(level_from_string("L4"), Level::L4);
  EXPECT_FALSE(level_from_string("L5").has_value());
  EXPECT_EQ(level_at(7), Level::L4);
  EXPECT_EQ(level_at(-1), Level::L0);
  EXPECT_EQ(level_number(Level::L2), 2);
}

}  // namespace
}  // namespace v6r::findings
