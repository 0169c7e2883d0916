// Golden bundles → findings (normalised: rule ids, severities, frames, levels, cross-checks) compared
// with tests/analyzer/expected/<case>.json. UPDATE_GOLDEN=1 rewrites the expected files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "analyzers/analyze.hpp"
#include "analyzers/cli.hpp"
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
  json n;
  n["exit_code"] = out.exit_code;
  n["status"] = out.findings["status"];
  json problems = json::array();
  for (const auto& p : out.findings["problems"]) {
    json q = {{"file", p.value("file", "")}};
    if (p.contains("frame")) q["frame"] = p["frame"];
    if (p.contains("offset")) q["offset"] = p["offset"];
    problems.push_back(q);
  }
  n["problems"] = problems;
  json sites = json::array();
  for (const auto& s : out.findings["sites"]) {
    json site = {{"site", s["site"]},
                 {"level", s["level"]},
                 {"meets_plan", s["meets_plan"]},
                 {"level_reasons", s["level_reasons"]}};
    json checks = json::array();
    for (const auto& c : s["checks"])
      checks.push_back(
          {{"check_id", c["check_id"]}, {"cross_check", c["cross_check"]}, {"frames", c["frames"]}});
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

class FindingsGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(FindingsGolden, MatchesExpected) {
  auto cases = v6r::testcases::all_cases();
  auto it = std::find_if(cases.begin(), cases.end(), [](const auto& c) { return c.name == GetParam(); });
  ASSERT_NE(it, cases.end());
  const auto dir = temp_dir(GetParam());
  const auto bundle = v6r::testcases::write_case(*it, dir);
  auto out = v6r::analyze::analyze(options(bundle));
  ASSERT_TRUE(out) << out.error();
  const json got = normalise(*out);
  const std::string expected_file = kSrc + "/tests/analyzer/expected/" + GetParam() + ".json";
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_file) << got.dump(2) << "\n";
  }
  std::ifstream in(expected_file);
  ASSERT_TRUE(in) << expected_file << " missing (run with UPDATE_GOLDEN=1)";
  const json want = json::parse(in);
  EXPECT_EQ(got, want) << "got:\n" << got.dump(2) << "\nsummary:\n" << out->summary_text;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Cases, FindingsGolden,
                         ::testing::Values("healthy_l3", "unexpected_prefix", "ipv4_frames", "ptb_seen",
                                           "pmtu_black_hole", "dns_servfail_unanswered", "disagreement",
                                           "truncated_capture", "anomaly"));

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
  EXPECT_EQ(v6r::analyze::cli::run_verify({bundle.string()}, false, mem, stderr), 1);
  std::fclose(mem);
  EXPECT_NE(std::string(buf, len).find("results.jsonl"), std::string::npos) << std::string(buf, len);
  std::free(buf);

  auto refused = v6r::analyze::analyze(options(bundle));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->exit_code, 1);
  EXPECT_TRUE(refused->findings["sites"].empty());
  ASSERT_EQ(refused->findings["problems"].size(), 1u);
  EXPECT_NE(refused->findings["problems"][0]["message"].get<std::string>().find("refused"),
            std::string::npos);
  EXPECT_TRUE(refused->findings["sweep"]["refused"].get<bool>());

  auto o = options(bundle);
  o.allow_unverified = true;
  auto allowed = v6r::analyze::analyze(o);
  ASSERT_TRUE(allowed);
  ASSERT_EQ(allowed->findings["sites"].size(), 1u);
  const auto& s = allowed->findings["sites"][0];
  EXPECT_FALSE(s["bundle"]["verified"].get<bool>());
  EXPECT_NE(s["bundle"]["verify_problems"].dump().find("results.jsonl"), std::string::npos);
  EXPECT_EQ(s["findings"][0]["rule"], "bundle.unverified");
  EXPECT_EQ(allowed->exit_code, 1);
  EXPECT_NE(allowed->summary_text.find("UNVERIFIED"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Findings, UntamperedBundleVerifies) {
  auto cases = v6r::testcases::all_cases();
  const auto dir = temp_dir("verify-ok");
  const auto bundle = v6r::testcases::write_case(cases.front(), dir);
  EXPECT_EQ(v6r::analyze::cli::run_verify({dir.string()}, true, stdout, stderr), 0);
  EXPECT_EQ(v6r::analyze::cli::run_verify({(dir / "nope").string()}, true, stdout, stderr), 2);
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
  const auto& r = out->findings["rollup"];
  EXPECT_EQ(r["levels"]["L3"], 1);
  EXPECT_EQ(r["below_plan"], 2);
  EXPECT_EQ(r["worst_sites"][0]["site"], "province/district-b/commune-brokendns64");
  bool found = false;
  for (const auto& p : r["by_prefix"])
    if (p["prefix"] == "province/district-a") {
      found = true;
      EXPECT_EQ(p["sites"], 2);
      EXPECT_EQ(p["below_plan"], 1);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(r["top_failing_checks"][0]["kind"], "dns64.discovery");
  fs::remove_all(dir);
}
