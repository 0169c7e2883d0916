#include "probes/net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucket, BurstThenRate) {
  SteadyClock::time_point t0{};
  TokenBucket b({10.0, 3.0}, t0);
  EXPECT_EQ(b.reserve(t0), SteadyClock::duration::zero());
  EXPECT_EQ(b.reserve(t0), SteadyClock::duration::zero());
  EXPECT_EQ(b.reserve(t0), SteadyClock::duration::zero());
  // Bucket empty: the 4th waits one refill interval (100 ms), the 5th two.
  EXPECT_EQ(b.reserve(t0), SteadyClock::duration(100ms));
  EXPECT_EQ(b.reserve(t0), SteadyClock::duration(200ms));
  // 300 ms later the debt is paid and one token is back.
  EXPECT_NEAR(b.tokens(t0 + 300ms), 1.0, 1e-9);
}

TEST(TokenBucket, RefillCapsAtBurst) {
  SteadyClock::time_point t0{};
  TokenBucket b({10.0, 2.0}, t0);
  EXPECT_NEAR(b.tokens(t0 + 10s), 2.0, 1e-9);
}

TEST(RateLimiter, PerKeyAndGlobal) {
  SteadyClock::time_point now{};
  RateLimitConfig cfg{{100.0, 4.0}, {1.0, 1.0}};
  RateLimiter rl(cfg, [&] { return now; });
  EXPECT_EQ(rl.reserve("a"), SteadyClock::duration::zero());
  EXPECT_EQ(rl.reserve("a"), SteadyClock::duration(1s));  // per-key 1/s
  EXPECT_EQ(rl.reserve("b"), SteadyClock::duration::zero());
  EXPECT_EQ(rl.reserve("c"), SteadyClock::duration::zero());
  // Global burst of 4 is used up: key "d" is fresh but waits for the global bucket (10 ms).
  EXPECT_EQ(rl.reserve("d"), SteadyClock::duration(10ms));
  EXPECT_EQ(rl.keys(), 4u);
}

TEST(RateLimiter, DefaultsAreConservative) {
  RateLimitConfig d;
  EXPECT_LE(d.global.rate_per_s, 50.0);
  EXPECT_LE(d.per_target.rate_per_s, 5.0);
}

TEST(RateLimiter, AcquireWaitsOnTimer) {
  asio::io_context io;
  RateLimiter rl(RateLimitConfig{{1000.0, 100.0}, {50.0, 1.0}});  // 20 ms per op on one key
  auto t0 = SteadyClock::now();
  int done = 0;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (int i = 0; i < 4; ++i) {
          co_await rl.acquire("k");
          ++done;
        }
      },
      asio::detached);
  io.run_for(5s);
  auto elapsed = SteadyClock::now() - t0;
  EXPECT_EQ(done, 4);
  EXPECT_GE(elapsed, 55ms);  // 3 waits of 20 ms (minus timer slack)
  EXPECT_LT(elapsed, 2s);
}

}  // namespace
}  // namespace v6r::probe
