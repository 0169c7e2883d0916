#pragma once
// Every sentence a person reads about a root cause (analyzers/findings/root_causes.cpp and the
// renderers in reports/), as catalogue messages (findings::MessageRef: an id and named arguments,
// docs/i18n.md) so a report renders them in the reader's language. The English texts are in one table
// (root_cause_text.cpp) until the message catalogue takes them over.
#include <string>
#include <string_view>
#include <vector>

#include "core/findings.hpp"

namespace v6r::rootcause {

/// The message `id` with named arguments.
findings::MessageRef message(std::string_view id, std::vector<findings::MessageArg> args = {});
/// Whether `id` is one of the root-cause messages.
bool known(std::string_view id);
/// The English text of `m`: each {name} replaced by its argument in one pass (an argument's own text is
/// never expanded; a placeholder without an argument stays as is). An unknown id gives "".
std::string english(const findings::MessageRef& m);
/// english(message(id, args)).
std::string english(std::string_view id, std::vector<findings::MessageArg> args = {});

/// A root cause's title and evidence lines as a reader sees them: each from its message when the id is
/// known, else the stored text (a document from a newer analyzer, or a hostile one).
std::string title(const findings::RootCause& rc);
std::vector<std::string> evidence(const findings::RootCause& rc);

}  // namespace v6r::rootcause
