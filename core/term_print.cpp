#include "core/term_print.hpp"

namespace v6r::term {

bool write_raw(std::FILE* out, std::string_view text) {
  if (out == nullptr) return false;
  return text.empty() || std::fwrite(text.data(), 1, text.size(), out) == text.size();
}

bool write(std::FILE* out, std::string_view text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\n' && c != '\t') || b >= 0x7f) return write_raw(out, escape::terminal_text(text));
  }
  return write_raw(out, text);
}

}  // namespace v6r::term
