// `v6analyze report` (apps/v6analyze/cli_report.cpp) over findings.json files that do not match the
// schema: exit 2 with the file and the key path on stderr, nothing rendered.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "apps/v6analyze/cli.hpp"
#include "tests/reports/test_util.hpp"

namespace v6r::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Run {
  int rc = -1;
  std::string out, err;
};

Run report(const fs::path& findings, const fs::path& out_dir) {
  char *o = nullptr, *e = nullptr;
  std::size_t on = 0, en = 0;
  FILE* out = open_memstream(&o, &on);
  FILE* err = open_memstream(&e, &en);
  ReportOptions opt;
  opt.findings = findings.string();
  opt.out_dir = out_dir.string();
  Run r;
  r.rc = run_report(opt, out, err);
  std::fclose(out);
  std::fclose(err);
  r.out.assign(o, on);
  r.err.assign(e, en);
  std::free(o);
  std::free(e);
  return r;
}

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("v6r-report-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path write(const std::string& name, const json& j) {
    std::ofstream(dir / name) << j.dump(2);
    return dir / name;
  }
  fs::path dir;
};

TEST_F(ReportCli, SampleRenders) {
  const auto r = report(write("ok.json", report::test::sample_json()), dir / "ok");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "ok" / "report.html"));
}

TEST_F(ReportCli, MissingFieldIsRefusedWithItsKeyPath) {
  auto j = report::test::sample_json();
  j["sites"][1]["checks"][0].erase("verdict");
  const auto f = write("missing.json", j);
  const auto r = report(f, dir / "out");
  EXPECT_EQ(r.rc, kExitUsage);
  EXPECT_EQ(r.err, "v6analyze report: " + f.string() + ": sites[1].checks[0].verdict: missing\n");
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(ReportCli, MistypedFieldIsRefusedWithItsKeyPath) {
  auto j = report::test::sample_json();
  j["sites"][2]["findings"][0]["severity"] = "bad";
  const auto f = write("mistyped.json", j);
  const auto r = report(f, dir / "out");
  EXPECT_EQ(r.rc, kExitUsage);
  EXPECT_EQ(r.err, "v6analyze report: " + f.string() +
                       ": sites[2].findings[0].severity: expected one of fail|warn|info, got \"bad\"\n");
  EXPECT_FALSE(fs::exists(dir / "out"));

  j = report::test::sample_json();
  j["rollup"]["plan"]["meets"] = "2";
  const auto r2 = report(write("string-count.json", j), dir / "out");
  EXPECT_EQ(r2.rc, kExitUsage);
  EXPECT_NE(r2.err.find("rollup.plan.meets: expected an integer >= 0, got \"2\""), std::string::npos)
      << r2.err;
}

}  // namespace
}  // namespace v6r::app
