// Markdown: a short summary for a PR comment or a ticket (levels, plan, the failing findings, how to fix
// them), in the catalogue's language (reports/i18n.hpp). Every value from the document and every
// message is escape::markdown (no raw HTML, no structure of its own, one line).
#include <algorithm>
#include <set>

#include "core/escape.hpp"
#include "reports/realtime.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"
#include "reports/root_cause_text.hpp"
#include "reports/sentences.hpp"
#include "reports/words.hpp"

namespace v6r::report {

namespace {
std::string plan_cell(const i18n::Catalog& cat, findings::PlanVerdict v) {
  std::string_view mark;
  switch (v) {
    case findings::PlanVerdict::meets:
      mark = "\u2714";
      break;
    case findings::PlanVerdict::below:
      mark = "\u2716";
      break;
    case findings::PlanVerdict::not_assessed:
      mark = "?";
      break;
    case findings::PlanVerdict::not_in_plan:
      mark = "\u2013";
      break;
  }
  return std::string(mark) + " " + escape::markdown(plan_word(cat, v));
}

/// The scenario descriptions of the sweep, one per scenario name (first seen wins).
std::string descriptions(const findings::Document& doc, const i18n::Catalog& cat) {
  using escape::markdown;
  std::string out;
  if (doc.plan.description)
    out += "- " +
           markdown(cat.text("md.plan_description",
                             {{"name", doc.plan.name}, {"description", *doc.plan.description}})) +
           "\n";
  std::set<std::string> seen;
  for (const auto& s : doc.sites) {
    const auto& sc = s.bundle.scenario;
    if (!sc.description || !seen.insert(sc.name).second) continue;
    out += "- " + markdown(cat.text("md.scenario", {{"name", sc.name}, {"description", *sc.description}})) +
           "\n";
  }
  return out;
}
/// A finding's frames in one line each, nested under it (docs/findings-schema.md "Frame summaries").
std::string frame_items(const i18n::Catalog& cat, const findings::Site& s, const findings::Finding& f,
                        const char* indent) {
  using escape::markdown;
  const auto ff = finding_frames(s, f);
  std::string out;
  if (ff.lines.empty()) return out;
  for (const auto* l : ff.lines) out += std::string(indent) + "- " + markdown(frame_line(cat, *l)) + "\n";
  if (ff.without_line > 0)
    out += std::string(indent) + "- " +
           markdown(cat.text("pkt.more", {{"n", cat.integer(ff.without_line)}})) + "\n";
  return out;
}

/// "### Root causes": each cause first, the facts that show it, the findings it folds and how to fix it,
/// nested under it (docs/findings-schema.md "Root causes"). Adds the ids of those findings to `folded`.
std::string root_causes_section(const findings::Document& doc, const i18n::Catalog& cat,
                                std::set<std::string>& folded) {
  using escape::markdown;
  std::string list;
  for (const auto& s : doc.sites) {
    if (!s.root_causes) continue;
    for (const auto& rc : *s.root_causes) {
      list += "- " + std::string(verdict_symbol(findings::to_string(rc.severity))) + " **" +
              markdown(s.site) + "** " + markdown(root_cause_title(cat, rc)) + " — " +
              markdown(cat.text("rootcause.explains", {{"count", cat.integer(rc.checks.size())}})) + "\n";
      for (const auto& e : root_cause_evidence(cat, rc))
        list += "  - " + markdown(cat.text("rootcause.evidence", {{"fact", e}})) + "\n";
      for (const auto& f : s.findings) {
        if (std::find(rc.findings.begin(), rc.findings.end(), f.id) == rc.findings.end()) continue;
        folded.insert(f.id);
        if (f.severity == findings::Severity::info) continue;
        list += "  - " + std::string(verdict_symbol(findings::to_string(f.severity))) + " " +
                markdown(f.rule) + ": " + markdown(finding_title(cat, f, &s)) + "\n";
        list += frame_items(cat, s, f, "    ");
      }
      list += "  - " +
              markdown(cat.text("rootcause.how_to_fix", {{"advice", root_cause_advice(cat, rc.cause)}})) +
              "\n";
    }
  }
  return list.empty() ? list : "\n### " + markdown(cat.text("rootcause.heading")) + "\n\n" + list;
}

}  // namespace

std::string render_markdown(const findings::Document& doc, const i18n::Catalog& cat) {
  using escape::markdown;
  using findings::Severity;
  constexpr std::size_t kMaxFindings = 15;
  const auto& sites = doc.sites;
  std::string out = "## ";
  out += doc.sweep.label.empty() ? markdown(cat.text("md.title"))
                                 : markdown(cat.text("md.title_label", {{"label", doc.sweep.label}}));
  out += "\n\n";
  std::size_t fails = 0, warns = 0;
  findings::PlanCounts plan;
  for (const auto& s : sites) {
    plan.add(s.plan_verdict);
    for (const auto& f : s.findings) {
      fails += f.severity == Severity::fail;
      warns += f.severity == Severity::warn;
    }
  }
  std::string more;
  if (plan.not_assessed)
    more += cat.text("md.overview_not_assessed", {{"n", cat.integer(plan.not_assessed)}});
  if (plan.not_in_plan) more += cat.text("md.overview_not_in_plan", {{"n", cat.integer(plan.not_in_plan)}});
  out += markdown(cat.text("md.overview", {{"sites", cat.integer(sites.size())},
                                           {"plan", doc.plan.name},
                                           {"year", std::to_string(doc.plan.year)},
                                           {"meets", cat.integer(plan.meets)},
                                           {"below", cat.integer(plan.below)},
                                           {"more", more},
                                           {"fails", cat.integer(fails)},
                                           {"warns", cat.integer(warns)}}));
  if (doc.status == RunStatus::partial) out += " **" + markdown(cat.text("md.partial")) + "**";
  out += "\n\n";
  if (auto d = descriptions(doc, cat); !d.empty()) out += d + "\n";
  out += "| " + markdown(cat.text("md.col.level")) + " | " + markdown(cat.text("md.col.sites")) +
         " |\n|---|---:|\n";
  std::size_t not_assessed = 0;
  for (const auto& id : level_ids(doc)) {
    std::size_t n = 0;
    for (const auto& s : sites) n += findings::level_text(s.level) == id;
    out += "| " + markdown(id) + " | " + cat.integer(n) + " |\n";
  }
  for (const auto& s : sites) not_assessed += !s.level;
  if (not_assessed)
    out += "| " + markdown(cat.text("level.not_assessed")) + " | " + cat.integer(not_assessed) + " |\n";
  out += "\n| " + markdown(cat.text("md.col.site")) + " | " + markdown(cat.text("md.col.level")) + " | " +
         markdown(cat.text("md.col.observed")) + " | " + markdown(cat.text("md.col.required")) + " | " +
         markdown(cat.text("md.col.plan"));
  for (const auto* v : {"pass", "warn", "fail", "error"})
    out += " | " + markdown(cat.text(std::string("verdict.") + v));
  out += " |\n|---|---|---|---|---|---:|---:|---:|---:|\n";
  for (const auto& s : sites) {
    const auto& c = s.counts;
    out += "| " + markdown(s.site) + " | " + markdown(level_name(cat, s.level)) + " | " +
           markdown(level_summary(cat, s)) + " | " +
           markdown(s.required_level ? findings::to_string(*s.required_level) : "") + " | " +
           plan_cell(cat, s.plan_verdict) + " | " + cat.integer(c.pass) + " | " + cat.integer(c.warn) +
           " | " + cat.integer(c.fail) + " | " + cat.integer(c.error) + " |\n";
  }
  std::set<std::string> folded;  // findings listed under their root cause, not again below
  out += root_causes_section(doc, cat, folded);
  std::size_t shown = 0, total = 0;
  std::string list;
  std::vector<std::string> rules;  // the rules of the shown findings, first seen first (how to fix)
  for (const Severity sev : {Severity::fail, Severity::warn}) {
    for (const auto& s : sites) {
      for (const auto& f : s.findings) {
        if (f.severity != sev || folded.contains(f.id)) continue;
        ++total;
        if (shown >= kMaxFindings) continue;
        ++shown;
        list += "- " + std::string(verdict_symbol(findings::to_string(sev))) + " **" + markdown(s.site) +
                "** " + markdown(f.rule) + ": " + markdown(finding_title(cat, f, &s));
        if (f.rfc && !f.rfc->empty()) list += " (" + markdown(*f.rfc) + ")";
        list += "\n";
        list += frame_items(cat, s, f, "  ");
        if (std::find(rules.begin(), rules.end(), f.rule) == rules.end()) rules.push_back(f.rule);
      }
    }
  }
  if (total > 0) {
    out += "\n### " + markdown(cat.text("md.findings")) + "\n\n" + list;
    if (total > shown)
      out += "- " + markdown(cat.text("md.more_findings", {{"n", cat.integer(total - shown)}})) + "\n";
  }
  std::string fixes;
  for (const auto& rule : rules) {
    const auto a = advice(cat, rule);
    if (!a) continue;
    fixes += "- **" + markdown(rule_title(cat, rule).value_or(rule)) + "** (" + markdown(rule) +
             "): " + markdown(*a) + "\n";
  }
  if (!fixes.empty()) out += "\n### " + markdown(cat.text("md.advice")) + "\n\n" + fixes;
  // Checks with sub-verdicts (core/result.hpp Clause): one compact line each, the reasons of clauses
  // above pass in brackets.
  std::string clauses;
  for (const auto& s : sites) {
    for (const auto& c : s.checks) {
      if (!c.clauses || c.clauses->empty()) continue;
      clauses += "- **" + markdown(s.site) + "** " + markdown(c.check_id) + ":";
      for (const auto& cl : *c.clauses) {
        clauses += " " + std::string(verdict_symbol(to_string(cl.verdict))) + " " + markdown(cl.clause);
        if (cl.verdict != Verdict::pass)
          clauses += " (" +
                     markdown(cat.text("md.clause_reason", {{"verdict", verdict_word(cat, cl.verdict)},
                                                            {"reason", clause_reason(cat, cl)}})) +
                     ")";
      }
      clauses += "\n";
    }
  }
  if (!clauses.empty()) out += "\n### " + markdown(cat.text("md.clauses")) + "\n\n" + clauses;
  // Real-time readiness (reports/realtime.hpp): one row per site that ran a NAT64 behaviour kind.
  std::string rt;
  for (const auto& s : sites) {
    if (!has_realtime(s)) continue;
    rt += "| " + markdown(s.site);
    for (const auto& cell : realtime_cells(cat, s)) rt += " | " + markdown(cell.text);
    rt += " |\n";
  }
  if (!rt.empty()) {
    out += "\n### " + markdown(cat.text("md.realtime")) + "\n\n| " + markdown(cat.text("md.col.site"));
    for (const auto kind : realtime_kinds()) out += " | " + markdown(realtime_label(cat, kind));
    out += " |\n|---";
    for (std::size_t i = 0; i < realtime_kinds().size(); ++i) out += "|---";
    out += "|\n" + rt;
  }
  std::string unsigned_list;
  for (const auto& s : sites)
    if (signature_flagged(s.bundle.signature))
      unsigned_list += "- \u26A0 **" + markdown(s.site) + "** " +
                       markdown(signature_words(cat, s.bundle.signature)) + "\n";
  if (!unsigned_list.empty()) out += "\n### " + markdown(cat.text("md.unsigned")) + "\n\n" + unsigned_list;
  out += "\n<sub>" +
         markdown(cat.text("md.generated", {{"tool", doc.tool.name},
                                            {"version", doc.tool.version},
                                            {"date", cat.date_time(doc.generated_utc)}})) +
         "</sub>\n";
  return out;
}

}  // namespace v6r::report
