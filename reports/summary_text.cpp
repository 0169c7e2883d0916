// The plain text summary `v6analyze analyze` prints (reports/summary_text.hpp).
#include "reports/summary_text.hpp"

#include <algorithm>
#include <set>

#include "core/escape.hpp"
#include "reports/root_cause_text.hpp"
#include "reports/sentences.hpp"
#include "reports/words.hpp"

namespace v6r::report {

namespace {

/// The mark after a site's line ("[UNSIGNED]"); "" for a bundle signed by a trusted key.
std::string signature_mark(const i18n::Catalog& cat, const std::optional<findings::BundleSignature>& sig) {
  if (!sig) return "";
  switch (sig->status) {
    case SignatureStatus::signed_trusted:
      return "";
    case SignatureStatus::unsigned_bundle:
      return "  " + cat.text("mark.unsigned");
    case SignatureStatus::unknown_key:
      return "  " + cat.text("mark.unknown_key");
    case SignatureStatus::bad_signature:
      return "  " + cat.text("mark.bad_signature");
  }
  return "";
}

/// At most this many frame lines under a finding on the terminal (the report lists them all).
constexpr std::size_t kTerminalFrameLines = 3;

/// A finding's cited frames, one line each (time, addresses, what the packet shows: from the capture,
/// so escaped), under the finding at `indent`; the rest counted on one line.
std::string frame_lines(const i18n::Catalog& cat, const findings::Site& site, const findings::Finding& f,
                        const std::string& indent) {
  const auto ff = finding_frames(site, f);
  std::string s;
  const std::size_t shown = std::min(ff.lines.size(), kTerminalFrameLines);
  for (std::size_t i = 0; i < shown; ++i)
    s += indent + escape::terminal(frame_line(cat, *ff.lines[i])) + "\n";
  const std::size_t rest = ff.lines.size() - shown + ff.without_line;
  if (rest > 0 && !ff.lines.empty())
    s += indent + cat.text("term.frames_more", {{"n", cat.integer(rest)}}) + "\n";
  return s;
}

/// The site's root causes first (docs/findings-schema.md "Root causes"): the cause, the facts that show
/// it, the findings it folds and how to fix it. Adds the ids of those findings to `folded`.
std::string root_cause_lines(const i18n::Catalog& cat, const findings::Site& site,
                             std::set<std::string>& folded) {
  using escape::terminal;
  std::string s;
  if (!site.root_causes) return s;
  for (const auto& rc : *site.root_causes) {
    s += "      " +
         cat.text("rootcause.term.cause", {{"severity", severity_word(cat, rc.severity)},
                                           {"title", terminal(root_cause_title(cat, rc))},
                                           {"count", cat.integer(rc.checks.size())}}) +
         "\n";
    for (const auto& e : root_cause_evidence(cat, rc))
      s += "        " + cat.text("rootcause.evidence", {{"fact", terminal(e)}}) + "\n";
    for (const auto& f : site.findings) {
      if (std::find(rc.findings.begin(), rc.findings.end(), f.id) == rc.findings.end()) continue;
      folded.insert(f.id);
      if (f.severity == findings::Severity::info) continue;
      s += "        " +
           cat.text("term.finding", {{"severity", severity_word(cat, f.severity)},
                                     {"rule", terminal(f.rule)},
                                     {"text", terminal(finding_explanation(cat, f))}}) +
           "\n";
      s += frame_lines(cat, site, f, "          ");
    }
    s += "        " + cat.text("rootcause.how_to_fix", {{"advice", root_cause_advice(cat, rc.cause)}}) + "\n";
  }
  return s;
}

/// The sweep's first line: its label, sizes, plan and status.
std::string sweep_line(const findings::Document& doc, const i18n::Catalog& cat) {
  using escape::terminal;
  return cat.text("term.sweep", {{"label", terminal(doc.sweep.label)},
                                 {"sites", cat.integer(doc.sweep.sites)},
                                 {"bundles", cat.integer(doc.sweep.bundle_count)},
                                 {"plan", terminal(doc.plan.name)},
                                 {"year", std::to_string(doc.plan.year)},
                                 {"status", cat.text("status." + std::string(to_string(doc.status)))}}) +
         "\n";
}

/// A site's two lines: its name, level, plan verdict, counts and marks; under it, its level summary.
std::string site_lines(const findings::Site& site, const i18n::Catalog& cat) {
  using escape::terminal;
  int fails = 0, warns = 0;
  for (const auto& f : site.findings) {
    if (f.severity == findings::Severity::fail) ++fails;
    if (f.severity == findings::Severity::warn) ++warns;
  }
  const std::string req = site.required_level ? std::string(to_string(*site.required_level)) : "-";
  return "  " +
         cat.text("term.site", {{"site", terminal(site.site)},
                                {"level", level_name(cat, site.level)},
                                {"required", req},
                                {"plan_verdict",
                                 cat.text("term.plan_verdict." + std::string(to_string(site.plan_verdict)))},
                                {"fails", cat.integer(static_cast<std::uint64_t>(fails))},
                                {"warns", cat.integer(static_cast<std::uint64_t>(warns))}}) +
         (site.bundle.verified ? "" : "  " + cat.text("mark.unverified")) +
         signature_mark(cat, site.bundle.signature) + "\n" + "      " + terminal(level_summary(cat, site)) +
         "\n";
}

/// The roll-up: sites per level and per plan verdict.
std::string levels_line(const findings::Document& doc, const i18n::Catalog& cat) {
  std::string levels;
  for (int i = 0; i < findings::kLevelCount; ++i) {
    const auto l = findings::level_at(i);
    levels += std::string(to_string(l)) + "=" + cat.integer(doc.rollup.levels[l]) + " ";
  }
  if (!levels.empty()) levels.pop_back();
  const auto& pc = doc.rollup.plan;
  return cat.text("term.levels", {{"levels", levels},
                                  {"not_assessed", cat.integer(doc.rollup.levels[std::nullopt])},
                                  {"meets", cat.integer(pc.meets)},
                                  {"below", cat.integer(pc.below)},
                                  {"plan_not_assessed", cat.integer(pc.not_assessed)},
                                  {"not_in_plan", cat.integer(pc.not_in_plan)}}) +
         "\n";
}

}  // namespace

// Terminal text: every value from the bundles (site, rule, explanation, reasons, problems, the label
// and plan name given on the command line) is escape::terminal()'d, so none can forge, colour, cut or
// reverse a line; long texts are kept whole (the CLI wraps them to the terminal, core/text_wrap.hpp).
std::string summary_text(const findings::Document& doc, const i18n::Catalog& cat) {
  using escape::terminal;
  using findings::Severity;
  std::string s;
  s += sweep_line(doc, cat);
  if (doc.plan.description) s += "  " + terminal(*doc.plan.description) + "\n";
  std::set<std::string> rules;  // the rules shown, for "how to fix"
  std::vector<std::string> rule_order;
  for (const auto& site : doc.sites) {
    s += site_lines(site, cat);
    std::set<std::string> folded;  // findings shown under their root cause, not again below
    s += root_cause_lines(cat, site, folded);
    std::set<std::string> shown;
    for (const auto& f : site.findings) {
      if (f.severity == Severity::info || folded.contains(f.id)) continue;
      const auto key = f.rule + f.check_id.value_or("");
      if (!shown.insert(key).second || shown.size() > 8) continue;
      s += "      " +
           cat.text("term.finding", {{"severity", severity_word(cat, f.severity)},
                                     {"rule", terminal(f.rule)},
                                     {"text", terminal(finding_explanation(cat, f))}}) +
           "\n";
      s += frame_lines(cat, site, f, "        ");
      if (rules.insert(f.rule).second) rule_order.push_back(f.rule);
    }
    s += "      " + cat.text("term.plan", {{"reason", terminal(plan_reason(cat, site))}}) + "\n";
  }
  s += levels_line(doc, cat);
  for (const auto& p : doc.problems)
    s += cat.text("term.problem", {{"bundle", terminal(p.bundle)}, {"message", terminal(p.message)}}) + "\n";
  std::string fixes;
  for (const auto& rule : rule_order)
    if (auto a = advice(cat, rule))
      fixes += "  " +
               cat.text("term.advice_item", {{"rule", terminal(rule)},
                                             {"title", rule_title(cat, rule).value_or("")},
                                             {"advice", *a}}) +
               "\n";
  if (!fixes.empty()) s += cat.text("term.advice") + "\n" + fixes;
  return s;
}

std::string summary_brief_text(const findings::Document& doc, const i18n::Catalog& cat) {
  std::string s = sweep_line(doc, cat);
  for (const auto& site : doc.sites) s += site_lines(site, cat);
  return s + levels_line(doc, cat);
}

}  // namespace v6r::report
