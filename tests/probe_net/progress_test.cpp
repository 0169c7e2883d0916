#include "probes/net/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;

TEST(Progress, Elapsed) {
  EXPECT_EQ(format_elapsed(3200ms), "3.2 s");
  EXPECT_EQ(format_elapsed(0ms), "0.0 s");
  EXPECT_EQ(format_elapsed(125'000ms), "2 min 05 s");
}

TEST(Progress, LiveLine) {
  ProgressState s{12, 40, 1, 3200ms};
  auto l = format_live_line(s, 30);
  EXPECT_EQ(l, "\r[12/40] 1 failed, 3.2 s       ");
  EXPECT_EQ(l.size(), 31u);
  ProgressState s2{3, 40, 0, 100ms};
  EXPECT_EQ(format_live_line(s2, 0), "\r[ 3/40] 0 failed, 0.1 s");
}

TEST(Progress, CheckLineAndSummary) {
  ProgressState s{2, 5, 1, 900ms};
  EXPECT_EQ(format_check_line(s, "dns64.synthesis", "v4only.lab.test", "pass", 12ms),
            "[2/5] dns64.synthesis v4only.lab.test: pass (12 ms)\n");
  EXPECT_EQ(format_summary(s), "2 checks, 1 failed, 0.9 s\n");
}

TEST(Progress, Mode) {
  EXPECT_EQ(choose_mode(true, false), ProgressMode::live);
  EXPECT_EQ(choose_mode(false, false), ProgressMode::lines);
  EXPECT_EQ(choose_mode(true, true), ProgressMode::quiet);
}

std::string run(ProgressMode mode) {
  std::FILE* f = std::tmpfile();
  {
    Progress p(2, mode, f);
    p.check_finished("a", "t", "pass", 1ms);
    p.check_finished("b", "", "error", 2ms);
    EXPECT_EQ(p.state().failed, 1);
    p.finish();
  }
  std::rewind(f);
  std::string s;
  char buf[256];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) s.append(buf, n);
  std::fclose(f);
  return s;
}

TEST(Progress, WritesPerMode) {
  EXPECT_EQ(run(ProgressMode::quiet), "");
  auto lines = run(ProgressMode::lines);
  EXPECT_EQ(lines.rfind("[1/2] a t: pass (1 ms)\n[2/2] b: error (2 ms)\n2 checks, 1 failed, ", 0), 0u);
  auto live = run(ProgressMode::live);
  EXPECT_EQ(live.rfind("\r[1/2] 0 failed", 0), 0u);
  EXPECT_NE(live.find("\n2 checks, 1 failed"), std::string::npos);
}

}  // namespace
}  // namespace v6r::probe
