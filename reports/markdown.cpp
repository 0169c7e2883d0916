// Markdown: a short summary for a PR comment or a ticket (levels, plan, the failing findings). Every
// value from the document is escape::markdown (no raw HTML, no structure of its own, one line).
#include "core/escape.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {

namespace {
std::string plan_cell(findings::PlanVerdict v) {
  switch (v) {
    case findings::PlanVerdict::meets:
      return "\u2714 meets";
    case findings::PlanVerdict::below:
      return "\u2716 below";
    case findings::PlanVerdict::not_assessed:
      return "? not assessed";
    case findings::PlanVerdict::not_in_plan:
      return "\u2013 not in plan";
  }
  return "";
}
}  // namespace

std::string render_markdown(const findings::Document& doc) {
  using escape::markdown;
  using findings::Severity;
  constexpr std::size_t kMaxFindings = 15;
  const auto& sites = doc.sites;
  std::string out = "## v6ready readiness";
  if (!doc.sweep.label.empty()) out += " — " + markdown(doc.sweep.label);
  out += "\n\n";
  out += std::to_string(sites.size()) + " sites";
  out += ", plan " + markdown(doc.plan.name) + " (" + std::to_string(doc.plan.year) + ")";
  std::size_t fails = 0, warns = 0;
  findings::PlanCounts plan;
  for (const auto& s : sites) {
    plan.add(s.plan_verdict);
    for (const auto& f : s.findings) {
      fails += f.severity == Severity::fail;
      warns += f.severity == Severity::warn;
    }
  }
  out += ": **" + std::to_string(plan.meets) + " meet the plan, " + std::to_string(plan.below) + " below**";
  if (plan.not_assessed) out += ", " + std::to_string(plan.not_assessed) + " not assessed against it";
  if (plan.not_in_plan) out += ", " + std::to_string(plan.not_in_plan) + " not in the plan (counted apart)";
  out += "; " + std::to_string(fails) + " failing and " + std::to_string(warns) + " warning findings.";
  if (doc.status == RunStatus::partial) out += " **Partial analysis** (see problems in the full report).";
  out += "\n\n| level | sites |\n|---|---:|\n";
  std::size_t not_assessed = 0;
  for (const auto& id : level_ids(doc)) {
    std::size_t n = 0;
    for (const auto& s : sites) n += findings::level_text(s.level) == id;
    out += "| " + markdown(id) + " | " + std::to_string(n) + " |\n";
  }
  for (const auto& s : sites) not_assessed += !s.level;
  if (not_assessed) out += "| not assessed | " + std::to_string(not_assessed) + " |\n";
  out +=
      "\n| site | level | observed | required | plan | pass | warn | fail | error "
      "|\n|---|---|---|---|---|---:|---:|---:|---:|\n";
  for (const auto& s : sites) {
    const auto& c = s.counts;
    out += "| " + markdown(s.site) + " | " + markdown(findings::level_text(s.level)) + " | " +
           markdown(s.level_summary) + " | " +
           markdown(s.required_level ? findings::to_string(*s.required_level) : "") + " | " +
           plan_cell(s.plan_verdict) + " | " + std::to_string(c.pass) + " | " + std::to_string(c.warn) +
           " | " + std::to_string(c.fail) + " | " + std::to_string(c.error) + " |\n";
  }
  std::size_t shown = 0, total = 0;
  std::string list;
  for (const Severity sev : {Severity::fail, Severity::warn}) {
    for (const auto& s : sites) {
      for (const auto& f : s.findings) {
        if (f.severity != sev) continue;
        ++total;
        if (shown >= kMaxFindings) continue;
        ++shown;
        list += "- " + std::string(verdict_symbol(findings::to_string(sev))) + " **" + markdown(s.site) +
                "** " + markdown(f.rule) + ": " + markdown(f.title);
        if (f.rfc && !f.rfc->empty()) list += " (" + markdown(*f.rfc) + ")";
        list += "\n";
      }
    }
  }
  if (total > 0) {
    out += "\n### Findings\n\n" + list;
    if (total > shown) out += "- … and " + std::to_string(total - shown) + " more in the full report\n";
  }
  // Checks with sub-verdicts (core/result.hpp Clause): one compact line each, the reasons of clauses
  // above pass in brackets.
  std::string clauses;
  for (const auto& s : sites) {
    for (const auto& c : s.checks) {
      if (!c.clauses || c.clauses->empty()) continue;
      clauses += "- **" + markdown(s.site) + "** " + markdown(c.check_id) + ":";
      for (const auto& cl : *c.clauses) {
        const std::string v(to_string(cl.verdict));
        clauses += " " + std::string(verdict_symbol(v)) + " " + markdown(cl.clause);
        if (cl.verdict != Verdict::pass) clauses += " (" + markdown(v + ": " + cl.reason) + ")";
      }
      clauses += "\n";
    }
  }
  if (!clauses.empty()) out += "\n### Clauses\n\n" + clauses;
  std::string unsigned_list;
  for (const auto& s : sites)
    if (signature_flagged(s.bundle.signature))
      unsigned_list +=
          "- \u26A0 **" + markdown(s.site) + "** " + markdown(signature_text(s.bundle.signature)) + "\n";
  if (!unsigned_list.empty()) out += "\n### Bundles not signed by a trusted probe key\n\n" + unsigned_list;
  out += "\n<sub>" + markdown(doc.tool.name) + " " + markdown(doc.tool.version) + ", generated " +
         markdown(format_rfc3339_ms(doc.generated_utc)) + "</sub>\n";
  return out;
}

}  // namespace v6r::report
