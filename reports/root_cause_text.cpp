#include "reports/root_cause_text.hpp"

#include "core/message_text.hpp"

namespace v6r::report {

std::optional<std::string> root_cause_message(const i18n::Catalog& cat, const findings::MessageRef& m) {
  if (!m.id.starts_with("rootcause.")) return std::nullopt;
  return i18n::render_message(cat, m);
}

std::string root_cause_title(const i18n::Catalog& cat, const findings::RootCause& rc) {
  return root_cause_message(cat, rc.title_message).value_or(rc.title);
}

std::vector<std::string> root_cause_evidence(const i18n::Catalog& cat, const findings::RootCause& rc) {
  std::vector<std::string> out;
  for (const auto& m : rc.evidence_messages) {
    auto s = root_cause_message(cat, m);
    if (!s) return rc.evidence;
    out.push_back(std::move(*s));
  }
  return rc.evidence_messages.empty() ? rc.evidence : out;
}

std::string root_cause_advice(const i18n::Catalog& cat, findings::Cause c) {
  return cat.text("rootcause.advice." + std::string(findings::to_string(c)));
}

}  // namespace v6r::report
