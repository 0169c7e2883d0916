#pragma once
// A sentence as a message of the catalogues (docs/i18n.md "The analyzer's sentences", "The probe's
// reasons"): its id and its named arguments, so a report renders it in the reader's language. An
// argument is a value (an address, a count, a check id: data, escaped on output like every value) or a
// list of messages (`items`), each rendered in the reader's language and joined by the catalogue's
// `list.sep_facts`; a list of one is a sub-sentence ("cannot resolve {host}: {why}"). The probe writes
// its check reasons this way into results.jsonl (CheckResult::reason_message, Clause::reason_message),
// the analyzer its own sentences into findings.json (core/findings.hpp); core/message_text.hpp renders
// them. Shared by both, so the shape is one.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace v6r {

// MessageItem comes first: a vector of the not-yet-complete MessageArg is allowed there (C++17), while
// MessageArg's default member initializer below needs MessageItem complete (clang refuses the other
// order: the optional's constructor instantiates ~vector<MessageItem>).
struct MessageArg;
/// A message: id and arguments. An item of a list argument is a message too.
struct MessageItem {
  std::string id;
  std::vector<MessageArg> args;
  bool operator==(const MessageItem&) const;
};
/// One named argument of a message.
struct MessageArg {
  std::string name;
  std::string value;  ///< the value; for a list argument, the list in English
  /// A list argument: each item rendered in the reader's language, joined by the catalogue's
  /// `list.sep_facts`. Absent for a plain value.
  std::optional<std::vector<MessageItem>> items{};
  bool operator==(const MessageArg&) const;
};
inline bool MessageItem::operator==(const MessageItem&) const = default;
using MessageRef = MessageItem;
using MessageValue = MessageArg;

/// How deep a probe's reason may nest (a message, its sub-messages, theirs...): results.jsonl's reader
/// refuses deeper.
inline constexpr std::size_t kMaxReasonDepth = 4;
/// How deep a message of findings.json may nest: the analyzer quotes a probe's reason whole at most two
/// levels down (a finding's explanation, explain.probe; a level reason's harness gap,
/// reason.harness_gaps → fact.check_error). Deeper is refused when read and not rendered.
inline constexpr std::size_t kMaxMessageDepth = kMaxReasonDepth + 2;

/// {"id": ..., "args": [{"name", "value", "items"?}]} (docs/findings-schema.md "Messages").
nlohmann::json message_json(const MessageRef& m);
/// The strict reader of message_json()'s shape (results.jsonl): an id of [a-z0-9_.-] (1..96), argument
/// names of [a-z0-9_] (1..32), at most 32 arguments per message and 64 items per list, nested at most
/// `max_depth` (results.jsonl: kMaxReasonDepth); unknown keys refused. On error, `field` (relative:
/// "args[1].items[0].id") and `why`.
std::optional<MessageRef> message_from_json(const nlohmann::json& j, std::string& field, std::string& why,
                                            std::size_t max_depth = kMaxMessageDepth);

}  // namespace v6r
