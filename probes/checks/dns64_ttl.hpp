#pragma once
// RFC 6147 §5.1.7, the TTL of a synthesized AAAA, judged from outside a caching DNS64 (pure; the
// queries and the wait are in dns64_synthesis.cpp).
//
// The rule. RFC 6147 §5.1.7: "The value of the TTL field [of the synthesized AAAA] is set to the
// minimum of the TTL of the original A RR and the SOA RR for the queried domain. (Note that in order
// to obtain the TTL of the SOA RR, the DNS64 does not need to perform a new query, but it can
// remember the TTL of the SOA RR in the negative response to the AAAA query. If the SOA RR was not
// delivered with the negative response to the AAAA query, then the DNS64 SHOULD use the TTL of the
// original A RR or 600 seconds, whichever is shorter.)" The first sentence carries no RFC 2119
// keyword and the fallback is a SHOULD, so a synthesized TTL above the bound is `warn`.
//
// What the probe can see. It asks the DNS64 for AAAA (the synthesized answer, TTL `s`), then for A
// (TTL `a`), then for the name's SOA (the negative answer's SOA: its MINIMUM field `M`). Inside the
// resolver every record counts down in its cache and is fetched again when it reaches zero:
//   a(t) = remaining TTL of the cached A RRset (A0 when just fetched, then down to 0, then A0 again);
//   n(t) = remaining TTL of the cached negative AAAA answer; RFC 2308 §5 makes it at most
//          min(SOA RR TTL, SOA MINIMUM) <= M when fetched, and it counts down the same way.
// A compliant DNS64 answers s(t) <= min(a(t), n(t)) <= min(a(t), M) at every moment (a cached
// synthesized answer only counts down from such a value). A DNS64 that ignores the negative answer
// answers s(t) = a(t). M is the one bound that does not decay in a cache (the MINIMUM field is data,
// not a TTL), so the check compares with B = min(a, M): a larger s breaks the rule whenever it is seen.
//
// Why a pass needs more than s <= B. When a <= M, min(a, M) = a, and the non-compliant answer a(t)
// is exactly the bound: compliant and non-compliant resolvers give the same TTL. That happens
//   (1) for names whose A TTL is not above the zone's negative TTL at all (A0 <= M): never separable
//       for that name, whatever the moment; and
//   (2) in the last M seconds of every cache cycle of a name with A0 > M: the cached A has counted
//       down to a(t) <= M. Asking again just after the A expires (in a + 1 s: TTLs are whole seconds)
//       makes the resolver fetch it again, a = A0 > M, and then a non-compliant resolver shows
//       s = A0 > M while a compliant one shows s <= M.
// One more edge: if the cached A expires between the AAAA and the A query, s is the last second of the
// old cycle and a the first of the new one, so a small s says nothing; s must be above the slack too.
// So a sample *separates* the two behaviours when a > M + slack and s > slack; only then is s <= B a
// pass. Otherwise the check waits for the refresh when its deadline allows (refresh_in_s) and judges
// the new sample, and else reports `info` "cannot judge now" with the reason — never `pass`.
// The slack (kTtlSlack plus the whole seconds between the two answers) absorbs the countdown between
// the queries and the rounding of whole-second TTLs.
#include <cstdint>
#include <string>
#include "core/message.hpp"

namespace v6r::probe::dns64 {

inline constexpr std::uint32_t kNoSoaTtlCap = 600;  // RFC 6147 §5.1.7: no SOA -> min(A TTL, 600)
inline constexpr std::uint32_t kTtlSlack = 2;       // seconds of countdown and rounding between queries

/// One look at the resolver's cache.
struct TtlSample {
  std::uint32_t aaaa = 0;   ///< smallest TTL of the synthesized AAAA records
  std::uint32_t a = 0;      ///< smallest A TTL, asked right after the AAAA
  std::uint32_t gap_s = 0;  ///< whole seconds between the two answers, rounded up
};

enum class TtlOutcome {
  too_large,  ///< s > min(a, M) + slack: the rule is broken (warn)
  compliant,  ///< s <= min(a, M) + slack and the sample separates the behaviours (pass)
  undecided,  ///< s <= bound, but a resolver ignoring the negative TTL would have answered the same
};

struct TtlJudgement {
  TtlOutcome outcome = TtlOutcome::undecided;
  std::uint32_t bound = 0;  ///< min(a, M)
  std::uint32_t slack = 0;  ///< kTtlSlack + gap_s
  /// undecided: seconds until the cached records that hide the difference have expired, so a new
  /// sample taken then can separate (A0 > M), or shows that the name never can (A0 <= M).
  std::uint32_t refresh_in_s = 0;
  /// undecided: why this sample cannot separate (a sentence part, see dns64_ttl.cpp).
  MessageRef why;
};

/// The judgement of one sample against the negative-TTL bound `negative_bound` (SOA MINIMUM, or
/// kNoSoaTtlCap without an SOA).
TtlJudgement judge_ttl_sample(const TtlSample& s, std::uint32_t negative_bound);

}  // namespace v6r::probe::dns64
