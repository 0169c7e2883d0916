#pragma once
// Writing to a terminal (stdout, stderr) from every tool: the message is a fmt format string written
// in one place (so it can be translated whole), and every string argument is escaped for the terminal
// (escape::terminal) on its way in; numbers are formatted as they are. Text a part of the program laid
// out in lines itself (a summary of terminal()-escaped values) goes through write(), whose guard keeps
// only LF and TAB raw. Bytes are written with their length, so nothing (not even a NUL) cuts a line.
//
//   term::print(stderr, "v6analyze verify: {}: {}\n", path, error);
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "core/escape.hpp"

namespace v6r::term {
namespace detail {

/// A string argument becomes its terminal-escaped copy; a number or bool stays what it is.
template <class T>
auto field(const T& v) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return escape::terminal(std::string_view(v));
  } else {
    static_assert(std::is_arithmetic_v<T>, "term::print takes strings and numbers (call .string() on paths)");
    return v;
  }
}
template <class T>
using field_t = decltype(field(std::declval<const T&>()));

}  // namespace detail

/// The width to lay text out for on `out`: the terminal's columns (TIOCGWINSZ) when `out` is a
/// terminal, else text::kPipedWidth (100).
std::size_t output_width(std::FILE* out);

/// write() with every line longer than output_width(out) wrapped at word boundaries (text::wrap,
/// core/text_wrap.hpp), never cut.
bool write_wrapped(std::FILE* out, std::string_view text);

/// Writes `text` as it is (no escaping): for text that is already escaped. Returns false on a write error.
bool write_raw(std::FILE* out, std::string_view text);

/// Writes text the program laid out in lines (escape::terminal_text: LF and TAB kept, every other
/// hidden character shown; printable ASCII is written without a copy).
bool write(std::FILE* out, std::string_view text);

/// fmt::format(f, args...) with every string argument escaped by escape::terminal, then written with
/// write() (so the format's own text is guarded too).
template <class... A>
bool print(std::FILE* out, fmt::format_string<detail::field_t<A>...> f, const A&... args) {
  return write(out, fmt::format(f, detail::field(args)...));
}

/// The same, into a string (for a line built here and written later).
template <class... A>
std::string format(fmt::format_string<detail::field_t<A>...> f, const A&... args) {
  return escape::terminal_text(fmt::format(f, detail::field(args)...));
}

}  // namespace v6r::term
