#pragma once
// UTF-8 as it arrives from outside (file names, DNS names, JSON strings, capture bytes): decoded one
// step at a time without trusting it, checked, and cut by characters. Decoding and the grapheme rules
// come from utf8proc (Debian libutf8proc): RFC 3629 §3-§4 (no overlong forms, no surrogates
// U+D800..U+DFFF, nothing above U+10FFFF), and Unicode UAX #29 extended grapheme clusters.
// Pure functions over byte strings; used by the output escapers (core/escape.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace v6r::utf8 {

/// One decoding step at a byte offset: a code point and its length in bytes, or an invalid byte
/// (`cp` < 0, `len` 1: a byte that does not start a well-formed sequence, RFC 3629 §4).
struct Unit {
  std::int32_t cp = -1;
  std::size_t len = 1;
  [[nodiscard]] bool valid() const { return cp >= 0; }
};
/// The unit starting at `pos` (< s.size()).
Unit decode(std::string_view s, std::size_t pos);

/// True when `s` is well-formed UTF-8 (RFC 3629).
bool valid(std::string_view s);

/// The number of user-perceived characters (UAX #29 extended grapheme clusters) in `s`; each invalid
/// byte counts as one.
std::size_t count_chars(std::string_view s);

/// `s` cut to at most `max_chars` user-perceived characters, ending in `ellipsis` when cut (its
/// characters count; when it is longer than `max_chars`, the cut has none). Never splits a UTF-8 sequence nor
/// a grapheme cluster (a base letter keeps its combining marks, an emoji its ZWJ sequence); invalid bytes
/// count one character each and are kept as they are (the output escaper shows them). `max_chars` 0 gives "".
std::string truncate(std::string_view s, std::size_t max_chars, std::string_view ellipsis = "\u2026");

/// The terminal columns `s` takes: per grapheme cluster the widest of its code points' widths
/// (utf8proc_charwidth, Unicode UAX #11: 2 for East Asian wide and emoji, 0 for combining marks),
/// at least 1 per cluster; an invalid byte counts 1 (the escaper shows it).
std::size_t columns(std::string_view s);

/// The byte length of the longest prefix of `s` made of whole grapheme clusters that takes at most
/// `max_columns` columns; at least one cluster when `s` is not empty (so a caller cutting a long word
/// into lines always advances).
std::size_t prefix_within(std::string_view s, std::size_t max_columns);

}  // namespace v6r::utf8
