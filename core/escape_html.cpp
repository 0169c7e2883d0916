// HTML text and quoted attribute values (core/escape.hpp). The five characters that can end a text run
// or an attribute value become character references; hidden characters are shown (NUL and the C1 range
// would be parse errors, the bidi overrides would reorder what the reader sees: "commune-\u202etxt.exe").
#include "core/escape.hpp"

namespace v6r::escape {

std::string html(std::string_view s) {
  const std::string v = visible(s);
  std::string out;
  out.reserve(v.size() + 16);
  for (const char c : v) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_isolated(std::string_view s) {
  return "<bdi>" + html(s) + "</bdi>";
}

}  // namespace v6r::escape
