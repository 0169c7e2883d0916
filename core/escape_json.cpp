// JSON text (core/escape.hpp). nlohmann::json escapes only the C0 controls, " and \ (RFC 8259 §7 asks
// for no more); DEL, the C1 controls, the bidi controls, U+2028/U+2029 and the noncharacters stay raw.
// Inside a string any character may be written as \uXXXX, so writing those as escapes changes nothing
// for a reader; outside strings, valid JSON holds only structural characters and whitespace.
#include "core/escape.hpp"

#include "core/utf8.hpp"

namespace v6r::escape {
namespace {

void append_u(std::string& out, std::uint32_t unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int i = 3; i >= 0; --i) out += kHex[(unit >> (4 * i)) & 0xf];
}

}  // namespace

std::string json(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x7f && (b >= 0x20 || b == '\n' || b == '\r' || b == '\t')) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    const utf8::Unit u = utf8::decode(text, i);
    if (!u.valid()) {
      out += "\xEF\xBF\xBD";  // not from a serializer that checks UTF-8: U+FFFD, as nlohmann's replace does
      ++i;
      continue;
    }
    if (!is_hidden(u.cp)) {
      out.append(text.substr(i, u.len));
    } else if (u.cp <= 0xffff) {
      append_u(out, static_cast<std::uint32_t>(u.cp));
    } else {  // RFC 8259 §7: a UTF-16 surrogate pair
      const auto v = static_cast<std::uint32_t>(u.cp) - 0x10000;
      append_u(out, 0xd800 + (v >> 10));
      append_u(out, 0xdc00 + (v & 0x3ff));
    }
    i += u.len;
  }
  return out;
}

}  // namespace v6r::escape
