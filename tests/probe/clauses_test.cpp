// The combined rule of a check's sub-verdicts (probes/checks/clauses.hpp): a clause takes its most
// severe judgement, the check its most severe clause; the reason names the clauses at that verdict.
#include "probes/checks/clauses.hpp"

#include <gtest/gtest.h>

namespace v6r::probe {
namespace {

/// A reason in the tests' words (check.detail: the text as it is).
Msg t(std::string text) {
  return msg("check.detail", {val("text", std::move(text))});
}

/// The result's reason and every clause's are messages that render as the stored English.
void expect_messages(const CheckResult& r) {
  ASSERT_TRUE(r.reason_message);
  EXPECT_EQ(english(*r.reason_message), r.reason);
  for (const auto& c : r.clauses) {
    ASSERT_TRUE(c.reason_message) << c.clause;
    EXPECT_EQ(english(*c.reason_message), c.reason) << c.clause;
  }
}

TEST(Clauses, AllPassKeepsThePassSummary) {
  Clauses c;
  c.add("prefix", Verdict::pass, t("under 2001:db8:64::/96"), "RFC 6147 §5.1.5");
  c.add("embedding", Verdict::pass, t("embeds 192.0.2.10"), "RFC 6052 §2.2");
  const auto out = c.conclude(CheckResult{}, t("synthesized"), "RFC 6147 §5.1.5");
  EXPECT_EQ(out.result.verdict, Verdict::pass);
  EXPECT_EQ(out.result.reason, "synthesized");
  expect_messages(out.result);
  EXPECT_EQ(out.result.rfc, "RFC 6147 §5.1.5");
  ASSERT_EQ(out.result.clauses.size(), 2u);
  EXPECT_EQ(out.result.clauses[0].clause, "prefix");  // the order they were first judged
}

TEST(Clauses, WorstClauseWinsAndNamesItsReasons) {
  Clauses c;
  c.add("prefix", Verdict::pass, t("under the prefix"), "RFC 6147 §5.1.5");
  c.add("ttl", Verdict::warn, t("TTL 300 s above 60 s"), "RFC 6147 §5.1.7");
  c.add("do_cd", Verdict::info, t("not validating"), "RFC 6147 §5.5");
  c.add("mapped_excluded", Verdict::warn, t("::ffff:192.0.2.10 returned"), "RFC 6147 §5.1.4");
  const auto out = c.conclude(CheckResult{}, t("synthesized"), "RFC 6147 §5.1.5");
  EXPECT_EQ(out.result.verdict, Verdict::warn);
  EXPECT_EQ(out.result.reason, "TTL 300 s above 60 s; ::ffff:192.0.2.10 returned");
  expect_messages(out.result);
  EXPECT_EQ(out.result.rfc, "RFC 6147 §5.1.7");
  EXPECT_EQ(out.result.clauses.size(), 4u);
}

TEST(Clauses, InfoAddsToThePassSummary) {
  Clauses c;
  c.add("prefix", Verdict::pass, t("under the prefix"));
  c.add("ttl", Verdict::info, t("TTL not judged: cache edge"), "RFC 6147 §5.1.7");
  const auto out = c.conclude(CheckResult{}, t("synthesized"), std::nullopt);
  EXPECT_EQ(out.result.verdict, Verdict::info);
  EXPECT_EQ(out.result.reason, "synthesized; TTL not judged: cache edge");
  expect_messages(out.result);
}

TEST(Clauses, ClauseJudgedTwiceTakesItsWorst) {
  Clauses c;
  c.add("embedding", Verdict::pass, t("AAAA a embeds 192.0.2.10"), "RFC 6052 §2.2");
  c.add("embedding", Verdict::fail, t("AAAA b embeds 192.0.2.11, not an A record"), "RFC 6147 §5.1.5");
  c.add("embedding", Verdict::warn, t("suffix not zero"), "RFC 6052 §2.2");
  EXPECT_EQ(c.verdict("embedding"), Verdict::fail);
  EXPECT_FALSE(c.verdict("ttl"));
  const auto all = c.combined();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].reason, "AAAA b embeds 192.0.2.11, not an A record");
  EXPECT_EQ(all[0].rfc, "RFC 6147 §5.1.5");
}

TEST(Clauses, StopKeepsTheClausesSoFar) {
  Clauses c;
  c.add("synthesis", Verdict::pass, t("synthesized"));
  const auto out =
      c.stop(CheckResult{}, Verdict::error, t("no answer to the DO+CD query"), std::nullopt, true);
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_TRUE(out.retryable);
  expect_messages(out.result);
  EXPECT_EQ(out.result.clauses.size(), 1u);
  // A stop below a clause's verdict would make the result contradict its clause.
  Clauses bad;
  bad.add("prefix", Verdict::fail, t("wrong prefix"));
  EXPECT_THROW((void)bad.stop(CheckResult{}, Verdict::warn, t("x"), std::nullopt), std::logic_error);
  EXPECT_THROW(bad.add("Bad Name", Verdict::pass, t("x")), std::logic_error);
  EXPECT_THROW(bad.add("ttl", Verdict::skipped, t("x")), std::logic_error);
}

}  // namespace
}  // namespace v6r::probe
