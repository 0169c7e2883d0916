#pragma once
// Deadlines on the one Asio loop: "nothing waits forever" (docs/architecture.md "Deadlines").
// This file is the one deadline type of the probe, used by the run engine and by every check:
//  - Deadline: an attempt's (or the run's) budget as an absolute time point, so every phase of a
//    check gets what is left of it (left(), expired(), total());
//  - with_deadline(): races an operation against a steady_timer. Boost 1.74 has no awaitable
//    operators (`||`), so it is done by hand:
//    - the operation runs as its own coroutine (co_spawn) and cancels the timer when it finishes;
//    - if the timer fires first, `on_timeout` is called (it must make the operation finish
//      promptly, typically by closing/cancelling its socket), and with_deadline waits for that, so
//      the operation never outlives the objects it references; the result says timed_out;
//    - without `on_timeout`, the result is returned at the deadline and the operation keeps running
//      detached: only use that for operations that own all their state (shared_ptr), as the run
//      engine's attempts do;
//    - an Interrupt (the engine's stop() on SIGINT/SIGTERM) ends the wait early like a timeout; the
//      result says interrupted.
//  - retry() adds bounded attempts with exponential backoff.
// g++ 12: braced temporaries and `?:` temporaries inside a co_await argument are miscompiled (double
// free); callers build such values as named locals first (`auto op = with_deadline(...);
// co_await std::move(op)`).
#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <variant>

#include "probes/net/asio.hpp"

namespace v6r::probe {

/// One budget as an absolute time point, fixed when it is made: an attempt's deadline (the check
/// gets it from the engine, already clamped by the run budget) or the run's own budget.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  /// `total` from now.
  explicit Deadline(std::chrono::milliseconds total) : total_(total), end_(Clock::now() + total) {}

  /// What was given.
  [[nodiscard]] std::chrono::milliseconds total() const { return total_; }
  /// What is left (zero when expired).
  [[nodiscard]] std::chrono::milliseconds left() const {
    const auto d = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now());
    return std::max(d, std::chrono::milliseconds(0));
  }
  [[nodiscard]] bool expired() const { return left().count() <= 0; }
  [[nodiscard]] Clock::time_point end() const { return end_; }

  /// The part of the total a check may spend waiting for something it does not control (an RA, a
  /// DHCPOFFER, frames, a connect): the total less a reporting margin of 10 % (at least 100 ms), so
  /// the check reports its own verdict before the engine cuts the attempt. Zero when the total is
  /// shorter than the margin.
  [[nodiscard]] std::chrono::milliseconds waitable() const {
    const auto margin = std::max(std::chrono::milliseconds(100), total_ / 10);
    return total_ > margin ? total_ - margin : std::chrono::milliseconds(0);
  }

 private:
  std::chrono::milliseconds total_;
  Clock::time_point end_;
};

/// Ends with_deadline() waits early: request() wakes every wait that was given this Interrupt and
/// makes later ones return at once (the run engine's stop()). One Asio loop: no locking.
class Interrupt {
 public:
  void request() {
    if (requested_) return;
    requested_ = true;
    auto timers = timers_;  // cancelling may run handlers that unregister
    for (auto* t : timers) t->cancel();
  }
  [[nodiscard]] bool requested() const { return requested_; }

  /// Keeps `t` registered while a wait on it is pending.
  class Registration {
   public:
    Registration(Interrupt* in, asio::steady_timer& t) : in_(in), t_(&t) {
      if (in_) in_->timers_.insert(t_);
    }
    ~Registration() {
      if (in_) in_->timers_.erase(t_);
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    Interrupt* in_;
    asio::steady_timer* t_;
  };

 private:
  std::set<asio::steady_timer*> timers_;
  bool requested_ = false;
};

template <class T>
struct Deadlined {
  std::optional<T> value;  ///< set when the operation completed (even if it completed after a timeout
                           ///< was signalled, it is kept: e.g. a partial HTTP body)
  bool timed_out = false;
  bool interrupted = false;  ///< the Interrupt ended the wait first
  [[nodiscard]] bool ok() const { return value.has_value() && !timed_out && !interrupted; }
};

namespace detail {
template <class T>
struct DeadlineState {
  explicit DeadlineState(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;
  std::optional<T> value;
  std::exception_ptr error;
  bool done = false;
};
}  // namespace detail

/// Runs `op` with a deadline `d` (see the file comment). Exceptions of `op` are rethrown.
template <class T>
awaitable<Deadlined<T>> with_deadline(awaitable<T> op, std::chrono::steady_clock::duration d,
                                      std::function<void()> on_timeout = {}, Interrupt* interrupt = nullptr) {
  Deadlined<T> out;
  if (interrupt && interrupt->requested()) {
    out.interrupted = true;  // `op` never starts
    co_return out;
  }
  auto ex = co_await asio::this_coro::executor;
  auto st = std::make_shared<detail::DeadlineState<T>>(ex);
  st->timer.expires_after(d);
  asio::co_spawn(
      ex,
      [st, o = std::move(op)]() mutable -> awaitable<void> {
        try {
          st->value.emplace(co_await std::move(o));
        } catch (...) {
          st->error = std::current_exception();
        }
        st->done = true;
        st->timer.cancel();
      },
      asio::detached);
  ErrorCode ec;
  {
    const Interrupt::Registration reg(interrupt, st->timer);
    co_await st->timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  if (!st->done) {
    if (interrupt && interrupt->requested())
      out.interrupted = true;
    else
      out.timed_out = true;
    if (!on_timeout) co_return out;
    on_timeout();
    while (!st->done) {
      st->timer.expires_at(asio::steady_timer::time_point::max());
      co_await st->timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
  }
  if (st->error) std::rethrow_exception(st->error);
  out.value = std::move(st->value);
  co_return out;
}

/// awaitable<void> flavour: value is std::monostate.
inline awaitable<Deadlined<std::monostate>> with_deadline_void(awaitable<void> op,
                                                               std::chrono::steady_clock::duration d,
                                                               std::function<void()> on_timeout = {}) {
  auto wrapped = [](awaitable<void> o) -> awaitable<std::monostate> {
    co_await std::move(o);
    co_return std::monostate{};
  };
  co_return co_await with_deadline(wrapped(std::move(op)), d, std::move(on_timeout));
}

/// Sleeps on an Asio timer (never blocks the loop).
inline awaitable<void> sleep_for(std::chrono::steady_clock::duration d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  ErrorCode ec;
  co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
}

struct RetryPolicy {
  int max_attempts = 3;  ///< total attempts, ≥ 1
  std::chrono::milliseconds initial_backoff{200};
  double multiplier = 2.0;
  std::chrono::milliseconds max_backoff{2000};
};

/// Backoff before attempt `attempt` (2-based: the wait after the first failure is initial_backoff).
inline std::chrono::milliseconds backoff_before(const RetryPolicy& p, int attempt) {
  double ms = static_cast<double>(p.initial_backoff.count());
  for (int i = 2; i < attempt; ++i) ms *= p.multiplier;
  ms = std::min(ms, static_cast<double>(p.max_backoff.count()));
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms));
}

template <class T>
struct Retried {
  T result;
  int attempts = 0;
};

/// Calls `attempt_fn(attempt_number)` (1-based) until `should_retry(result)` is false or the attempts
/// are used up, sleeping the backoff in between. Returns the last result and the attempt count.
template <class Fn, class Pred>
auto retry(RetryPolicy policy, Fn attempt_fn, Pred should_retry)
    -> awaitable<Retried<typename decltype(attempt_fn(1))::value_type>> {
  using R = typename decltype(attempt_fn(1))::value_type;
  int max = std::max(policy.max_attempts, 1);
  for (int n = 1;; ++n) {
    R r = co_await attempt_fn(n);
    if (n >= max || !should_retry(r)) co_return Retried<R>{std::move(r), n};
    co_await sleep_for(backoff_before(policy, n + 1));
  }
}

}  // namespace v6r::probe
