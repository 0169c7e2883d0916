// Markup text and quoted attribute values (core/escape.hpp): HTML and XML 1.0 (Fifth Edition) share one
// escaper and differ only in the apostrophe's reference (HTML has no &apos; in HTML 4; XML 1.0 §4.6
// predefines it). The five characters that can end a text run or an attribute value become character
// references (XML §2.4: & and < always, > for "]]>", " and ' for either attribute quote).
// visible() shows hidden characters first: NUL and the C1 range would be parse errors, the bidi
// overrides would reorder what the reader sees ("commune-\u202etxt.exe"), and XML §2.2's Char excludes
// the rest; the three line characters are shown too, so attribute-value normalisation (XML §3.3.3)
// cannot change a value.
#include "core/escape.hpp"

namespace v6r::escape {
namespace {

std::string markup(std::string_view s, std::string_view apostrophe) {
  const std::string v = visible(s);
  std::string out;
  out.reserve(v.size() + 16);
  for (std::size_t i = 0; i < v.size();) {
    // Up to the next character that needs a reference, appended at once.
    const auto special = v.find_first_of("&<>\"'", i);
    const auto run = (special == std::string::npos ? v.size() : special) - i;
    out.append(v, i, run);
    i += run;
    if (i == v.size()) break;
    switch (v[i]) {
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
      default:  // '\''
        out += apostrophe;
    }
    ++i;
  }
  return out;
}

}  // namespace

std::string html(std::string_view s) {
  return markup(s, "&#39;");
}

std::string html_isolated(std::string_view s) {
  return "<bdi>" + html(s) + "</bdi>";
}

std::string xml(std::string_view s) {
  return markup(s, "&apos;");
}

}  // namespace v6r::escape
