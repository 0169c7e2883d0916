// RFC 6147 §5.1.7 judged from one sample of a caching DNS64 (probes/checks/dns64_ttl.hpp): a TTL above
// min(A TTL, SOA MINIMUM) is proof at any moment; below it, a pass only when a resolver that ignores the
// negative answer's TTL would have answered differently, else "wait for the refresh".
#include "probes/checks/dns64_ttl.hpp"
#include "probes/reason.hpp"

#include <gtest/gtest.h>

namespace v6r::probe::dns64 {
namespace {

TEST(Dns64Ttl, AboveTheBoundIsTooLargeWhateverTheMoment) {
  // min(A 300, MINIMUM 60) = 60: an A-TTL-only resolver early in the cycle.
  auto j = judge_ttl_sample({300, 300, 0}, 60);
  EXPECT_EQ(j.outcome, TtlOutcome::too_large);
  EXPECT_EQ(j.bound, 60u);
  // Above the A TTL itself: proof even when the A TTL is below the negative bound.
  EXPECT_EQ(judge_ttl_sample({3600, 300, 0}, 600).outcome, TtlOutcome::too_large);
  // Within the slack of the bound (countdown between the two queries): not too large.
  EXPECT_NE(judge_ttl_sample({62, 300, 0}, 60).outcome, TtlOutcome::too_large);
  EXPECT_EQ(judge_ttl_sample({63, 300, 0}, 60).outcome, TtlOutcome::too_large);
  // The slack grows with the seconds between the two answers.
  EXPECT_NE(judge_ttl_sample({63, 300, 1}, 60).outcome, TtlOutcome::too_large);
}

TEST(Dns64Ttl, CompliantWhenTheSampleSeparates) {
  // A 300 > MINIMUM 60 + slack: an A-TTL-only resolver would have said ~300; this one says 60.
  auto j = judge_ttl_sample({60, 300, 0}, 60);
  EXPECT_EQ(j.outcome, TtlOutcome::compliant);
  EXPECT_EQ(j.bound, 60u);
  EXPECT_EQ(j.refresh_in_s, 0u);
}

TEST(Dns64Ttl, CountdownEdgeIsUndecidedNeverCompliant) {
  // The last MINIMUM seconds of the A's cache cycle: a(t) = 40 <= 60, so min(a, 60) = a and a resolver
  // that ignores the negative TTL answers 40 too. Both answers below must be undecided.
  for (std::uint32_t s : {40u, 39u, 30u}) {
    auto j = judge_ttl_sample({s, 40, 0}, 60);
    EXPECT_EQ(j.outcome, TtlOutcome::undecided) << s;
    EXPECT_EQ(j.refresh_in_s, 41u) << "ask again just after the cached A expires";
    EXPECT_NE(english(j.why).find("is not above the negative-TTL bound (60 s)"), std::string::npos)
        << english(j.why);
  }
  // Exactly at the separation line: a = MINIMUM + slack is still not enough.
  EXPECT_EQ(judge_ttl_sample({10, 62, 0}, 60).outcome, TtlOutcome::undecided);
  EXPECT_EQ(judge_ttl_sample({10, 63, 0}, 60).outcome, TtlOutcome::compliant);
  // A name whose A TTL never exceeds the negative TTL (the lab's lab.test.: A 300, MINIMUM 3600).
  EXPECT_EQ(judge_ttl_sample({300, 300, 0}, 3600).outcome, TtlOutcome::undecided);
}

TEST(Dns64Ttl, AaaaAtTheEndOfItsCycleIsUndecided) {
  // s = 1 with a = 300: the A may have been fetched again between the AAAA and the A query, so the
  // small s says nothing about the rule; wait until the synthesized answer has expired.
  auto j = judge_ttl_sample({1, 300, 0}, 60);
  EXPECT_EQ(j.outcome, TtlOutcome::undecided);
  EXPECT_EQ(j.refresh_in_s, 2u);
  EXPECT_NE(english(j.why).find("end of its cache cycle"), std::string::npos) << english(j.why);
  EXPECT_EQ(judge_ttl_sample({3, 300, 0}, 60).outcome, TtlOutcome::compliant);
}

TEST(Dns64Ttl, NoSoaUsesThe600SecondCap) {
  EXPECT_EQ(judge_ttl_sample({900, 86400, 0}, kNoSoaTtlCap).outcome, TtlOutcome::too_large);
  EXPECT_EQ(judge_ttl_sample({600, 86400, 0}, kNoSoaTtlCap).outcome, TtlOutcome::compliant);
}

}  // namespace
}  // namespace v6r::probe::dns64
