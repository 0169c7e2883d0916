#pragma once
// The words and finding texts every human-read output shares, in the catalogue's language
// (reports/i18n.hpp): level names, verdicts, plan verdicts, finding titles and advice. Plain text; the
// caller escapes for its medium.
#include <optional>
#include <string>
#include <string_view>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

/// "L3", or the catalogue's "not assessed".
std::string level_name(const i18n::Catalog& cat, const std::optional<findings::Level>& l);
/// The level's descriptive title ("IPv6-only clean (...)").
std::string level_title(const i18n::Catalog& cat, findings::Level l);
std::string verdict_word(const i18n::Catalog& cat, Verdict v);
std::string severity_word(const i18n::Catalog& cat, findings::Severity s);
/// Short form for tables: "meets", "below", "not assessed", "not in plan".
std::string plan_word(const i18n::Catalog& cat, findings::PlanVerdict v);
std::string access_word(const i18n::Catalog& cat, findings::AccessMode m);

/// A bundle's signature state in words (render_util.hpp signature_text is the English of JUnit).
std::string signature_words(const i18n::Catalog& cat, const std::optional<findings::BundleSignature>& sig);

/// The check row a finding concerns (its check_id), or null.
const findings::CheckRow* check_of(const findings::Finding& f, const findings::Site* site);
/// A finding's title: the analyzer rule's title, or for a probe check's finding its kind's title, its
/// verdict and its target. A rule or kind the catalogue does not know (a newer analyzer) keeps the
/// title findings.json carries (English).
std::string finding_title(const i18n::Catalog& cat, const findings::Finding& f, const findings::Site* site);
/// The same as a message, to render later in any language.
i18n::Message finding_title_message(const findings::Finding& f, const findings::Site* site);
/// The title of a check kind ("DNS64 synthesis") or an analyzer rule; nullopt when unknown.
std::optional<std::string> rule_title(const i18n::Catalog& cat, std::string_view rule);
/// The kind's or rule's "what to check / how to fix" text with its RFC reference; nullopt when the
/// catalogue has none for `rule`.
std::optional<std::string> advice(const i18n::Catalog& cat, std::string_view rule);

}  // namespace v6r::report
