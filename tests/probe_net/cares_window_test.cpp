// CaresDnsClient's window against a resolver that is the bottleneck. The delay signal reads round
// trips of a few milliseconds, and a test that shares the machine's two cores with another test sees
// its slow start overshoot by more ramp steps (in flight at most 109 to 139 alone, up to about 200
// beside two or three busy processes under ASan+UBSan, against the bound of 160): these tests run
// alone (RUN_SERIAL, tests/probe_net/CMakeLists.txt).
#include <gtest/gtest.h>

#include <cstdio>

#include "probes/net/cares_dns_client.hpp"
#include "tests/probe_net/dns_responder.hpp"

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;
using test::name;
using test::Responder;

struct BottleneckRun {
  std::size_t peak_in_flight = 0;
  std::size_t longest_queue = 0;
  std::uint64_t retries = 0;
  int failed = 0;
};

// 256 workers of 6 queries each, 256 allowed in flight, against a responder that answers one query per
// 200 us and queues the rest.
BottleneckRun bottleneck_run(std::size_t max_queued) {
  asio::io_context io;
  Responder resp(io, asio::ip::make_address("127.0.0.1"));
  resp.pace(io, std::chrono::microseconds(200));
  CaresConfig cfg;
  cfg.servers.push_back(ResolverAddress{*IpAddr::parse("127.0.0.1"), resp.port(), ""});
  cfg.try_timeout = 5000ms;
  cfg.tries = 1;
  cfg.max_queued = max_queued;
  auto client = std::move(CaresDnsClient::create(io.get_executor(), cfg)).value();
  const int workers = 256, per_worker = 6;
  int finished = 0;
  BottleneckRun run;
  for (int w = 0; w < workers; ++w) {
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          for (int i = 0; i < per_worker; ++i) {
            auto out = co_await client->query(name("x.test."), 1, {}, 20s);
            run.failed += out.ok() ? 0 : 1;
          }
          if (++finished == workers) {
            resp.stop();
            io.stop();
          }
        },
        asio::detached);
  }
  io.run_for(60s);
  EXPECT_EQ(finished, workers);
  run.retries = client->retries();
  run.peak_in_flight = client->peak_in_flight();
  run.longest_queue = resp.longest_queue;
  return run;
}

// The round trip grows with the resolver's queue, so the window stops growing and holds about
// max_queued (64) queries there instead of 256; nothing is lost. Without the signal (max_queued 0) the
// same load keeps the resolver's queue at 256. Upper bounds are loose (a slow-start overshoot of a few
// round trips); the contrast between the two runs is what is checked.
TEST(CaresWindow, TheWindowFollowsTheRoundTrip) {
  const auto on = bottleneck_run(64);
  const auto off = bottleneck_run(0);
  std::printf("in flight at most %zu (resolver queue %zu) with the signal, %zu (%zu) without\n",
              on.peak_in_flight, on.longest_queue, off.peak_in_flight, off.longest_queue);
  EXPECT_EQ(on.failed, 0);
  EXPECT_EQ(on.retries, 0u);
  EXPECT_LT(on.peak_in_flight, 160u);  // the window stopped well short of 256
  EXPECT_LT(on.longest_queue, 160u);   // and so did the resolver's queue
  EXPECT_GE(on.peak_in_flight, 32u);   // never below the initial window
  EXPECT_EQ(off.failed, 0);
  EXPECT_EQ(off.retries, 0u);
  EXPECT_EQ(off.peak_in_flight, 256u);  // without the signal the window grows to its cap
  EXPECT_GE(off.longest_queue, 200u);
}

}  // namespace
}  // namespace v6r::probe
