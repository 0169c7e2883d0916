#pragma once
// Shared by Name::to_text and the allocation-free summary: how one label's octets are written as
// master-file text (RFC 1035 §5.1 escapes). `put` receives one char at a time.
#include <cstdint>

namespace v6r::dns::detail {

inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

template <class Put>
void escape_label_octet(std::uint8_t o, bool lower, Put&& put) {
  const char c = static_cast<char>(o);
  switch (c) {
    case '.':
    case '\\':
    case '"':
    case '(':
    case ')':
    case ';':
    case '@':
    case '$':
      put('\\');
      put(c);
      return;
    default:
      break;
  }
  if (o < 0x21 || o > 0x7e) {
    put('\\');
    put(static_cast<char>('0' + o / 100));
    put(static_cast<char>('0' + (o / 10) % 10));
    put(static_cast<char>('0' + o % 10));
    return;
  }
  put(lower ? ascii_lower(c) : c);
}

}  // namespace v6r::dns::detail
