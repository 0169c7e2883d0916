// Golden bundles → findings (normalised: rule ids, severities, frames, levels, cross-checks) compared
// with tests/analyzer/expected/<case>.json. UPDATE_GOLDEN=1 rewrites the expected files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "analyzers/analyze.hpp"
#include "analyzers/findings/expectations.hpp"
#include "apps/v6analyze/cli.hpp"
#include "tests/analyzer/finding_cases.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSrc = V6READY_SOURCE_DIR;

fs::path temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("v6r-findings-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

v6r::analyze::AnalyzeOptions options(const fs::path& input) {
  v6r::analyze::AnalyzeOptions o;
  o.inputs = {input.string()};
  o.plan_file = kSrc + "/scenarios/plan-2026-2030.yaml";
  o.year = 2029;  // communes must be L3
  o.label = "golden";
  return o;
}

json normalise(const v6r::analyze::AnalyzeOutput& out) {
  const json doc = v6r::findings::to_json(out.findings);
  json n;
  n["exit_code"] = out.exit_code;
  n["status"] = doc["status"];
  json problems = json::array();
  for (const auto& p : doc["problems"]) {
    json q = {{"file", p.value("file", "")}};
    if (p.contains("frame")) q["frame"] = p["frame"];
    if (p.contains("offset")) q["offset"] = p["offset"];
    problems.push_back(q);
  }
  n["problems"] = problems;
  json sites = json::array();
  for (const auto& s : doc["sites"]) {
    json site = {{"site", s["site"]},
                 {"level", s["level"]},
                 {"level_summary", s["level_summary"]},
                 {"not_assessed_from", s["not_assessed_from"]},
                 {"access_mode", s["access"]["mode"]},
                 {"plan_verdict", s["plan_verdict"]},
                 {"plan_reason", s["plan_reason"]},
                 {"level_reasons", s["level_reasons"]}};
    json coverage = json::array();
    for (const auto& c : s["coverage"])
      coverage.push_back(c["level"].get<std::string>() + " " + c["state"].get<std::string>() + ": " +
                         c["requirement"].get<std::string>());
    site["coverage"] = coverage;
    json checks = json::array();
    for (const auto& c : s["checks"]) {
      json row = {{"check_id", c["check_id"]}, {"cross_check", c["cross_check"]}, {"frames", c["frames"]}};
      if (c.contains("cross_check_note")) row["cross_check_note"] = c["cross_check_note"];
      checks.push_back(row);
    }
    site["checks"] = checks;
    json findings = json::array();
    for (const auto& f : s["findings"])
      findings.push_back(
          {{"rule", f["rule"]}, {"severity", f["severity"]}, {"frames", f["evidence"]["frames"]}});
    site["findings"] = findings;
    site["metrics"] = s["metrics"];
    sites.push_back(site);
  }
  n["sites"] = sites;
  return n;
}

}  // namespace

class FindingsGolden : public ::testing::TestWithParam<std::string> {
 protected:
  /// The full findings document of the case; `expectations`: run.json records them (else a bundle of a
  /// probe from before RunInfo::expect).
  v6r::analyze::AnalyzeOutput analyse(bool expectations) {
    auto cases = v6r::testcases::all_cases();
    auto it = std::find_if(cases.begin(), cases.end(), [](const auto& c) { return c.name == GetParam(); });
    EXPECT_NE(it, cases.end());
    it->record_expectations = expectations;
    const auto dir = temp_dir(GetParam() + (expectations ? "" : "-old"));
    const auto bundle = v6r::testcases::write_case(*it, dir);
    auto out = v6r::analyze::analyze(options(bundle));
    fs::remove_all(dir);
    EXPECT_TRUE(out) << out.error();
    return out ? std::move(out).value() : v6r::analyze::AnalyzeOutput{};
  }
  static json expected() {
    std::ifstream in(kSrc + "/tests/analyzer/expected/" + GetParam() + ".json");
    EXPECT_TRUE(in) << GetParam() << ".json missing (run with UPDATE_GOLDEN=1)";
    return in ? json::parse(in) : json();
  }
};

TEST_P(FindingsGolden, MatchesExpected) {
  const auto out = analyse(true);
  const json got = normalise(out);
  if (std::getenv("UPDATE_GOLDEN") != nullptr)
    std::ofstream(kSrc + "/tests/analyzer/expected/" + GetParam() + ".json") << got.dump(2) << "\n";
  EXPECT_EQ(got, expected()) << "got:\n" << got.dump(2);
  ASSERT_EQ(out.findings.sites.size(), 1u);
  const auto& ex = out.findings.sites[0].bundle.expected_pref64;
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(ex->prefix, "2001:db8:64::/96");
  EXPECT_EQ(ex->source, "scenario expect.pref64");  // from run.json
}

// A bundle whose run.json records no expectations (every bundle written before they were recorded, like
// the corpus in tests/analyzer/corrupt) is still analysed, to the same result: the expected prefix comes
// from the bundle's scenario.yaml, read strictly, and the document says so.
TEST_P(FindingsGolden, BundleWithoutExpectationsStillAnalysed) {
  const auto out = analyse(false);
  EXPECT_EQ(normalise(out), expected());
  ASSERT_EQ(out.findings.sites.size(), 1u);
  const auto& ex = out.findings.sites[0].bundle.expected_pref64;
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(ex->prefix, "2001:db8:64::/96");
  EXPECT_EQ(ex->source, "scenario.yaml expect.pref64, as run.json records no expectations");
}

// write → strict read → write is byte-identical on every golden document (the full documents behind
// tests/analyzer/expected, which keep only the fields the golden comparison pins).
TEST_P(FindingsGolden, RoundTripsByteIdentical) {
  const auto out = analyse(true);
  const std::string text = v6r::findings::to_json_text(out.findings);
  auto back = v6r::findings::parse_document(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(v6r::findings::to_json_text(*back), text);
}

INSTANTIATE_TEST_SUITE_P(Cases, FindingsGolden,
                         ::testing::Values("healthy_l3", "unexpected_prefix", "ipv4_frames", "ptb_seen",
                                           "pmtu_black_hole", "dns_servfail_unanswered", "disagreement",
                                           "truncated_capture", "anomaly", "evidence_exact"));

// A check that asked two names (its target, and ipv4only.arpa for the resolver's Pref64, as the nat64
// checks do when the prefix is unexpected) reports its target's AAAA: the capture's answers are
// compared per question name, not as one union (the lab's brokendns64 commune showed the union as a
// false "answers differ"). A target answer that really differs still disagrees.
TEST(Findings, AnswersComparedPerQuestionName) {
  using v6r::findings::CrossCheck;
  for (const bool same : {true, false}) {
    v6r::testcases::Case c;
    c.name = same ? "two-names" : "two-names-differ";
    v6r::testcases::healthy(c);
    auto t =
        v6r::testcases::result(7, "tcp-prefix", "nat64.tcp", "v4only.lab.test:80", v6r::Verdict::skipped);
    t.evidence.flows = {
        v6r::Flow{"udp", v6r::testcases::kHost6, 47000, v6r::testcases::kDns6, 53, {0x501, 0x502}, false}};
    t.observed["aaaa"] = {v6r::testcases::kSynth};
    c.cap.dns(0x501, 47000, "v4only.lab.test", v6r::dns::RrType::aaaa,
              {same ? v6r::testcases::kSynth : "2001:db8:64::c000:99"});
    c.cap.dns(0x502, 47000, "ipv4only.arpa", v6r::dns::RrType::aaaa,
              {"2001:db8:64::c000:aa", "2001:db8:64::c000:ab"});
    c.results.push_back(t);
    const auto dir = temp_dir(c.name);
    const auto bundle = v6r::testcases::write_case(c, dir);
    auto out = v6r::analyze::analyze(options(bundle));
    fs::remove_all(dir);
    ASSERT_TRUE(out) << out.error();
    const auto& site = out->findings.sites.at(0);
    auto row = std::find_if(site.checks.begin(), site.checks.end(),
                            [](const auto& r) { return r.check_id == "tcp-prefix"; });
    ASSERT_NE(row, site.checks.end());
    EXPECT_EQ(row->cross_check, same ? CrossCheck::agrees : CrossCheck::disagrees) << c.name;
    EXPECT_EQ(row->frames.size(), 4u);
    bool differ = false;
    for (const auto& f : site.findings) differ = differ || f.rule == "cross_check.answers_differ";
    EXPECT_EQ(differ, !same) << c.name;
  }
}

// The behaviour class a NAT behaviour kind found reaches the findings row typed (checks[].nat_class, from
// the result's observed.mapping / observed.filtering), whatever its reason says; a word the vocabulary
// does not know, a kind without a class and a result that found none have no class.
TEST(Findings, NatClassIsCopiedTypedFromObserved) {
  using v6r::check_kind::NatClass;
  v6r::testcases::Case c;
  c.name = "nat-class";
  v6r::testcases::healthy(c);
  auto add = [&](std::uint64_t seq, const char* id, const char* kind, v6r::Verdict v, const char* key,
                 const char* word) {
    auto r = v6r::testcases::result(seq, id, kind, "192.0.2.20:3478", v);
    r.reason = "a sentence that names no class";
    if (key != nullptr) r.observed[key] = word;
    c.results.push_back(r);
  };
  add(20, "map", "nat64.mapping", v6r::Verdict::fail, "mapping", "address-dependent");
  add(21, "filt", "nat64.filtering", v6r::Verdict::pass, "filtering", "endpoint-independent");
  add(22, "map-new", "nat64.mapping", v6r::Verdict::fail, "mapping", "some-newer-class");
  add(23, "map-none", "nat64.mapping", v6r::Verdict::error, nullptr, nullptr);
  add(24, "hairpin", "nat64.hairpin", v6r::Verdict::pass, "mapping", "endpoint-independent");
  const auto dir = temp_dir(c.name);
  const auto bundle = v6r::testcases::write_case(c, dir);
  auto out = v6r::analyze::analyze(options(bundle));
  fs::remove_all(dir);
  ASSERT_TRUE(out) << out.error();
  const auto& site = out->findings.sites.at(0);
  auto row = [&](const std::string& id) {
    auto r =
        std::find_if(site.checks.begin(), site.checks.end(), [&](const auto& x) { return x.check_id == id; });
    EXPECT_NE(r, site.checks.end()) << id;
    return *r;
  };
  EXPECT_EQ(row("map").nat_class, NatClass::address_dependent);
  EXPECT_EQ(row("filt").nat_class, NatClass::endpoint_independent);
  EXPECT_EQ(row("map-new").nat_class, std::nullopt);
  EXPECT_EQ(row("map-none").nat_class, std::nullopt);
  EXPECT_EQ(row("hairpin").nat_class, std::nullopt);
  // Written and read back under its key, in the probe's words.
  const auto j = v6r::findings::to_json(out->findings);
  bool seen = false;
  for (const auto& r : j["sites"][0]["checks"])
    if (r["check_id"] == "map") seen = r.at("nat_class") == "address-dependent";
  EXPECT_TRUE(seen);
  auto back = v6r::findings::parse_document(v6r::findings::to_json_text(out->findings));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(v6r::findings::to_json(*back), j);
}

// Exact evidence (docs/findings-schema.md "Cross-check"): a check cites the frames of its own flows
// only; DNS by id on the socket it went out on, within its window; without packet evidence it is
// unverified and says so; a deliberate flow's unanswered SYN is the check's, not a site warning.
TEST(Findings, EvidenceIsExact) {
  auto cases = v6r::testcases::all_cases();
  auto it =
      std::find_if(cases.begin(), cases.end(), [](const auto& c) { return c.name == "evidence_exact"; });
  ASSERT_NE(it, cases.end());
  const auto dir = temp_dir("evidence-exact");
  const auto bundle = v6r::testcases::write_case(*it, dir);
  auto out = v6r::analyze::analyze(options(bundle));
  fs::remove_all(dir);
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->findings.sites.size(), 1u);
  const auto& site = out->findings.sites[0];
  auto row = [&](const std::string& id) {
    auto r =
        std::find_if(site.checks.begin(), site.checks.end(), [&](const auto& c) { return c.check_id == id; });
    EXPECT_NE(r, site.checks.end()) << id;
    return *r;
  };
  using v6r::findings::CrossCheck;
  // Shared socket: each check has its own query and response, nothing of the other's, of the same id
  // on another socket, or of the same id after its window.
  const auto a = row("synth-a"), b = row("synth-b");
  EXPECT_EQ(a.cross_check, CrossCheck::agrees);
  EXPECT_EQ(b.cross_check, CrossCheck::agrees);
  ASSERT_EQ(a.frames.size(), 2u);
  ASSERT_EQ(b.frames.size(), 2u);
  EXPECT_EQ(b.frames[0], a.frames[1] + 1);  // b's query follows a's response on the same socket
  // The failed NAT64 connection: its DNS exchange and the four unanswered SYNs of its two flows.
  const auto t = row("tcp-down");
  EXPECT_EQ(t.cross_check, CrossCheck::agrees);
  ASSERT_EQ(t.frames.size(), 6u);
  for (std::size_t i = 2; i < 6; ++i) EXPECT_EQ(t.frames[i], t.frames[1] + i - 1);
  // Without the flow's source the DNS frames do not prove the failed handshake.
  const auto u = row("tcp-nosrc");
  EXPECT_EQ(u.cross_check, CrossCheck::unverified);
  EXPECT_EQ(u.frames.size(), 2u);
  ASSERT_TRUE(u.cross_check_note.has_value());
  EXPECT_NE(u.cross_check_note->find("partial packet evidence"), std::string::npos) << *u.cross_check_note;
  EXPECT_NE(u.cross_check_note->find("source not recorded"), std::string::npos) << *u.cross_check_note;
  // Nothing of the flow in the capture: "no packet evidence", never agrees.
  const auto n = row("tcp-nothing");
  EXPECT_EQ(n.cross_check, CrossCheck::unverified);
  EXPECT_TRUE(n.frames.empty());
  ASSERT_TRUE(n.cross_check_note.has_value());
  EXPECT_EQ(n.cross_check_note->rfind("no packet evidence", 0), 0u) << *n.cross_check_note;
  bool probe_finding_says = false;
  for (const auto& f : site.findings)
    if (f.check_id == std::optional<std::string>("tcp-nothing") && f.rule == "service.tcp")
      probe_finding_says = f.explanation.find("no packet evidence") != std::string::npos;
  EXPECT_TRUE(probe_finding_says);
  // Happy Eyeballs: the deliberate attempt's SYN is attributed to the check, not a site warning.
  const auto h = row("he");
  EXPECT_EQ(h.cross_check, CrossCheck::agrees);
  ASSERT_EQ(h.frames.size(), 4u);  // the deliberate SYN + the winner's handshake
  const std::uint64_t he_syn = h.frames[0];
  const v6r::findings::Finding* provoked = nullptr;
  const v6r::findings::Finding* handshake = nullptr;
  for (const auto& f : site.findings) {
    if (f.rule == "capture.provoked") provoked = &f;
    if (f.rule == "tcp.handshake_failed") handshake = &f;
  }
  ASSERT_NE(provoked, nullptr);
  EXPECT_EQ(provoked->severity, v6r::findings::Severity::info);
  EXPECT_EQ(provoked->check_id, std::optional<std::string>("he"));
  EXPECT_EQ(provoked->evidence.frames, std::vector<std::uint64_t>{he_syn});
  ASSERT_NE(handshake, nullptr);  // tcp-down's two flows: not deliberate, a real failure
  EXPECT_EQ(handshake->evidence.frames, (std::vector<std::uint64_t>{t.frames[2], t.frames[4]}));
  EXPECT_EQ(site.metrics.tcp.handshake_failed, 2u);
}

// A check's own expected_prefix (recorded in run.json) classifies its path; the site's prefix does not.
TEST(Findings, CheckOwnExpectedPrefixClassifiesItsPath) {
  auto cases = v6r::testcases::all_cases();
  auto& c = cases.front();
  auto svc =
      v6r::testcases::result(7, "portal", "service.http", "https://portal.lab.test/", v6r::Verdict::pass);
  svc.addresses.remote = {"2001:db8:46::c000:20a"};
  c.results.push_back(svc);
  const auto dir = temp_dir("check-prefix");
  const auto native = v6r::analyze::analyze(options(v6r::testcases::write_case(c, dir / "native")));
  ASSERT_TRUE(native) << native.error();
  const auto portal = [](const v6r::analyze::AnalyzeOutput& out) {
    for (const auto& s : out.findings.sites.at(0).services)
      if (s.target == "https://portal.lab.test/") return s;
    ADD_FAILURE() << "no service https://portal.lab.test/";
    return v6r::findings::Service{};
  };
  EXPECT_EQ(portal(*native).path, v6r::findings::ServicePath::native_ipv6);
  // L4 judges the services that service.* checks reach: the portal, natively.
  EXPECT_EQ(native->findings.sites[0].level, v6r::findings::Level::L4);
  c.check_prefixes = {{"portal", "2001:db8:46::/96"}};
  const auto nat64 = v6r::analyze::analyze(options(v6r::testcases::write_case(c, dir / "nat64")));
  ASSERT_TRUE(nat64) << nat64.error();
  const auto s = portal(*nat64);
  EXPECT_EQ(s.path, v6r::findings::ServicePath::nat64);
  EXPECT_EQ(s.reason, "reached through NAT64 (portal)");
  EXPECT_EQ(nat64->findings.sites[0].level, v6r::findings::Level::L3);  // the portal needs NAT64: not L4
  fs::remove_all(dir);
}

// --previous documents are read strictly: a mistyped field is refused with the file and the key path.
TEST(Findings, PreviousIsReadStrictly) {
  auto cases = v6r::testcases::all_cases();
  const auto dir = temp_dir("previous");
  const auto bundle = v6r::testcases::write_case(cases.front(), dir / "b");
  auto first = v6r::analyze::analyze(options(bundle));
  ASSERT_TRUE(first) << first.error();
  json doc = v6r::findings::to_json(first->findings);
  std::ofstream(dir / "good.json") << doc.dump(2);
  doc["sites"][0]["level"] = 3;  // a number where a level id (or null) belongs
  std::ofstream(dir / "bad.json") << doc.dump(2);
  auto o = options(bundle);
  o.previous = {(dir / "good.json").string()};
  auto trend = v6r::analyze::analyze(o);
  ASSERT_TRUE(trend) << trend.error();
  ASSERT_TRUE(trend->findings.trend.has_value());
  EXPECT_EQ(trend->findings.trend->size(), 2u);
  const std::string text = v6r::findings::to_json_text(trend->findings);
  auto back = v6r::findings::parse_document(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(v6r::findings::to_json_text(*back), text);
  o.previous = {(dir / "bad.json").string()};
  auto refused = v6r::analyze::analyze(o);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "--previous " + (dir / "bad.json").string() +
                                 ": sites[0].level: expected one of L0|L1|L2|L3|L4, got 3");
  fs::remove_all(dir);
}

TEST(Findings, TamperedBundleRefusedUnlessAllowed) {
  auto cases = v6r::testcases::all_cases();
  auto& c = cases.front();
  c.tamper = true;
  const auto dir = temp_dir("tamper");
  const auto bundle = v6r::testcases::write_case(c, dir);

  // verify names the file
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* mem = open_memstream(&buf, &len);
  EXPECT_EQ(v6r::app::run_verify({bundle.string()}, false, mem, stderr), 1);
  std::fclose(mem);
  EXPECT_NE(std::string(buf, len).find("results.jsonl"), std::string::npos) << std::string(buf, len);
  std::free(buf);

  auto refused = v6r::analyze::analyze(options(bundle));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->exit_code, 1);
  EXPECT_TRUE(refused->findings.sites.empty());
  ASSERT_EQ(refused->findings.problems.size(), 1u);
  EXPECT_NE(refused->findings.problems[0].message.find("refused"), std::string::npos);
  EXPECT_TRUE(refused->findings.sweep.refused);

  auto o = options(bundle);
  o.allow_unverified = true;
  auto allowed = v6r::analyze::analyze(o);
  ASSERT_TRUE(allowed);
  ASSERT_EQ(allowed->findings.sites.size(), 1u);
  const auto& s = allowed->findings.sites[0];
  EXPECT_FALSE(s.bundle.verified);
  ASSERT_FALSE(s.bundle.verify_problems.empty());
  EXPECT_NE(s.bundle.verify_problems[0].find("results.jsonl"), std::string::npos);
  EXPECT_EQ(s.findings[0].rule, "bundle.unverified");
  EXPECT_EQ(allowed->exit_code, 1);
  // The terminal summary marks it too: tests/reports/i18n_test.cpp SummaryMarksTrust.
  fs::remove_all(dir);
}

TEST(Findings, UntamperedBundleVerifies) {
  auto cases = v6r::testcases::all_cases();
  const auto dir = temp_dir("verify-ok");
  const auto bundle = v6r::testcases::write_case(cases.front(), dir);
  EXPECT_EQ(v6r::app::run_verify({dir.string()}, true, stdout, stderr), 0);
  EXPECT_EQ(v6r::app::run_verify({(dir / "nope").string()}, true, stdout, stderr), 2);
  fs::remove_all(dir);
}

TEST(Findings, SpoolTreeManySitesRollUp) {
  auto cases = v6r::testcases::all_cases();
  const auto dir = temp_dir("spool");
  cases[0].site = "province/district-a/commune-ready";
  cases[1].site = "province/district-b/commune-brokendns64";
  cases[2].site = "province/district-a/commune-dualstack";
  for (int i = 0; i < 3; ++i)
    v6r::testcases::write_case(cases[static_cast<std::size_t>(i)],
                               dir / cases[static_cast<std::size_t>(i)].site);
  auto out = v6r::analyze::analyze(options(dir));
  ASSERT_TRUE(out) << out.error();
  const auto& r = out->findings.rollup;
  EXPECT_EQ(r.levels[v6r::findings::Level::L3], 1u);
  EXPECT_EQ(r.levels[v6r::findings::Level::L1], 2u);  // IPv4 on the segment; DNS64 under a wrong prefix
  EXPECT_EQ(r.plan.meets, 1u);
  EXPECT_EQ(r.plan.below, 2u);
  EXPECT_EQ(r.worst_sites[0].site, "province/district-b/commune-brokendns64");
  bool found = false;
  for (const auto& p : r.by_prefix)
    if (p.prefix == "province/district-a") {
      found = true;
      EXPECT_EQ(p.sites, 2u);
      EXPECT_EQ(p.plan.below, 1u);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(r.top_failing_checks[0].kind, "dns64.discovery");
  fs::remove_all(dir);
}

// The older-bundle fallback reads only scenario.yaml's `expect`, but strictly.
TEST(Findings, ScenarioExpectFallbackIsStrict) {
  using v6r::analyze::scenario_expect_pref64;
  auto ok =
      scenario_expect_pref64("version: 1\nname: x\nexpect: {pref64: \"2001:db8:64::/96\"}\nchecks: []\n");
  ASSERT_TRUE(ok) << ok.error();
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->to_string(), "2001:db8:64::/96");
  auto none = scenario_expect_pref64("version: 1\nname: x\nchecks: []\n");
  ASSERT_TRUE(none) << none.error();
  EXPECT_FALSE(none->has_value());
  auto bad = scenario_expect_pref64("version: 1\nexpect:\n  pref64: 2001:db8:64::/95\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().rfind("scenario.yaml:3:11: expect.pref64: ", 0), 0u) << bad.error();
  auto typo = scenario_expect_pref64("version: 1\nexpect:\n  pref46: 2001:db8:64::/96\n");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().rfind("scenario.yaml:3:3: expect.pref46: unknown key", 0), 0u) << typo.error();
  EXPECT_FALSE(scenario_expect_pref64("- a list\n"));
  EXPECT_FALSE(scenario_expect_pref64("expect: [\n"));
}
