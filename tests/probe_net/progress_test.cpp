#include "probes/net/progress.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

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

TEST(Progress, LiveLineNamesTheRunningChecksWithinTheWidth) {
  ProgressState s{3, 40, 1, 3200ms, {"dns-a", "nat64-tcp", "tls", "udp", "icmp"}};
  EXPECT_EQ(format_live_line(s, 0), "\r[ 3/40] 1 failed, 3.2 s; running: dns-a, nat64-tcp, tls (+2)");
  // Narrower: one name, then cut; always padded to the width.
  const auto mid = format_live_line(s, 50);
  EXPECT_EQ(mid, "\r[ 3/40] 1 failed, 3.2 s; running: dns-a (+4)      ");
  const auto narrow = format_live_line(s, 30);
  EXPECT_EQ(narrow, "\r[ 3/40] 1 failed, 3.2 s; runni");
  // A hostile id cannot reach the terminal raw.
  ProgressState h{0, 1, 0, 0ms, {"a\x1b[2J"}};
  EXPECT_EQ(format_live_line(h, 0), "\r[0/1] 0 failed, 0.0 s; running: a\\x1b[2J");
}

TEST(Progress, CheckLineHasVerdictAndPlainReason) {
  ProgressState s{2, 5, 1, 900ms, {}};
  EXPECT_EQ(format_check_line(s, "dns64.synthesis", "v4only.lab.test", "pass", 12ms),
            "[2/5] dns64.synthesis v4only.lab.test: pass (12 ms)\n");
  const std::string refused = std::strerror(ECONNREFUSED);
  EXPECT_EQ(
      format_check_line(s, "tcp", "", "error", 3ms, "connect: " + refused),
      "[2/5] tcp: error (3 ms): connect: nothing accepts connections on that port (the service is down, "
      "or a firewall rejects it) (ECONNREFUSED: " +
          refused + ")\n");
  EXPECT_EQ(format_check_line(s, "x", "t\xe2\x80\xae", "fail", 1ms, "a\r\nforged\x1b[31m"),
            "[2/5] x t\\u202e: fail (1 ms): a\\x0d\\x0aforged\\x1b[31m\n");
}

TEST(Progress, HeartbeatLine) {
  ProgressState s{1, 4, 0, 8000ms, {"slow", "slower"}};
  EXPECT_EQ(format_heartbeat_line(s), "[1/4] still running after 8.0 s: slow, slower\n");
}

TEST(Progress, Mode) {
  EXPECT_EQ(choose_mode(true, false), ProgressMode::live);
  EXPECT_EQ(choose_mode(false, false), ProgressMode::lines);
  EXPECT_EQ(choose_mode(true, true), ProgressMode::quiet);
}

std::string run(ProgressMode mode) {
  std::FILE* f = std::tmpfile();
  {
    Progress p(2, mode, f, 40);
    p.check_started("a");
    p.check_started("b");
    EXPECT_EQ(p.state().running, (std::vector<std::string>{"a", "b"}));
    p.check_finished("a", "t", "pass", 1ms);
    p.tick();
    p.check_finished("b", "", "error", 2ms, "boom");
    EXPECT_EQ(p.state().failed, 1);
    EXPECT_TRUE(p.state().running.empty());
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
  // Piped: no control sequences, a line per finished check with its verdict and reason.
  EXPECT_EQ(run(ProgressMode::lines), "[1/2] a t: pass (1 ms)\n[2/2] b: error (2 ms): boom\n");
  // Terminal: the live line redrawn in place, the failing check on a line of its own, erased at the end.
  const auto live = run(ProgressMode::live);
  EXPECT_EQ(live.rfind("\r[0/2] 0 failed, 0.0 s; running: a", 0), 0u) << live;
  EXPECT_NE(live.find("running: a, b"), std::string::npos) << live;
  EXPECT_NE(live.find("\r[2/2] b: error (2 ms): boom\n"), std::string::npos) << live;
  EXPECT_EQ(live.substr(live.size() - 42), "\r" + std::string(40, ' ') + "\r");
}

TEST(Progress, PipedHeartbeatOnlyAfterSilence) {
  std::FILE* f = std::tmpfile();
  Progress p(1, ProgressMode::lines, f);
  p.check_started("slow");
  p.tick();  // just written nothing, but the silence is shorter than kPipedHeartbeat
  EXPECT_EQ(std::ftell(f), 0L);
  std::fclose(f);
}

}  // namespace
}  // namespace v6r::probe
