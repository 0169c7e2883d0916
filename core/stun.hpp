#pragma once
// STUN, the project's own client side (docs/checks-realtime.md): the one parser and the one builder of
// STUN messages in the tree. The nat64.mapping / nat64.filtering / nat64.hairpin checks send Binding
// requests through the NAT64 and read the answers with it; their unit tests build the answers with it.
//
// RFC 5389 §6: the 20-octet header (two zero bits, message type, message length, magic cookie,
// 96-bit transaction id); §15: attributes as type, length, value padded to a multiple of 4 octets;
// §15.1 MAPPED-ADDRESS, §15.2 XOR-MAPPED-ADDRESS, §15.6 ERROR-CODE, §15.9 UNKNOWN-ATTRIBUTES;
// RFC 5780 §7.2 CHANGE-REQUEST, §7.3 RESPONSE-ORIGIN, §7.4 OTHER-ADDRESS, §7.5 RESPONSE-PORT (and RFC 3489
// §11.2.3 CHANGED-ADDRESS, which older servers send instead of OTHER-ADDRESS).
//
// Pure functions over byte spans (core/wire_reader.hpp), nothing throws. Every answer is hostile: a
// header, attribute or address that is not what the RFC says is a typed failure naming what was
// wrong; nothing from the message reaches a caller unchecked (the ERROR-CODE reason phrase is cut to
// its RFC 5389 §15.6 bound and keeps printable ASCII only).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/ip.hpp"
#include "core/wire_reader.hpp"

namespace v6r::stun {

inline constexpr std::uint32_t kMagicCookie = 0x2112A442;  // RFC 5389 §6
inline constexpr std::size_t kHeaderSize = 20;             // RFC 5389 §6
inline constexpr std::uint16_t kMethodBinding = 0x001;     // RFC 5389 §18.1
inline constexpr std::uint16_t kDefaultPort = 3478;        // RFC 5389 §9

// Attribute types (RFC 5389 §18.2, RFC 5780 §9.1, RFC 3489 §11.2).
inline constexpr std::uint16_t kAttrMappedAddress = 0x0001;
inline constexpr std::uint16_t kAttrChangeRequest = 0x0003;
inline constexpr std::uint16_t kAttrChangedAddress = 0x0005;  // RFC 3489, superseded by OTHER-ADDRESS
inline constexpr std::uint16_t kAttrErrorCode = 0x0009;
inline constexpr std::uint16_t kAttrUnknownAttributes = 0x000A;
inline constexpr std::uint16_t kAttrXorMappedAddress = 0x0020;
inline constexpr std::uint16_t kAttrResponsePort = 0x0027;
inline constexpr std::uint16_t kAttrSoftware = 0x8022;
inline constexpr std::uint16_t kAttrFingerprint = 0x8028;
inline constexpr std::uint16_t kAttrResponseOrigin = 0x802B;
inline constexpr std::uint16_t kAttrOtherAddress = 0x802C;

// CHANGE-REQUEST flags (RFC 5780 §7.2).
inline constexpr std::uint32_t kChangeIp = 0x4;
inline constexpr std::uint32_t kChangePort = 0x2;

/// RFC 5389 §6: the two class bits C1 C0.
enum class MessageClass : std::uint8_t { request = 0, indication = 1, success = 2, error = 3 };
std::string_view to_string(MessageClass c);  // "request", ...

using TransactionId = std::array<std::uint8_t, 12>;

/// An IP address and port as STUN carries them.
struct TransportAddress {
  IpAddr address;
  std::uint16_t port = 0;
  bool operator==(const TransportAddress&) const = default;
  /// "192.0.2.30:3478" / "[2001:db8::1]:3478".
  [[nodiscard]] std::string to_string() const;
};

/// RFC 5389 §15.6.
struct ErrorCode {
  int code = 0;        ///< class * 100 + number, 300..699
  std::string reason;  ///< printable ASCII only, at most 127 characters (§15.6 bound)
};

/// What a parsed message says. An attribute that appears twice counts once (RFC 5389 §15: the first).
struct Message {
  MessageClass cls = MessageClass::request;
  std::uint16_t method = 0;
  TransactionId transaction_id{};
  std::optional<TransportAddress> xor_mapped_address;
  std::optional<TransportAddress> mapped_address;
  std::optional<TransportAddress> other_address;    ///< OTHER-ADDRESS, else CHANGED-ADDRESS
  std::optional<TransportAddress> response_origin;  ///< RESPONSE-ORIGIN
  std::optional<std::uint32_t> change_request;      ///< kChangeIp | kChangePort
  std::optional<std::uint16_t> response_port;       ///< RESPONSE-PORT (a request's, RFC 5780 §7.5)
  std::optional<ErrorCode> error_code;
  std::vector<std::uint16_t> unknown_attributes;  ///< UNKNOWN-ATTRIBUTES (the server's list, §15.9)
  /// Attribute types 0x0000–0x7FFF this parser does not know: a response that carries one must be
  /// discarded (RFC 5389 §7.3.3, comprehension-required).
  std::vector<std::uint16_t> unknown_required;
  std::size_t attributes = 0;  ///< how many attributes the message has

  /// XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS (RFC 5389 §15.1: for RFC 3489 servers).
  [[nodiscard]] const std::optional<TransportAddress>& mapped() const {
    return xor_mapped_address ? xor_mapped_address : mapped_address;
  }
};

/// Why a datagram is not a STUN message this client can use.
enum class ParseError : std::uint8_t {
  truncated_header,       ///< fewer than 20 octets
  not_stun,               ///< the two most significant bits are not zero (RFC 5389 §6)
  wrong_cookie,           ///< magic cookie is not 0x2112A442 (RFC 5389 §6)
  length_mismatch,        ///< message length is not the datagram size less 20
  length_not_aligned,     ///< message length not a multiple of 4 (RFC 5389 §6)
  attribute_truncated,    ///< an attribute header or value (with padding) runs past the end
  bad_address_family,     ///< an address attribute with a family other than 0x01 / 0x02
  bad_address_length,     ///< an address attribute whose length does not fit its family
  bad_error_code,         ///< ERROR-CODE shorter than 4 octets or a code outside 300..699
  bad_change_request,     ///< CHANGE-REQUEST not 4 octets
  bad_response_port,      ///< RESPONSE-PORT not 4 octets (a port and 2 octets of padding)
  bad_unknown_attributes  ///< UNKNOWN-ATTRIBUTES length odd
};
std::string_view to_string(ParseError e);  // "wrong_cookie", ...

struct ParseFailure {
  ParseError error = ParseError::truncated_header;
  std::size_t offset = 0;                      ///< where in the datagram
  std::uint16_t attribute = 0;                 ///< the attribute type, for attribute errors (0 otherwise)
  [[nodiscard]] std::string describe() const;  ///< a sentence for a reason
};

/// Parses one datagram as a STUN message (any class, any method).
Expected<Message, ParseFailure> parse(Bytes datagram);

/// Builds one STUN message: header, then attributes in the order added, each padded with zeros.
class MessageBuilder {
 public:
  MessageBuilder(MessageClass cls, std::uint16_t method, const TransactionId& tid);
  /// MAPPED-ADDRESS-format attribute (MAPPED-ADDRESS, OTHER-ADDRESS, RESPONSE-ORIGIN, CHANGED-ADDRESS).
  MessageBuilder& address(std::uint16_t type, const TransportAddress& a);
  /// XOR-MAPPED-ADDRESS-format attribute (RFC 5389 §15.2).
  MessageBuilder& xor_address(std::uint16_t type, const TransportAddress& a);
  MessageBuilder& change_request(std::uint32_t flags);
  /// RESPONSE-PORT (RFC 5780 §7.5): the port, then 2 octets of padding.
  MessageBuilder& response_port(std::uint16_t port);
  MessageBuilder& error_code(int code, std::string_view reason);
  MessageBuilder& unknown_attributes(const std::vector<std::uint16_t>& types);
  /// Any attribute, value as given (padded).
  MessageBuilder& raw(std::uint16_t type, Bytes value);
  /// The message, with its length field set.
  [[nodiscard]] std::vector<std::uint8_t> finish() const;

 private:
  std::vector<std::uint8_t> out_;
};

/// A Binding request (RFC 5389 §7.1), with CHANGE-REQUEST when `change_flags` is set (RFC 5780 §7.2)
/// and RESPONSE-PORT when `response_port` is (RFC 5780 §7.5: the server sends its answer to the
/// request's source address and that port).
std::vector<std::uint8_t> binding_request(const TransactionId& tid,
                                          std::optional<std::uint32_t> change_flags = std::nullopt,
                                          std::optional<std::uint16_t> response_port = std::nullopt);

/// RFC 5389 §7.3.3 for a client that sent a Binding request with `tid`: empty when `m` is a usable
/// Binding success response carrying a mapped address; else why not (a sentence for a reason).
std::string check_binding_response(const Message& m, const TransactionId& tid);

}  // namespace v6r::stun
