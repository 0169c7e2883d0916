#pragma once
// The analyzer's hot path: what it needs from a DNS message, without building a dns::Message and
// without touching the heap. summarize() accepts and rejects exactly what parse() does, with the same
// ParseError (both run core/dns_walk.hpp), and summary_of(parse(x)) == summarize(x).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/dns_error.hpp"
#include "core/dns_message.hpp"
#include "core/expected.hpp"
#include "core/wire_reader.hpp"

namespace v6r::dns {

/// One A or AAAA address from the answer section (class IN).
struct SummaryAddress {
  std::uint8_t family = 0;               ///< 4 or 6
  std::array<std::uint8_t, 16> bytes{};  ///< A: first 4 octets used, rest zero

  bool operator==(const SummaryAddress&) const = default;
};

struct Summary {
  static constexpr std::size_t kMaxAddresses = 8;
  /// Longest text of a 255-octet name: ≤ 254 label octets as \DDD plus dots (RFC 1035 §2.3.4, §5.1).
  static constexpr std::size_t kMaxNameText = 1024;

  Header header;
  Rcode rcode = Rcode::noerror;  ///< full 12-bit RCODE (header + EDNS extended bits)
  std::uint16_t qdcount = 0;
  std::uint16_t ancount = 0;
  std::uint16_t nscount = 0;
  std::uint16_t arcount = 0;  ///< as in the header, including the OPT RR
  bool has_question = false;
  RrType qtype = RrType{0};  ///< of the first question
  RrClass qclass = RrClass{0};
  std::uint16_t qname_length = 0;
  std::array<char, kMaxNameText> qname_buf{};  ///< only the first qname_length chars are meaningful

  std::uint16_t address_total = 0;  ///< A + AAAA (class IN) in the answer section
  std::uint8_t address_count = 0;   ///< stored in `addresses` (≤ kMaxAddresses), in wire order
  std::array<SummaryAddress, kMaxAddresses> addresses{};
  std::uint16_t cname_count = 0;                ///< CNAME records in the answer section
  std::optional<std::uint32_t> min_answer_ttl;  ///< over every answer RR; empty without answers

  bool has_edns = false;
  bool edns_do = false;
  std::uint16_t edns_udp_payload_size = 0;

  /// First question name as lower-case text ("www.example.com."), escaped like Name::to_text().
  [[nodiscard]] std::string_view qname() const { return {qname_buf.data(), qname_length}; }

  friend bool operator==(const Summary& a, const Summary& b);
};

/// Hot-path form: fills `out` (fields not in the message are reset) and returns nullopt, or the
/// error. No allocation.
std::optional<ParseError> summarize_into(Bytes wire, Summary& out);
/// Convenience form of summarize_into.
Expected<Summary, ParseError> summarize(Bytes wire);
/// The same summary computed from a parsed message (for cross-checks; allocates).
Summary summary_of(const Message& m);

}  // namespace v6r::dns
