// Markdown inline text and GitHub table cells (core/escape.hpp). CommonMark §2.4: any ASCII punctuation
// may be backslash-escaped; we escape the characters that start inline structure (and | for GFM tables,
// ~ for strikethrough, $ for GitHub math), raw HTML is prevented by entity references for < > &, and a
// leading block marker (- + = or "1." "1)") is escaped so the text cannot start a list or a heading
// underline when it begins a line. Hidden characters are visible, so a value is never two lines.
#include "core/escape.hpp"

namespace v6r::escape {

std::string markdown(std::string_view s) {
  const std::string v = visible(s);
  std::string out;
  out.reserve(v.size() + 8);
  // "12." or "3)" at the start: an ordered list item (CommonMark §5.2); escape the delimiter.
  std::size_t digits = 0;
  while (digits < v.size() && digits < 9 && v[digits] >= '0' && v[digits] <= '9') ++digits;
  const std::size_t list_delim =
      digits > 0 && digits < v.size() && (v[digits] == '.' || v[digits] == ')') ? digits : std::string::npos;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    switch (c) {
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '&':
        out += "&amp;";
        continue;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '!':
      case '~':
      case '$':
        out += '\\';
        out += c;
        continue;
      case '-':
      case '+':
      case '=':
        if (i == 0) out += '\\';
        break;
      default:
        if (i == list_delim) out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace v6r::escape
