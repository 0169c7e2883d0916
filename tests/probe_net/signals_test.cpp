#include "probes/net/signals.hpp"

#include <gtest/gtest.h>

#include <csignal>

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;

TEST(StopSignals, FirstStopsSecondForces) {
  asio::io_context io;
  int stops = 0, forced = 0, forced_sig = 0;
  StopSignals sig(
      io, [&](int) { ++stops; },
      [&](int s) {
        ++forced;
        forced_sig = s;
      });
  asio::steady_timer t(io);
  t.expires_after(10ms);
  t.async_wait([&](const ErrorCode&) {
    std::raise(SIGTERM);
    asio::post(io, [&] { std::raise(SIGINT); });
  });
  io.run_for(500ms);
  EXPECT_EQ(stops, 1);
  EXPECT_EQ(forced, 1);
  EXPECT_EQ(forced_sig, SIGINT);
  EXPECT_EQ(sig.signals_seen(), 2);
}

TEST(StopSignals, DefaultForceExitsWith3) {
  EXPECT_EXIT(
      {
        asio::io_context io;
        StopSignals sig(io, [](int) {});
        std::raise(SIGTERM);
        std::raise(SIGTERM);
        io.run_for(std::chrono::seconds(2));
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(3), "");
}

TEST(StopSignals, CancelStopsListening) {
  asio::io_context io;
  int stops = 0;
  {
    StopSignals sig(io, [&](int) { ++stops; });
    sig.cancel();
  }
  io.run_for(20ms);
  EXPECT_EQ(stops, 0);
}

}  // namespace
}  // namespace v6r::probe
