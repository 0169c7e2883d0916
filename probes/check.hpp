#pragma once
// The one signature every check kind has (STYLE.md §4): typed parameters in (validated at load time
// against the kind's schema), a deadline, a result record out. Each kind lives in
// probes/checks/<kind>.cpp next to its parameter schema and exposes run_<kind>().
//
// Division of labour with the run engine (probes/engine/):
// - the check fills: target, family, verdict, reason, rfc, addresses, timings_ms, observed,
//   evidence.dns_ids and evidence.flows;
// - the engine fills: seq, check_id, kind, started_utc, duration_ms, attempts, evidence.window,
//   and retries an attempt whose outcome is `retryable` (bounded by the check's `retries`).
// A check never throws for network conditions: timeouts, refusals and malformed answers are verdicts
// with a reason a person understands. Every destination passes env.allow first (after resolution
// and after synthesis: check_destination() below).
#include <chrono>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/scenario.hpp"
#include "probes/net/allow_list.hpp"
#include "probes/net/asio.hpp"
#include "probes/net/dns_client.hpp"
#include "probes/net/rate_limiter.hpp"
#include "probes/net/transport.hpp"

namespace v6r::probe {

/// What every check may use. The run engine owns all of it; unit tests build one over fakes
/// (FakeDnsClient, a fake Transport).
struct CheckEnv {
  DnsClient& dns;
  Transport& net;
  const AllowList& allow;
  RateLimiter& rate;
  const scenario::Scenario& scenario;
  std::optional<IpAddr> resolver;  // the resolver the DNS client talks to (for evidence and reasons)
  std::string interface;           // the probe's interface ("" when unknown)
};

struct CheckOutcome {
  CheckResult result;
  bool retryable = false;  // transient trouble (timeout, loss): the engine may try again
};

/// One attempt of one check; `deadline` is this attempt's budget, already clamped by the run budget.
using CheckFn = awaitable<CheckOutcome> (*)(CheckEnv& env, const scenario::Check& check,
                                            std::chrono::milliseconds deadline);

}  // namespace v6r::probe
