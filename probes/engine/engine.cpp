#include "probes/engine/engine.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "core/check_schema.hpp"
#include "probes/checks/service_common.hpp"
#include "probes/net/allow_list.hpp"

namespace v6r::probe {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

SteadyTime steady_now() {
  return std::chrono::steady_clock::now();
}

CheckOutcome engine_outcome(Verdict v, std::string reason, bool retryable = false) {
  CheckOutcome o;
  o.result.verdict = v;
  o.result.reason = std::move(reason);
  o.retryable = retryable;
  return o;
}

/// A timer registered in a set while it is waited on, so stop()/wake can cancel it.
class Registered {
 public:
  Registered(std::set<asio::steady_timer*>& set, asio::steady_timer& t) : set_(set), t_(&t) {
    set_.insert(t_);
  }
  ~Registered() { set_.erase(t_); }
  Registered(const Registered&) = delete;
  Registered& operator=(const Registered&) = delete;

 private:
  std::set<asio::steady_timer*>& set_;
  asio::steady_timer* t_;
};

}  // namespace

std::string target_of(const scenario::Check& c) {
  for (const char* key : {"name", "host", "url", "address"}) {
    const auto* v = c.params.find(key);
    if (!v) continue;
    if (key == std::string_view("address")) return c.params.get_ip(key).to_string();
    return c.params.get_string(key);
  }
  return c.kind == "dns64.discovery" && c.params.has("query_name") ? c.params.get_string("query_name") : "";
}

Expected<Ok, std::string> check_runnable(const scenario::Scenario& s, const CheckRunnerTable& runners) {
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    const auto& c = s.checks[i];
    if (runners.find(c.kind)) continue;
    return Unexpected{s.source_file + ":" + std::to_string(c.line) + ":" + std::to_string(c.col) +
                      ": checks[" + std::to_string(i) + "] '" + c.id + "': kind '" + c.kind +
                      "' is not implemented in this version of v6probe (run `v6probe list-checks`)"};
  }
  return Ok{};
}

Expected<Ok, std::string> check_targets_allowed(const scenario::Scenario& s,
                                                const scenario::CheckSchemaRegistry& registry) {
  const AllowList allow(s.allow);
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    const auto& c = s.checks[i];
    const auto* schema = registry.find(c.kind);
    if (!schema || c.kind.starts_with("dns64.")) continue;
    for (const auto& f : schema->fields) {
      if (!c.params.has(f.name)) continue;
      std::vector<IpAddr> targets;
      using FT = scenario::FieldType;
      if (f.type == FT::ip_address || f.type == FT::ipv4_address || f.type == FT::ipv6_address) {
        targets.push_back(c.params.get_ip(f.name));
      } else if (f.type == FT::ip_address_list) {
        targets = c.params.get_ip_list(f.name);
      } else if (f.type == FT::url) {
        if (auto u = svc::parse_http_url(c.params.get_string(f.name)); u && u->literal)
          targets.push_back(*u->literal);
      }
      for (const auto& a : targets) {
        if (auto ok = allow.check(a); !ok) {
          const auto loc = c.params.loc(f.name);
          const auto at = loc.line > 0 ? loc : scenario::SourceLoc{c.line, c.col};
          return Unexpected{s.source_file + ":" + std::to_string(at.line) + ":" + std::to_string(at.col) +
                            ": checks[" + std::to_string(i) + "] '" + c.id + "' params." + f.name + ": " +
                            ok.error() + " (refused before any traffic)"};
        }
      }
    }
  }
  return Ok{};
}

RunStatus EngineReport::status() const {
  return partial_reason() ? RunStatus::partial : RunStatus::complete;
}

std::optional<std::string> EngineReport::partial_reason() const {
  if (interrupted) return interrupt_reason.empty() ? std::string("interrupted") : interrupt_reason;
  if (sink_error) return "results could not be written: " + *sink_error;
  if (skipped_budget > 0)
    return "run budget exhausted: " + std::to_string(skipped_budget) + " check(s) not started";
  return std::nullopt;
}

int exit_code_for(const VerdictCounts& counts, RunStatus status) {
  if (status == RunStatus::partial) return 3;
  if (counts.fail > 0 || counts.error > 0) return 1;
  return 0;
}

struct Engine::Attempt {
  explicit Attempt(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;
  std::optional<CheckOutcome> value;
  std::exception_ptr error;
  bool done = false;
};

Engine::Engine(CheckEnv& env, const CheckRunnerTable& runners, EngineOptions opts)
    : env_(env), runners_(runners), opts_(std::move(opts)) {}

void Engine::stop(std::string reason) {
  if (stopping_) return;
  stopping_ = true;
  report_.interrupted = true;
  report_.interrupt_reason = std::move(reason);
  wake_all();
}

void Engine::wake_all() {
  // Cancelling may not erase from the set synchronously (handlers run later), so copy first.
  auto timers = waiting_;
  for (auto* t : timers) t->cancel();
}

awaitable<void> Engine::wait_wake(SteadyTime until) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_at(until);
  Registered reg(waiting_, t);
  ErrorCode ec;
  co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
}

awaitable<CheckOutcome> Engine::attempt(const scenario::Check& c, CheckFn fn, milliseconds deadline) {
  auto ex = co_await asio::this_coro::executor;
  auto st = std::make_shared<Attempt>(ex);
  const auto grace = opts_.grace_base + deadline / std::max(opts_.grace_divisor, 1);
  const auto cut = steady_now() + deadline + grace;
  st->timer.expires_at(cut);
  ++*outstanding_;
  asio::co_spawn(
      ex,
      [st, fn, &env = env_, &c, deadline, out = outstanding_]() -> awaitable<void> {
        try {
          st->value.emplace(co_await fn(env, c, deadline));
        } catch (...) {
          st->error = std::current_exception();
        }
        st->done = true;
        --*out;
        st->timer.cancel();
      },
      asio::detached);
  {
    Registered reg(waiting_, st->timer);
    while (!st->done && !stopping_ && steady_now() < cut) {
      ErrorCode ec;
      co_await st->timer.async_wait(asio::redirect_error(use_awaitable, ec));
      if (!st->done && !stopping_ && steady_now() < cut) st->timer.expires_at(cut);  // woken early
    }
  }
  if (st->done) {
    if (st->error) {
      try {
        std::rethrow_exception(st->error);
      } catch (const std::exception& e) {
        co_return engine_outcome(Verdict::error, std::string("internal error in the check: ") + e.what());
      } catch (...) {
        co_return engine_outcome(Verdict::error, "internal error in the check (unknown exception)");
      }
    }
    co_return std::move(*st->value);
  }
  if (stopping_) co_return engine_outcome(Verdict::error, report_.interrupt_reason + " while running");
  ++report_.deadline_cut;
  co_return engine_outcome(Verdict::error, "deadline of " + std::to_string(deadline.count()) + " ms exceeded",
                           true);
}

void Engine::finish_result(const scenario::Check& c, CheckResult r, UtcMs started, std::uint32_t attempts,
                           SteadyTime t0) {
  r.seq = ++report_.results;
  r.check_id = c.id;
  r.kind = c.kind;
  if (r.target.empty()) r.target = target_of(c);
  r.started_utc = started;
  const auto dur = std::chrono::duration<double, std::milli>(steady_now() - t0).count();
  r.duration_ms = attempts == 0 ? 0.0 : std::max(dur, 0.0);
  r.attempts = attempts;
  r.evidence.window.start_utc = started;
  r.evidence.window.end_utc = std::max(now_utc_ms(), started);
  report_.counts.add(r.verdict);
  if (sink_) {
    auto s = sink_(r);
    if (!s && !report_.sink_error) report_.sink_error = s.error();
  }
}

awaitable<void> Engine::run_check(const scenario::Check& c, CheckFn fn) {
  const auto started = now_utc_ms();
  const auto t0 = steady_now();
  CheckOutcome out;
  std::uint32_t attempts = 0;
  const int max_attempts = std::max(c.retries, 0) + 1;
  for (int n = 1; n <= max_attempts; ++n) {
    const auto left = std::chrono::duration_cast<milliseconds>(run_end_ - steady_now());
    if (stopping_ || left.count() <= 0) {
      if (attempts == 0) {
        out = stopping_ ? engine_outcome(Verdict::skipped, report_.interrupt_reason + " before it started")
                        : engine_outcome(Verdict::skipped, "run budget exhausted");
        if (!stopping_) ++report_.skipped_budget;
      }
      break;
    }
    const auto deadline = std::min(milliseconds(std::max<std::int64_t>(c.deadline_ms, 1)), left);
    attempts = static_cast<std::uint32_t>(n);
    out = co_await attempt(c, fn, deadline);
    if (!out.retryable || n == max_attempts || stopping_) break;
    const auto pause = backoff_before(opts_.backoff, n + 1);
    if (steady_now() + pause >= run_end_) break;  // no time for another attempt: keep this outcome
    const auto until = steady_now() + pause;
    while (!stopping_ && steady_now() < until) co_await wait_wake(until);  // woken early by others
  }
  --in_flight_;
  finish_result(c, std::move(out.result), started, attempts, t0);
  wake_all();
}

awaitable<EngineReport> Engine::run(ResultSink sink) {
  sink_ = std::move(sink);
  const auto start = steady_now();
  const auto& s = env_.scenario;
  run_end_ = start + opts_.run_budget.value_or(std::chrono::seconds(s.budget.run_deadline_s));
  const std::size_t limit = static_cast<std::size_t>(std::max(s.budget.concurrency, 1));
  auto ex = co_await asio::this_coro::executor;

  std::size_t next = 0;
  for (; next < s.checks.size(); ++next) {
    while (in_flight_ >= limit && !stopping_ && steady_now() < run_end_) co_await wait_wake(run_end_);
    if (stopping_ || steady_now() >= run_end_) break;
    const auto& c = s.checks[next];
    CheckFn fn = runners_.find(c.kind);
    if (!fn) {  // check_runnable() refuses such scenarios; never crash if a caller skipped it
      finish_result(c, engine_outcome(Verdict::error, "kind '" + c.kind + "' has no runner").result,
                    now_utc_ms(), 0, steady_now());
      continue;
    }
    ++in_flight_;
    report_.peak_in_flight = std::max(report_.peak_in_flight, in_flight_);
    asio::co_spawn(ex, run_check(c, fn), asio::detached);
  }
  // Checks never started: skipped (budget or stop). They get their seq after the running ones end.
  while (in_flight_ > 0) co_await wait_wake(SteadyTime::max());
  for (; next < s.checks.size(); ++next) {
    const auto& c = s.checks[next];
    if (stopping_) {
      finish_result(c,
                    engine_outcome(Verdict::skipped, report_.interrupt_reason + " before it started").result,
                    now_utc_ms(), 0, steady_now());
    } else {
      ++report_.skipped_budget;
      finish_result(c, engine_outcome(Verdict::skipped, "run budget exhausted").result, now_utc_ms(), 0,
                    steady_now());
    }
  }
  // Let attempts cut at their deadline wind down (their own network deadlines end them), bounded.
  const auto drain_end = steady_now() + (stopping_ ? std::min(opts_.drain, milliseconds(300)) : opts_.drain);
  while (*outstanding_ > 0 && steady_now() < drain_end) co_await sleep_for(milliseconds(10));
  report_.stragglers = *outstanding_;
  report_.elapsed = std::chrono::duration_cast<milliseconds>(steady_now() - start);
  co_return report_;
}

}  // namespace v6r::probe
