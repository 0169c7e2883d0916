#include "core/text_wrap.hpp"

#include <algorithm>
#include <vector>

#include "core/utf8.hpp"

namespace v6r::text {
namespace {

/// One line (no LF) wrapped into `out`, each piece ended by LF except the last.
void wrap_line(std::string_view line, std::size_t width, std::string& out) {
  if (utf8::columns(line) <= width) {
    out += line;
    return;
  }
  const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
  // The hanging indent leaves at least half of the line for text.
  const std::size_t hang = std::min(indent + kHangingIndent, width / 2);
  std::string cur(line.substr(0, indent));
  std::size_t cur_cols = indent;
  bool cur_has_word = false;
  auto new_line = [&] {
    out += cur;
    out += '\n';
    cur.assign(hang, ' ');
    cur_cols = hang;
    cur_has_word = false;
  };
  std::size_t pos = indent;
  while (pos < line.size()) {
    // The spaces before the next word, then the word.
    const std::size_t word_start = std::min(line.find_first_not_of(' ', pos), line.size());
    if (word_start == line.size()) break;  // trailing spaces: dropped with the break they would end
    const std::string_view gap = line.substr(pos, word_start - pos);
    const std::size_t word_end = std::min(line.find(' ', word_start), line.size());
    const std::string_view word = line.substr(word_start, word_end - word_start);
    pos = word_end;
    const std::size_t word_cols = utf8::columns(word);
    // A word wider than a whole line (a long path or URL) stays whole where it is: a terminal shows
    // the overflow on its next row, and the word can still be copied in one piece.
    const bool too_wide = hang + word_cols > width;
    if (cur_has_word && !too_wide && cur_cols + gap.size() + word_cols > width) new_line();
    if (cur_has_word) {
      cur += gap;
      cur_cols += gap.size();
    }
    cur += word;
    cur_cols += word_cols;
    cur_has_word = true;
  }
  out += cur;
}

}  // namespace

std::string wrap(std::string_view text, std::size_t width) {
  width = std::max(width, kMinWidth);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    wrap_line(text.substr(start, end - start), width, out);
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace v6r::text
