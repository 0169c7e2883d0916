// A check's sub-verdicts and their combined rule (see clauses.hpp).
#include "probes/checks/clauses.hpp"

#include <algorithm>
#include <stdexcept>

namespace v6r::probe {

namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += "; ";
    out += p;
  }
  return out;
}

}  // namespace

void Clauses::add(std::string_view clause, Verdict v, std::string reason, std::optional<std::string> rfc) {
  if (!valid_clause_name(clause) || v == Verdict::skipped || reason.empty())
    throw std::logic_error("Clauses::add: bad clause '" + std::string(clause) + "'");
  auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.clause == clause; });
  if (it == entries_.end()) {
    entries_.push_back(Entry{std::string(clause), {}});
    it = entries_.end() - 1;
  }
  it->judgements.push_back(Judgement{v, std::move(reason), std::move(rfc)});
}

Clause Clauses::combine(const Entry& e) {
  Verdict w = Verdict::pass;
  for (const auto& j : e.judgements) w = v6r::worst(w, j.verdict);
  Clause c{e.clause, w, {}, std::nullopt};
  std::vector<std::string> reasons;
  for (const auto& j : e.judgements) {
    if (j.verdict != w) continue;
    if (std::find(reasons.begin(), reasons.end(), j.reason) == reasons.end()) reasons.push_back(j.reason);
    if (!c.rfc) c.rfc = j.rfc;
  }
  c.reason = join(reasons);
  return c;
}

std::optional<Verdict> Clauses::verdict(std::string_view clause) const {
  for (const auto& e : entries_)
    if (e.clause == clause) return combine(e).verdict;
  return std::nullopt;
}

Verdict Clauses::worst() const {
  Verdict w = Verdict::pass;
  for (const auto& e : entries_) w = v6r::worst(w, combine(e).verdict);
  return w;
}

std::vector<Clause> Clauses::combined() const {
  std::vector<Clause> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(combine(e));
  return out;
}

CheckOutcome Clauses::conclude(CheckResult r, const std::string& pass_reason,
                               const std::optional<std::string>& pass_rfc) const {
  r.clauses = combined();
  const Verdict w = worst();
  r.verdict = w;
  if (w == Verdict::pass) {
    r.reason = pass_reason;
    r.rfc = pass_rfc;
  } else {
    std::vector<std::string> reasons;
    r.rfc.reset();
    for (const auto& c : r.clauses) {
      if (c.verdict != w) continue;
      reasons.push_back(c.reason);
      if (!r.rfc) r.rfc = c.rfc;
    }
    // An informational clause adds to a passing result rather than replacing its summary.
    if (w == Verdict::info) reasons.insert(reasons.begin(), pass_reason);
    r.reason = join(reasons);
  }
  CheckOutcome out;
  out.result = std::move(r);
  return out;
}

CheckOutcome Clauses::stop(CheckResult r, Verdict v, std::string reason, std::optional<std::string> rfc,
                           bool retryable) const {
  r.clauses = combined();
  for (const auto& c : r.clauses)
    if (severity(c.verdict) > severity(v))
      throw std::logic_error("Clauses::stop: verdict below clause '" + c.clause + "'");
  r.verdict = v;
  r.reason = std::move(reason);
  r.rfc = std::move(rfc);
  CheckOutcome out;
  out.result = std::move(r);
  out.retryable = retryable;
  return out;
}

}  // namespace v6r::probe
