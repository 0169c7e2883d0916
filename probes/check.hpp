#pragma once
// The check contract: what every check kind gets (CheckEnv), what it gives back (CheckOutcome).
// A kind is one file, probes/checks/<kind>.cpp, ending with its descriptor (probes/check_kind.hpp):
// typed parameters made once from the validated scenario, a run function called per attempt with a
// deadline, and what the check targets.
//
// Division of labour with the run engine (probes/engine/):
// - the check fills: target, family, verdict, reason, rfc, addresses, timings_ms, observed,
//   evidence.dns_ids and evidence.flows;
// - the engine fills: seq, check_id, kind, started_utc, duration_ms, attempts, evidence.window, the
//   target when the check left it empty (from the descriptor's targets), and retries an attempt
//   whose outcome is `retryable` (bounded by the check's `retries`).
// A check never throws for network conditions: timeouts, refusals and malformed answers are verdicts
// with a reason a person understands. Every destination passes env.allow first (after resolution
// and after synthesis: check_destination() in check_util.hpp). Its deadline is a Deadline
// (probes/net/deadline.hpp) made from the attempt's budget: every phase gets what is left.
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

}  // namespace v6r::probe
