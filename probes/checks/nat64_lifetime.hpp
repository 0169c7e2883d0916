#pragma once
// Shared by nat64.udp_lifetime and nat64.tcp_lifetime (docs/checks-realtime.md): the idle-time ladder,
// the rounds of trials that run it, and the judgement of what the trials proved against the RFC's
// minimum lifetime. A kind supplies only its trial (how one starts and how it is probed again after its
// idle: a STUN Binding on its own UDP port, an echo on its own TCP connection) and its verdict.
//
// The ladder: the first round's idle times grow geometrically from min_idle to max_idle (max_idle cut to
// what the check's deadline leaves); all its trials start together, so a round lasts about its longest
// idle, not the sum. Each is probed again when its idle time is up, shortest first; a round stops at its
// first trial found gone. With `refine`, a second round places steps - 1 trials evenly between the
// longest survival and the first loss (a k-ary search), when the bracket is wider than 2 ms a step and
// the deadline leaves room. Idle is counted from the moment the trial's start was answered.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/ip.hpp"
#include "probes/check.hpp"
#include "probes/net/deadline.hpp"
#include "probes/net/transport.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::nat64 {

/// `n` idle times from `lo` to `hi`: geometric and inclusive (a first round), or evenly spaced strictly
/// inside (lo, hi) (a refinement round between a survival and an expiry). Increasing, no duplicates.
std::vector<std::chrono::milliseconds> idle_ladder(std::chrono::milliseconds lo, std::chrono::milliseconds hi,
                                                   int n, bool geometric);

/// What the trials prove about a mapping's (or connection's) idle lifetime L, given the longest idle
/// time it survived and the shortest after which it was gone (plus `slack`, the round trip between
/// the last datagram through it and the idle count's start), against the `required` minimum.
enum class LifetimeCall {
  below_required,     ///< gone after expired + slack < required: L < required (a MUST broken)
  at_least_required,  ///< survived ≥ required
  not_tested,         ///< survived < required, nothing gone below required: the bound was too short
  gone_late,          ///< gone only at ≥ required, no survival up to required: not shown either way
  nothing_learnt,     ///< no trial answered after its idle time
};
LifetimeCall judge_lifetime(std::optional<std::chrono::milliseconds> survived,
                            std::optional<std::chrono::milliseconds> expired, std::chrono::milliseconds slack,
                            std::chrono::milliseconds required);

/// "12.5 s"; "2 h 4 min 0.0 s" style for long ones ("125.0 s" stays seconds below 10 minutes).
std::string seconds_text(std::chrono::milliseconds d);

// ---- the rounds of trials

/// What probing a trial again after its idle showed.
enum class Fate {
  pending,   ///< not probed again (its round stopped earlier, or the deadline came first)
  survived,  ///< the mapping (session) was still there
  gone,      ///< it was gone: proof of a lifetime shorter than the idle
  unknown,   ///< nothing learnt (no answer, or the server ended it)
};

/// One trial's own part, made by the kind: what holds its mapping or session (a UDP port, a TCP
/// connection) and what it recorded.
class Rung {
 public:
  virtual ~Rung() = default;
  /// Probes the mapping again after `idle` (the rate-limit token is taken), within `wait`.
  virtual awaitable<Fate> again(int round, std::chrono::milliseconds idle,
                                std::chrono::milliseconds wait) = 0;
  /// Closes its socket; what it recorded stays.
  virtual void close() = 0;
  /// Its own fields in the trial's entry of observed.trials.
  virtual void describe(nlohmann::json& trial) const = 0;
  /// What it showed when gone or unknown, a phrase for the reason (nullopt: nothing to say).
  [[nodiscard]] virtual std::optional<Msg> why() const = 0;
};

/// The kind's side of the rounds: how a trial starts.
class LadderKind {
 public:
  struct Started {
    std::unique_ptr<Rung> rung;  ///< null: this trial could not start (the others still tell)
    Micros rtt{0};               ///< the round trip that created the mapping
    bool stop = false;           ///< nothing can be judged: the verdict is set on the outcome
  };
  virtual ~LadderKind() = default;
  /// Opens the trial's port or connection and creates its mapping (session) within the check's
  /// deadline, the rate-limit token included. `first`: no trial has started yet; a failure then is
  /// `stop` with the verdict ("cannot judge: ...") set.
  virtual awaitable<Started> start(int round, std::chrono::milliseconds planned, bool first) = 0;
};

/// The ladder's parameters and the words of its kind.
struct LadderSpec {
  std::chrono::milliseconds min_idle;
  std::chrono::milliseconds max_idle;
  int steps = 0;
  bool refine = true;
  std::chrono::milliseconds wait;  ///< one transaction's budget (a STUN transaction, a connect, an echo)
  int transactions = 2;            ///< the transactions a trial needs besides its idle
  const char* no_room_id;          ///< the no-room reason's message (arguments ms, min_idle, transactions)
  std::string rfc;                 ///< the requirement's citation
  std::chrono::milliseconds required;  ///< the minimum lifetime the RFC requires
  const char* gone_name;               ///< observed.trials[].fate of a gone trial ("expired", "gone")
  const char* unknown_name;            ///< ... of an unknown one ("unanswered", "unknown")
  const char* gone_key;                ///< the observed key of the shortest idle gone ("expired_ms")
  const char* rtt_key;                 ///< the timings_ms key of the longest start round trip
};

/// What the rounds proved.
struct Ladder {
  LifetimeCall call = LifetimeCall::nothing_learnt;
  std::chrono::milliseconds max_idle{0};  ///< the longest idle tried: max_idle, or what the deadline left
  std::optional<std::chrono::milliseconds> survived;  ///< the longest idle survived
  std::optional<std::chrono::milliseconds> gone;      ///< the shortest idle after which it was gone
  std::optional<Msg> gone_why;                        ///< what that trial showed (Rung::why)
  int unknown = 0;                                    ///< trials that told nothing
  std::optional<Msg> first_unknown;                   ///< why the first of them told nothing
};

/// The kind's "survived within max_idle, the requirement not tested" reason: message `id` (arguments
/// survived, max_idle), or `id`_cut (and cut) when the deadline cut max_idle: the bound a survival was
/// tested against.
Msg not_tested_reason(const std::string& id, const LadderSpec& spec, const Ladder& ladder);

/// Runs the rounds within `deadline` (rate-limit tokens for `dest`) and records them in out.result:
/// observed max_idle_ms (max_idle_cut_to_ms), refine_skipped, trials, survived_ms, the gone key,
/// required_ms, lifetime_below_ms or lifetime_at_least_ms, and timings_ms[rtt_key]. nullopt with the
/// verdict set when nothing can be judged: the deadline leaves no room for min_idle, or the first
/// trial did not start.
awaitable<std::optional<Ladder>> run_ladder(CheckEnv& env, const Ipv6Addr& dest, const Deadline& deadline,
                                            const LadderSpec& spec, LadderKind& kind, CheckOutcome& out);

}  // namespace v6r::probe::nat64
