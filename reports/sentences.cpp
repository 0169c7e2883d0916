#include "reports/sentences.hpp"

#include <algorithm>

#include "core/message_text.hpp"

namespace v6r::report {

std::string level_summary(const i18n::Catalog& cat, const findings::Site& s) {
  return i18n::message_or(cat, s.level_summary_message, s.level_summary);
}

std::vector<std::string> level_reasons(const i18n::Catalog& cat, const findings::Site& s) {
  return i18n::messages_or(cat, s.level_reason_messages, s.level_reasons);
}

std::string plan_reason(const i18n::Catalog& cat, const findings::Site& s) {
  return i18n::message_or(cat, s.plan_reason_message, s.plan_reason);
}

std::vector<std::string> access_evidence(const i18n::Catalog& cat, const findings::Access& a) {
  return i18n::messages_or(cat, a.evidence_messages, a.evidence);
}

std::optional<std::string> access_missing(const i18n::Catalog& cat, const findings::Access& a) {
  if (!a.missing) return std::nullopt;
  return i18n::message_or(cat, a.missing_message, *a.missing);
}

std::string coverage_requirement(const i18n::Catalog& cat, const findings::CoverageRow& r) {
  return i18n::message_or(cat, r.requirement_message, r.requirement);
}

std::string service_reason(const i18n::Catalog& cat, const findings::Service& s) {
  return i18n::message_or(cat, s.reason_message, s.reason);
}

std::string finding_explanation(const i18n::Catalog& cat, const findings::Finding& f) {
  return i18n::message_or(cat, f.explanation_message, f.explanation);
}

std::string check_reason(const i18n::Catalog& cat, const findings::CheckRow& c) {
  return i18n::message_or(cat, c.reason_message, c.reason);
}

std::string clause_reason(const i18n::Catalog& cat, const Clause& c) {
  return i18n::message_or(cat, c.reason_message, c.reason);
}

std::optional<std::string> cross_check_note(const i18n::Catalog& cat, const findings::CheckRow& c) {
  if (!c.cross_check_note) return std::nullopt;
  return i18n::message_or(cat, c.cross_check_note_message, *c.cross_check_note);
}

std::string frame_line(const i18n::Catalog& cat, const findings::FrameSummary& s) {
  const auto& names = findings::packet_arg_names(s.what);
  std::string what;
  if (names.size() == s.args.size()) {
    std::vector<i18n::Arg> args;
    for (std::size_t i = 0; i < names.size(); ++i) args.push_back({names[i], s.args[i]});
    what = cat.text("pkt." + std::string(findings::to_string(s.what)), args);
  } else {  // never from a document the reader accepted; shown as it is rather than half-filled
    what = std::string(findings::to_string(s.what));
    for (const auto& a : s.args) what += " " + a;
  }
  const std::vector<i18n::Arg> line{{"frame", std::to_string(s.frame)},
                                    {"time", cat.decimal(s.time, 6)},
                                    {"src", s.src},
                                    {"dst", s.dst},
                                    {"what", what}};
  return cat.text(s.src.empty() && s.dst.empty() ? "pkt.line_noaddr" : "pkt.line", line);
}

FindingFrames finding_frames(const findings::Site& site, const findings::Finding& f) {
  FindingFrames out;
  static const std::vector<findings::FrameSummary> kNone;
  const auto& lines = site.frame_summaries ? *site.frame_summaries : kNone;
  const auto before = [](const findings::FrameSummary& s, std::uint64_t n) { return s.frame < n; };
  // The analyzer writes them ascending; a document that does not is searched line by line.
  const bool sorted = std::is_sorted(lines.begin(), lines.end(),
                                     [](const auto& a, const auto& b) { return a.frame < b.frame; });
  for (const auto frame : f.evidence.frames) {
    const auto it = sorted ? std::lower_bound(lines.begin(), lines.end(), frame, before)
                           : std::find_if(lines.begin(), lines.end(),
                                          [&](const findings::FrameSummary& s) { return s.frame == frame; });
    if (it != lines.end() && it->frame == frame)
      out.lines.push_back(&*it);
    else
      ++out.without_line;
  }
  return out;
}

}  // namespace v6r::report
