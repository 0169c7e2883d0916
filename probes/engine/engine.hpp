#pragma once
// The run engine: runs a scenario's checks on the ONE Asio loop (docs/architecture.md, probes/).
//
// - Concurrency: at most `budget.concurrency` checks in flight; the checks start in scenario order.
//   No thread per check: each check is a coroutine (co_spawn) on the caller's executor.
// - Checks: each scenario check is bound to its kind's descriptor once, before the run
//   (probes/check_kind.hpp: typed parameters, run function, targets); the engine never tests a kind
//   by its name.
// - Deadlines: each attempt gets min(check.deadline_ms, what is left of the run budget), both a
//   Deadline (probes/net/deadline.hpp). The engine races the attempt with with_deadline() at that
//   deadline plus a small grace (so a check that honours its deadline reports its own verdict); a
//   check that overruns it gets verdict `error` "deadline of N ms exceeded" and the engine moves on
//   (the attempt is left to finish on its own: every network call inside it has its own deadline).
// - Retries: an outcome marked `retryable` (and a deadline overrun) is tried again, at most
//   check.retries times, with exponential backoff (probes/net/deadline.hpp backoff_before), never
//   past the run budget.
// - Run budget: a check that has not started when budget.run_deadline_s is used up is `skipped`
//   ("run budget exhausted").
// - stop() (SIGINT/SIGTERM): nothing new starts; in-flight attempts are abandoned at once (an
//   Interrupt ends their with_deadline() wait) and become `error` "interrupted"; checks not started
//   become `skipped` "interrupted before it started".
// - The engine fills seq (completion order = the order results are handed to the sink), check_id,
//   kind, started_utc, duration_ms (first attempt start to last attempt end), attempts,
//   evidence.window and, when the check left it empty, the target (the descriptor's label), and hands
//   each result to the sink as soon as it is final (the CLI appends it to the bundle at once, so a
//   killed run keeps earlier results).
// The DNS client, transport and kind list are injected (CheckEnv, CheckKindList) so unit tests run
// the engine over fakes and test-only kinds.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "core/expected.hpp"
#include "core/result.hpp"
#include "core/run_info.hpp"
#include "core/scenario.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/net/deadline.hpp"

namespace v6r::probe {

/// Every check kind in `s` is in `kinds`; otherwise the error names every check without one, one per
/// line ("commune.yaml:12:5: checks[3] 'ra' kind 'v6only.ra' is not implemented in this version of
/// v6probe"; at most scenario::kMaxErrorsListed, then "and N more errors").
Expected<Ok, std::string> check_runnable(const scenario::Scenario& s, const CheckKindList& kinds);

/// Every literal target of the scenario's checks (their descriptors' CheckTargets::literals: address
/// parameters and URL hosts that are address literals the check sends to) and every per-check
/// `resolver` parameter lies inside its allow-list, so such a scenario is refused before any traffic
/// (exit 2 from `v6probe run` and `check`) instead of failing check by check. Names are checked after
/// resolution, by the checks; lookup keys (dns64.ptr's address: a PTR query sent to the resolver) are
/// not targets.
/// The error names every such target, one per line: "commune.yaml:12:7: checks[3] 'tcp' params.address:
/// 2001:db9::1 is outside the scenario allow-list [2001:db8::/32]" (at most scenario::kMaxErrorsListed).
Expected<Ok, std::string> check_targets_allowed(const scenario::Scenario& s, const CheckKindList& kinds);

struct EngineOptions {
  /// Backoff between attempts (max_attempts is unused: check.retries decides).
  RetryPolicy backoff{1, std::chrono::milliseconds(200), 2.0, std::chrono::milliseconds(2000)};
  /// Tolerance past an attempt's deadline before the engine cuts it: 100 ms + deadline / 20.
  std::chrono::milliseconds grace_base{100};
  int grace_divisor = 20;
  /// After the last check, wait at most this long for attempts cut at their deadline to wind down.
  std::chrono::milliseconds drain{1500};
  /// Overrides budget.run_deadline_s (tests).
  std::optional<std::chrono::milliseconds> run_budget;
  /// Called on the loop when a check's first attempt starts (the progress line names running checks).
  std::function<void(const std::string& check_id)> on_start;
};

struct EngineReport {
  VerdictCounts counts;
  std::uint64_t results = 0;
  bool interrupted = false;
  std::string interrupt_reason;
  std::uint64_t skipped_budget = 0;       // checks not started because the run budget ran out
  std::uint64_t deadline_cut = 0;         // attempts cut at their deadline
  std::size_t peak_in_flight = 0;         // checks in flight at once, at most budget.concurrency
  std::size_t stragglers = 0;             // cut attempts still running when run() returned
  std::optional<std::string> sink_error;  // first error from the sink (e.g. disk full)
  std::chrono::milliseconds elapsed{0};

  /// complete, or partial with the reason (interrupted, budget exhausted, results not written).
  [[nodiscard]] RunStatus status() const;
  [[nodiscard]] std::optional<std::string> partial_reason() const;
};

/// Exit code (docs/architecture.md): 3 partial, else 1 if any fail or error, else 0 (pass, info,
/// warn and skipped alone do not fail a run; warnings are printed).
int exit_code_for(const VerdictCounts& counts, RunStatus status);

/// Receives each final result; an error is recorded (run becomes partial) but the run goes on.
using ResultSink = std::function<Expected<std::monostate, std::string>(const CheckResult&)>;

/// The DNS client for a check's own `resolver` parameter (core/check_schema.hpp kResolverParam):
/// the engine asks once per distinct resolver and runs such checks with a CheckEnv whose `dns` and
/// `resolver` are that resolver's. The client must outlive the engine's run().
using ResolverClients = std::function<Expected<DnsClient*, std::string>(const IpAddr& resolver)>;

/// The resolver a check names in its `resolver` parameter, if any.
std::optional<IpAddr> check_resolver(const scenario::Check& c);

class Engine {
 public:
  /// `env` (and everything it references) and `kinds` must outlive run(). `resolvers` serves the
  /// checks with their own `resolver` parameter (without it such a check is `error`).
  Engine(CheckEnv& env, const CheckKindList& kinds, EngineOptions opts = {}, ResolverClients resolvers = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs every check of env.scenario; returns when all have a result (or after stop()).
  awaitable<EngineReport> run(ResultSink sink);

  /// Stop launching and abandon in-flight attempts (idempotent; callable from a signal handler
  /// running on the loop).
  void stop(std::string reason = "interrupted");
  [[nodiscard]] bool stopping() const { return stopping_; }
  /// Attempts still running in the background (cut at their deadline, not yet finished).
  [[nodiscard]] std::size_t outstanding() const { return *outstanding_; }

 private:
  using Bound = std::shared_ptr<const BoundCheck>;
  awaitable<void> run_check(const scenario::Check& c, Bound check);
  awaitable<CheckOutcome> attempt(Bound check, CheckEnv& env, std::chrono::milliseconds deadline);
  /// The environment of `c`: the run's, or one over the check's own resolver (made once per resolver).
  Expected<CheckEnv*, MessageRef> env_for(const scenario::Check& c);
  awaitable<void> wait_wake(std::chrono::steady_clock::time_point until);
  void skip_unstarted(const scenario::Check& c, const Bound& check);
  void finish_result(const scenario::Check& c, const Bound& check, CheckResult r, UtcMs started,
                     std::uint32_t attempts, std::chrono::steady_clock::time_point t0);
  void wake_all();

  CheckEnv& env_;
  const CheckKindList& kinds_;
  EngineOptions opts_;
  ResolverClients resolvers_;
  std::map<std::string, std::unique_ptr<CheckEnv>> resolver_envs_;  // by resolver address text
  ResultSink sink_;
  EngineReport report_;
  std::optional<Deadline> run_budget_;  // set when run() starts
  std::size_t in_flight_ = 0;
  bool stopping_ = false;
  Interrupt stop_;                         // ends in-flight attempts' waits on stop()
  std::set<asio::steady_timer*> waiting_;  // the engine's own waits (slots, backoff): woken on every change
  std::shared_ptr<std::size_t> outstanding_ = std::make_shared<std::size_t>(0);
};

}  // namespace v6r::probe
