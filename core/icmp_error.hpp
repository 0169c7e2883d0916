#pragma once
// ICMP error messages and the invoking packet they quote: the one reader of them in the tree. The
// analyzer's ICMP dissector takes the quoted 5-tuple from it (correlation: which flow an error is
// about); nat64.icmp_errors reads the whole ICMPv6 error a NAT64 translated with it and judges it
// against the datagram the probe sent; their unit tests and the fuzz seeds build errors with it.
//
// RFC 4443 §2.1 (ICMPv6 error messages are types 0-127), §3.1-3.4 (Destination Unreachable, Packet
// Too Big, Time Exceeded, Parameter Problem: 4 octets of type, code, checksum, then a 32-bit word,
// then "as much of invoking packet as possible without the ICMPv6 packet exceeding the minimum IPv6
// MTU"); RFC 792 (an ICMPv4 error quotes "Internet Header + 64 bits of Original Data Datagram");
// RFC 768 (the UDP header); RFC 8200 §3 (the IPv6 header).
//
// Pure functions over byte spans (core/wire_reader.hpp), nothing throws. Quotes are routinely cut, so a
// short quote is not an error: what is there is reported, and how much of it (the caller judges). The
// quoted packet is read as it is, without following IPv6 extension headers (a translator's quote has
// none: RFC 7915 §4.3 translates the inner header like the outer one).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/wire_reader.hpp"

namespace v6r::icmp {

// ICMPv6 error types (RFC 4443 §3) and the codes nat64.icmp_errors names.
inline constexpr std::uint8_t kV6DestUnreachable = 1;
inline constexpr std::uint8_t kV6PacketTooBig = 2;
inline constexpr std::uint8_t kV6TimeExceeded = 3;
inline constexpr std::uint8_t kV6ParamProblem = 4;
inline constexpr std::uint8_t kV6CodePortUnreachable = 4;  // RFC 4443 §3.1
inline constexpr std::uint8_t kV6CodeHopLimit = 0;         // RFC 4443 §3.3
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::size_t kIpv6HeaderSize = 40;
inline constexpr std::size_t kUdpHeaderSize = 8;

/// The invoking packet an error quotes, as far as the quote goes.
struct Quoted {
  bool v6 = false;                            ///< an IPv6 header (else IPv4)
  std::array<std::uint8_t, 16> src{}, dst{};  ///< IPv4 addresses in the first 4 octets when !v6
  std::uint8_t proto = 0;                     ///< next header / protocol
  std::uint8_t hop_limit = 0;                 ///< hop limit / TTL
  std::uint16_t ip_payload_length = 0;  ///< v6: payload length; v4: total length less the header (0 if less)
  std::size_t header_length = 0;        ///< 40, or the IPv4 IHL in octets
  bool has_ports = false;               ///< the first 4 octets after the header are quoted
  std::uint16_t sport = 0, dport = 0;   ///< TCP/UDP ports (the first 4 octets, for any protocol)
  bool has_udp_header = false;          ///< proto is UDP and its 8 octets are quoted
  std::uint16_t udp_length = 0, udp_checksum = 0;
  Bytes l4;           ///< the quoted octets after the IP header
  Bytes udp_payload;  ///< after the UDP header (when has_udp_header): the datagram's payload, maybe cut
};

/// The invoking packet at the start of `data` (an IPv6 header of 40 octets, or an IPv4 header of at
/// least 20); nullopt when there is no whole first header of a known version.
std::optional<Quoted> read_quoted(Bytes data);

/// One ICMPv6 error message (the ICMPv6 header onwards; no IPv6 header).
struct Icmpv6Error {
  std::uint8_t type = 0, code = 0;
  std::uint16_t checksum = 0;
  std::uint32_t word = 0;        ///< unused / MTU (type 2) / pointer (type 4)
  Bytes body;                    ///< what follows the 8 octets (the quote)
  std::optional<Quoted> quoted;  ///< nullopt: the body holds no whole IP header
};

enum class ParseError : std::uint8_t {
  truncated,     ///< fewer than the 8 octets of an ICMPv6 error header
  not_an_error,  ///< an informational message (type 128-255, RFC 4443 §2.1)
};
std::string_view to_string(ParseError e);  // "truncated", "not_an_error"

struct ParseFailure {
  ParseError error = ParseError::truncated;
  std::size_t size = 0;                        ///< the message's size
  [[nodiscard]] std::string describe() const;  ///< a sentence for a reason
};

Expected<Icmpv6Error, ParseFailure> parse_icmpv6_error(Bytes message);

/// "Time Exceeded (hop limit exceeded in transit)", "Destination Unreachable (port unreachable)",
/// "type 200 code 3" for what RFC 4443 does not name.
std::string describe_icmpv6(std::uint8_t type, std::uint8_t code);

// ---- builders (tests, fuzz seeds)

/// An IPv6 packet carrying one UDP datagram (UDP checksum left 0: nothing here verifies it).
std::vector<std::uint8_t> build_ipv6_udp(const std::array<std::uint8_t, 16>& src,
                                         const std::array<std::uint8_t, 16>& dst, std::uint8_t hop_limit,
                                         std::uint16_t sport, std::uint16_t dport, Bytes payload);
/// An IPv4 packet carrying one UDP datagram (header checksum computed, UDP checksum 0).
std::vector<std::uint8_t> build_ipv4_udp(const std::array<std::uint8_t, 4>& src,
                                         const std::array<std::uint8_t, 4>& dst, std::uint8_t ttl,
                                         std::uint16_t sport, std::uint16_t dport, Bytes payload);
/// An ICMPv6 error quoting `invoking` (cut so the message fits the IPv6 minimum MTU, RFC 4443 §2.4 (c));
/// checksum 0.
std::vector<std::uint8_t> build_icmpv6_error(std::uint8_t type, std::uint8_t code, std::uint32_t word,
                                             Bytes invoking);

}  // namespace v6r::icmp
