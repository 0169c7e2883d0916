// The compact form of findings.json (core/findings_compact.hpp, schema /3): frame ranges, values left
// out only when the reader restores the same ones (also in degenerate sites), refusals with the key
// path, and the previous version (/2, the expanded form) read to the same model.
#include "core/findings_compact.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/findings.hpp"
#include "tests/core/findings_samples.hpp"

namespace v6r::findings {
namespace {

using nlohmann::json;

TEST(FindingsCompact, FrameRanges) {
  using compact::frame_ranges;
  using compact::parse_frame_ranges;
  EXPECT_EQ(frame_ranges({}), "");
  EXPECT_EQ(frame_ranges({7}), "7");
  EXPECT_EQ(frame_ranges({3, 4, 5, 6, 9, 11, 12}), "3-6,9,11-12");
  for (const std::vector<std::uint64_t>& v :
       {std::vector<std::uint64_t>{}, {0}, {1, 2}, {1, 3, 5, 6, 7, 100}})
    EXPECT_EQ(parse_frame_ranges(frame_ranges(v)), v);
  EXPECT_EQ(parse_frame_ranges("18446744073709551615"), std::vector<std::uint64_t>{18446744073709551615ULL});
  // Malformed, descending, overlapping or touching runs, leading zeros, signs, spaces, empty items,
  // and a run too long to expand.
  for (const char* bad : {"a", "3-", "-3", "3--4", "5-3", "3-3", "4,3", "3-5,5", "3-5,6", "03", "+3", " 3",
                          "3,", ",3", "3,,4", "1-18446744073709551615", "18446744073709551616"})
    EXPECT_FALSE(parse_frame_ranges(bad)) << bad;
}

std::string text_of(const Document& d) {
  return to_json_text(d);
}

/// The compact text of `d` reads back to the same model, and writes the same text again.
void round_trips(const Document& d) {
  const std::string text = text_of(d);
  auto back = parse_document(text);
  ASSERT_TRUE(back) << back.error() << "\n" << text;
  EXPECT_EQ(to_json(*back), to_json(d));
  EXPECT_EQ(text_of(*back), text);
}

TEST(FindingsCompact, EverythingThatDiffersFromItsDefaultIsKept) {
  Document d = test::full_document();
  round_trips(d);
  Site& s = d.sites[0];
  // A check with every defaulted value present, and one with the defaults.
  CheckRow plain = s.checks[0];
  plain.check_id = plain.kind = "v6only.leak";
  plain.seq = 2;
  plain.verdict = Verdict::pass;
  plain.family = Family::ipv6;
  plain.cross_check = CrossCheck::agrees;
  plain.frames = {};
  plain.addresses = {std::nullopt, std::nullopt, {}};
  plain.rfc.reset();
  plain.cross_check_note.reset();
  plain.clauses.reset();
  s.checks.push_back(plain);
  round_trips(d);
  // Findings: one that repeats its check exactly, one without evidence of its own, one whose evidence
  // names another bundle and no capture, one with an id out of sequence, one for an unknown check.
  Finding probe;
  probe.id = s.site + "#2";
  probe.rule = s.checks[0].kind;
  probe.severity = Severity::warn;
  probe.title = "dns64.synthesis warn: v4only.lab.test";
  probe.explanation = s.checks[0].reason;
  probe.source = Source::probe;
  probe.addresses = {"2001:db8:64::c000:20a", "2001:db8:10::1"};
  probe.rfc = s.checks[0].rfc;
  probe.check_id = s.checks[0].check_id;
  probe.evidence = {s.bundle.name, s.checks[0].frames, "capture.pcapng", std::string(64, 'a')};
  s.findings.push_back(probe);
  Finding other = probe;
  other.id = "elsewhere#9";
  other.rfc.reset();
  other.evidence = {std::nullopt, {}, "other.pcapng", std::nullopt};
  s.findings.push_back(other);
  Finding unknown = probe;
  unknown.id = s.site + "#4";
  unknown.check_id = "no-such-check";
  unknown.evidence.frames = {5, 4};  // not ascending: kept as a list
  s.findings.push_back(unknown);
  round_trips(d);
  const json site = json::parse(text_of(d))["sites"][0];
  // The finding that repeats its check is its severity and check id only (the findings are a list here:
  // the one without an rfc needs a null, which a table cannot hold).
  ASSERT_TRUE(site["findings"].is_array());
  EXPECT_EQ(site["findings"][1], (json{{"severity", "warn"}, {"check_id", "synth-v4only"}}));
  EXPECT_EQ(site["findings"][2]["rfc"], nullptr);
  EXPECT_EQ(
      site["findings"][2]["evidence"],
      (json{{"bundle", nullptr}, {"capture", "other.pcapng"}, {"capture_sha256", nullptr}, {"frames", ""}}));
  EXPECT_EQ(site["findings"][3]["evidence"]["frames"], (json{5, 4}));
  s.findings.erase(s.findings.begin() + 2);
  {
    const json t = json::parse(text_of(d))["sites"][0]["findings"];
    ASSERT_TRUE(t.is_object()) << t.dump();
    const auto& cols = t["columns"];
    const auto& row = t["rows"][1];
    json f = json::object();
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (!row[i].is_null()) f[cols[i].get<std::string>()] = row[i];
    EXPECT_EQ(f, (json{{"severity", "warn"}, {"check_id", "synth-v4only"}})) << f.dump();
  }
  // Checks: the second is its id, target, reason and duration (seq 2 = its place).
  EXPECT_EQ(site["check_addresses"], (json{{"local", "2001:db8:10::100"}, {"resolver", "2001:db8:10::1"}}));
  // No capture at all: the evidence of a finding states none.
  s.bundle.capture.reset();
  round_trips(d);
  s.checks.clear();
  round_trips(d);
  d.sites.clear();
  round_trips(d);
}

TEST(FindingsCompact, SitesAreLinesAndTheTextIsCompact) {
  Document d = test::full_document();
  d.sites.push_back(d.sites[0]);
  d.sites[1].site = "province/district-b/commune-2";
  const std::string text = text_of(d);
  std::istringstream in(text);
  std::string line;
  int site_lines = 0;
  while (std::getline(in, line)) {
    if (line.starts_with("{\"access\"")) ++site_lines;
    EXPECT_EQ(line.find("  "), std::string::npos) << line;  // no indentation
  }
  EXPECT_EQ(site_lines, 2);
  std::ostringstream streamed;
  ASSERT_TRUE(write_json_text(streamed, d));
  EXPECT_EQ(streamed.str(), text);
}

std::string refusal(json j) {
  auto d = parse_document(j.dump());
  return d ? std::string("(accepted)") : d.error();
}

TEST(FindingsCompact, MalformedCompactConstructsAreRefusedWithTheKeyPath) {
  const json good = json::parse(text_of(test::full_document()));
  json j = good;
  j["sites"][0]["checks"]["rows"][0].erase(0);
  const auto ncols = std::to_string(j["sites"][0]["checks"]["columns"].size());
  EXPECT_EQ(refusal(j), "sites[0].checks.rows[0]: expected a list of " + ncols + " values (one per column)");
  j = good;
  j["sites"][0]["checks"]["extra"] = 1;
  EXPECT_EQ(refusal(j), "sites[0].checks.extra: unknown field (a table has columns and rows)");
  j = good;
  j["sites"][0]["checks"]["columns"][1] = j["sites"][0]["checks"]["columns"][0];
  EXPECT_EQ(refusal(j), "sites[0].checks.columns[1]: duplicate column \"addresses\"");
  j = good;
  auto& cols = j["sites"][0]["checks"]["columns"];
  std::size_t frames_col = 0;
  while (cols[frames_col] != "frames") ++frames_col;
  j["sites"][0]["checks"]["rows"][0][frames_col] = "13-12";
  EXPECT_EQ(
      refusal(j),
      "sites[0].checks[0].frames: expected frame ranges (\"3-24,31\": ascending, apart), got \"13-12\"");
  // Ranges expand to no more frame numbers than the document may list (linear in its size).
  j["sites"][0]["checks"]["rows"][0][frames_col] = "1-2000000";
  EXPECT_EQ(refusal(j),
            "sites[0].checks[0].frames: frame ranges \"1-2000000\" hold 2000000 frame numbers: "
            "more than a document of this size may list");
  j["sites"][0]["checks"]["rows"][0][frames_col] = "1-600000";
  EXPECT_EQ(refusal(j), "(accepted)");
  j["sites"][0]["root_causes"][0]["frames"] = "1-600000";  // together above the budget (1M for a small text)
  EXPECT_NE(refusal(j).find("sites[0].root_causes[0].frames: frame ranges"), std::string::npos);
  j["sites"][0]["root_causes"][0]["frames"] = "12-13";
  j["sites"][0]["checks"]["rows"][0][frames_col] = 12;
  EXPECT_EQ(refusal(j), "sites[0].checks[0].frames: expected a list, got 12");
  j = good;
  j["sites"][0]["check_addresses"]["local"] = 5;
  EXPECT_EQ(refusal(j), "sites[0].check_addresses.local: expected a string, got 5");
  j = good;
  j["sites"][0]["check_addresses"]["remote"] = "x";
  EXPECT_EQ(refusal(j), "sites[0].check_addresses.remote: unknown field");
  j = good;
  j["sites"][0]["root_causes"][0]["frames"] = "1,x";
  EXPECT_EQ(
      refusal(j),
      "sites[0].root_causes[0].frames: expected frame ranges (\"3-24,31\": ascending, apart), got \"1,x\"");
  // A mistyped value inside a row is named by its column.
  j = good;
  std::size_t verdict_col = 0;
  while (j["sites"][0]["checks"]["columns"][verdict_col] != "verdict") ++verdict_col;
  j["sites"][0]["checks"]["rows"][0][verdict_col] = "great";
  EXPECT_EQ(refusal(j),
            "sites[0].checks[0].verdict: expected one of pass|info|warn|fail|error|skipped, got \"great\"");
  // The expanded form's own key in a compact document is not a table.
  j = good;
  j["sites"][0]["check_addresses"] = json::array();
  EXPECT_EQ(refusal(j), "sites[0].check_addresses: expected an object {local, resolver}, got a list");
}

// The previous version: a real /2 document (the lab demo's four communes) reads to the same model as
// its /3 rewrite, which is smaller.
TEST(FindingsCompact, ReadsThePreviousVersion) {
  const std::string file = std::string(V6READY_SOURCE_DIR) + "/tests/archive/data/lab-findings.json";
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string v2 = ss.str();
  ASSERT_NE(v2.find("\"schema\": \"v6ready.findings/2\""), std::string::npos);
  auto d = parse_document(v2);
  ASSERT_TRUE(d) << d.error();
  const std::string v3 = to_json_text(*d);
  auto again = parse_document(v3);
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(to_json(*again), to_json(*d));
  EXPECT_EQ(to_json(*d), json::parse(v2));  // the /2 text is the expanded form, key for key
  EXPECT_LT(v3.size() * 3, v2.size());
  std::cout << "lab-findings.json: /2 " << v2.size() << " B, /3 " << v3.size() << " B for " << d->sites.size()
            << " sites\n";
}

}  // namespace
}  // namespace v6r::findings
