// capacity_load (dns64.capacity, nat64.capacity): a trial is judged on the operations it sent. The test
// stalls the probe's own loop (a blocking sleep on its executor, as a loaded node takes the CPU away):
// the operations it could not start on time are counted `late`, apart, never as the server's loss; a
// passing trial short of its rate gives as figure only the rate it offered, flagged probe-limited; a
// server that loses what it was sent still fails the trial; and Count::sent goes on until the count
// was sent.
#include "probes/checks/capacity_load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <thread>

namespace v6r::probe::capacity {
namespace {

using namespace std::chrono_literals;

template <class T>
T run_on(asio::io_context& io, awaitable<T> a) {
  std::optional<T> out;
  asio::co_spawn(
      io, [&]() -> awaitable<void> { out = co_await std::move(a); }, asio::detached);
  io.run_for(30s);
  EXPECT_TRUE(out.has_value()) << "did not finish";
  return out.value_or(T{});
}

/// Answers every operation at once (good); the first operation sent at or after place `stall_at`
/// blocks the loop for `stall` first.
Operation answering(std::uint64_t stall_at, std::chrono::milliseconds stall, bool good_every = true,
                    std::uint64_t lose_every = 0) {
  auto stalled = std::make_shared<bool>(false);
  return [=](std::uint64_t i) -> awaitable<OpOutcome> {
    if (i >= stall_at && !*stalled) {
      *stalled = true;
      std::this_thread::sleep_for(stall);
    }
    OpOutcome o;
    o.good = good_every && !(lose_every > 0 && i % lose_every == 0);
    o.timed_out = !o.good;
    co_return o;
  };
}

TEST(CapacityLoad, LateOperationsAreCountedApartNotLost) {
  asio::io_context io;
  CeilingGuard guard(100000);
  // 1000/s for 1 s; operation 300 stalls the loop 200 ms: ~180 come due meanwhile, too late to send.
  const TrialResult t = run_on(io, run_trial(1000, 1000ms, 50ms, guard, answering(300, 200ms)));
  EXPECT_EQ(t.scheduled, 1000u);
  EXPECT_EQ(t.sent + t.late, t.scheduled);
  EXPECT_GE(t.late, 150u);
  EXPECT_EQ(t.answered, t.sent);
  EXPECT_EQ(t.timeouts, 0u);
  EXPECT_EQ(t.loss_percent(), 0.0) << "late operations were counted as loss";
  EXPECT_TRUE(t.short_of_rate());
  EXPECT_LE(t.offered_rate(), 850);
  EXPECT_GE(t.offered_rate(), 1);
}

TEST(CapacityLoad, ATrialShortOfItsRateGivesTheRateItOffered) {
  asio::io_context io;
  CeilingGuard guard(2000);
  // Operation 100 stalls the loop 300 ms; the server answers everything it is sent.
  const SearchResult s =
      run_on(io, search(100, 2000, 0, 5, 500ms, 50ms, Clock::now() + 10s, guard, answering(100, 300ms)));
  ASSERT_EQ(s.trials.size(), 1u) << "the ceiling passed on what was sent: the search ends there";
  const TrialResult& t = s.trials[0];
  EXPECT_EQ(t.loss_percent(), 0.0);
  EXPECT_TRUE(t.short_of_rate());
  EXPECT_FALSE(s.at_ceiling) << "a trial short of its rate did not offer the ceiling";
  ASSERT_TRUE(s.best.has_value());
  EXPECT_EQ(*s.best, t.offered_rate());
  EXPECT_LT(*s.best, 2000);
  EXPECT_TRUE(s.probe_limited);
  EXPECT_EQ(s.late, t.late);
  EXPECT_GT(s.late, 0u);
}

TEST(CapacityLoad, TheServersLossStillFails) {
  asio::io_context io;
  CeilingGuard guard(400);
  // One operation in ten is lost by the server (10 % > 1 %), at every rate: nothing passes.
  const SearchResult s = run_on(
      io, search(100, 400, 1, 5, 200ms, 50ms, Clock::now() + 10s, guard, answering(~0ull, 0ms, true, 10)));
  ASSERT_FALSE(s.trials.empty());
  EXPECT_FALSE(s.best.has_value());
  EXPECT_FALSE(s.probe_limited);
  for (const auto& t : s.trials) EXPECT_GE(t.loss_percent(), 9.0) << t.rate;
}

TEST(CapacityLoad, CountSentGoesOnUntilTheCountWasSent) {
  asio::io_context io;
  CeilingGuard guard(100000);
  // 100 sessions at 500/s; operation 20 stalls the loop 100 ms (~40 places late).
  const TrialResult t = run_on(io, run_paced(500, 100, 50ms, guard, answering(20, 100ms), {}, Count::sent));
  EXPECT_EQ(t.sent, 100u);
  EXPECT_EQ(t.answered, 100u);
  EXPECT_GE(t.late, 30u);
  EXPECT_EQ(t.scheduled, t.sent + t.late);
  // Count::scheduled (a trial): the late places are used up.
  asio::io_context io2;
  const TrialResult u = run_on(io2, run_paced(500, 100, 50ms, guard, answering(20, 100ms), {}));
  EXPECT_EQ(u.scheduled, 100u);
  EXPECT_EQ(u.sent + u.late, 100u);
  EXPECT_LT(u.sent, 100u);
}

// The guard's in-flight bound (nat64.capacity: its session ceiling): operations that each take 50 ms,
// 1000/s, at most 10 in flight at once; those the bound holds back are late, none lost. The path's round
// trip (50 ms by the server's clock, every time: no queue) times the rate fills the bound: the probe's
// limit, not a server that queued.
TEST(CapacityLoad, NoMoreInFlightThanTheGuardAllows) {
  asio::io_context io;
  CeilingGuard guard(100000, 10);
  EXPECT_EQ(guard.max_in_flight(), 10u);
  auto now_in = std::make_shared<std::uint64_t>(0);
  auto peak = std::make_shared<std::uint64_t>(0);
  Operation slow = [now_in, peak](std::uint64_t) -> awaitable<OpOutcome> {
    *peak = std::max(*peak, ++*now_in);
    asio::steady_timer t(co_await asio::this_coro::executor, 50ms);
    co_await t.async_wait(asio::use_awaitable);
    --*now_in;
    co_return OpOutcome{.good = true, .timed_out = false, .server_ms = 50.0};
  };
  const TrialResult t = run_on(io, run_trial(1000, 500ms, 100ms, guard, slow));
  EXPECT_LE(*peak, 10u);
  EXPECT_LE(t.peak_in_flight, 10u);
  EXPECT_EQ(t.peak_in_flight, *peak);
  EXPECT_GT(t.late, 0u) << "the bound held nothing back";
  EXPECT_EQ(t.held_back, t.late);
  ASSERT_TRUE(t.server_mean_ms && t.server_min_ms);
  EXPECT_EQ(*t.server_min_ms, 50.0);
  EXPECT_EQ(*t.server_mean_ms, 50.0);
  EXPECT_FALSE(t.queued_at_bound()) << "a slow path taken for a queue";
  EXPECT_EQ(t.sent + t.late, t.scheduled);
  EXPECT_EQ(t.answered, t.sent);
  EXPECT_EQ(CeilingGuard(5).max_in_flight(), kMaxInFlight);
}

// The probe is what is slow: each operation takes it 20 ms, while the server's clock says 0.1-1 ms (its
// time varies a little, as a real one does). The bound of 10 fills at 1,000/s, but the server's extra
// time is far below the probe's own share: the probe's limit, not a server that queued.
TEST(CapacityLoad, ASlowProbeIsNotAServersQueue) {
  asio::io_context io;
  CeilingGuard guard(100000, 10);
  Operation slow_probe = [](std::uint64_t i) -> awaitable<OpOutcome> {
    asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
    co_await t.async_wait(asio::use_awaitable);
    co_return OpOutcome{
        .good = true, .timed_out = false, .server_ms = 0.1 + 0.1 * static_cast<double>(i % 10)};
  };
  const TrialResult t = run_on(io, run_trial(1000, 500ms, 100ms, guard, slow_probe));
  EXPECT_GT(t.held_back, t.scheduled / 2);
  ASSERT_TRUE(t.server_min_ms && t.server_mean_ms && t.probe_mean_ms);
  EXPECT_NEAR(*t.server_min_ms, 0.1, 1e-9);
  EXPECT_GE(*t.probe_mean_ms, 18.0);
  EXPECT_FALSE(t.queued_at_bound()) << "the probe's slowness taken for the server's queue";
  EXPECT_TRUE(t.short_of_rate());
}

/// A server that takes `capacity` operations per second and queues the rest (a resolver whose socket
/// buffer holds the backlog): operation i is answered when the server is free, good if within `timeout`.
/// `server_clock`: the outcome carries the time the server took (as the kernel's handshake time does
/// for nat64.capacity).
Operation queuing(double capacity, std::chrono::milliseconds timeout, bool server_clock = false) {
  auto free_at = std::make_shared<Clock::time_point>(Clock::time_point{});
  return [=](std::uint64_t) -> awaitable<OpOutcome> {
    const auto now = Clock::now();
    const auto service =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / capacity));
    *free_at = std::max(*free_at, now) + service;
    OpOutcome o;
    o.good = *free_at - now <= timeout;
    o.timed_out = !o.good;
    if (server_clock) o.server_ms = std::chrono::duration<double, std::milli>(*free_at - now).count();
    asio::steady_timer t(co_await asio::this_coro::executor,
                         std::min<Clock::duration>(*free_at - now, timeout));
    co_await t.async_wait(asio::use_awaitable);
    co_return o;
  };
}

/// Whether the machine running the test sent late in some trial (a loaded CI machine), apart from what
/// the in-flight bound held back: then the search rightly calls the figure the probe's limit.
bool machine_late(const SearchResult& s) {
  return std::any_of(s.trials.begin(), s.trials.end(),
                     [](const TrialResult& t) { return t.late > t.held_back; });
}

// A trial short enough for the queue to drain within the timeout loses nothing at 1.8 times the
// server's capacity; the growth of the answers' delay from the first tenth to the last tells it apart,
// so the figure stays near what the server sustains (RFC 8219 §9: 60 s trials would show it as loss).
TEST(CapacityLoad, AQueueIsNotCapacity) {
  asio::io_context io;
  CeilingGuard guard(2000);
  const SearchResult s =
      run_on(io, search(100, 1800, 1, 5, 500ms, 500ms, Clock::now() + 20s, guard, queuing(1000, 500ms)));
  ASSERT_FALSE(s.trials.empty());
  const TrialResult& first = s.trials.front();
  EXPECT_EQ(first.rate, 1800);
  EXPECT_LE(first.loss_percent(), 1.0) << "the queue drained within the timeout: no loss to see";
  ASSERT_TRUE(first.first_ms && first.last_ms);
  EXPECT_GT(first.queue_growth_ms(), 200.0) << *first.first_ms << " -> " << *first.last_ms;
  ASSERT_TRUE(s.best.has_value());
  EXPECT_LE(*s.best, 1150) << "the queue was counted as capacity";
  // Below it only a loaded machine's stalls (they slow the answers as a queue does) can put the figure.
  EXPECT_GE(*s.best, 500);
  // No in-flight bound here: the probe was the limit only if the machine missed its own schedule,
  // never because of the server's queue.
  EXPECT_TRUE(!s.probe_limited || machine_late(s)) << "the server's queue was taken for the probe's limit";
}

// The same growing delay, and the probe's loop stalled 25 ms in every trial (a loaded machine), so that
// it sent a few operations late: the growth may then be the probe's own, reading the answers late (it
// has no server clock to tell), so the figure is a lower bound, the probe's limit, not the server's.
TEST(CapacityLoad, AGrowingDelayWhileTheProbeSentLateIsTheProbesLimit) {
  asio::io_context io;
  CeilingGuard guard(2000);
  Operation op = [q = queuing(1000, 500ms)](std::uint64_t i) -> awaitable<OpOutcome> {
    if (i == 100) std::this_thread::sleep_for(25ms);
    co_return co_await q(i);
  };
  const SearchResult s = run_on(io, search(100, 1800, 1, 5, 500ms, 500ms, Clock::now() + 20s, guard, op));
  ASSERT_FALSE(s.trials.empty());
  const TrialResult& first = s.trials.front();
  EXPECT_EQ(first.rate, 1800);
  EXPECT_GT(first.late, first.held_back) << "the stall made nothing late";
  EXPECT_GT(first.queue_growth_ms(), 200.0);
  ASSERT_TRUE(s.best.has_value());
  EXPECT_LE(*s.best, 1150);
  EXPECT_TRUE(s.probe_limited)
      << "a growing delay while the probe sent late was taken for the server's queue";
}

// The same, with time for the one trial only: no trial passed, and the reason is the probe's, not the
// server's (probe_limited with no figure; the check then says so instead of "even the lowest rate lost
// too much"). Without the stall, the same lone trial is the server's failure (unless the machine itself
// made queries late), and the search says it ran out of time above min_rate.
TEST(CapacityLoad, NoFigureWhileTheProbeSentLateIsStillTheProbesLimit) {
  auto searched = [](bool stall) {
    asio::io_context io;
    CeilingGuard guard(2000);
    Operation op = [q = queuing(1000, 500ms), stall](std::uint64_t i) -> awaitable<OpOutcome> {
      if (stall && i == 100) std::this_thread::sleep_for(25ms);
      co_return co_await q(i);
    };
    return run_on(io, search(100, 1800, 1, 5, 500ms, 500ms, Clock::now() + 1500ms, guard, op));
  };
  const SearchResult s = searched(true);
  ASSERT_EQ(s.trials.size(), 1u);
  EXPECT_GT(s.trials[0].late, s.trials[0].held_back) << "the stall made nothing late";
  EXPECT_GT(s.trials[0].queue_growth_ms(), 200.0);
  EXPECT_FALSE(s.best.has_value());
  EXPECT_TRUE(s.out_of_time);
  EXPECT_EQ(s.lowest_tried(), 1800);
  EXPECT_TRUE(s.probe_limited) << "a growing delay while the probe sent late was taken for the server's";

  const SearchResult calm = searched(false);
  ASSERT_EQ(calm.trials.size(), 1u);
  EXPECT_FALSE(calm.best.has_value());
  EXPECT_TRUE(calm.out_of_time);
  if (!machine_late(calm)) {
    EXPECT_FALSE(calm.probe_limited);
  }
}

// The same server behind a small in-flight bound (nat64.capacity's session ceiling): the queue cannot
// grow past 20 operations, so neither the loss nor the queue's growth shows it; the bound holds back
// most of the schedule. The server's clock shows its queue held the operations out (20 ms against a
// fastest of 1 ms, the probe's own share near 0): the server did not keep pace, not the probe; the trial
// fails, and the search comes down to what the server sustains. Without a server clock the check cannot tell
// the server's queue from its own slowness, and says the probe was the limit (a lower bound, warn).
TEST(CapacityLoad, AQueueCappedByTheInFlightBoundIsNotTheProbesLimit) {
  auto searched = [](bool server_clock) {
    asio::io_context io;
    CeilingGuard guard(100000, 20);
    return run_on(io, search(100, 4000, 1, 5, 500ms, 500ms, Clock::now() + 20s, guard,
                             queuing(1000, 500ms, server_clock)));
  };
  const SearchResult s = searched(true);
  ASSERT_FALSE(s.trials.empty());
  const TrialResult& first = s.trials.front();
  EXPECT_EQ(first.rate, 4000);
  EXPECT_LE(first.loss_percent(), 1.0) << "the bound kept the queue short: no loss to see";
  EXPECT_LE(first.queue_growth_ms(), 50.0) << "the bound kept the queue from growing";
  EXPECT_GT(first.held_back, first.scheduled / 2);
  ASSERT_TRUE(first.server_mean_ms && first.server_min_ms);
  ASSERT_TRUE(first.probe_mean_ms.has_value());
  EXPECT_TRUE(first.queued_at_bound()) << "server " << *first.server_min_ms << " .. " << *first.server_mean_ms
                                       << " ms, probe " << *first.probe_mean_ms << " ms";
  ASSERT_TRUE(s.best.has_value());
  EXPECT_LE(*s.best, 1150);
  EXPECT_GE(*s.best, 500);
  EXPECT_TRUE(!s.probe_limited || machine_late(s)) << "the server's queue was taken for the probe's limit";

  const SearchResult blind = searched(false);
  ASSERT_FALSE(blind.trials.empty());
  EXPECT_FALSE(blind.trials.front().server_mean_ms.has_value());
  EXPECT_FALSE(blind.trials.front().queued_at_bound());
  EXPECT_TRUE(blind.probe_limited) << "no server clock: the held-back trial is the probe's limit";
}

/// A rate limiter that remembers: more than `limit` operations a second (counted over the last 50 ms)
/// and it drops everything for `penalty` (unbound's ip-ratelimit weighs the last 2 s).
Operation limiter(double limit, std::chrono::milliseconds penalty) {
  struct State {
    std::deque<Clock::time_point> recent;
    Clock::time_point blocked_until{};
  };
  auto st = std::make_shared<State>();
  return [=](std::uint64_t) -> awaitable<OpOutcome> {
    const auto now = Clock::now();
    while (!st->recent.empty() && now - st->recent.front() > 50ms) st->recent.pop_front();
    st->recent.push_back(now);
    if (static_cast<double>(st->recent.size()) > limit / 20 * 1.1) st->blocked_until = now + penalty;
    OpOutcome o;
    o.good = now >= st->blocked_until;
    o.timed_out = !o.good;
    co_return o;
  };
}

// The trial after an overloaded one meets a server still recovering: without a rest it fails at any
// rate, and the figure collapses far below the limit; with the rest (RFC 2544 §23) it comes near.
TEST(CapacityLoad, ARestAfterAFailingTrialLetsTheServerRecover) {
  auto figure = [](std::chrono::milliseconds rest) {
    asio::io_context io;
    CeilingGuard guard(4000);
    const SearchResult s = run_on(
        io, search(50, 4000, 1, 10, 200ms, 20ms, Clock::now() + 20s, guard, limiter(1000, 600ms), rest));
    return s.best.value_or(0);
  };
  const auto rested = figure(700ms);
  EXPECT_GE(rested, 800);
  EXPECT_LE(rested, 1200);
  const auto hurried = figure(0ms);
  EXPECT_LT(hurried, rested * 7 / 10) << "without a rest the recovering limiter should fail the next trials";
}

}  // namespace
}  // namespace v6r::probe::capacity
