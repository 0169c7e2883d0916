#pragma once
// Shared by nat64.udp_lifetime and nat64.tcp_lifetime (docs/checks-realtime.md): the idle-time ladder
// and the judgement of what the trials proved against the RFC's minimum lifetime. Pure functions.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace v6r::probe::nat64
