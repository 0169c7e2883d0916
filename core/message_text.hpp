#pragma once
// The analyzer's sentences in findings.json (docs/findings-schema.md "Messages") in a catalogue's language
// (core/i18n.hpp): a findings::MessageRef is rendered from its id and named arguments; a list argument's
// items are rendered one by one and joined. The analyzer writes the English of the same messages into
// findings.json's text fields with english(); the reports render them in the reader's language and fall
// back to the stored English text when a message cannot be rendered (an older document without
// messages, a newer analyzer's id, a hostile document).
#include <optional>
#include <string>
#include <vector>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::i18n {

/// `m` in `cat`'s language when its id is one of the analyzer's sentence families (rootcause.*,
/// summary.*, reason.*, planr.*, explain.*, xnote.*, check.*, fact.*), the catalogue holds it and
/// every placeholder (also of each list item) has an argument; nullopt otherwise.
std::optional<std::string> render_message(const Catalog& cat, const findings::MessageRef& m);
/// render_message() of `m` when present and renderable, else `stored` (the document's English text).
std::string message_or(const Catalog& cat, const std::optional<findings::MessageRef>& m,
                       const std::string& stored);
/// Each of `ms` rendered, when every one renders and there are as many as `stored`; else `stored`.
std::vector<std::string> messages_or(const Catalog& cat,
                                     const std::optional<std::vector<findings::MessageRef>>& ms,
                                     const std::vector<std::string>& stored);
/// The English text of `m` (the built-in English catalogue); the id when it does not render (a bug the
/// analyzer's tests catch).
std::string english(const findings::MessageRef& m);

/// `m` as a message to render later (reports/gate.cpp), when it renders in English; else the stored
/// text verbatim.
Message to_message(const std::optional<findings::MessageRef>& m, const std::string& stored);
/// Each of `ms` as to_message(), or `stored` verbatim when the messages do not match it.
std::vector<Message> to_messages(const std::optional<std::vector<findings::MessageRef>>& ms,
                                 const std::vector<std::string>& stored);

/// Builders for the analyzer: a value argument, a list argument (its English text filled in), a message.
findings::MessageArg value_arg(std::string name, std::string value);
findings::MessageArg list_arg(std::string name, std::vector<findings::MessageItem> items);
findings::MessageItem item(std::string id, std::vector<findings::MessageValue> args = {});

}  // namespace v6r::i18n
