// Prometheus text exposition format 0.0.4, label values (core/escape.hpp): "label_value can be any
// sequence of UTF-8 characters, but the backslash (\), double-quote ("), and line feed (\n) characters
// have to be escaped as \\, \", and \n". Other hidden characters are shown as "\x1b" etc. first, whose
// backslash the same rule doubles, so the value Prometheus stores reads \x1b.
#include "core/escape.hpp"

namespace v6r::escape {

std::string prom_label(std::string_view s) {
  const std::string v = visible(s, "\n");
  std::string out;
  out.reserve(v.size() + 8);
  for (const char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace v6r::escape
