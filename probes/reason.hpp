#pragma once
// A check's reason as a catalogue message (docs/i18n.md "The probe's reasons"): every sentence a check
// gives as its reason (and each clause's) is a message id of the `check.` family with typed arguments,
// and the English `reason` of results.jsonl is that message rendered from the built-in English
// catalogue (core/message_text.hpp english()): one source of truth, so the English and the message
// cannot drift, and a report renders the reason in its reader's language. Arguments are data (names,
// addresses, counts, a lower layer's error text): never a sentence of ours glued in English; a part of
// a sentence that is itself a sentence is a sub-message (sub()), a list of them a list (list()).
#include <concepts>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"

namespace v6r::probe {

using Msg = MessageRef;

/// A value argument (an address, a name, a number as text).
MessageArg val(std::string name, std::string value);
template <std::integral N>
MessageArg val(std::string name, N n) {
  return val(std::move(name), std::to_string(n));
}
/// A sub-sentence argument: `m` rendered in the reader's language.
MessageArg sub(std::string name, Msg m);
/// A list argument: each message rendered, joined by the catalogue's `list.sep_facts` ("; ").
MessageArg list(std::string name, std::vector<Msg> items);
/// A message of the catalogue.
Msg msg(std::string id, std::vector<MessageArg> args = {});
/// Several sentences as one reason, joined by `list.sep_facts` ("a; b; c"); a single one as itself.
Msg joined(std::vector<Msg> parts);
/// The English text of `m` (the built-in English catalogue).
std::string english(const Msg& m);
/// A lower layer's error text (a transport's, the DNS client's, the system's): data, shown as it is,
/// except the known ones (core/known_errors.hpp), which get the catalogue's plain sentence first.
Msg foreign(std::string text);
/// r.reason = english(m), r.reason_message = m.
void set_reason(CheckResult& r, Msg m);

}  // namespace v6r::probe
