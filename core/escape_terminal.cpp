// Terminal output (core/escape.hpp): tcpdump's rule (util-print.c fn_print_char) for Unicode text: every
// character that a terminal would act on instead of showing (ESC sequences, CR, backspace, NUL, bidi
// overrides) is printed as visible text.
#include "core/escape.hpp"

namespace v6r::escape {

std::string terminal(std::string_view value) {
  return visible(value);
}

std::string terminal_text(std::string_view text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\n' && c != '\t') || b >= 0x7f) return visible(text, "\n\t");
  }
  return std::string(text);
}

}  // namespace v6r::escape
