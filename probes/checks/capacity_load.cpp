// Paced offered load and the binary search over the rate (capacity_load.hpp).
#include "probes/checks/capacity_load.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace v6r::probe::capacity {

bool CeilingGuard::take(Clock::time_point now) {
  while (!recent_.empty() && now - recent_.front() >= kCeilingWindow) recent_.pop_front();
  if (static_cast<std::int64_t>(recent_.size()) >= ceiling_) return false;
  recent_.push_back(now);
  return true;
}

void CeilingGuard::note(Clock::time_point now) {
  while (!recent_.empty() && now - recent_.front() >= kCeilingWindow) recent_.pop_front();
  recent_.push_back(now);
}

namespace {

struct TrialState {
  TrialResult r;
  std::uint64_t in_flight = 0;
  Clock::time_point last_done{};
  std::vector<double> first_ms, last_ms;  // times to a good answer, first and last tenth of the schedule
  double server_ms_sum = 0;               // OpOutcome::server_ms of the good answers that have one
  double probe_ms_sum = 0;                // the rest of those operations' time by the probe's clock
  std::uint64_t server_n = 0;
};

enum class Tenth : std::uint8_t { none, first, last };

awaitable<void> one(std::shared_ptr<TrialState> st, Operation op, std::uint64_t index, Tenth tenth) {
  const auto started = Clock::now();
  OpOutcome o = co_await op(index);
  if (o.good) {
    ++st->r.answered;
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (o.server_ms) {
      st->server_ms_sum += *o.server_ms;
      st->probe_ms_sum += std::max(0.0, ms - *o.server_ms);
      ++st->server_n;
      st->r.server_min_ms = std::min(*o.server_ms, st->r.server_min_ms.value_or(*o.server_ms));
    }
    if (tenth == Tenth::first) st->first_ms.push_back(ms);
    if (tenth == Tenth::last) st->last_ms.push_back(ms);
  } else if (o.timed_out) {
    ++st->r.timeouts;
  } else {
    ++st->r.errors;
  }
  --st->in_flight;
  st->last_done = Clock::now();
}

std::optional<double> median(std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace

std::chrono::milliseconds max_queue_growth(std::chrono::milliseconds step) {
  return std::max(std::chrono::milliseconds(50), step / 20);
}

double paced_rate(std::int64_t rate, const CeilingGuard& guard) {
  // A little slower than the guard allows (ceiling per 1.01 s), so timer jitter never makes the guard
  // refuse the schedule.
  const double window_s = std::chrono::duration<double>(kCeilingWindow).count();
  return std::min(static_cast<double>(rate), static_cast<double>(guard.ceiling()) / (window_s + 0.01));
}

awaitable<TrialResult> run_trial(std::int64_t rate, std::chrono::milliseconds step,
                                 std::chrono::milliseconds timeout, CeilingGuard& guard, Operation op) {
  const auto count = static_cast<std::uint64_t>(
      std::llround(paced_rate(rate, guard) * static_cast<double>(step.count()) / 1000.0));
  co_return co_await run_paced(rate, count, timeout, guard, std::move(op), {});
}

awaitable<TrialResult> run_paced(std::int64_t rate, std::uint64_t count, std::chrono::milliseconds timeout,
                                 CeilingGuard& guard, Operation op, std::function<bool()> stop, Count what) {
  auto ex = co_await asio::this_coro::executor;
  auto st = std::make_shared<TrialState>();
  st->r.rate = rate;
  const double pace = paced_rate(rate, guard);
  // Count::sent: the schedule has no end of its own; the sending ends when `count` were sent.
  const bool until_sent = what == Count::sent;
  const std::uint64_t places = until_sent ? std::numeric_limits<std::uint64_t>::max() : count;
  const std::uint64_t tenth = until_sent ? 0 : std::max<std::uint64_t>(1, count / 10);
  auto tenth_of = [&](std::uint64_t i) {
    return tenth == 0            ? Tenth::none
           : i < tenth           ? Tenth::first
           : i + tenth >= places ? Tenth::last
                                 : Tenth::none;
  };
  asio::steady_timer timer(ex);
  const auto t0 = Clock::now();
  std::uint64_t done = 0;  // started + late
  auto finished = [&] { return until_sent ? st->r.sent >= count : done >= places; };
  bool stopped = false;
  while (!finished()) {
    const auto now = Clock::now();
    const double el = std::chrono::duration<double>(now - t0).count();
    // Operation i is due at (i + 1) / rate: never ahead of the schedule.
    const auto due = std::min<std::uint64_t>(places, static_cast<std::uint64_t>(el * pace));
    // Operations due more than kMaxLag ago are late: counted, not sent in a burst.
    const double lag_ops = std::chrono::duration<double>(kMaxLag).count() * pace;
    const auto keep = static_cast<std::uint64_t>(std::max(1.0, lag_ops));
    if (due > done + keep) {
      st->r.late += due - done - keep;
      done = due - keep;
    }
    while (done < due && !finished()) {
      if (stop && stop()) {
        stopped = true;
        break;
      }
      if (st->in_flight >= guard.max_in_flight()) {
        ++st->r.late;
        ++st->r.held_back;
      } else if (!guard.take(Clock::now())) {
        ++st->r.late;
      } else {
        ++st->in_flight;
        ++st->r.sent;
        st->r.peak_in_flight = std::max(st->r.peak_in_flight, st->in_flight);
        asio::co_spawn(ex, one(st, op, done, tenth_of(done)), asio::detached);
      }
      ++done;
    }
    if (stopped || finished()) break;
    // Sleep until the next operation is due (at most 1 ms: the loop also notices lateness).
    const auto next = t0 + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(static_cast<double>(done + 1) / pace));
    timer.expires_at(std::min(next, Clock::now() + std::chrono::milliseconds(1)));
    co_await timer.async_wait(asio::use_awaitable);
  }
  // What was not started was never scheduled (a stop, or Count::sent).
  st->r.scheduled = stopped || until_sent ? done : places;
  // Every operation ends by its own timeout; wait for them (bounded).
  const auto drain_end = Clock::now() + timeout + std::chrono::milliseconds(100);
  while (st->in_flight > 0 && Clock::now() < drain_end) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(asio::use_awaitable);
  }
  st->r.timeouts += st->in_flight;  // still out after the drain: not answered in time
  const auto end = st->last_done > t0 ? st->last_done : Clock::now();
  st->r.seconds = std::chrono::duration<double>(end - t0).count();
  if (st->server_n > 0) {
    st->r.server_mean_ms = st->server_ms_sum / static_cast<double>(st->server_n);
    st->r.probe_mean_ms = st->probe_ms_sum / static_cast<double>(st->server_n);
  }
  st->r.first_ms = median(st->first_ms);
  st->r.last_ms = median(st->last_ms);
  co_return st->r;
}

std::int64_t SearchResult::lowest_tried() const {
  std::int64_t r = 0;
  for (const auto& t : trials)
    if (r == 0 || t.rate < r) r = t.rate;
  return r;
}

awaitable<SearchResult> search(std::int64_t min_rate, std::int64_t ceiling, double max_loss_percent,
                               double precision_percent, std::chrono::milliseconds step,
                               std::chrono::milliseconds timeout, Clock::time_point until,
                               CeilingGuard& guard, Operation op, std::chrono::milliseconds rest) {
  SearchResult s;
  std::int64_t lo = 0;            // highest passing rate so far (0: none)
  std::int64_t hi = ceiling + 1;  // lowest failing rate so far
  std::int64_t rate = ceiling;
  const auto trial_cost = step + timeout + std::chrono::milliseconds(100);
  // Judged on what it sent (a late operation never reached the server), and on whether the server kept
  // pace rather than queued what it could not take (max_queue_growth; a queue the in-flight bound
  // capped: queued_at_bound).
  const auto max_growth = static_cast<double>(max_queue_growth(step).count());
  auto passes_but_growth = [&](const TrialResult& t) {
    return t.sent > 0 && t.loss_percent() <= max_loss_percent && !t.queued_at_bound();
  };
  auto passes = [&](const TrialResult& t) {
    return passes_but_growth(t) && t.queue_growth_ms() <= max_growth;
  };
  bool after_failure = false;
  for (int guard_steps = 0; guard_steps < 64; ++guard_steps) {
    const auto pause = after_failure ? rest : std::chrono::milliseconds(0);
    if (Clock::now() + pause + trial_cost > until) {
      s.out_of_time = true;
      break;
    }
    if (pause.count() > 0) {
      asio::steady_timer t(co_await asio::this_coro::executor, pause);
      co_await t.async_wait(asio::use_awaitable);
    }
    TrialResult t = co_await run_trial(rate, step, timeout, guard, op);
    const bool pass = passes(t);
    after_failure = !pass;
    s.late += t.late;
    s.trials.push_back(t);
    if (pass) {
      lo = rate;
      // A trial short of its rate offered less: that is all it shows the server can take.
      const std::int64_t figure = t.short_of_rate() ? t.offered_rate() : rate;
      if (figure > 0 && (!s.best || figure > *s.best)) s.best = figure;
      if (rate == ceiling) {
        s.at_ceiling = !t.short_of_rate();
        break;
      }
    } else {
      hi = rate;
    }
    if (hi <= min_rate) break;  // even the lowest rate loses too much
    const double width = static_cast<double>(hi - lo);
    if (lo > 0 && width <= std::max(1.0, static_cast<double>(lo) * precision_percent / 100.0)) break;
    rate = std::max(min_rate, lo + (hi - lo) / 2);
    if (rate <= lo || rate >= hi) break;
  }
  // The probe was the limit when a trial at a rate above the figure passed but could not offer its
  // rate; or, with no server clock (DNS answers), failed only on its answers' growing delay while the
  // probe itself sent late in it (beyond what the in-flight bound held back): its loop fell behind, so
  // the growing delay may be its own, reading the answers late. The figure is then a lower bound, not
  // the server's (seen on a loaded 2-core machine: a resolver dnsperf measured at 47,604 cached q/s
  // given 18,750, its 19,375/s trial 151 queries late).
  // With no figure at all, the same holds of any trial: the phase is then unmeasured because of the
  // probe, not the server (seen beside ctest's load: synthesized trials at 10,000 and 2,500/s lost
  // nothing but were sent late and failed on the answers' delay; the text said "even the lowest rate
  // lost too much").
  for (const auto& t : s.trials) {
    if (s.best && t.rate <= *s.best) continue;
    const bool grew_only = !t.server_mean_ms && passes_but_growth(t) && t.queue_growth_ms() > max_growth;
    if ((t.short_of_rate() && passes(t)) || (grew_only && t.late > t.held_back)) s.probe_limited = true;
  }
  co_return s;
}

}  // namespace v6r::probe::capacity
