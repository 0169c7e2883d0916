#include "core/term_print.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include "core/text_wrap.hpp"

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

std::size_t output_width(std::FILE* out) {
  if (out == nullptr) return text::kPipedWidth;
  const int fd = fileno(out);
  if (fd < 0 || isatty(fd) != 1) return text::kPipedWidth;
  winsize ws{};
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) return text::kPipedWidth;
  return ws.ws_col;
}

bool write_wrapped(std::FILE* out, std::string_view text) {
  // Escaped first, so the widths are those of what the terminal shows; the wrap adds only spaces and LFs.
  return write_raw(out, text::wrap(escape::terminal_text(text), output_width(out)));
}

}  // namespace v6r::term
