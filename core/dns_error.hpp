#pragma once
// Why a DNS message (or a name in text form) was rejected: a code to count and branch on, the byte
// offset where the problem was found, and a fixed human detail. Trivially copyable and allocation-free
// so the analyzer's hot path (dns_summary.hpp) can return it per packet.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace v6r::dns {

enum class ParseErrc : std::uint8_t {
  truncated,        ///< a field runs past the end of the message
  bad_label,        ///< label type 0x40/0x80 (RFC 6891 §5; length ≥ 64), or an empty label in text
  name_too_long,    ///< name over 255 octets in wire form (RFC 1035 §2.3.4)
  pointer_loop,     ///< compression pointer to itself or into the bytes of the name being read
  pointer_forward,  ///< compression pointer past its own position (RFC 1035 §4.1.4: "prior occurrence")
  too_many_pointer_hops,   ///< more than kMaxPointerHops pointers in one name
  bad_rdata,               ///< RDATA does not match its type or does not fill RDLENGTH exactly
  section_count_overflow,  ///< header counts need more bytes than the message has
  trailing_data,           ///< bytes left after the last record the header announced
  duplicate_opt,           ///< more than one OPT RR (RFC 6891 §6.1.1)
  opt_outside_additional,  ///< OPT RR in the answer or authority section (RFC 6891 §6.1.1)
  bad_opt,                 ///< OPT owner not the root, or an option overruns the RDATA (RFC 6891 §6.1.2)
  bad_name_text,           ///< Name::from_text: bad escape or empty input
};

struct ParseError {
  ParseErrc code = ParseErrc::truncated;
  std::size_t offset = 0;     ///< byte offset into the message (or the text) where it went wrong
  std::string_view detail{};  ///< static text, e.g. "rdlength overruns the message"

  bool operator==(const ParseError&) const = default;
};

/// "truncated", "pointer_loop", ... (the enumerator name, stable for counters and reports).
std::string_view to_string(ParseErrc c);
/// "pointer_forward at offset 42: compression pointer must point to a prior occurrence".
std::string to_string(const ParseError& e);

}  // namespace v6r::dns
