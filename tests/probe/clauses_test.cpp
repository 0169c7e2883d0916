// The combined rule of a check's sub-verdicts (probes/checks/clauses.hpp): a clause takes its most
// severe judgement, the check its most severe clause; the reason names the clauses at that verdict.
#include "probes/checks/clauses.hpp"

#include <gtest/gtest.h>

namespace v6r::probe {
namespace {

TEST(Clauses, AllPassKeepsThePassSummary) {
  Clauses c;
  c.add("prefix", Verdict::pass, "under 2001:db8:64::/96", "RFC 6147 §5.1.5");
  c.add("embedding", Verdict::pass, "embeds 192.0.2.10", "RFC 6052 §2.2");
  const auto out = c.conclude(CheckResult{}, "synthesized", "RFC 6147 §5.1.5");
  EXPECT_EQ(out.result.verdict, Verdict::pass);
  EXPECT_EQ(out.result.reason, "synthesized");
  EXPECT_EQ(out.result.rfc, "RFC 6147 §5.1.5");
  ASSERT_EQ(out.result.clauses.size(), 2u);
  EXPECT_EQ(out.result.clauses[0].clause, "prefix");  // the order they were first judged
}

TEST(Clauses, WorstClauseWinsAndNamesItsReasons) {
  Clauses c;
  c.add("prefix", Verdict::pass, "under the prefix", "RFC 6147 §5.1.5");
  c.add("ttl", Verdict::warn, "TTL 300 s above 60 s", "RFC 6147 §5.1.7");
  c.add("do_cd", Verdict::info, "not validating", "RFC 6147 §5.5");
  c.add("mapped_excluded", Verdict::warn, "::ffff:192.0.2.10 returned", "RFC 6147 §5.1.4");
  const auto out = c.conclude(CheckResult{}, "synthesized", "RFC 6147 §5.1.5");
  EXPECT_EQ(out.result.verdict, Verdict::warn);
  EXPECT_EQ(out.result.reason, "TTL 300 s above 60 s; ::ffff:192.0.2.10 returned");
  EXPECT_EQ(out.result.rfc, "RFC 6147 §5.1.7");
  EXPECT_EQ(out.result.clauses.size(), 4u);
}

TEST(Clauses, InfoAddsToThePassSummary) {
  Clauses c;
  c.add("prefix", Verdict::pass, "under the prefix");
  c.add("ttl", Verdict::info, "TTL not judged: cache edge", "RFC 6147 §5.1.7");
  const auto out = c.conclude(CheckResult{}, "synthesized", std::nullopt);
  EXPECT_EQ(out.result.verdict, Verdict::info);
  EXPECT_EQ(out.result.reason, "synthesized; TTL not judged: cache edge");
}

TEST(Clauses, ClauseJudgedTwiceTakesItsWorst) {
  Clauses c;
  c.add("embedding", Verdict::pass, "AAAA a embeds 192.0.2.10", "RFC 6052 §2.2");
  c.add("embedding", Verdict::fail, "AAAA b embeds 192.0.2.11, not an A record", "RFC 6147 §5.1.5");
  c.add("embedding", Verdict::warn, "suffix not zero", "RFC 6052 §2.2");
  EXPECT_EQ(c.verdict("embedding"), Verdict::fail);
  EXPECT_FALSE(c.verdict("ttl"));
  const auto all = c.combined();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].reason, "AAAA b embeds 192.0.2.11, not an A record");
  EXPECT_EQ(all[0].rfc, "RFC 6147 §5.1.5");
}

TEST(Clauses, StopKeepsTheClausesSoFar) {
  Clauses c;
  c.add("synthesis", Verdict::pass, "synthesized");
  const auto out = c.stop(CheckResult{}, Verdict::error, "no answer to the DO+CD query", std::nullopt, true);
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(out.retryable);
  EXPECT_EQ(out.result.clauses.size(), 1u);
  // A stop below a clause's verdict would make the result contradict its clause.
  Clauses bad;
  bad.add("prefix", Verdict::fail, "wrong prefix");
  EXPECT_THROW((void)bad.stop(CheckResult{}, Verdict::warn, "x", std::nullopt), std::logic_error);
  EXPECT_THROW(bad.add("Bad Name", Verdict::pass, "x"), std::logic_error);
  EXPECT_THROW(bad.add("ttl", Verdict::skipped, "x"), std::logic_error);
}

}  // namespace
}  // namespace v6r::probe
