#include "reports/sentences.hpp"

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

std::optional<std::string> cross_check_note(const i18n::Catalog& cat, const findings::CheckRow& c) {
  if (!c.cross_check_note) return std::nullopt;
  return i18n::message_or(cat, c.cross_check_note_message, *c.cross_check_note);
}

}  // namespace v6r::report
