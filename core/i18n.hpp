#pragma once
// Message catalogues (docs/i18n.md): every text a person reads in the reports (HTML, Markdown) and in the
// terminal output of `v6analyze analyze` and `gate` is looked up here by message id. One reviewable
// file per language, reports/i18n/<lang>.yaml (English is the source), built into the binary by
// cmake/V6readyEmbed.cmake: nothing is looked up on the machine at run time (no gettext locales).
// A message is plain text with named placeholders, "{sites} sites from {bundles} bundles": the variable
// parts are arguments, never sentences glued together in the code, so a translation can reorder them.
// The caller escapes the formatted message for its medium (core/escape.hpp) as a whole, like any value.
// Machine-read outputs (findings.json, JUnit, Prometheus, CSV) stay English: the analyzer writes the
// English of its sentences into findings.json from the English catalogue (core/message_text.hpp), next to
// the message ids the reports render.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time_util.hpp"

namespace v6r::i18n {

enum class Lang { en, vi };
inline constexpr Lang kLangs[] = {Lang::en, Lang::vi};

/// "en", "vi".
std::string_view code(Lang l);
/// "en" or "vi" (the --lang and plan `lang:` values); anything else is nullopt.
std::optional<Lang> parse_lang(std::string_view s);

/// The language of the messages from the environment, POSIX order: the first of LC_ALL, LC_MESSAGES,
/// LANG that is set and not empty decides; vi when it starts with "vi" (vi_VN.UTF-8, vi), else en.
Lang lang_from_env();
/// --lang if given, else the plan's `lang:`, else lang_from_env(). `flag` and `plan` are validated
/// values (parse_lang) or empty.
Lang choose_lang(std::optional<Lang> flag, std::optional<Lang> plan);

/// One named argument of a message.
struct Arg {
  std::string_view name;
  std::string value;
};

/// A message to render later, in whichever language: its id and arguments. An argument with `is_id`
/// is itself a message id (a verdict word, a level name) rendered in the same language; one with a
/// `sub` message is that message rendered (a finding's title inside a gate violation).
struct MsgArg;
struct Message {
  std::string id;
  std::vector<MsgArg> args;
};
struct MsgArg {
  MsgArg(std::string n, std::string v, bool id = false)
      : name(std::move(n)), value(std::move(v)), is_id(id) {}
  MsgArg(std::string n, Message m) : name(std::move(n)) { sub.push_back(std::move(m)); }
  /// A list of messages, each rendered and joined by the catalogue's `list.sep_facts`.
  MsgArg(std::string n, std::vector<Message> l) : name(std::move(n)), sub(std::move(l)), is_list(true) {}
  std::string name;
  std::string value;
  bool is_id = false;
  std::vector<Message> sub;  ///< at most one unless `is_list`: the argument is this message
  bool is_list = false;
};
/// The message whose text is `text` itself (catalogue id "text"), for a text from outside.
Message verbatim(std::string text);

class Catalog {
 public:
  /// The built-in catalogue of `l` (parsed once; a catalogue that does not parse is a build error
  /// caught by tests/reports/i18n_test.cpp, and at run time an empty catalogue that falls back to en).
  static const Catalog& get(Lang l);

  [[nodiscard]] Lang lang() const { return lang_; }
  [[nodiscard]] bool has(std::string_view id) const;
  /// The message `id` with its {placeholders} replaced by `args` (one pass: an argument's own text is
  /// never expanded). A message missing here comes from English; missing there too, "[id]".
  [[nodiscard]] std::string text(std::string_view id, const std::vector<Arg>& args = {}) const;
  [[nodiscard]] std::string render(const Message& m) const;
  /// text(id) when the catalogue has `id`, else nullopt (no fallback).
  [[nodiscard]] std::optional<std::string> find(std::string_view id, const std::vector<Arg>& args = {}) const;
  /// Every message id and its raw text (tests, docs).
  [[nodiscard]] const std::map<std::string, std::string, std::less<>>& messages() const { return msgs_; }

  /// An integer with the language's digit grouping ("12,345" / "12.345").
  [[nodiscard]] std::string integer(std::uint64_t n) const;
  /// A number with `decimals` digits after the language's decimal mark ("1.5" / "1,5").
  [[nodiscard]] std::string decimal(double v, int decimals) const;
  /// A UTC time to the minute in the language's date order ("2026-12-03 14:05 UTC" /
  /// "03/12/2026 14:05 UTC").
  [[nodiscard]] std::string date_time(UtcMs t) const;

  /// Parses a catalogue text (tests; get() uses the built-in ones). Errors name the line.
  static std::optional<Catalog> parse(Lang l, std::string_view yaml_text, std::string* error = nullptr);

 private:
  explicit Catalog(Lang l) : lang_(l) {}
  Lang lang_;
  std::map<std::string, std::string, std::less<>> msgs_;
};

/// The {names} used in a message text, in order of appearance (the catalogue consistency test).
std::vector<std::string> placeholders(std::string_view text);

}  // namespace v6r::i18n
