// The RFC 8305 connector of dualstack.happy_eyeballs (see he_connector.hpp).
#include "probes/checks/he_connector.hpp"

#include <algorithm>
#include <cmath>

#include "probes/net/deadline.hpp"
#include "probes/net/tcp_connect.hpp"

namespace v6r::probe::he {

using SteadyClock = std::chrono::steady_clock;

namespace {

/// A candidate's path label (service_common.hpp to_string(Path)) as a reason's part.
Msg path_of(const std::string& path) {
  if (path == "native-ipv6") return msg("check.path.native_ipv6");
  if (path == "nat64") return msg("check.path.nat64");
  if (path == "nat64 (unexpected prefix)") return msg("check.path.nat64_unexpected");
  if (path == "ipv4") return msg("check.path.ipv4");
  return foreign(path);
}

struct State {
  explicit State(const asio::any_io_executor& ex) : wake(ex) {}
  asio::steady_timer wake;  // the main loop sleeps on it; any event cancels it
  SteadyClock::time_point t0 = SteadyClock::now();
  std::vector<Candidate> v6, v4;
  bool aaaa_done = false, a_done = false;
  Measurement m;
  std::vector<CancelFn> cancels;  // parallel to m.attempts
  int outstanding = 0;            // spawned tasks still running
  bool waiting_for_tasks = false;

  [[nodiscard]] double now_ms() const {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
  }
  void notify() { wake.cancel(); }
  awaitable<void> sleep_until(SteadyClock::time_point tp) {
    ErrorCode ec;
    wake.expires_at(tp);
    co_await wake.async_wait(asio::redirect_error(use_awaitable, ec));
  }
};

bool contains(const std::vector<Candidate>& v, const Candidate& c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

}  // namespace

std::optional<double> Measurement::connect_after_first_attempt_ms() const {
  const Attempt* w = won();
  if (!w || attempts.empty() || !w->ended_ms) return std::nullopt;
  return *w->ended_ms - attempts.front().started_ms;
}

std::optional<Candidate> next_candidate(const std::vector<Candidate>& v6, const std::vector<Candidate>& v4,
                                        const std::vector<Attempt>& tried) {
  auto untried = [&](const std::vector<Candidate>& list) -> std::optional<Candidate> {
    for (const auto& c : list) {
      bool done = std::any_of(tried.begin(), tried.end(), [&](const Attempt& a) { return a.candidate == c; });
      if (!done) return c;
    }
    return std::nullopt;
  };
  // RFC 8305 §4: IPv6 first, then alternate (First Address Family Count 1).
  const bool last_was_v6 = !tried.empty() && tried.back().candidate.family == Family::ipv6;
  auto n6 = untried(v6);
  auto n4 = untried(v4);
  if (last_was_v6) return n4 ? n4 : n6;
  return n6 ? n6 : n4;
}

awaitable<TcpConnectResult> AsioDialer::dial(Endpoint remote, Millis deadline, CancelFn cancel) {
  auto ex = co_await asio::this_coro::executor;
  auto sock = std::make_shared<asio::ip::tcp::socket>(ex);
  auto cancelled = std::make_shared<bool>(false);
  TcpConnectResult r;
  r.remote = remote;
  const asio::ip::tcp::endpoint ep(remote.address, remote.port);
  {
    // Opened before the cancel function exists, so a cancel can only close it (never race an open).
    ErrorCode ec;
    sock->open(ep.protocol(), ec);
    if (ec) {
      r.error = "socket: " + ec.message();
      co_return r;
    }
  }
  *cancel = [sock, cancelled] {
    *cancelled = true;
    ErrorCode ec;
    sock->close(ec);
  };
  const auto start = SteadyClock::now();
  // The source of the SYN is recorded as soon as it is sent, so a lost or cancelled attempt keeps its
  // 5-tuple (probes/net/tcp_connect.hpp).
  auto local = std::make_shared<std::optional<Endpoint>>();
  auto op = [](std::shared_ptr<asio::ip::tcp::socket> s, asio::ip::tcp::endpoint e,
               std::shared_ptr<std::optional<Endpoint>> l) -> awaitable<ErrorCode> {
    ErrorCode ec = co_await connect_recording(*s, e, *l);
    co_return ec;
  };
  auto close = [sock] {
    ErrorCode ec;
    sock->close(ec);
  };
  auto raced = with_deadline(op(sock, ep, local), deadline, close);  // not inside co_await (g++ 12)
  auto d = co_await std::move(raced);
  r.connect_time = std::chrono::duration_cast<Micros>(SteadyClock::now() - start);
  r.local = *local;
  if (d.ok() && d.value && !*d.value) {
    r.ok = true;
  } else if (*cancelled) {
    r.error = "cancelled";
  } else if (d.timed_out) {
    r.timed_out = true;
    r.error = "timeout after " + std::to_string(deadline.count()) + " ms";
  } else {
    r.error = d.value ? d.value->message() : std::string("connect failed");
  }
  ErrorCode ec;
  sock->close(ec);
  *cancel = [] {};
  co_return r;
}

awaitable<Measurement> connect(ResolveFn resolve_aaaa, ResolveFn resolve_a, Dialer& dialer, Params p) {
  auto ex = co_await asio::this_coro::executor;
  auto st = std::make_shared<State>(ex);
  const auto deadline = st->t0 + p.max_connect;

  // §3: both queries at once.
  for (int fam = 0; fam < 2; ++fam) {
    ++st->outstanding;
    ResolveFn fn = fam == 0 ? resolve_aaaa : resolve_a;
    asio::co_spawn(
        ex,
        [st, fn, fam]() -> awaitable<void> {
          std::optional<std::vector<Candidate>> got;
          try {
            got = co_await fn();
          } catch (...) {
            got.reset();
          }
          const double at = st->now_ms();
          auto& list = fam == 0 ? st->v6 : st->v4;
          if (got) {
            for (auto& c : *got)
              if (!contains(st->v6, c) && !contains(st->v4, c)) list.push_back(c);
          }
          if (fam == 0) {
            st->aaaa_done = true;
            st->m.aaaa_failed = !got;
            if (got) st->m.aaaa_ms = at;
            st->m.aaaa_count = got ? got->size() : 0;
          } else {
            st->a_done = true;
            st->m.a_failed = !got;
            if (got) st->m.a_ms = at;
            st->m.a_count = got ? got->size() : 0;
          }
          --st->outstanding;
          st->notify();
        },
        asio::detached);
  }

  // §3: wait for the AAAA answer, or for the A answer plus the Resolution Delay.
  while (SteadyClock::now() < deadline) {
    if (st->aaaa_done && !st->v6.empty()) break;
    if (st->aaaa_done && st->a_done) break;
    auto until = deadline;
    if (st->a_done && !st->v4.empty()) {
      const auto a_at = st->t0 + std::chrono::microseconds(static_cast<long long>(*st->m.a_ms * 1000.0));
      const auto rd_end = a_at + p.resolution_delay;
      if (SteadyClock::now() >= rd_end) {
        st->m.resolution_delay_expired = true;
        break;
      }
      until = std::min(until, rd_end);
    }
    co_await st->sleep_until(until);
  }

  // §5: attempts, Connection Attempt Delay apart (at once after a failure); first success wins.
  while (!st->m.winner && SteadyClock::now() < deadline) {
    const auto& atts = st->m.attempts;
    const bool running = std::any_of(atts.begin(), atts.end(), [](const Attempt& a) { return !a.ended_ms; });
    auto next = next_candidate(st->v6, st->v4, atts);
    const auto last_start =
        atts.empty()
            ? st->t0
            : st->t0 + std::chrono::microseconds(static_cast<long long>(atts.back().started_ms * 1000.0));
    const auto next_at = last_start + p.connection_attempt_delay;
    if (next && (!running || SteadyClock::now() >= next_at)) {
      const std::size_t idx = st->m.attempts.size();
      Attempt a;
      a.candidate = *next;
      a.started_ms = st->now_ms();
      st->m.attempts.push_back(a);
      auto cancel = std::make_shared<std::function<void()>>([] {});
      st->cancels.push_back(cancel);
      ++st->outstanding;
      const auto left = std::chrono::duration_cast<Millis>(deadline - SteadyClock::now());
      asio::co_spawn(
          ex,
          [st, &dialer, idx, cancel, left, ep = next->endpoint]() -> awaitable<void> {
            TcpConnectResult r;
            try {
              r = co_await dialer.dial(ep, std::max(left, Millis(1)), cancel);
            } catch (const std::exception& e) {
              r.error = e.what();
            }
            Attempt& at = st->m.attempts[idx];
            at.ended_ms = st->now_ms();
            at.ok = r.ok;
            at.error = r.error;
            at.local = r.local;
            if (r.ok && !st->m.winner) st->m.winner = idx;
            --st->outstanding;
            st->notify();
          },
          asio::detached);
      continue;
    }
    if (!next && !running && st->aaaa_done && st->a_done) break;  // everything failed
    auto until = deadline;
    if (next && running) until = std::min(until, next_at);
    co_await st->sleep_until(until);
  }
  st->m.total_ms = st->now_ms();

  // Cancel the losers and wait for every task, so nothing outlives `dialer` or the resolvers.
  for (std::size_t i = 0; i < st->m.attempts.size(); ++i) {
    if (!st->m.attempts[i].ended_ms) {
      st->m.attempts[i].cancelled = true;
      (*st->cancels[i])();
    }
  }
  while (st->outstanding > 0) co_await st->sleep_until(SteadyClock::now() + Millis(50));
  co_return st->m;
}

Judgement judge(const Measurement& m, const Params& p, Millis tolerance) {
  Judgement j;
  auto describe = [](const Attempt& a) {
    std::vector<MessageArg> args{val("endpoint", a.candidate.endpoint.to_string()),
                                 sub("path", path_of(a.candidate.path))};
    if (a.ok) return msg("check.he.attempt_connected", std::move(args));
    if (a.cancelled) return msg("check.he.attempt_cancelled", std::move(args));
    args.push_back(sub("error", foreign(a.error)));
    return msg("check.he.attempt_failed", std::move(args));
  };
  const auto ms = [](double v) { return val("ms", std::llround(v)); };
  if (m.attempts.empty()) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.he.no_address", {val("aaaa", m.aaaa_count), val("a", m.a_count)});
    j.rfc = "RFC 8305 §3";
    return j;
  }
  const Attempt* w = m.won();
  if (!w) {
    std::vector<Msg> tried;
    for (const auto& a : m.attempts) tried.push_back(describe(a));
    const bool v4_tried = std::any_of(m.attempts.begin(), m.attempts.end(),
                                      [](const Attempt& a) { return a.candidate.family == Family::ipv4; });
    j.verdict = Verdict::fail;
    j.reason = msg(v4_tried ? "check.he.none" : "check.he.none_no_fallback",
                   {val("ms", p.max_connect.count()), list("tried", std::move(tried))});
    j.rfc = "RFC 8305 §5";
    return j;
  }
  const double after = *m.connect_after_first_attempt_ms();
  const std::string fam = w->candidate.family == Family::ipv6 ? "IPv6" : "IPv4";
  const std::string via = w->candidate.path == "nat64" ? "_nat64" : "";
  if (*m.winner == 0) {
    if (w->candidate.family == Family::ipv6) {
      j.verdict = Verdict::pass;
      j.reason = msg("check.he.v6_first", {ms(after), val("endpoint", w->candidate.endpoint.to_string())});
    } else if (m.aaaa_count == 0) {
      j.verdict = Verdict::info;
      j.reason = msg("check.he.no_aaaa" + via, {ms(after)});
    } else {
      j.verdict = Verdict::pass;
      j.reason = msg("check.he.aaaa_late" + via, {val("delay", p.resolution_delay.count()), ms(after)});
    }
    j.rfc = "RFC 8305 §3";
    return j;
  }
  // A fallback happened: the first attempt did not connect in time.
  const Attempt& first = m.attempts.front();
  const Msg first_desc = describe(first);
  const double limit = static_cast<double>((kMaxConnectionAttemptDelay + tolerance).count());
  if (after <= limit) {
    j.verdict = Verdict::pass;
    j.reason =
        msg("check.he.fallback" + via,
            {val("family", fam), ms(after), val("delay", p.connection_attempt_delay.count()),
             val("min", kMinConnectionAttemptDelay.count()), val("max", kMaxConnectionAttemptDelay.count()),
             val("tolerance", tolerance.count()), sub("first", first_desc)});
  } else {
    j.verdict = Verdict::fail;
    j.reason = msg("check.he.too_late" + via,
                   {val("family", fam), ms(after), val("max", kMaxConnectionAttemptDelay.count()),
                    val("tolerance", tolerance.count()), sub("first", first_desc)});
  }
  j.rfc = "RFC 8305 §5";
  return j;
}

}  // namespace v6r::probe::he
