#pragma once
// The analyzer's and the probe's sentences of a findings document in the reader's language: each text
// field that has a catalogue message next to it (docs/findings-schema.md "Messages") is rendered from the
// message; without one (an older document, a sentence with no message yet) the stored English text is
// shown as it is. Every renderer reads these sentences through here.
#include <string>
#include <vector>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

std::string level_summary(const i18n::Catalog& cat, const findings::Site& s);
std::vector<std::string> level_reasons(const i18n::Catalog& cat, const findings::Site& s);
std::string plan_reason(const i18n::Catalog& cat, const findings::Site& s);
std::vector<std::string> access_evidence(const i18n::Catalog& cat, const findings::Access& a);
std::optional<std::string> access_missing(const i18n::Catalog& cat, const findings::Access& a);
std::string coverage_requirement(const i18n::Catalog& cat, const findings::CoverageRow& r);
std::string service_reason(const i18n::Catalog& cat, const findings::Service& s);
std::string finding_explanation(const i18n::Catalog& cat, const findings::Finding& f);
std::string check_reason(const i18n::Catalog& cat, const findings::CheckRow& c);
std::optional<std::string> cross_check_note(const i18n::Catalog& cat, const findings::CheckRow& c);

}  // namespace v6r::report
