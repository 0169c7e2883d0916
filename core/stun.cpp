// STUN messages (core/stun.hpp): RFC 5389 §6 header, §15 attributes, RFC 5780 §7 attributes.
#include "core/stun.hpp"

#include <algorithm>
#include <cstring>

namespace v6r::stun {
namespace {

constexpr std::uint8_t kFamilyV4 = 0x01;  // RFC 5389 §15.1
constexpr std::uint8_t kFamilyV6 = 0x02;

Unexpected<ParseFailure> failure(ParseError e, std::size_t offset, std::uint16_t attribute = 0) {
  return Unexpected<ParseFailure>{ParseFailure{e, offset, attribute}};
}

/// RFC 5389 §6: the method's 12 bits interleaved with the class bits C0 (bit 4) and C1 (bit 8).
std::uint16_t message_type(MessageClass cls, std::uint16_t method) {
  const auto c = static_cast<unsigned>(cls);
  const unsigned m = method & 0x0FFFu;
  return static_cast<std::uint16_t>((m & 0x000Fu) | ((m & 0x0070u) << 1) | ((m & 0x0F80u) << 2) |
                                    ((c & 1u) << 4) | ((c & 2u) << 7));
}

/// The value of an address attribute (RFC 5389 §15.1; §15.2 when `xored`).
Expected<TransportAddress, ParseFailure> read_address(Bytes value, std::size_t offset, std::uint16_t type,
                                                      bool xored, const TransactionId& tid) {
  WireReader r(value);
  if (value.size() < 4) return failure(ParseError::bad_address_length, offset, type);
  r.skip(1);  // reserved
  const std::uint8_t family = *r.u8();
  std::uint16_t port = *r.u16be();
  if (xored) port ^= static_cast<std::uint16_t>(kMagicCookie >> 16);
  if (family == kFamilyV4) {
    if (value.size() != 8) return failure(ParseError::bad_address_length, offset, type);
    Ipv4Addr a;
    copy_octets(*r.bytes(4), a.bytes);
    if (xored)
      for (std::size_t i = 0; i < 4; ++i)
        a.bytes[i] ^= static_cast<std::uint8_t>(kMagicCookie >> (24 - 8 * i));
    return TransportAddress{a, port};
  }
  if (family == kFamilyV6) {
    if (value.size() != 20) return failure(ParseError::bad_address_length, offset, type);
    Ipv6Addr a;
    copy_octets(*r.bytes(16), a.bytes);
    if (xored) {
      for (std::size_t i = 0; i < 4; ++i)
        a.bytes[i] ^= static_cast<std::uint8_t>(kMagicCookie >> (24 - 8 * i));
      for (std::size_t i = 0; i < 12; ++i) a.bytes[4 + i] ^= tid[i];
    }
    return TransportAddress{a, port};
  }
  return failure(ParseError::bad_address_family, offset, type);
}

/// RFC 5389 §15.6: class (3 bits) and number; the reason phrase keeps printable ASCII, < 128 characters.
Expected<ErrorCode, ParseFailure> read_error_code(Bytes value, std::size_t offset) {
  if (value.size() < 4) return failure(ParseError::bad_error_code, offset, kAttrErrorCode);
  const int cls = value[2] & 0x07;
  const int number = value[3];
  if (cls < 3 || cls > 6 || number > 99) return failure(ParseError::bad_error_code, offset, kAttrErrorCode);
  ErrorCode e{cls * 100 + number, {}};
  for (std::size_t i = 4; i < value.size() && e.reason.size() < 127; ++i) {
    const auto ch = static_cast<char>(value[i]);
    e.reason.push_back(value[i] >= 0x20 && value[i] < 0x7f ? ch : '?');
  }
  return e;
}

bool known_type(std::uint16_t t) {
  switch (t) {
    case kAttrMappedAddress:
    case kAttrChangeRequest:
    case kAttrChangedAddress:
    case kAttrErrorCode:
    case kAttrUnknownAttributes:
    case kAttrXorMappedAddress:
    case 0x0004:  // SOURCE-ADDRESS (RFC 3489 §11.2.5): sent by older servers, not needed here
    case 0x0006:  // USERNAME
    case 0x0008:  // MESSAGE-INTEGRITY: this client sends no credentials and relies on none
    case 0x0014:  // REALM
    case 0x0015:  // NONCE
    case 0x0026:  // PADDING (RFC 5780 §7.6)
    case kAttrResponsePort:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view to_string(MessageClass c) {
  switch (c) {
    case MessageClass::request:
      return "request";
    case MessageClass::indication:
      return "indication";
    case MessageClass::success:
      return "success response";
    case MessageClass::error:
      return "error response";
  }
  return "?";
}

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::truncated_header:
      return "truncated_header";
    case ParseError::not_stun:
      return "not_stun";
    case ParseError::wrong_cookie:
      return "wrong_cookie";
    case ParseError::length_mismatch:
      return "length_mismatch";
    case ParseError::length_not_aligned:
      return "length_not_aligned";
    case ParseError::attribute_truncated:
      return "attribute_truncated";
    case ParseError::bad_address_family:
      return "bad_address_family";
    case ParseError::bad_address_length:
      return "bad_address_length";
    case ParseError::bad_error_code:
      return "bad_error_code";
    case ParseError::bad_change_request:
      return "bad_change_request";
    case ParseError::bad_response_port:
      return "bad_response_port";
    case ParseError::bad_unknown_attributes:
      return "bad_unknown_attributes";
  }
  return "?";
}

std::string ParseFailure::describe() const {
  std::string what;
  switch (error) {
    case ParseError::truncated_header:
      what = "shorter than the 20-octet STUN header";
      break;
    case ParseError::not_stun:
      what = "not a STUN message (first two bits not zero)";
      break;
    case ParseError::wrong_cookie:
      what = "wrong magic cookie (not 0x2112A442)";
      break;
    case ParseError::length_mismatch:
      what = "message length field does not match the datagram size";
      break;
    case ParseError::length_not_aligned:
      what = "message length is not a multiple of 4";
      break;
    case ParseError::attribute_truncated:
      what = "an attribute runs past the end of the message";
      break;
    case ParseError::bad_address_family:
      what = "an address attribute has an unknown family";
      break;
    case ParseError::bad_address_length:
      what = "an address attribute's length does not fit its family";
      break;
    case ParseError::bad_error_code:
      what = "malformed ERROR-CODE";
      break;
    case ParseError::bad_change_request:
      what = "malformed CHANGE-REQUEST";
      break;
    case ParseError::bad_response_port:
      what = "malformed RESPONSE-PORT";
      break;
    case ParseError::bad_unknown_attributes:
      what = "malformed UNKNOWN-ATTRIBUTES";
      break;
  }
  char buf[64];
  if (attribute != 0)
    std::snprintf(buf, sizeof buf, " (attribute 0x%04x at offset %zu)", attribute, offset);
  else
    std::snprintf(buf, sizeof buf, " (offset %zu)", offset);
  return what + buf;
}

std::string TransportAddress::to_string() const {
  const std::string a = address.to_string();
  return address.family() == IpFamily::v6 ? "[" + a + "]:" + std::to_string(port)
                                          : a + ":" + std::to_string(port);
}

Expected<Message, ParseFailure> parse(Bytes datagram) {
  WireReader r(datagram);
  if (datagram.size() < kHeaderSize) return failure(ParseError::truncated_header, 0);
  const std::uint16_t type = *r.u16be();
  if ((type & 0xC000u) != 0) return failure(ParseError::not_stun, 0);
  const std::uint16_t length = *r.u16be();
  const std::uint32_t cookie = *r.u32be();
  if (cookie != kMagicCookie) return failure(ParseError::wrong_cookie, 4);
  if (length % 4 != 0) return failure(ParseError::length_not_aligned, 2);
  if (length != datagram.size() - kHeaderSize) return failure(ParseError::length_mismatch, 2);
  Message m;
  copy_octets(*r.bytes(12), m.transaction_id);
  m.cls = static_cast<MessageClass>(((type >> 4) & 1u) | ((type >> 7) & 2u));
  m.method = static_cast<std::uint16_t>((type & 0x000Fu) | ((type >> 1) & 0x0070u) | ((type >> 2) & 0x0F80u));

  // RFC 5389 §15: type, length, value, padding to a 4-octet boundary (the padding counts against the
  // message length but not the attribute's).
  bool seen_other = false;
  while (!r.empty()) {
    const std::size_t at = r.offset();
    const auto attr_type = r.u16be();
    const auto attr_len = r.u16be();
    if (!attr_type || !attr_len) return failure(ParseError::attribute_truncated, at);
    const std::size_t padded = (static_cast<std::size_t>(*attr_len) + 3u) & ~std::size_t{3};
    const auto value = r.bytes(*attr_len);
    if (!value || !r.skip(padded - *attr_len))
      return failure(ParseError::attribute_truncated, at, *attr_type);
    ++m.attributes;
    const std::uint16_t t = *attr_type;
    switch (t) {
      case kAttrXorMappedAddress:
      case kAttrMappedAddress:
      case kAttrOtherAddress:
      case kAttrChangedAddress:
      case kAttrResponseOrigin: {
        auto a = read_address(*value, at, t, t == kAttrXorMappedAddress, m.transaction_id);
        if (!a) return Unexpected<ParseFailure>{a.error()};
        if (t == kAttrXorMappedAddress) {
          if (!m.xor_mapped_address) m.xor_mapped_address = *a;
        } else if (t == kAttrMappedAddress) {
          if (!m.mapped_address) m.mapped_address = *a;
        } else if (t == kAttrResponseOrigin) {
          if (!m.response_origin) m.response_origin = *a;
        } else if (t == kAttrOtherAddress) {  // wins over an RFC 3489 CHANGED-ADDRESS
          if (!seen_other) m.other_address = *a;
          seen_other = true;
        } else if (!m.other_address) {
          m.other_address = *a;
        }
        break;
      }
      case kAttrChangeRequest: {
        if (value->size() != 4) return failure(ParseError::bad_change_request, at, t);
        WireReader v(*value);
        if (!m.change_request) m.change_request = *v.u32be();
        break;
      }
      case kAttrResponsePort: {
        if (value->size() != 4) return failure(ParseError::bad_response_port, at, t);
        WireReader v(*value);
        if (!m.response_port) m.response_port = *v.u16be();
        break;
      }
      case kAttrErrorCode: {
        auto e = read_error_code(*value, at);
        if (!e) return Unexpected<ParseFailure>{e.error()};
        if (!m.error_code) m.error_code = std::move(*e);
        break;
      }
      case kAttrUnknownAttributes: {
        if (value->size() % 2 != 0) return failure(ParseError::bad_unknown_attributes, at, t);
        WireReader v(*value);
        while (!v.empty()) m.unknown_attributes.push_back(*v.u16be());
        break;
      }
      default:
        if (t < 0x8000 && !known_type(t) &&
            std::find(m.unknown_required.begin(), m.unknown_required.end(), t) == m.unknown_required.end())
          m.unknown_required.push_back(t);
        break;
    }
  }
  return m;
}

MessageBuilder::MessageBuilder(MessageClass cls, std::uint16_t method, const TransactionId& tid) {
  const std::uint16_t type = message_type(cls, method);
  out_ = {static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type), 0, 0};
  for (int shift = 24; shift >= 0; shift -= 8)
    out_.push_back(static_cast<std::uint8_t>(kMagicCookie >> shift));
  out_.insert(out_.end(), tid.begin(), tid.end());
}

MessageBuilder& MessageBuilder::raw(std::uint16_t type, Bytes value) {
  const auto len = static_cast<std::uint16_t>(std::min<std::size_t>(value.size(), 0xFFFF));
  out_.push_back(static_cast<std::uint8_t>(type >> 8));
  out_.push_back(static_cast<std::uint8_t>(type));
  out_.push_back(static_cast<std::uint8_t>(len >> 8));
  out_.push_back(static_cast<std::uint8_t>(len));
  out_.insert(out_.end(), value.begin(), value.begin() + len);
  while (out_.size() % 4 != 0) out_.push_back(0);
  return *this;
}

MessageBuilder& MessageBuilder::address(std::uint16_t type, const TransportAddress& a) {
  std::vector<std::uint8_t> v = {0, a.address.family() == IpFamily::v4 ? kFamilyV4 : kFamilyV6,
                                 static_cast<std::uint8_t>(a.port >> 8), static_cast<std::uint8_t>(a.port)};
  if (a.address.family() == IpFamily::v4) {
    const auto& b = a.address.v4().bytes;
    v.insert(v.end(), b.begin(), b.end());
  } else {
    const auto& b = a.address.v6().bytes;
    v.insert(v.end(), b.begin(), b.end());
  }
  return raw(type, v);
}

MessageBuilder& MessageBuilder::xor_address(std::uint16_t type, const TransportAddress& a) {
  TransportAddress x = a;
  x.port = static_cast<std::uint16_t>(a.port ^ (kMagicCookie >> 16));
  if (a.address.family() == IpFamily::v4) {
    Ipv4Addr v4 = a.address.v4();
    for (std::size_t i = 0; i < 4; ++i)
      v4.bytes[i] ^= static_cast<std::uint8_t>(kMagicCookie >> (24 - 8 * i));
    x.address = v4;
  } else {
    Ipv6Addr v6 = a.address.v6();
    for (std::size_t i = 0; i < 4; ++i)
      v6.bytes[i] ^= static_cast<std::uint8_t>(kMagicCookie >> (24 - 8 * i));
    for (std::size_t i = 0; i < 12; ++i) v6.bytes[4 + i] ^= out_[8 + i];
    x.address = v6;
  }
  return address(type, x);
}

MessageBuilder& MessageBuilder::change_request(std::uint32_t flags) {
  const std::uint8_t v[4] = {static_cast<std::uint8_t>(flags >> 24), static_cast<std::uint8_t>(flags >> 16),
                             static_cast<std::uint8_t>(flags >> 8), static_cast<std::uint8_t>(flags)};
  return raw(kAttrChangeRequest, Bytes(v, 4));
}

MessageBuilder& MessageBuilder::response_port(std::uint16_t port) {
  const std::uint8_t v[4] = {static_cast<std::uint8_t>(port >> 8), static_cast<std::uint8_t>(port), 0, 0};
  return raw(kAttrResponsePort, Bytes(v, 4));
}

MessageBuilder& MessageBuilder::error_code(int code, std::string_view reason) {
  std::vector<std::uint8_t> v = {0, 0, static_cast<std::uint8_t>((code / 100) & 0x07),
                                 static_cast<std::uint8_t>(code % 100)};
  v.insert(v.end(), reason.begin(), reason.end());
  return raw(kAttrErrorCode, v);
}

MessageBuilder& MessageBuilder::unknown_attributes(const std::vector<std::uint16_t>& types) {
  std::vector<std::uint8_t> v;
  for (auto t : types) {
    v.push_back(static_cast<std::uint8_t>(t >> 8));
    v.push_back(static_cast<std::uint8_t>(t));
  }
  return raw(kAttrUnknownAttributes, v);
}

std::vector<std::uint8_t> MessageBuilder::finish() const {
  std::vector<std::uint8_t> m = out_;
  const std::size_t len = m.size() - kHeaderSize;
  m[2] = static_cast<std::uint8_t>(len >> 8);
  m[3] = static_cast<std::uint8_t>(len);
  return m;
}

std::vector<std::uint8_t> binding_request(const TransactionId& tid, std::optional<std::uint32_t> change_flags,
                                          std::optional<std::uint16_t> response_port) {
  MessageBuilder b(MessageClass::request, kMethodBinding, tid);
  if (change_flags) b.change_request(*change_flags);
  if (response_port) b.response_port(*response_port);
  return b.finish();
}

std::string check_binding_response(const Message& m, const TransactionId& tid) {
  if (m.transaction_id != tid) return "a STUN message with another transaction id";
  if (m.method != kMethodBinding) return "a STUN message of another method than Binding";
  if (m.cls == MessageClass::error) {
    if (!m.error_code) return "a STUN error response without ERROR-CODE";
    return "STUN error " + std::to_string(m.error_code->code) +
           (m.error_code->reason.empty() ? std::string() : " (" + m.error_code->reason + ")");
  }
  if (m.cls != MessageClass::success) return "a STUN " + std::string(to_string(m.cls)) + ", not a response";
  if (!m.unknown_required.empty()) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", m.unknown_required.front());
    return std::string("a Binding response with an unknown comprehension-required attribute ") + buf;
  }
  if (!m.mapped()) return "a Binding response without (XOR-)MAPPED-ADDRESS";
  return {};
}

}  // namespace v6r::stun
