// XML 1.0 (Fifth Edition) text and attribute values (core/escape.hpp). §2.2: Char ::= #x9 | #xA | #xD |
// [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; visible() leaves none of the others (and shows
// the three line characters too, so attribute-value normalisation (§3.3.3) cannot change a value).
// §2.4: & and < always escaped in character data, > for "]]>"; " and ' for either attribute quote.
#include "core/escape.hpp"

namespace v6r::escape {

std::string xml(std::string_view s) {
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
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace v6r::escape
