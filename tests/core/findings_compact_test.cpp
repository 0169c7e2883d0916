// The compact form of findings.json (core/findings_compact.hpp, schema /3): frame ranges, values left
// out only when the reader restores the same ones (also in degenerate sites), refusals with the key
// path, and the previous version (/2, the expanded form) read to the same model.
#include "core/findings_compact.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/findings.hpp"
#include "core/message_text.hpp"
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
    if (line.starts_with("{") && line.find("\"site\":\"") != std::string::npos) ++site_lines;
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
  // The document tables of what sites share.
  j = good;
  j["site_defaults"] = {{"services", nullptr}};
  EXPECT_EQ(refusal(j), "site_defaults.services: expected a value, got null");
  j["site_defaults"] = {{"bundle", json::object()}};
  EXPECT_EQ(refusal(j), "site_defaults.bundle: unknown field");
  j = good;
  j["check_defaults"]["synth-v4only"]["clause_rfc"] = 5;
  EXPECT_EQ(refusal(j),
            "check_defaults.synth-v4only.clause_rfc: expected an object {clause name: rfc}, got 5");
  j["check_defaults"]["synth-v4only"]["clause_rfc"] = {{"ttl", 5}};
  EXPECT_EQ(refusal(j), "check_defaults.synth-v4only.clause_rfc.ttl: expected a string, got 5");
  j["check_defaults"]["synth-v4only"].erase("clause_rfc");
  j["check_defaults"]["synth-v4only"]["reason_message"] = nullptr;
  EXPECT_EQ(refusal(j), "check_defaults.synth-v4only.reason_message: expected a value, got null");
  // What the defaults put back stays linear in the text: a 2 MB default left out by ten sites is more
  // than four times the text (at least 16 MB).
  j = good;
  j["site_defaults"] = {
      {"services", json::array({{{"checks", {"portal"}},
                                 {"path", "nat64"},
                                 {"state", "reachable"},
                                 {"target", "https://" + std::string(2'000'000, 'x') + "/"}}})}};
  json site = good["sites"][0];
  site.erase("services");
  j["sites"] = json::array();
  for (int i = 0; i < 10; ++i) j["sites"].push_back(site);
  EXPECT_EQ(refusal(j),
            "sites[8].services: left to site_defaults in more sites than a document of this size may hold");
}

/// Row `i` of a list written as a table or a list, as an object.
json row_of(const json& list, std::size_t i) {
  if (list.is_array()) return list.at(i);
  json o = json::object();
  for (std::size_t k = 0; k < list["columns"].size(); ++k)
    if (!list["rows"][i][k].is_null()) o[list["columns"][k].get<std::string>()] = list["rows"][i][k];
  return o;
}

// What the sites of a sweep share is said once (docs/findings-schema.md "Compact form"): a site's
// coverage, services, access and level reasons when most sites have them (site_defaults); per check id
// the outcome (reason message and clauses) most of its checks had and each clause's RFC (check_defaults);
// a clause's verdict pass, and the message of a check's only clause when it is the check's own. Every
// value that differs is kept, and all of it reads back to the same model.
TEST(FindingsCompact, WhatSitesShareIsSaidOnce) {
  Document d = test::full_document();
  Site& first = d.sites[0];
  first.level_reasons.clear();  // rendered from their messages
  for (const auto& m : *first.level_reason_messages) first.level_reasons.push_back(i18n::english(m));
  for (int i = 1; i <= 3; ++i) {
    d.sites.push_back(d.sites[0]);
    d.sites.back().site = "province/district-b/commune-" + std::to_string(i);
  }
  round_trips(d);
  // The fourth differs: another outcome for its first check, no services, no level reasons, a clause
  // with another RFC and one without.
  Site& odd = d.sites[3];
  odd.checks[0].reason_message = MessageRef{"fact.check_verdict.fail", {{"check", "synth-v4only"}}};
  odd.checks[0].clauses->front().rfc = "RFC 6147 §5.1.6";
  odd.checks[0].clauses->back().rfc.reset();
  odd.services.clear();
  odd.level_reason_messages.reset();
  odd.level_reasons.clear();
  round_trips(d);
  const json doc = json::parse(text_of(d));
  for (const char* k : {"access", "coverage", "level_reason_messages", "services"})
    EXPECT_TRUE(doc["site_defaults"].contains(k)) << k;
  const json& entry = doc["check_defaults"]["synth-v4only"];
  EXPECT_EQ(entry["clause_rfc"], (json{{"prefix", "RFC 6147 §5.1.5"}, {"ttl", "RFC 6147 §5.1.7"}}));
  ASSERT_TRUE(entry.contains("reason_message") && entry.contains("clauses")) << entry.dump();
  // The clauses as stated once: no verdict pass, no RFC, the warn kept.
  EXPECT_FALSE(entry["clauses"][0].contains("verdict"));
  EXPECT_FALSE(entry["clauses"][0].contains("rfc"));
  EXPECT_EQ(entry["clauses"][1]["verdict"], "warn");
  const json& same = doc["sites"][1];
  for (const char* k : {"access", "coverage", "level_reason_messages", "services"})
    EXPECT_FALSE(same.contains(k)) << k;
  EXPECT_FALSE(row_of(same["checks"], 0).contains("reason_message"));
  EXPECT_FALSE(row_of(same["checks"], 0).contains("clauses"));
  const json& other = doc["sites"][3];
  EXPECT_EQ(other["services"], json::array());
  EXPECT_EQ(other["level_reason_messages"], nullptr);  // none, while most sites have them
  const json row = row_of(other["checks"], 0);
  EXPECT_EQ(row["reason_message"], (json{"fact.check_verdict.fail", "synth-v4only"}));
  EXPECT_EQ(row["clauses"][0]["rfc"], "RFC 6147 §5.1.6");
  EXPECT_EQ(row["clauses"][1]["rfc"], nullptr);  // none, while the id's clause has one

  // A check's only clause says what the check says: its message is the check's.
  Document one = test::full_document();
  CheckRow& c = one.sites[0].checks[0];
  c.reason_message = MessageRef{"check.detail", {{"text", "TTL 700 above the A TTL"}}};
  c.reason = i18n::english(*c.reason_message);
  c.clauses = std::vector<Clause>{{"prefix", Verdict::warn, c.reason, "RFC 6147 §5.1.5", c.reason_message}};
  round_trips(one);
  json clause = row_of(json::parse(text_of(one))["sites"][0]["checks"], 0)["clauses"][0];
  EXPECT_EQ(clause, (json{{"clause", "prefix"}, {"verdict", "warn"}})) << clause.dump();
  c.clauses->front().reason_message = MessageRef{"check.detail", {{"text", "said otherwise"}}};
  c.clauses->front().reason = i18n::english(*c.clauses->front().reason_message);
  round_trips(one);
  clause = row_of(json::parse(text_of(one))["sites"][0]["checks"], 0)["clauses"][0];
  EXPECT_EQ(clause["reason_message"], (json{"check.detail", "said otherwise"}));
}

// Messages (docs/findings-schema.md "Compact form"): ["id", arg...] when the arguments are the English
// text's placeholders in the order it names them, a list as the array of its items; any other message
// as the object it is. Both read back to the same model.
TEST(FindingsCompact, MessagesArePositionalWhereTheCatalogueNamesTheirArguments) {
  Document d = test::full_document();
  CheckRow& c = d.sites[0].checks[0];
  const MessageItem prefix_ok{"check.synth.prefix_ok", {{"prefix", "2001:db8:64::/96"}}};
  const MessageItem a_not_above{"check.ttl.a_not_above", {{"a", "287"}, {"bound", "3600"}}};
  const MessageItem not_judged{"check.ttl.not_judged",
                               {{"why", i18n::english(a_not_above), std::vector<MessageItem>{a_not_above}}}};
  const MessageItem swapped{"check.ttl.a_not_above", {{"bound", "3600"}, {"a", "287"}}};
  const MessageItem future{"check.from_a_newer_probe", {{"x", "1"}}};
  const MessageItem odd{"check.ttl.not_judged",
                        {{"why", "other words", std::vector<MessageItem>{a_not_above}}}};
  c.reason = i18n::english(prefix_ok);
  c.reason_message = prefix_ok;
  c.clauses =
      std::vector<Clause>{{"prefix", Verdict::pass, i18n::english(prefix_ok), "RFC 6147 §5.1.5", prefix_ok},
                          {"ttl", Verdict::info, i18n::english(not_judged), "RFC 6147 §5.1.7", not_judged},
                          {"swapped", Verdict::info, i18n::english(swapped), std::nullopt, swapped},
                          {"future", Verdict::info, "a sentence of a newer probe", std::nullopt, future},
                          {"odd", Verdict::info, "TTL not judged: other words", std::nullopt, odd}};
  round_trips(d);
  const json good = json::parse(text_of(d));
  const json row = row_of(good["sites"][0]["checks"], 0);
  EXPECT_FALSE(row.contains("reason")) << "rendered from its message";
  EXPECT_EQ(row["reason_message"], json::array({"check.synth.prefix_ok", "2001:db8:64::/96"}));
  const json& cl = row["clauses"];
  EXPECT_EQ(cl[1]["reason_message"],
            json::array({"check.ttl.not_judged",
                         json::array({json::array({"check.ttl.a_not_above", "287", "3600"})})}))
      << "the list's English left out, its item positional too";
  EXPECT_EQ(cl[2]["reason_message"], message_json(swapped)) << "arguments in another order: the object";
  EXPECT_FALSE(cl[2].contains("reason"));
  EXPECT_EQ(cl[3]["reason_message"], message_json(future)) << "an id this catalogue lacks: the object";
  EXPECT_EQ(cl[3]["reason"], "a sentence of a newer probe");
  EXPECT_EQ(cl[4]["reason_message"]["args"][0]["value"], "other words") << "a value its items do not render";
  EXPECT_EQ(cl[4]["reason_message"]["args"][0]["items"][0],
            json::array({"check.ttl.a_not_above", "287", "3600"}));

  // A malformed positional message is refused where it is.
  const auto with = [&](const char* where, json m) {
    json j = good;
    json& checks = j["sites"][0]["checks"];
    std::size_t col = 0;
    if (std::string(where) == "check") {
      while (checks["columns"][col] != "reason_message") ++col;
      checks["rows"][0][col] = std::move(m);
    } else {
      while (checks["columns"][col] != "clauses") ++col;
      checks["rows"][0][col][1]["reason_message"] = std::move(m);
    }
    return refusal(j);
  };
  EXPECT_EQ(with("check", json::array({"check.synth.prefix_ok"})),
            "sites[0].checks[0].reason_message: message check.synth.prefix_ok takes 1 argument(s), got 0");
  EXPECT_EQ(with("check", json::array({"no.such.id", "x"})),
            "sites[0].checks[0].reason_message[0]: unknown message id \"no.such.id\" (a message as a list "
            "needs the catalogue's placeholders)");
  EXPECT_EQ(with("check", json::array({"check.synth.prefix_ok", 5})),
            "sites[0].checks[0].reason_message[1]: expected a value (string) or a list of messages, got 5");
  EXPECT_EQ(with("check", json::array({5})),
            "sites[0].checks[0].reason_message: a message as a list starts with its id");
  EXPECT_EQ(with("clause", json::array({"check.ttl.not_judged",
                                        json::array({json::array({"check.ttl.a_not_above", "287"})})})),
            "sites[0].checks[0].clauses[1].reason_message.args[0].items[0]: message check.ttl.a_not_above "
            "takes 2 argument(s), got 1");
}

// The analyzer's English next to its message (level summary and reasons, plan reason, access evidence,
// a service's reason, a check's cross-check note, a root cause's title and evidence) is left out when the
// message renders it, and kept when it says something else.
TEST(FindingsCompact, EnglishThatItsMessageRendersIsLeftOut) {
  Document d = test::full_document();
  Site& s = d.sites[0];
  ASSERT_TRUE(s.level_summary_message && s.level_reason_messages && s.plan_reason_message &&
              s.access.evidence_messages && s.root_causes && !s.services.empty());
  const auto en = [](const MessageItem& m) { return i18n::english(m); };
  s.level_summary = en(*s.level_summary_message);
  s.level_reasons.clear();
  for (const auto& m : *s.level_reason_messages) s.level_reasons.push_back(en(m));
  s.plan_reason = en(*s.plan_reason_message);
  s.access.evidence.clear();
  for (const auto& m : *s.access.evidence_messages) s.access.evidence.push_back(en(m));
  CheckRow& c = s.checks[0];
  ASSERT_TRUE(c.cross_check_note_message);
  c.cross_check_note = en(*c.cross_check_note_message);
  s.services[0].reason_message = MessageItem{"fact.svc.reached.nat64", {{"checks", "someone else"}}};
  s.services[0].reason = en(*s.services[0].reason_message);  // not the default of a reachable service
  RootCause& rc = s.root_causes->front();
  rc.title = en(rc.title_message);
  rc.evidence.clear();
  for (const auto& m : rc.evidence_messages) rc.evidence.push_back(en(m));
  round_trips(d);
  json site = json::parse(text_of(d))["sites"][0];
  for (const char* k : {"level_summary", "level_reasons", "plan_reason"}) EXPECT_FALSE(site.contains(k)) << k;
  EXPECT_FALSE(site["access"].contains("evidence"));
  EXPECT_FALSE(row_of(site["checks"], 0).contains("cross_check_note"));
  EXPECT_FALSE(row_of(site["services"], 0).contains("reason"));
  EXPECT_FALSE(site["root_causes"][0].contains("title"));
  EXPECT_FALSE(site["root_causes"][0].contains("evidence"));

  // Words their message does not render are kept as they are.
  s.level_reasons.back() += " (edited)";
  s.plan_reason = "said otherwise";
  c.cross_check_note = "a note of its own";
  s.services[0].reason = "reached, somehow";
  rc.evidence.front() = "seen otherwise";
  round_trips(d);
  site = json::parse(text_of(d))["sites"][0];
  EXPECT_EQ(site["level_reasons"], json(s.level_reasons));
  EXPECT_EQ(site["plan_reason"], "said otherwise");
  EXPECT_EQ(row_of(site["checks"], 0)["cross_check_note"], "a note of its own");
  EXPECT_EQ(row_of(site["services"], 0)["reason"], "reached, somehow");
  EXPECT_EQ(site["root_causes"][0]["evidence"], json(rc.evidence));
  EXPECT_FALSE(site["root_causes"][0].contains("title"));

  // A service's reason that is the default of a reachable service but not what its message renders:
  // the message decides, so it is kept; without a message the default leaves it out.
  s.services[0].reason = "reached through NAT64 (portal)";
  round_trips(d);
  EXPECT_EQ(row_of(json::parse(text_of(d))["sites"][0]["services"], 0)["reason"],
            "reached through NAT64 (portal)");
  s.services[0].reason_message.reset();
  round_trips(d);
  EXPECT_FALSE(row_of(json::parse(text_of(d))["sites"][0]["services"], 0).contains("reason"));

  // A message of an id the reader lacks cannot stand for its missing text.
  json j = json::parse(text_of(d));
  j["sites"][0]["level_summary_message"] = {{"id", "summary.from_a_newer_analyzer"}, {"args", json::array()}};
  EXPECT_EQ(refusal(j), "sites[0].level_summary: missing, and its message does not render in English");
}

// The previous version: a real /2 document (the lab demo's four communes) reads to the same model as
// its /3 rewrite, which is smaller.
TEST(FindingsCompact, ReadsThePreviousVersion) {
  // The lab demo's four communes, and the main job's six (every message, frame line and root cause).
  for (const char* name :
       {"tests/archive/data/lab-findings.json", "tests/reports/data/main-job-findings.json"}) {
    SCOPED_TRACE(name);
    std::ifstream in(std::string(V6READY_SOURCE_DIR) + "/" + name, std::ios::binary);
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
    EXPECT_EQ(to_json_text(*again), v3);
    EXPECT_EQ(to_json(*d), json::parse(v2));  // the /2 text is the expanded form, key for key
    EXPECT_LT(v3.size() * 3, v2.size());
    std::cout << name << ": /2 " << v2.size() << " B, /3 " << v3.size() << " B for " << d->sites.size()
              << " sites\n";
  }
}

}  // namespace
}  // namespace v6r::findings
