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

}  // namespace v6r::utf8
