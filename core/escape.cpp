// The hidden-character rule every medium shares (core/escape.hpp) and the visible escapes.
#include "core/escape.hpp"

#include "core/utf8.hpp"

namespace v6r::escape {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, std::uint32_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) out += kHex[(v >> (4 * i)) & 0xf];
}

/// "\x1b" for a byte (below 0x80, or one that is not well-formed UTF-8), "\u202e" / "\U0010fffe" for
/// a code point.
void append_byte(std::string& out, unsigned char b) {
  out += "\\x";
  append_hex(out, b, 2);
}
void append_code_point(std::string& out, std::int32_t cp) {
  if (cp < 0x80) return append_byte(out, static_cast<unsigned char>(cp));
  if (cp <= 0xffff) {
    out += "\\u";
    append_hex(out, static_cast<std::uint32_t>(cp), 4);
  } else {
    out += "\\U";
    append_hex(out, static_cast<std::uint32_t>(cp), 8);
  }
}

}  // namespace

bool is_hidden(std::int32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return true;   // C0, DEL
  if (cp >= 0x80 && cp <= 0x9f) return true;  // C1
  if (cp < 0x061c) return false;              // fast path for Latin, Vietnamese, ...
  switch (cp) {
    case 0x061c:  // ARABIC LETTER MARK (UAX #9 §2.6 implicit directional marks)
    case 0x200e:  // LEFT-TO-RIGHT MARK
    case 0x200f:  // RIGHT-TO-LEFT MARK
    case 0x2028:  // LINE SEPARATOR
    case 0x2029:  // PARAGRAPH SEPARATOR
      return true;
    default:
      break;
  }
  if (cp >= 0x202a && cp <= 0x202e) return true;  // LRE RLE PDF LRO RLO (UAX #9 §2.1, §2.2)
  if (cp >= 0x2066 && cp <= 0x2069) return true;  // LRI RLI FSI PDI (UAX #9 §2.4)
  if (cp >= 0xfdd0 && cp <= 0xfdef) return true;  // noncharacters (Unicode §23.7)
  if ((cp & 0xfffe) == 0xfffe) return true;       // U+xxFFFE, U+xxFFFF in every plane
  return cp > 0x10ffff;
}

std::string visible(std::string_view s, std::string_view keep) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    // Printable ASCII, most of every text, is appended a run at a time.
    std::size_t run = i;
    while (run < s.size() && static_cast<unsigned char>(s[run]) >= 0x20 &&
           static_cast<unsigned char>(s[run]) < 0x7f)
      ++run;
    if (run > i) {
      out.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {  // C0 or DEL
      if (keep.find(static_cast<char>(b)) != std::string_view::npos)
        out += static_cast<char>(b);
      else
        append_byte(out, b);
      ++i;
      continue;
    }
    const utf8::Unit u = utf8::decode(s, i);
    if (!u.valid()) {
      append_byte(out, b);
      ++i;
      continue;
    }
    if (is_hidden(u.cp))
      append_code_point(out, u.cp);
    else
      out.append(s.substr(i, u.len));
    i += u.len;
  }
  return out;
}

}  // namespace v6r::escape
