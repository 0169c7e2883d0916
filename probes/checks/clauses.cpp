// A check's sub-verdicts and their combined rule (see clauses.hpp).
#include "probes/checks/clauses.hpp"

#include <algorithm>
#include <stdexcept>

namespace v6r::probe {

namespace {}  // namespace

void Clauses::add(std::string_view clause, Verdict v, Msg reason, std::optional<std::string> rfc) {
  if (!valid_clause_name(clause) || v == Verdict::skipped || reason.id.empty())
    throw std::logic_error("Clauses::add: bad clause '" + std::string(clause) + "'");
  auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.clause == clause; });
  if (it == entries_.end()) {
    entries_.push_back(Entry{std::string(clause), {}});
    it = entries_.end() - 1;
  }
  it->judgements.push_back(Judgement{v, std::move(reason), std::move(rfc)});
}

Verdict Clauses::verdict_of(const Entry& e) {
  Verdict w = Verdict::pass;
  for (const auto& j : e.judgements) w = v6r::worst(w, j.verdict);
  return w;
}

Clause Clauses::combine(const Entry& e) {
  const Verdict w = verdict_of(e);
  Clause c{e.clause, w, {}, std::nullopt, std::nullopt};
  std::vector<Msg> reasons;
  for (const auto& j : e.judgements) {
    if (j.verdict != w) continue;
    if (std::find(reasons.begin(), reasons.end(), j.reason) == reasons.end()) reasons.push_back(j.reason);
    if (!c.rfc) c.rfc = j.rfc;
  }
  Msg m = joined(std::move(reasons));
  c.reason = english(m);
  c.reason_message = std::move(m);
  return c;
}

std::optional<Verdict> Clauses::verdict(std::string_view clause) const {
  for (const auto& e : entries_)
    if (e.clause == clause) return verdict_of(e);
  return std::nullopt;
}

Verdict Clauses::worst() const {
  Verdict w = Verdict::pass;
  for (const auto& e : entries_) w = v6r::worst(w, verdict_of(e));
  return w;
}

std::vector<Clause> Clauses::combined() const {
  std::vector<Clause> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(combine(e));
  return out;
}

Msg Clauses::reason_of(const Clause& c) {
  return c.reason_message ? *c.reason_message : foreign(c.reason);
}

CheckOutcome Clauses::conclude(CheckResult r, const Msg& pass_reason,
                               const std::optional<std::string>& pass_rfc) const {
  r.clauses = combined();
  const Verdict w = worst();  // verdict_of() only: no clause rendered again
  r.verdict = w;
  if (w == Verdict::pass) {
    set_reason(r, pass_reason);
    r.rfc = pass_rfc;
  } else {
    std::vector<Msg> reasons;
    r.rfc.reset();
    for (const auto& c : r.clauses) {
      if (c.verdict != w) continue;
      // A clause of several judgements is itself joined: its parts join the check's list.
      const Msg m = reason_of(c);
      if (m.id == "check.joined" && !m.args.empty() && m.args.front().items)
        reasons.insert(reasons.end(), m.args.front().items->begin(), m.args.front().items->end());
      else
        reasons.push_back(m);
      if (!r.rfc) r.rfc = c.rfc;
    }
    // An informational clause adds to a passing result rather than replacing its summary.
    if (w == Verdict::info) reasons.insert(reasons.begin(), pass_reason);
    set_reason(r, joined(std::move(reasons)));
  }
  CheckOutcome out;
  out.result = std::move(r);
  return out;
}

CheckOutcome Clauses::stop(CheckResult r, Verdict v, Msg reason, std::optional<std::string> rfc,
                           bool retryable) const {
  r.clauses = combined();
  for (const auto& c : r.clauses)
    if (severity(c.verdict) > severity(v))
      throw std::logic_error("Clauses::stop: verdict below clause '" + c.clause + "'");
  r.verdict = v;
  set_reason(r, std::move(reason));
  r.rfc = std::move(rfc);
  CheckOutcome out;
  out.result = std::move(r);
  out.retryable = retryable;
  return out;
}

}  // namespace v6r::probe
