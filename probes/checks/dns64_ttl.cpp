// RFC 6147 §5.1.7 judged from one sample of a caching DNS64 (see dns64_ttl.hpp for the reasoning).
#include "probes/checks/dns64_ttl.hpp"

#include <algorithm>

#include "probes/reason.hpp"

namespace v6r::probe::dns64 {

TtlJudgement judge_ttl_sample(const TtlSample& s, std::uint32_t negative_bound) {
  TtlJudgement j;
  j.slack = kTtlSlack + s.gap_s;
  j.bound = std::min(s.a, negative_bound);
  if (s.aaaa > j.bound + j.slack) {
    j.outcome = TtlOutcome::too_large;  // larger than the A TTL or the negative TTL: seen is proof
    return j;
  }
  const bool a_above = s.a > negative_bound + j.slack;  // non-compliant would show s ~ a > M
  const bool s_alive = s.aaaa > j.slack;                // not the last second of a cache cycle
  if (a_above && s_alive) {
    j.outcome = TtlOutcome::compliant;
    return j;
  }
  j.outcome = TtlOutcome::undecided;
  if (!a_above) {
    // Case (1) or (2) of dns64_ttl.hpp: wait until the cached A (and the synthesized AAAA, which is
    // never older) has expired, so the next answers come from a fresh fetch.
    j.refresh_in_s = std::max(s.a, s.aaaa) + 1;
    j.why = msg("check.ttl.a_not_above", {val("a", s.a), val("bound", negative_bound)});
  } else {
    // The synthesized answer is in its last seconds: the A may have been fetched again between the
    // two queries, so s and a belong to different cache cycles.
    j.refresh_in_s = s.aaaa + 1;
    j.why = msg("check.ttl.end_of_cycle", {val("aaaa", s.aaaa)});
  }
  return j;
}

}  // namespace v6r::probe::dns64
