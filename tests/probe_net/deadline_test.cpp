#include "probes/net/deadline.hpp"

#include <gtest/gtest.h>

#include "probes/net/limiter.hpp"

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;

awaitable<int> slow_value(std::chrono::milliseconds d, int v) {
  co_await sleep_for(d);
  co_return v;
}

TEST(Deadline, CompletesInTime) {
  asio::io_context io;
  Deadlined<int> r;
  asio::co_spawn(
      io, [&]() -> awaitable<void> { r = co_await with_deadline(slow_value(5ms, 7), 1s); }, asio::detached);
  io.run_for(5s);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.value.value_or(0), 7);
}

TEST(Deadline, TimeoutCancelsSocketOperation) {
  asio::io_context io;
  asio::ip::udp::socket sock(io, asio::ip::udp::endpoint(asio::ip::address_v4::loopback(), 0));
  Deadlined<std::size_t> r;
  bool aborted = false;
  auto t0 = std::chrono::steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        auto recv = [&]() -> awaitable<std::size_t> {
          std::array<char, 16> buf{};
          ErrorCode ec;
          auto n = co_await sock.async_receive(asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
          aborted = ec == asio::error::operation_aborted;
          co_return n;
        };
        r = co_await with_deadline(recv(), 30ms, [&] { sock.cancel(); });
      },
      asio::detached);
  io.run_for(5s);
  EXPECT_TRUE(r.timed_out);
  EXPECT_TRUE(aborted);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

TEST(Deadline, TimeoutWithoutCancelReturnsAtDeadline) {
  asio::io_context io;
  Deadlined<int> r;
  std::chrono::steady_clock::duration waited{};
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        auto t0 = std::chrono::steady_clock::now();
        r = co_await with_deadline(slow_value(200ms, 1), 20ms);
        waited = std::chrono::steady_clock::now() - t0;
      },
      asio::detached);
  io.run_for(5s);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(waited, 150ms);
}

TEST(Deadline, ExceptionPropagates) {
  asio::io_context io;
  bool caught = false;
  auto thrower = []() -> awaitable<int> {
    co_await sleep_for(1ms);
    throw std::runtime_error("boom");
  };
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        try {
          co_await with_deadline(thrower(), 1s);
        } catch (const std::runtime_error&) {
          caught = true;
        }
      },
      asio::detached);
  io.run_for(5s);
  EXPECT_TRUE(caught);
}

TEST(Deadline, VoidFlavour) {
  asio::io_context io;
  Deadlined<std::monostate> r;
  asio::co_spawn(
      io, [&]() -> awaitable<void> { r = co_await with_deadline_void(sleep_for(1ms), 1s); }, asio::detached);
  io.run_for(5s);
  EXPECT_TRUE(r.ok());
}

TEST(Deadline, BudgetLeftExpiredAndWaitable) {
  const Deadline d(200ms);
  EXPECT_EQ(d.total(), 200ms);
  EXPECT_LE(d.left(), 200ms);
  EXPECT_GT(d.left(), 100ms);
  EXPECT_FALSE(d.expired());
  EXPECT_EQ(d.waitable(), 100ms);                  // margin: at least 100 ms
  EXPECT_EQ(Deadline(5000ms).waitable(), 4500ms);  // margin: 10 %
  EXPECT_EQ(Deadline(80ms).waitable(), 0ms);       // shorter than the margin
  const Deadline spent(0ms);
  EXPECT_EQ(spent.left(), 0ms);  // never negative
  EXPECT_TRUE(spent.expired());
}

TEST(Deadline, InterruptEndsTheWaitEarly) {
  asio::io_context io;
  Interrupt stop;
  Deadlined<int> r;
  std::chrono::steady_clock::duration waited{};
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        const auto t0 = std::chrono::steady_clock::now();
        auto op = with_deadline(slow_value(2s, 1), 5s, {}, &stop);
        r = co_await std::move(op);
        waited = std::chrono::steady_clock::now() - t0;
      },
      asio::detached);
  asio::steady_timer t(io);
  t.expires_after(20ms);
  t.async_wait([&](const ErrorCode&) { stop.request(); });
  io.run_for(1s);
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(waited, 500ms);
}

TEST(Deadline, AfterAnInterruptNothingStarts) {
  asio::io_context io;
  Interrupt stop;
  stop.request();
  bool started = false;
  Deadlined<int> r;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        auto body = [&]() -> awaitable<int> {
          started = true;
          co_return 1;
        };
        auto op = with_deadline(body(), 1s, {}, &stop);
        r = co_await std::move(op);
      },
      asio::detached);
  io.run_for(1s);
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(started);
}

TEST(Retry, BackoffSchedule) {
  RetryPolicy p{5, 100ms, 2.0, 300ms};
  EXPECT_EQ(backoff_before(p, 2), 100ms);
  EXPECT_EQ(backoff_before(p, 3), 200ms);
  EXPECT_EQ(backoff_before(p, 4), 300ms);  // capped
}

TEST(Retry, StopsOnSuccessAndCountsAttempts) {
  asio::io_context io;
  Retried<int> r{};
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        r = co_await retry(
            RetryPolicy{5, 1ms, 2.0, 4ms}, [](int n) -> awaitable<int> { co_return n; },
            [](int v) { return v < 3; });
      },
      asio::detached);
  io.run_for(5s);
  EXPECT_EQ(r.result, 3);
  EXPECT_EQ(r.attempts, 3);
}

TEST(Retry, BoundedAttempts) {
  asio::io_context io;
  Retried<int> r{};
  int calls = 0;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        r = co_await retry(
            RetryPolicy{2, 1ms, 2.0, 4ms},
            [&](int) -> awaitable<int> {
              ++calls;
              co_return -1;
            },
            [](int) { return true; });
      },
      asio::detached);
  io.run_for(5s);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(r.attempts, 2);
}

TEST(InFlightLimiter, CapsConcurrency) {
  asio::io_context io;
  InFlightLimiter lim(3);
  int running = 0, max_running = 0, finished = 0;
  for (int i = 0; i < 10; ++i) {
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          auto slot = co_await lim.acquire();
          max_running = std::max(max_running, ++running);
          co_await sleep_for(2ms);
          --running;
          ++finished;
        },
        asio::detached);
  }
  io.run_for(5s);
  EXPECT_EQ(finished, 10);
  EXPECT_EQ(max_running, 3);
  EXPECT_EQ(lim.in_flight(), 0u);
  EXPECT_EQ(lim.peak(), 3u);
}

}  // namespace
}  // namespace v6r::probe
