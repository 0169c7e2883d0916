// CaresDnsClient against a tiny UDP DNS responder run by the test itself on loopback
// (dns_responder.hpp): normal answers, DO/CD/EDNS as asked, a malformed answer, a timeout, 256
// concurrent queries and the window's ramp; the window against a bottleneck is cares_window_test.cpp.
#include "probes/net/cares_dns_client.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "tests/probe_net/dns_responder.hpp"

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;
using test::name;
using test::Responder;

struct CaresFixture : ::testing::Test {
  asio::io_context io;
  std::unique_ptr<Responder> resp;
  std::unique_ptr<CaresDnsClient> client;

  void start(const char* addr, std::chrono::milliseconds try_timeout = 300ms,
             std::optional<std::size_t> max_queued = std::nullopt) {
    auto a = asio::ip::make_address(addr);
    resp = std::make_unique<Responder>(io, a);
    CaresConfig cfg;
    if (max_queued) cfg.max_queued = *max_queued;
    cfg.servers.push_back(ResolverAddress{*IpAddr::parse(addr), resp->port(), ""});
    cfg.try_timeout = try_timeout;
    cfg.tries = 1;
    auto c = CaresDnsClient::create(io.get_executor(), cfg);
    ASSERT_TRUE(c.has_value()) << c.error();
    client = std::move(c).value();
  }
  template <class F>
  void run(F f) {
    asio::co_spawn(
        io,
        [&, f]() -> awaitable<void> {
          co_await f();
          resp->stop();
          io.stop();  // c-ares may still hold an abandoned query until its own timeout
        },
        asio::detached);
    io.run_for(20s);
  }
};

TEST_F(CaresFixture, AnswerParsedWithEvidence) {
  start("127.0.0.1");
  DnsOutcome out;
  run([&]() -> awaitable<void> { out = co_await client->query(name("www.test."), 1, {}, 2s); });
  ASSERT_EQ(out.status, DnsStatus::ok) << out.detail;
  ASSERT_TRUE(out.message.has_value());
  ASSERT_EQ(out.message->answers.size(), 1u);
  EXPECT_EQ(std::get<dns::rdata::A>(out.message->answers[0].data).address,
            (std::array<std::uint8_t, 4>{192, 0, 2, 1}));
  ASSERT_TRUE(out.query_id.has_value());
  EXPECT_EQ(*out.query_id, out.message->header.id);
  ASSERT_TRUE(out.resolver && out.local);
  EXPECT_EQ(out.resolver->to_string(), "127.0.0.1:" + std::to_string(resp->port()));
  EXPECT_EQ(out.local->address.to_string(), "127.0.0.1");
  EXPECT_NE(out.local->port, 0);
  EXPECT_EQ(out.transport, "udp");
  EXPECT_GT(out.rtt.count(), 0);
}

TEST_F(CaresFixture, SendsExactlyOurFlagsOverIpv6) {
  start("::1");
  DnsOutcome out;
  QueryOptions o;
  o.rd = false;
  o.do_bit = true;
  o.cd_bit = true;
  o.edns_udp_size = 1400;
  run([&]() -> awaitable<void> { out = co_await client->query(name("www.test."), 28, o, 2s); });
  ASSERT_EQ(out.status, DnsStatus::ok) << out.detail;
  ASSERT_EQ(resp->seen.size(), 1u);
  const auto& q = resp->seen[0];
  EXPECT_FALSE(q.header.rd);
  EXPECT_TRUE(q.header.cd);
  ASSERT_TRUE(q.edns.has_value());
  EXPECT_TRUE(q.edns->dnssec_ok);
  EXPECT_EQ(q.edns->udp_payload_size, 1400);
  EXPECT_EQ(q.questions[0].qtype, dns::RrType::aaaa);
  EXPECT_EQ(out.resolver->to_string(), "[::1]:" + std::to_string(resp->port()));
}

TEST_F(CaresFixture, NxdomainIsAnAnswer) {
  start("127.0.0.1");
  DnsOutcome out;
  run([&]() -> awaitable<void> { out = co_await client->query(name("nx.test."), 1, {}, 2s); });
  ASSERT_EQ(out.status, DnsStatus::ok) << out.detail;
  EXPECT_EQ(out.message->rcode(), dns::Rcode::nxdomain);
}

TEST_F(CaresFixture, MalformedAnswerIsAnErrorValue) {
  start("127.0.0.1");
  DnsOutcome out;
  run([&]() -> awaitable<void> { out = co_await client->query(name("malformed.test."), 1, {}, 2s); });
  EXPECT_EQ(out.status, DnsStatus::malformed) << out.detail;
  EXPECT_FALSE(out.message.has_value());
  ASSERT_TRUE(out.parse_error.has_value());
  EXPECT_FALSE(out.raw.empty());
  EXPECT_NE(out.detail.find("malformed answer"), std::string::npos);
}

TEST_F(CaresFixture, DeadlineTimeout) {
  start("127.0.0.1", 5000ms);  // c-ares would wait 5 s; our deadline is 150 ms
  DnsOutcome out;
  auto t0 = std::chrono::steady_clock::now();
  run([&]() -> awaitable<void> { out = co_await client->query(name("silent.test."), 1, {}, 150ms); });
  EXPECT_EQ(out.status, DnsStatus::timeout);
  EXPECT_TRUE(out.query_id.has_value());  // the id that went out is still evidence
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
}

TEST_F(CaresFixture, CaresTimeout) {
  start("127.0.0.1", 100ms);
  DnsOutcome out;
  run([&]() -> awaitable<void> { out = co_await client->query(name("silent.test."), 1, {}, 5s); });
  EXPECT_EQ(out.status, DnsStatus::timeout);
}

TEST_F(CaresFixture, TwoHundredFiftySixInFlight) {
  // Without the delay signal (the responder shares this thread, so its queue is ours too: see
  // CaresWindow.TheWindowFollowsTheRoundTrip, cares_window_test.cpp, for the signal).
  start("127.0.0.1", 2000ms, 0);
  int ok = 0, failed = 0;
  std::string first_failure;
  const int n = 256;
  int finished = 0;
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> awaitable<void> {
          auto out = co_await client->query(name(("q" + std::to_string(i) + ".test.").c_str()), 1, {}, 10s);
          if (out.ok() && out.message->answers.size() == 1) {
            ++ok;
          } else {
            ++failed;
            if (first_failure.empty()) first_failure = out.detail;
          }
          if (++finished == n) resp->stop();
        },
        asio::detached);
  }
  io.run_for(30s);
  EXPECT_EQ(ok, n);
  EXPECT_EQ(failed, 0) << first_failure;
  // The burst ramped up (slow start from 32, one more per answer) instead of 256 at once, and lost
  // nothing.
  EXPECT_GT(client->peak_in_flight(), 64u);
  EXPECT_LE(client->peak_in_flight(), 256u);
  EXPECT_EQ(client->retries(), 0u);
  EXPECT_EQ(client->in_flight(), 0u);
}

// A burst of 256 towards a resolver that has not answered yet: the initial window (32) first, then 32
// more every 10 ms while queries wait (lower bounds only: a loaded machine is only ever later).
TEST_F(CaresFixture, ABurstStartsWithTheInitialWindow) {
  start("127.0.0.1", 2000ms);
  std::vector<std::chrono::steady_clock::time_point> seen;
  resp->on_query = [&] { seen.push_back(std::chrono::steady_clock::now()); };
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 256; ++i) {
    asio::co_spawn(
        io, [&]() -> awaitable<void> { (void)co_await client->query(name("silent.test."), 1, {}, 1s); },
        asio::detached);
  }
  io.run_for(500ms);
  ASSERT_EQ(seen.size(), 256u);  // all of them within tens of milliseconds
  using std::chrono::milliseconds;
  EXPECT_GE(seen[32] - t0, milliseconds(10));   // the 33rd after one ramp step
  EXPECT_GE(seen[64] - t0, milliseconds(20));   // the 65th after two
  EXPECT_GE(seen[224] - t0, milliseconds(70));  // 256 in flight after seven
  EXPECT_EQ(client->window(), 256u);
  EXPECT_EQ(client->peak_in_flight(), 256u);
}

// The window grows by one per answer and halves when a query is lost (c-ares timed it out) while other
// answers still come; a resolver that answers nothing keeps it (ABurstStartsWithTheInitialWindow).
TEST_F(CaresFixture, TheWindowGrowsWithAnswersAndHalvesOnALoss) {
  start("127.0.0.1", 300ms);
  EXPECT_EQ(client->window(), 32u);
  std::size_t after_answers = 0;
  DnsStatus lost_status = DnsStatus::ok;
  run([&]() -> awaitable<void> {
    for (int i = 0; i < 200; ++i) (void)co_await client->query(name("x.test."), 1, {}, 2s);
    after_answers = client->window();
    bool lost_done = false;
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          lost_status = (co_await client->query(name("silent.test."), 1, {}, 2s)).status;
          lost_done = true;
        },
        asio::detached);
    // Answers keep coming (the window grows to its 256 cap) until the silent query is lost.
    while (!lost_done) (void)co_await client->query(name("x.test."), 1, {}, 2s);
  });
  EXPECT_EQ(after_answers, 232u);  // 32 + 200
  EXPECT_EQ(lost_status, DnsStatus::timeout);
  EXPECT_EQ(client->window(), 128u);  // 256 halved
}

TEST_F(CaresFixture, InFlightCapQueues) {
  auto a = asio::ip::make_address("127.0.0.1");
  resp = std::make_unique<Responder>(io, a);
  CaresConfig cfg;
  cfg.servers.push_back(ResolverAddress{*IpAddr::parse("127.0.0.1"), resp->port(), ""});
  cfg.max_in_flight = 4;
  client = std::move(CaresDnsClient::create(io.get_executor(), cfg)).value();
  int ok = 0, finished = 0;
  for (int i = 0; i < 20; ++i) {
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          auto out = co_await client->query(name("x.test."), 1, {}, 10s);
          ok += out.ok() ? 1 : 0;
          if (++finished == 20) resp->stop();
        },
        asio::detached);
  }
  io.run_for(20s);
  EXPECT_EQ(ok, 20);
  EXPECT_EQ(client->peak_in_flight(), 4u);
}

TEST(CaresDnsClient, FallsBackToResolvConf) {
  asio::io_context io;
  std::string path = ::testing::TempDir() + "/cares_resolv.conf";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("nameserver ::1\n", f);
    std::fclose(f);
  }
  CaresConfig cfg;
  cfg.resolv_conf_path = path;
  auto c = CaresDnsClient::create(io.get_executor(), cfg);
  ASSERT_TRUE(c.has_value()) << c.error();
  EXPECT_EQ((*c)->servers().at(0).address.to_string(), "::1");
  cfg.resolv_conf_path = path + ".missing";
  auto none = CaresDnsClient::create(io.get_executor(), cfg);
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().find("no nameserver"), std::string::npos);
  std::remove(path.c_str());
}

// The client leaves nothing armed once no query is pending (sockets stay open, ARES_FLAG_STAYOPEN),
// so a loop whose work is done returns from run(), also after a burst of queries back to back and
// with the single-thread concurrency hint (the way `v6probe run` runs checks, nested coroutines).
TEST(CaresDnsClient, LoopFinishesWhenIdle) {
  for (int hint : {1, 2}) {
    asio::io_context io(hint);
    Responder resp(io, asio::ip::make_address("127.0.0.1"));
    CaresConfig cfg;
    cfg.servers.push_back(ResolverAddress{*IpAddr::parse("127.0.0.1"), resp.port(), ""});
    auto client = std::move(CaresDnsClient::create(io.get_executor(), cfg)).value();
    int ok = 0;
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          for (int round = 0; round < 3; ++round) {
            auto inner = [&]() -> awaitable<void> {
              auto a = co_await client->query(name("a.test."), 28, {}, 2s);
              auto b = co_await client->query(name("a.test."), 1, {}, 2s);
              ok += (a.ok() ? 1 : 0) + (b.ok() ? 1 : 0);
            };
            auto op = inner();
            co_await std::move(op);
          }
          resp.stop();
        },
        asio::detached);
    const auto t0 = std::chrono::steady_clock::now();
    io.run_for(10s);
    EXPECT_EQ(ok, 6) << "hint " << hint;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s) << "hint " << hint << ": something stayed armed";
  }
}

// c-ares's timer: a silent query next to answered ones still times out at c-ares's try timeout (the
// timer is only moved earlier by sends, and asked for the exact next timeout when it fires), and
// the answered queries around it are unaffected.
TEST_F(CaresFixture, TimeoutAmongAnsweredQueries) {
  start("127.0.0.1", 200ms);
  DnsOutcome silent, before, after;
  auto t0 = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration silent_took{};
  run([&]() -> awaitable<void> {
    before = co_await client->query(name("www.test."), 1, {}, 2s);
    auto ex = co_await asio::this_coro::executor;
    bool silent_done = false;
    asio::co_spawn(
        ex,
        [&]() -> awaitable<void> {
          const auto s0 = std::chrono::steady_clock::now();
          silent = co_await client->query(name("silent.test."), 1, {}, 5s);
          silent_took = std::chrono::steady_clock::now() - s0;
          silent_done = true;
        },
        asio::detached);
    after = co_await client->query(name("www.test."), 28, {}, 2s);
    asio::steady_timer t(ex);
    while (!silent_done) {
      t.expires_after(20ms);
      co_await t.async_wait(use_awaitable);
    }
  });
  EXPECT_TRUE(before.ok()) << before.detail;
  EXPECT_TRUE(after.ok()) << after.detail;
  EXPECT_EQ(silent.status, DnsStatus::timeout) << silent.detail;
  EXPECT_GE(silent_took, 150ms);  // c-ares's 200 ms try, not earlier
  EXPECT_LT(silent_took, 1500ms);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

}  // namespace
}  // namespace v6r::probe
