#include "probes/engine/engine.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <utility>
#include <vector>

#include "core/check_schema.hpp"
#include "probes/net/allow_list.hpp"
#include "probes/reason.hpp"

namespace v6r::probe {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

SteadyTime steady_now() {
  return std::chrono::steady_clock::now();
}

CheckOutcome engine_outcome(Verdict v, Msg reason, bool retryable = false) {
  CheckOutcome o;
  o.result.verdict = v;
  set_reason(o.result, std::move(reason));
  o.retryable = retryable;
  return o;
}

/// Why the run stops (Engine::stop's text) as a reason's part: "interrupted by SIGINT" is a message.
Msg stop_reason(const std::string& why) {
  constexpr std::string_view kSignal = "interrupted by ";
  if (why.empty() || why == "interrupted") return msg("check.engine.interrupted");
  if (why.starts_with(kSignal))
    return msg("check.engine.signal", {val("signal", why.substr(kSignal.size()))});
  return foreign(why);
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

/// "commune.yaml:12:7: checks[3] 'tcp'" (at the check itself when `at` is unknown).
std::string where(const scenario::Scenario& s, std::size_t i, const scenario::Check& c,
                  scenario::SourceLoc at) {
  if (at.line <= 0) at = scenario::SourceLoc{c.line, c.col};
  return s.source_file + ":" + std::to_string(at.line) + ":" + std::to_string(at.col) + ": checks[" +
         std::to_string(i) + "] '" + c.id + "'";
}

/// Every error, one per line, at most scenario::kMaxErrorsListed of them, then "and N more errors".
Expected<Ok, std::string> all_errors(const std::vector<std::string>& errors) {
  if (errors.empty()) return Ok{};
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < scenario::kMaxErrorsListed; ++i)
    out += (i ? "\n" : "") + errors[i];
  if (errors.size() > scenario::kMaxErrorsListed)
    out += "\nand " + std::to_string(errors.size() - scenario::kMaxErrorsListed) +
           " more errors (fix these and check again)";
  return Unexpected{out};
}

}  // namespace

Expected<Ok, std::string> check_runnable(const scenario::Scenario& s, const CheckKindList& kinds) {
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    const auto& c = s.checks[i];
    if (kinds.find(c.kind)) continue;
    errors.push_back(where(s, i, c, {}) + ": kind '" + c.kind +
                     "' is not implemented in this version of v6probe (run `v6probe list-checks`)");
  }
  return all_errors(errors);
}

std::optional<IpAddr> check_resolver(const scenario::Check& c) {
  if (!c.params.has(scenario::kResolverParam)) return std::nullopt;
  return c.params.get_ip(scenario::kResolverParam);
}

Expected<Ok, std::string> check_targets_allowed(const scenario::Scenario& s, const CheckKindList& kinds) {
  const AllowList allow(s.allow);
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    const auto& c = s.checks[i];
    if (const auto resolver = check_resolver(c)) {
      if (auto ok = allow.check(*resolver); !ok) {
        errors.push_back(where(s, i, c, c.params.loc(scenario::kResolverParam)) + " params." +
                         std::string(scenario::kResolverParam) + ": " + ok.error() +
                         " (refused before any traffic)");
      }
    }
    const auto bound = bind_check(kinds, c);
    if (!bound) continue;  // check_runnable() reports it
    for (const auto& t : bound->targets().literals) {
      if (auto ok = allow.check(t.address); !ok) {
        errors.push_back(where(s, i, c, c.params.loc(t.param)) + " params." + std::string(t.param) + ": " +
                         ok.error() + " (refused before any traffic)");
      }
    }
  }
  return all_errors(errors);
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

Engine::Engine(CheckEnv& env, const CheckKindList& kinds, EngineOptions opts, ResolverClients resolvers)
    : env_(env), kinds_(kinds), opts_(std::move(opts)), resolvers_(std::move(resolvers)) {}

Expected<CheckEnv*, MessageRef> Engine::env_for(const scenario::Check& c) {
  const auto resolver = check_resolver(c);
  if (!resolver) return &env_;
  const std::string key = resolver->to_string();
  if (auto it = resolver_envs_.find(key); it != resolver_envs_.end()) return it->second.get();
  if (!resolvers_) return Unexpected{msg("check.engine.no_dns_client", {val("resolver", key)})};
  auto client = resolvers_(*resolver);
  if (!client)
    return Unexpected{
        msg("check.engine.dns_client_failed", {val("resolver", key), sub("error", foreign(client.error()))})};
  auto env = std::make_unique<CheckEnv>(
      CheckEnv{**client, env_.net, env_.allow, env_.rate, env_.scenario, *resolver, env_.interface});
  CheckEnv* out = env.get();
  resolver_envs_.emplace(key, std::move(env));
  return out;
}

void Engine::stop(std::string reason) {
  if (stopping_) return;
  stopping_ = true;
  report_.interrupted = true;
  report_.interrupt_reason = std::move(reason);
  stop_.request();
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

namespace {

/// Counts an attempt as outstanding from its start until its coroutine frame is gone (finished, or
/// destroyed with the loop), so the engine knows what it left running after a deadline cut.
class Outstanding {
 public:
  explicit Outstanding(std::shared_ptr<std::size_t> n) : n_(std::move(n)) { ++*n_; }
  Outstanding(Outstanding&& o) noexcept : n_(std::move(o.n_)) {}
  Outstanding(const Outstanding&) = delete;
  Outstanding& operator=(const Outstanding&) = delete;
  Outstanding& operator=(Outstanding&&) = delete;
  ~Outstanding() {
    if (n_) --*n_;
  }

 private:
  std::shared_ptr<std::size_t> n_;
};

/// One attempt of `check`, holding the check (and so its typed parameters) alive while it runs,
/// even past a deadline cut.
awaitable<CheckOutcome> run_attempt(std::shared_ptr<const BoundCheck> check, CheckEnv& env,
                                    milliseconds deadline, Outstanding /*counted*/) {
  CheckOutcome out = co_await check->run(env, deadline);
  co_return out;
}

}  // namespace

awaitable<CheckOutcome> Engine::attempt(Bound check, CheckEnv& env, milliseconds deadline) {
  const auto grace = opts_.grace_base + deadline / std::max(opts_.grace_divisor, 1);
  // Named locals, not temporaries around the co_await (g++ 12, docs/architecture.md).
  Outstanding counted(outstanding_);
  auto op = run_attempt(std::move(check), env, deadline, std::move(counted));
  const std::function<void()> leave_running;  // the attempt owns its state: cut it loose at the deadline
  auto raced = with_deadline(std::move(op), deadline + grace, leave_running, &stop_);
  Deadlined<CheckOutcome> r;
  try {
    r = co_await std::move(raced);
  } catch (const std::exception& e) {
    co_return engine_outcome(Verdict::error, msg("check.engine.exception", {sub("what", foreign(e.what()))}));
  } catch (...) {
    co_return engine_outcome(Verdict::error, msg("check.engine.unknown_exception"));
  }
  if (r.value) co_return std::move(*r.value);
  if (r.interrupted || stopping_)
    co_return engine_outcome(Verdict::error, msg("check.engine.while_running",
                                                 {sub("why", stop_reason(report_.interrupt_reason))}));
  ++report_.deadline_cut;
  co_return engine_outcome(Verdict::error, msg("check.engine.deadline", {val("ms", deadline.count())}), true);
}

void Engine::finish_result(const scenario::Check& c, const Bound& check, CheckResult r, UtcMs started,
                           std::uint32_t attempts, SteadyTime t0) {
  r.seq = ++report_.results;
  r.check_id = c.id;
  r.kind = c.kind;
  if (r.target.empty() && check) r.target = check->targets().label;
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

void Engine::skip_unstarted(const scenario::Check& c, const Bound& check) {
  if (!stopping_) ++report_.skipped_budget;
  const CheckOutcome out =
      stopping_ ? engine_outcome(Verdict::skipped, msg("check.engine.before_start",
                                                       {sub("why", stop_reason(report_.interrupt_reason))}))
                : engine_outcome(Verdict::skipped, msg("check.engine.budget"));
  finish_result(c, check, out.result, now_utc_ms(), 0, steady_now());
}

namespace {

/// Adds the DNS ids and flows of one attempt to those of the attempts before it: every flow the check
/// opened is evidence, not only the last attempt's (a retried connect leaves the SYNs of each try).
void merge_evidence(v6r::Evidence& into, const v6r::Evidence& from) {
  for (auto id : from.dns_ids)
    if (std::find(into.dns_ids.begin(), into.dns_ids.end(), id) == into.dns_ids.end())
      into.dns_ids.push_back(id);
  for (const auto& f : from.flows) {
    auto same = std::find_if(into.flows.begin(), into.flows.end(), [&](const v6r::Flow& g) {
      return g.proto == f.proto && g.src == f.src && g.sport == f.sport && g.dst == f.dst &&
             g.dport == f.dport && g.dns_ids.empty() == f.dns_ids.empty() && !f.src.empty();
    });
    if (same == into.flows.end()) {
      into.flows.push_back(f);
      continue;
    }
    for (auto id : f.dns_ids)
      if (std::find(same->dns_ids.begin(), same->dns_ids.end(), id) == same->dns_ids.end())
        same->dns_ids.push_back(id);
    same->deliberate = same->deliberate && f.deliberate;
  }
}

}  // namespace

awaitable<void> Engine::run_check(const scenario::Check& c, Bound check) {
  const auto started = now_utc_ms();
  const auto t0 = steady_now();
  CheckOutcome out;
  v6r::Evidence evidence;  // of every attempt
  std::uint32_t attempts = 0;
  const int max_attempts = std::max(c.retries, 0) + 1;
  auto env = env_for(c);
  if (!env) {  // nothing sent: the check's own resolver has no client
    --in_flight_;
    finish_result(c, check, engine_outcome(Verdict::error, env.error()).result, started, 0, t0);
    wake_all();
    co_return;
  }
  for (int n = 1; n <= max_attempts; ++n) {
    const auto left = run_budget_->left();
    if (stopping_ || left.count() <= 0) {
      if (attempts == 0) {
        out = stopping_
                  ? engine_outcome(Verdict::skipped, msg("check.engine.before_start",
                                                         {sub("why", stop_reason(report_.interrupt_reason))}))
                  : engine_outcome(Verdict::skipped, msg("check.engine.budget"));
        if (!stopping_) ++report_.skipped_budget;
      }
      break;
    }
    const auto deadline = std::min(milliseconds(std::max<std::int64_t>(c.deadline_ms, 1)), left);
    if (n == 1 && opts_.on_start) opts_.on_start(c.id);
    attempts = static_cast<std::uint32_t>(n);
    out = co_await attempt(check, **env, deadline);
    merge_evidence(evidence, out.result.evidence);
    if (!out.retryable || n == max_attempts || stopping_) break;
    const auto pause = backoff_before(opts_.backoff, n + 1);
    if (steady_now() + pause >= run_budget_->end()) break;  // no time for another attempt: keep this outcome
    const auto until = steady_now() + pause;
    while (!stopping_ && steady_now() < until) co_await wait_wake(until);  // woken early by others
  }
  --in_flight_;
  if (attempts > 1) {
    out.result.evidence.dns_ids = std::move(evidence.dns_ids);
    out.result.evidence.flows = std::move(evidence.flows);
  }
  finish_result(c, check, std::move(out.result), started, attempts, t0);
  wake_all();
}

awaitable<EngineReport> Engine::run(ResultSink sink) {
  sink_ = std::move(sink);
  const auto start = steady_now();
  const auto& s = env_.scenario;
  run_budget_.emplace(opts_.run_budget.value_or(std::chrono::seconds(s.budget.run_deadline_s)));
  const std::size_t limit = static_cast<std::size_t>(std::max(s.budget.concurrency, 1));
  auto ex = co_await asio::this_coro::executor;

  // Each check bound to its kind once: typed parameters for every attempt, the targets' label.
  std::vector<Bound> bound;
  bound.reserve(s.checks.size());
  for (const auto& c : s.checks) bound.push_back(bind_check(kinds_, c));

  std::size_t next = 0;
  for (; next < s.checks.size(); ++next) {
    while (in_flight_ >= limit && !stopping_ && steady_now() < run_budget_->end())
      co_await wait_wake(run_budget_->end());
    if (stopping_ || steady_now() >= run_budget_->end()) break;
    const auto& c = s.checks[next];
    if (!bound[next]) {  // check_runnable() refuses such scenarios; never crash if a caller skipped it
      finish_result(
          c, nullptr,
          engine_outcome(Verdict::error, msg("check.engine.no_runner", {val("kind", c.kind)})).result,
          now_utc_ms(), 0, steady_now());
      continue;
    }
    ++in_flight_;
    report_.peak_in_flight = std::max(report_.peak_in_flight, in_flight_);
    asio::co_spawn(ex, run_check(c, bound[next]), asio::detached);
  }
  // Checks never started: skipped (budget or stop). They get their seq after the running ones end.
  while (in_flight_ > 0) co_await wait_wake(SteadyTime::max());
  for (; next < s.checks.size(); ++next) skip_unstarted(s.checks[next], bound[next]);
  // Let attempts cut at their deadline wind down (their own network deadlines end them), bounded.
  const auto drain_end = steady_now() + (stopping_ ? std::min(opts_.drain, milliseconds(300)) : opts_.drain);
  while (*outstanding_ > 0 && steady_now() < drain_end) co_await sleep_for(milliseconds(10));
  report_.stragglers = *outstanding_;
  report_.elapsed = std::chrono::duration_cast<milliseconds>(steady_now() - start);
  co_return report_;
}

}  // namespace v6r::probe
