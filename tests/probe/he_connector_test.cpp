// The RFC 8305 connector (probes/checks/he_connector.hpp) with a scripted Dialer (delays on real
// Asio timers, cancellable) and scripted resolution times; judge() as a pure function of timings.
#include <gmock/gmock.h>

#include <map>

#include "probes/checks/he_connector.hpp"
#include "probes/net/deadline.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::he {
namespace {

using namespace std::chrono_literals;

Attempt attempt(Candidate c) {
  Attempt a;
  a.candidate = std::move(c);
  return a;
}
using ::testing::HasSubstr;

Candidate v6(const char* a, std::string path = "native-ipv6") {
  return Candidate{Endpoint{asio::ip::make_address(a), 80}, Family::ipv6, std::move(path)};
}
Candidate v4(const char* a, std::string path = "ipv4") {
  return Candidate{Endpoint{asio::ip::make_address(a), 80}, Family::ipv4, std::move(path)};
}

/// Each endpoint: after `delay`, connect (ok) or fail with `error`; never scripted = black hole.
class FakeDialer : public Dialer {
 public:
  struct Script {
    Millis delay;
    bool ok;
    std::string error;
  };
  std::map<std::string, Script> scripts;

  awaitable<TcpConnectResult> dial(Endpoint remote, Millis deadline, CancelFn cancel) override {
    auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor);
    auto cancelled = std::make_shared<bool>(false);
    *cancel = [timer, cancelled] {
      *cancelled = true;
      timer->cancel();
    };
    auto it = scripts.find(remote.to_string());
    const Millis d = it == scripts.end() ? deadline : std::min(it->second.delay, deadline);
    timer->expires_after(d);
    ErrorCode ec;
    co_await timer->async_wait(asio::redirect_error(use_awaitable, ec));
    TcpConnectResult r;
    r.remote = remote;
    if (*cancelled) {
      r.error = "cancelled";
    } else if (it == scripts.end() || d == deadline) {
      r.timed_out = true;
      r.error = "timeout";
    } else {
      r.ok = it->second.ok;
      r.error = it->second.error;
    }
    co_return r;
  }
};

ResolveFn answer_after(Millis d, std::vector<Candidate> c) {
  return [d, c]() -> awaitable<std::optional<std::vector<Candidate>>> {
    co_await sleep_for(d);
    co_return c;
  };
}

Measurement run_connect(ResolveFn aaaa, ResolveFn a, Dialer& dialer, Params p = {}) {
  asio::io_context io;
  Measurement m;
  bool done = false;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        m = co_await connect(aaaa, a, dialer, p);
        done = true;
      },
      asio::detached);
  io.run_for(10s);
  EXPECT_TRUE(done);
  return m;
}

TEST(HeConnector, BrokenAaaaFallsBackToIpv4AfterAttemptDelay) {
  FakeDialer d;  // 2001:db8:20::dead is a black hole (unscripted)
  d.scripts["192.0.2.11:80"] = {5ms, true, ""};
  const auto m =
      run_connect(answer_after(1ms, {v6("2001:db8:20::dead")}), answer_after(1ms, {v4("192.0.2.11")}), d);
  ASSERT_TRUE(m.winner);
  ASSERT_EQ(m.attempts.size(), 2u);
  EXPECT_EQ(*m.winner, 1u);
  EXPECT_EQ(m.attempts[0].candidate.family, Family::ipv6);
  EXPECT_TRUE(m.attempts[0].cancelled);
  const double gap = m.attempts[1].started_ms - m.attempts[0].started_ms;
  EXPECT_GE(gap, 249.0);
  EXPECT_LT(gap, 400.0);
  const double after = *m.connect_after_first_attempt_ms();
  EXPECT_GE(after, 254.0);
  const auto j = judge(m, Params{}, 100ms);
  EXPECT_EQ(j.verdict, Verdict::pass) << english(j.reason);
  EXPECT_EQ(j.rfc, "RFC 8305 §5");
  EXPECT_THAT(english(j.reason), HasSubstr("IPv4 won after fallback"));
}

TEST(HeConnector, WorkingIpv6WinsWithoutFallback) {
  FakeDialer d;
  d.scripts["[2001:db8:20::11]:80"] = {5ms, true, ""};
  d.scripts["192.0.2.11:80"] = {1ms, true, ""};
  const auto m =
      run_connect(answer_after(1ms, {v6("2001:db8:20::11")}), answer_after(1ms, {v4("192.0.2.11")}), d);
  ASSERT_TRUE(m.winner);
  EXPECT_EQ(*m.winner, 0u);
  EXPECT_EQ(m.attempts.size(), 1u);
  EXPECT_EQ(judge(m, Params{}, 100ms).verdict, Verdict::pass);
}

TEST(HeConnector, FastFailureStartsTheNextAttemptAtOnce) {
  FakeDialer d;
  d.scripts["[2001:db8:20::dead]:80"] = {2ms, false, "network unreachable"};
  d.scripts["192.0.2.11:80"] = {2ms, true, ""};
  const auto m =
      run_connect(answer_after(1ms, {v6("2001:db8:20::dead")}), answer_after(1ms, {v4("192.0.2.11")}), d);
  ASSERT_TRUE(m.winner);
  EXPECT_EQ(*m.winner, 1u);
  EXPECT_LT(m.attempts[1].started_ms - m.attempts[0].started_ms, 100.0);
}

TEST(HeConnector, ResolutionDelayWaitsForALateAaaa) {
  FakeDialer d;
  d.scripts["[2001:db8:20::11]:80"] = {1ms, true, ""};
  d.scripts["192.0.2.11:80"] = {1ms, true, ""};
  // AAAA 30 ms after A: within the 50 ms Resolution Delay, so IPv6 still goes first (§3).
  auto m = run_connect(answer_after(31ms, {v6("2001:db8:20::11")}), answer_after(1ms, {v4("192.0.2.11")}), d);
  ASSERT_TRUE(m.winner);
  EXPECT_EQ(m.attempts.front().candidate.family, Family::ipv6);
  EXPECT_FALSE(m.resolution_delay_expired);
  // AAAA 200 ms after A: the delay expires and IPv4 goes first.
  m = run_connect(answer_after(200ms, {v6("2001:db8:20::11")}), answer_after(1ms, {v4("192.0.2.11")}), d);
  ASSERT_TRUE(m.winner);
  EXPECT_EQ(m.attempts.front().candidate.family, Family::ipv4);
  EXPECT_TRUE(m.resolution_delay_expired);
  EXPECT_GE(m.attempts.front().started_ms, 50.0);
  EXPECT_LT(m.attempts.front().started_ms, 150.0);
}

TEST(HeConnector, NothingConnectsWithinMaxConnect) {
  FakeDialer d;
  Params p;
  p.max_connect = 400ms;
  const auto m = run_connect(answer_after(1ms, {v6("2001:db8:20::dead")}), answer_after(1ms, {}), d, p);
  EXPECT_FALSE(m.winner);
  const auto j = judge(m, p, 100ms);
  EXPECT_EQ(j.verdict, Verdict::fail);
  EXPECT_THAT(english(j.reason), HasSubstr("no IPv4-family fallback was possible"));
}

TEST(HeConnector, NextCandidateInterleavesFamilies) {
  const std::vector<Candidate> six{v6("2001:db8::1"), v6("2001:db8::2")};
  const std::vector<Candidate> four{v4("192.0.2.1")};
  std::vector<Attempt> tried;
  std::vector<std::string> order;
  while (auto c = next_candidate(six, four, tried)) {
    order.push_back(c->endpoint.address.to_string());
    tried.push_back(attempt(*c));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"2001:db8::1", "192.0.2.1", "2001:db8::2"}));
}

Measurement timeline(double first_start, double winner_end, Family wf, std::size_t aaaa = 1) {
  Measurement m;
  m.aaaa_count = aaaa;
  m.a_count = 1;
  Attempt a0 = attempt(v6("2001:db8:20::dead"));
  a0.started_ms = first_start;
  a0.cancelled = true;
  m.attempts.push_back(a0);
  Attempt a1 = attempt(wf == Family::ipv4 ? v4("192.0.2.11") : v6("2001:db8:20::11"));
  a1.started_ms = first_start + 250;
  a1.ended_ms = winner_end;
  a1.ok = true;
  m.attempts.push_back(a1);
  m.winner = 1;
  return m;
}

TEST(HeJudge, FallbackBounds) {
  EXPECT_EQ(judge(timeline(1, 260, Family::ipv4), Params{}, 100ms).verdict, Verdict::pass);
  EXPECT_EQ(judge(timeline(1, 2090, Family::ipv4), Params{}, 100ms).verdict, Verdict::pass);
  const auto slow = judge(timeline(1, 2200, Family::ipv4), Params{}, 100ms);
  EXPECT_EQ(slow.verdict, Verdict::fail);
  EXPECT_THAT(english(slow.reason),
              HasSubstr("beyond RFC 8305's Maximum Connection Attempt Delay of 2000 ms"));
  EXPECT_EQ(slow.rfc, "RFC 8305 §5");
}

TEST(HeJudge, OnlyIpv4IsInfo) {
  Measurement m;
  m.a_count = 1;
  Attempt a = attempt(v4("192.0.2.10"));
  a.started_ms = 2;
  a.ended_ms = 5;
  a.ok = true;
  m.attempts.push_back(a);
  m.winner = 0;
  EXPECT_EQ(judge(m, Params{}, 100ms).verdict, Verdict::info);
}

// The real dialer opens its socket before connecting (so a cancel can close it): the readiness an
// unconnected socket reports must not pass for a completed handshake. A listener whose accept queue is
// full drops further SYNs (Linux), so the attempt must time out, keeping the SYN's source as evidence.
TEST(AsioDialerReal, UnansweredSynIsNotAConnection) {
  asio::io_context io;
  asio::ip::tcp::acceptor acc(io);
  acc.open(asio::ip::tcp::v6());
  acc.bind(asio::ip::tcp::endpoint(asio::ip::address_v6::loopback(), 0));
  acc.listen(0);
  const asio::ip::tcp::endpoint ep(asio::ip::address_v6::loopback(), acc.local_endpoint().port());
  asio::ip::tcp::socket first(io);
  first.connect(ep);  // fills the queue
  AsioDialer dialer;
  TcpConnectResult r;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        r = co_await dialer.dial(Endpoint{ep.address(), ep.port()}, 300ms,
                                 std::make_shared<std::function<void()>>());
      },
      asio::detached);
  io.run_for(5s);
  if (r.ok && r.connect_time > 250ms) GTEST_SKIP() << "this kernel answered a SYN to a full accept queue";
  EXPECT_FALSE(r.ok) << "connected in " << r.connect_time.count() << " us";
  EXPECT_TRUE(r.timed_out) << r.error;
  ASSERT_TRUE(r.local.has_value());
  EXPECT_NE(r.local->port, 0);
}

}  // namespace
}  // namespace v6r::probe::he
