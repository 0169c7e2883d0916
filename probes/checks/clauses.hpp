#pragma once
// A check's sub-verdicts, one per clause of the specification it tests (core/result.hpp Clause;
// docs/architecture.md "Clauses"), and the rule that combines them into the check's verdict.
//
// Each judged rule is added to its clause with a verdict whose strength follows the RFC's own words:
// a MUST / MUST NOT broken is `fail`, a SHOULD / SHOULD NOT is `warn`, a MAY, or a rule that binds
// only under a condition the check could not observe, is `info`; a clause the check could not judge
// now (a cache that hides the difference, see dns64_ttl.hpp) is `info` with the reason; a clause the
// check could not establish at all (a query without an answer, a refused destination) is `error`.
// A clause judged several times (one AAAA record each) takes the most severe of its judgements and
// the reasons of those.
//
// The combined rule (conclude()): the check's verdict is the most severe clause verdict
// (pass < info < warn < fail < error); its reason joins the reasons of the clauses at that verdict
// ("; "), after the pass summary when that verdict is info; its rfc is the first such clause's.
// Every clause is recorded in the result, so a reader sees each one, not only the worst.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "probes/check.hpp"
#include "probes/reason.hpp"

namespace v6r::probe {

class Clauses {
 public:
  /// A judgement of `clause` ([a-z0-9_], see core/result.hpp): `v` because `reason`, per `rfc`.
  void add(std::string_view clause, Verdict v, Msg reason, std::optional<std::string> rfc = std::nullopt);

  /// The clause's combined verdict; nullopt when it was never judged.
  [[nodiscard]] std::optional<Verdict> verdict(std::string_view clause) const;
  /// The most severe clause verdict (pass when there is none).
  [[nodiscard]] Verdict worst() const;
  /// The clauses in the order they were first judged, each combined.
  [[nodiscard]] std::vector<Clause> combined() const;

  /// The combined rule (file comment): verdict, reason and rfc of `r` from the clauses, and
  /// r.clauses. `pass_reason`/`pass_rfc` describe the check when no clause is above pass.
  [[nodiscard]] CheckOutcome conclude(CheckResult r, const Msg& pass_reason,
                                      const std::optional<std::string>& pass_rfc) const;
  /// Ends the check early with `v` (error: a query failed; fail: an answer that rules out every
  /// other clause), keeping the clauses judged so far in r.clauses. `v` must be at least as severe
  /// as every clause.
  [[nodiscard]] CheckOutcome stop(CheckResult r, Verdict v, Msg reason, std::optional<std::string> rfc,
                                  bool retryable = false) const;

 private:
  struct Judgement {
    Verdict verdict;
    Msg reason;
    std::optional<std::string> rfc;
  };
  struct Entry {
    std::string clause;
    std::vector<Judgement> judgements;
  };
  static Clause combine(const Entry& e);
  /// The clause's combined verdict alone (combine() also renders its reason).
  static Verdict verdict_of(const Entry& e);
  /// Each clause's reason as its message (combine() keeps the English in Clause::reason).
  static Msg reason_of(const Clause& c);
  std::vector<Entry> entries_;
};

}  // namespace v6r::probe
