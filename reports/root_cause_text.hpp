#pragma once
// A root cause (docs/findings-schema.md "Root causes") in the catalogue's language (reports/i18n.hpp): its
// title and evidence lines rendered from the messages the analyzer recorded (findings::MessageRef, ids
// "rootcause.*" in reports/i18n/<lang>.yaml), and its advice. The analyzer writes the English of the same
// messages into findings.json (title, evidence) through root_cause_message() with the English catalogue.
#include <optional>
#include <string>
#include <vector>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

/// `m` in `cat`'s language when it is a root-cause message (id "rootcause.*") the catalogue holds and
/// every placeholder of it has an argument; nullopt otherwise (a document from a newer analyzer, or a
/// hostile one: the caller shows the stored English text instead).
std::optional<std::string> root_cause_message(const i18n::Catalog& cat, const findings::MessageRef& m);
/// The title and the evidence lines as a reader sees them: from the messages when every one renders,
/// else the English findings.json carries.
std::string root_cause_title(const i18n::Catalog& cat, const findings::RootCause& rc);
std::vector<std::string> root_cause_evidence(const i18n::Catalog& cat, const findings::RootCause& rc);
/// What to check and how to fix the cause, with its RFC references.
std::string root_cause_advice(const i18n::Catalog& cat, findings::Cause c);

}  // namespace v6r::report
