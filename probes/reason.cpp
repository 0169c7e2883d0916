#include "probes/reason.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/known_errors.hpp"
#include "core/message_text.hpp"

namespace v6r::probe {

MessageArg val(std::string name, std::string value) {
  return {std::move(name), std::move(value), std::nullopt};
}

MessageArg sub(std::string name, Msg m) {
  std::string text = english(m);
  return {std::move(name), std::move(text), std::vector<Msg>{std::move(m)}};
}

MessageArg list(std::string name, std::vector<Msg> items) {
  return i18n::list_arg(std::move(name), std::move(items));
}

Msg msg(std::string id, std::vector<MessageArg> args) {
  return {std::move(id), std::move(args)};
}

Msg joined(std::vector<Msg> parts) {
  if (parts.size() == 1) return std::move(parts.front());
  return msg("check.joined", {list("reasons", std::move(parts))});
}

std::string english(const Msg& m) {
  return i18n::english(m);
}

Msg foreign(std::string text) {
  // "timeout after 500 ms" (probes/net/transport.cpp): the words are ours.
  constexpr std::string_view kTimeout = "timeout after ", kMs = " ms";
  if (std::string_view t = text; t.starts_with(kTimeout) && t.ends_with(kMs)) {
    const auto n = t.substr(kTimeout.size(), t.size() - kTimeout.size() - kMs.size());
    unsigned long long v = 0;
    const auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    if (!n.empty() && ec == std::errc() && p == n.data() + n.size())
      return msg("check.err.timeout", {val("ms", v)});
  }
  // A known system or OpenSSL failure (core/known_errors.hpp): its English is the raw text as it is,
  // other languages put their plain sentence before it.
  for (const auto& k : known_errors::table()) {
    if (k.matches.empty()) continue;
    const bool known = k.openssl ? text.find(k.matches) != std::string::npos
                                 : text == k.matches || std::string_view(text).ends_with(": " + k.matches);
    if (!known) continue;
    // The table's name in lower case ("ECONNREFUSED" → check.err.econnrefused): a message id is
    // [a-z0-9_.-] (core/message.hpp), or results.jsonl's reader refuses the whole result.
    std::string id = "check.err." + std::string(k.name);
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
    return msg(std::move(id), {val("text", std::move(text))});
  }
  return msg("check.detail", {val("text", std::move(text))});
}

void set_reason(CheckResult& r, Msg m) {
  r.reason = english(m);
  r.reason_message = std::move(m);
}

}  // namespace v6r::probe
