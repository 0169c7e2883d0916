#pragma once
// Long lines of terminal text wrapped at word boundaries instead of cut (v6analyze analyze and gate,
// v6probe's run summary): a reason is read whole or not at all. UTF-8 aware (core/utf8.hpp): widths
// are terminal columns per grapheme cluster, a UTF-8 sequence is never split. Pure; the width of the real
// terminal comes from term::output_width (core/term_print.hpp).
#include <cstddef>
#include <string>
#include <string_view>

namespace v6r::text {

/// When the output is not a terminal (a pipe, a CI log, a file): 100 columns.
inline constexpr std::size_t kPipedWidth = 100;
/// Below this the wrap would make a column of single words; narrower widths are taken as this.
inline constexpr std::size_t kMinWidth = 40;
/// A wrapped line's continuation lines are indented by the line's own leading spaces plus this.
inline constexpr std::size_t kHangingIndent = 4;

/// Every line of `text` (split at LF; the LFs are kept) that is wider than `width` columns broken at
/// spaces into lines of at most `width` columns; each continuation line starts with the line's own
/// leading spaces plus kHangingIndent. A word wider than a whole line (a long path, URL or DNS name)
/// is never cut: it stays whole where it is and the line is longer than `width` (the terminal shows the
/// rest on its next row; the word can still be copied in one piece). Nothing is dropped but the spaces
/// at a break. `width` below kMinWidth counts as kMinWidth.
std::string wrap(std::string_view text, std::size_t width);

}  // namespace v6r::text
