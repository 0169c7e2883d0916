// One CSV field (RFC 4180 §2, core/escape.hpp). Hidden characters (CR and LF included) are shown, so a
// record is always one physical line and line-based tools (grep, wc -l) see one finding per line.
// Formula injection (OWASP "CSV Injection"): spreadsheets evaluate a cell that starts with = + - @; such
// a cell gets a leading ' (shown by LibreOffice and Excel as text, the ' itself hidden) and quotes. The
// price is that a reader of the raw file sees the ' too (a negative number as text); the findings never
// put a number of their own first in a text column.
#include "core/escape.hpp"

namespace v6r::escape {

std::string csv_field(std::string_view s) {
  const std::string v = visible(s);
  const bool formula = !v.empty() && std::string_view("=+-@").find(v.front()) != std::string_view::npos;
  const bool quote = formula || v.find_first_of(",\"") != std::string::npos ||
                     (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = formula ? "\"'" : "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace v6r::escape
