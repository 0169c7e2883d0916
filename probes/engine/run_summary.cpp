#include "probes/engine/run_summary.hpp"

#include <algorithm>
#include <cctype>

#include "core/escape.hpp"
#include "core/known_errors.hpp"
#include "core/term_print.hpp"
#include "probes/net/progress.hpp"

namespace v6r::probe {
namespace {

bool summarised(Verdict v) {
  return v == Verdict::fail || v == Verdict::error || v == Verdict::warn;
}

/// "FAIL", "ERROR", "WARN".
std::string label(Verdict v) {
  std::string s(to_string(v));
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// "2 pass, 3 fail, 1 warn" (the verdicts that occurred, in kAllVerdicts order).
std::string counts_text(const VerdictCounts& c) {
  std::string s;
  for (Verdict v : kAllVerdicts) {
    if (c.get(v) == 0) continue;
    s += (s.empty() ? "" : ", ") + term::format("{} {}", c.get(v), to_string(v));
  }
  return s.empty() ? std::string("no results") : s;
}

}  // namespace

void RunSummary::add(const CheckResult& r) {
  if (!summarised(r.verdict)) return;
  checks.push_back(SummaryCheck{r.seq, r.check_id, r.kind, r.target, r.verdict,
                                known_errors::explain(r.reason), r.reason});
}

std::string format_summary_text(const RunSummary& s) {
  std::string out;
  const auto total = s.counts.total();
  out += term::format("v6probe: {} {} in {}: {}; run {}, exit {}\n", total, total == 1 ? "check" : "checks",
                      format_elapsed(s.elapsed), counts_text(s.counts), to_string(s.status), s.exit_code);
  if (s.partial_reason) out += term::format("  run partial: {}\n", *s.partial_reason);
  // Failed and errored checks first, then the warnings; each group in finishing order.
  std::vector<const SummaryCheck*> order;
  for (const auto& c : s.checks)
    if (c.verdict != Verdict::warn) order.push_back(&c);
  for (const auto& c : s.checks)
    if (c.verdict == Verdict::warn) order.push_back(&c);
  for (const auto* c : order) {
    const std::string reason = c->reason.empty() ? std::string("(no reason given)") : c->reason;
    if (c->target.empty())
      out += term::format("  {:<5} {} ({}): {}\n", label(c->verdict), c->id, c->kind, reason);
    else
      out += term::format("  {:<5} {} ({} {}): {}\n", label(c->verdict), c->id, c->kind, c->target, reason);
  }
  if (!s.bundle.empty()) out += term::format("bundle: {}\n", s.bundle);
  return out;
}

nlohmann::json summary_json(const RunSummary& s) {
  nlohmann::json j = {{"schema", kRunSummarySchema},
                      {"bundle", s.bundle},
                      {"status", std::string(to_string(s.status))},
                      {"exit_code", s.exit_code},
                      {"elapsed_ms", s.elapsed.count()}};
  for (Verdict v : kAllVerdicts) j["counts"][std::string(to_string(v))] = s.counts.get(v);
  if (s.partial_reason) j["partial_reason"] = *s.partial_reason;
  j["checks"] = nlohmann::json::array();
  for (const auto& c : s.checks)
    j["checks"].push_back({{"seq", c.seq},
                           {"id", c.id},
                           {"kind", c.kind},
                           {"target", c.target},
                           {"status", std::string(to_string(c.verdict))},
                           {"reason", c.reason},
                           {"raw_reason", c.raw_reason}});
  return j;
}

std::string json_line(const nlohmann::json& j) {
  return escape::json(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace v6r::probe
