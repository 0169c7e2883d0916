// The one STUN parser and builder (core/stun.hpp): round trips, the RFC 5769 §2.2 test vector's
// XOR-MAPPED-ADDRESS, and hostile answers (truncated, wrong cookie, length lies, attribute past the
// end, IPv4 family with a 16-octet address, bad ERROR-CODE, unknown comprehension-required attribute).
#include "core/stun.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace v6r::stun {
namespace {

using Buf = std::vector<std::uint8_t>;

const TransactionId kTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

TransportAddress v4(const char* a, std::uint16_t port) {
  return TransportAddress{*Ipv4Addr::parse(a), port};
}

TEST(Stun, BindingRequestHeader) {
  const Buf m = binding_request(kTid);
  ASSERT_EQ(m.size(), 20u);
  EXPECT_EQ(m[0], 0x00);
  EXPECT_EQ(m[1], 0x01);  // Binding request (RFC 5389 §6: 0x0001)
  EXPECT_EQ(m[2], 0x00);
  EXPECT_EQ(m[3], 0x00);
  EXPECT_EQ(m[4], 0x21);
  EXPECT_EQ(m[7], 0x42);
  auto p = parse(m);
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_EQ(p->cls, MessageClass::request);
  EXPECT_EQ(p->method, kMethodBinding);
  EXPECT_EQ(p->transaction_id, kTid);
  EXPECT_FALSE(p->change_request);
}

TEST(Stun, BindingRequestWithChangeRequest) {
  const Buf m = binding_request(kTid, kChangeIp | kChangePort);
  ASSERT_EQ(m.size(), 28u);
  EXPECT_EQ(m[3], 8);      // length
  EXPECT_EQ(m[20], 0x00);  // type 0x0003
  EXPECT_EQ(m[21], 0x03);
  EXPECT_EQ(m[27], 0x06);  // change IP (0x4) | change port (0x2), RFC 5780 §7.2
  auto p = parse(m);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->change_request, kChangeIp | kChangePort);
}

// RFC 5780 §7.5: RESPONSE-PORT is a 16-bit port and 2 octets of padding (nat64.udp_lifetime, RFC 5780
// §4.6); any other length is refused.
TEST(Stun, BindingRequestWithResponsePort) {
  const Buf m = binding_request(kTid, std::nullopt, 0xC350);
  ASSERT_EQ(m.size(), 28u);
  EXPECT_EQ(m[3], 8);      // length
  EXPECT_EQ(m[20], 0x00);  // type 0x0027
  EXPECT_EQ(m[21], 0x27);
  EXPECT_EQ(m[23], 4);
  EXPECT_EQ(m[24], 0xC3);
  EXPECT_EQ(m[25], 0x50);
  EXPECT_EQ(m[26], 0);
  EXPECT_EQ(m[27], 0);
  auto p = parse(m);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->response_port, 50000);
  EXPECT_FALSE(p->change_request);
  EXPECT_TRUE(p->unknown_required.empty());
  const Buf two = {0xC3, 0x50};
  EXPECT_EQ(
      parse(MessageBuilder(MessageClass::request, kMethodBinding, kTid).raw(kAttrResponsePort, two).finish())
          .error()
          .error,
      ParseError::bad_response_port);
}

// RFC 5769 §2.2 sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853 is encoded as
// 0x0020 0x0008 0x00 0x01 0xa1 0x47 0xe1 0x12 0xa6 0x43.
TEST(Stun, Rfc5769XorMappedAddressVector) {
  Buf m = MessageBuilder(MessageClass::success, kMethodBinding, kTid).finish();
  const Buf attr = {0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43};
  m.insert(m.end(), attr.begin(), attr.end());
  m[3] = 12;
  auto p = parse(m);
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_EQ(p->cls, MessageClass::success);
  ASSERT_TRUE(p->xor_mapped_address);
  EXPECT_EQ(p->xor_mapped_address->to_string(), "192.0.2.1:32853");
  // and the builder writes the same octets
  const Buf built = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                        .xor_address(kAttrXorMappedAddress, v4("192.0.2.1", 32853))
                        .finish();
  EXPECT_EQ(built, m);
  EXPECT_EQ(check_binding_response(*p, kTid), "");
}

TEST(Stun, XorMappedIpv6UsesTransactionId) {
  const TransportAddress a{*Ipv6Addr::parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853};
  const Buf m = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                    .xor_address(kAttrXorMappedAddress, a)
                    .finish();
  // RFC 5769 §2.3: the X-Address starts 0x01 0x13 0xa9 0xfa and ends with ...
  EXPECT_EQ(m[28], 0x01);
  EXPECT_EQ(m[29], 0x13);
  EXPECT_EQ(m[30], 0xa9);
  EXPECT_EQ(m[31], 0xfa);
  auto p = parse(m);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->xor_mapped_address, a);
}

TEST(Stun, Rfc5780Attributes) {
  const Buf m = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                    .xor_address(kAttrXorMappedAddress, v4("203.0.113.1", 40000))
                    .address(kAttrMappedAddress, v4("203.0.113.1", 40000))
                    .address(kAttrResponseOrigin, v4("192.0.2.30", 3478))
                    .address(kAttrOtherAddress, v4("192.0.2.31", 3479))
                    .raw(kAttrSoftware, Buf{'c', 'o', 't'})  // 3 octets: padded
                    .finish();
  auto p = parse(m);
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_EQ(p->attributes, 5u);
  EXPECT_EQ(p->mapped()->to_string(), "203.0.113.1:40000");
  EXPECT_EQ(p->response_origin->to_string(), "192.0.2.30:3478");
  EXPECT_EQ(p->other_address->to_string(), "192.0.2.31:3479");
  EXPECT_TRUE(p->unknown_required.empty());
}

TEST(Stun, ChangedAddressOnlyWhenNoOtherAddress) {
  const Buf old = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                      .address(kAttrMappedAddress, v4("203.0.113.1", 1))
                      .address(kAttrChangedAddress, v4("192.0.2.99", 9))
                      .finish();
  EXPECT_EQ(parse(old)->other_address->to_string(), "192.0.2.99:9");
  EXPECT_EQ(parse(old)->mapped()->to_string(), "203.0.113.1:1");  // MAPPED-ADDRESS fallback
  const Buf both = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                       .address(kAttrChangedAddress, v4("192.0.2.99", 9))
                       .address(kAttrOtherAddress, v4("192.0.2.31", 3479))
                       .address(kAttrChangedAddress, v4("192.0.2.98", 8))
                       .finish();
  EXPECT_EQ(parse(both)->other_address->to_string(), "192.0.2.31:3479");
}

TEST(Stun, ErrorResponse) {
  const Buf m = MessageBuilder(MessageClass::error, kMethodBinding, kTid)
                    .error_code(420, "Unknown\x1b[31mAttribute")
                    .unknown_attributes({kAttrChangeRequest})
                    .finish();
  auto p = parse(m);
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_EQ(p->cls, MessageClass::error);
  EXPECT_EQ(p->error_code->code, 420);
  EXPECT_EQ(p->error_code->reason, "Unknown?[31mAttribute");  // the escape byte does not get through
  EXPECT_EQ(p->unknown_attributes, std::vector<std::uint16_t>{kAttrChangeRequest});
  EXPECT_EQ(check_binding_response(*p, kTid), "STUN error 420 (Unknown?[31mAttribute)");
}

// ---- hostile answers

TEST(StunHostile, Truncated) {
  const Buf m = binding_request(kTid);
  for (std::size_t n = 0; n < 20; ++n) {
    auto p = parse(Bytes(m.data(), n));
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().error, ParseError::truncated_header);
  }
}

TEST(StunHostile, WrongCookie) {
  Buf m = binding_request(kTid);
  m[7] = 0x43;
  auto p = parse(m);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().error, ParseError::wrong_cookie);
  EXPECT_NE(p.error().describe().find("magic cookie"), std::string::npos);
}

TEST(StunHostile, NotStun) {
  Buf m = binding_request(kTid);
  m[0] = 0x80;  // e.g. RTP version 2
  EXPECT_EQ(parse(m).error().error, ParseError::not_stun);
}

TEST(StunHostile, LengthLies) {
  Buf m = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
              .xor_address(kAttrXorMappedAddress, v4("203.0.113.1", 4))
              .finish();
  Buf longer = m;
  longer[3] = static_cast<std::uint8_t>(longer[3] + 4);
  EXPECT_EQ(parse(longer).error().error, ParseError::length_mismatch);
  Buf odd = m;
  odd[3] = 3;
  EXPECT_EQ(parse(odd).error().error, ParseError::length_not_aligned);
  m.push_back(0);  // a byte beyond the stated length
  EXPECT_EQ(parse(m).error().error, ParseError::length_mismatch);
}

TEST(StunHostile, AttributeLengthPastTheEnd) {
  Buf m = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
              .xor_address(kAttrXorMappedAddress, v4("203.0.113.1", 4))
              .finish();
  m[23] = 0x40;  // attribute length 64, message holds 8
  auto p = parse(m);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().error, ParseError::attribute_truncated);
  EXPECT_EQ(p.error().attribute, kAttrXorMappedAddress);
  EXPECT_EQ(p.error().offset, 20u);
  // padding cut off: a 5-octet attribute in a message that ends right after its value
  Buf cut = MessageBuilder(MessageClass::success, kMethodBinding, kTid).finish();
  for (int b : {0x80, 0x22, 0x00, 0x05, int{'a'}, int{'b'}, int{'c'}, int{'d'}})
    cut.push_back(static_cast<std::uint8_t>(b));
  cut[3] = 8;
  EXPECT_EQ(parse(cut).error().error, ParseError::attribute_truncated);
  // a zero-length attribute is a whole attribute
  Buf empty =
      MessageBuilder(MessageClass::success, kMethodBinding, kTid).raw(kAttrSoftware, Bytes{}).finish();
  ASSERT_TRUE(parse(empty));
  EXPECT_EQ(parse(empty)->attributes, 1u);
}

TEST(StunHostile, ZeroLengthAddressIsRefused) {
  Buf m = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
              .raw(kAttrXorMappedAddress, Bytes{})
              .finish();
  EXPECT_EQ(parse(m).error().error, ParseError::bad_address_length);
}

TEST(StunHostile, Ipv4FamilyWith16ByteAddress) {
  Buf value = {0, 0x01, 0x12, 0x34};
  value.resize(20, 0xaa);  // family IPv4, but 16 octets of address
  const Buf m =
      MessageBuilder(MessageClass::success, kMethodBinding, kTid).raw(kAttrXorMappedAddress, value).finish();
  auto p = parse(m);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().error, ParseError::bad_address_length);
  EXPECT_NE(p.error().describe().find("0x0020"), std::string::npos);
  Buf v6short = {0, 0x02, 0x12, 0x34, 1, 2, 3, 4};  // IPv6 family, 4 octets
  EXPECT_EQ(parse(MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                      .raw(kAttrOtherAddress, v6short)
                      .finish())
                .error()
                .error,
            ParseError::bad_address_length);
}

TEST(StunHostile, UnknownFamily) {
  const Buf value = {0, 0x03, 0x12, 0x34, 1, 2, 3, 4};
  const Buf m =
      MessageBuilder(MessageClass::success, kMethodBinding, kTid).raw(kAttrMappedAddress, value).finish();
  EXPECT_EQ(parse(m).error().error, ParseError::bad_address_family);
}

TEST(StunHostile, BadErrorCode) {
  const Buf small = {0, 0, 4};
  EXPECT_EQ(
      parse(MessageBuilder(MessageClass::error, kMethodBinding, kTid).raw(kAttrErrorCode, small).finish())
          .error()
          .error,
      ParseError::bad_error_code);
  const Buf cls7 = {0, 0, 7, 0};
  EXPECT_EQ(
      parse(MessageBuilder(MessageClass::error, kMethodBinding, kTid).raw(kAttrErrorCode, cls7).finish())
          .error()
          .error,
      ParseError::bad_error_code);
  const Buf number = {0, 0, 4, 100};
  EXPECT_FALSE(
      parse(MessageBuilder(MessageClass::error, kMethodBinding, kTid).raw(kAttrErrorCode, number).finish()));
  const Buf bad_cr = {0, 0, 6};
  EXPECT_EQ(parse(MessageBuilder(MessageClass::request, kMethodBinding, kTid)
                      .raw(kAttrChangeRequest, bad_cr)
                      .finish())
                .error()
                .error,
            ParseError::bad_change_request);
  const Buf odd = {0, 3, 0};
  EXPECT_EQ(
      parse(
          MessageBuilder(MessageClass::error, kMethodBinding, kTid).raw(kAttrUnknownAttributes, odd).finish())
          .error()
          .error,
      ParseError::bad_unknown_attributes);
}

TEST(StunHostile, ResponseChecks) {
  TransactionId other = kTid;
  other[11] ^= 1;
  const Buf ok = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                     .xor_address(kAttrXorMappedAddress, v4("203.0.113.1", 4))
                     .finish();
  EXPECT_EQ(check_binding_response(*parse(ok), other), "a STUN message with another transaction id");
  const Buf no_addr = MessageBuilder(MessageClass::success, kMethodBinding, kTid).finish();
  EXPECT_EQ(check_binding_response(*parse(no_addr), kTid), "a Binding response without (XOR-)MAPPED-ADDRESS");
  const Buf req = binding_request(kTid);
  EXPECT_EQ(check_binding_response(*parse(req), kTid), "a STUN request, not a response");
  const Buf other_method = MessageBuilder(MessageClass::success, 0x003, kTid)
                               .xor_address(kAttrXorMappedAddress, v4("203.0.113.1", 4))
                               .finish();
  EXPECT_EQ(parse(other_method)->method, 0x003);
  EXPECT_NE(check_binding_response(*parse(other_method), kTid), "");
  const Buf required = MessageBuilder(MessageClass::success, kMethodBinding, kTid)
                           .xor_address(kAttrXorMappedAddress, v4("203.0.113.1", 4))
                           .raw(0x7777, Bytes{})
                           .raw(0x7777, Bytes{})
                           .raw(0xC001, Bytes{})  // comprehension-optional: ignored
                           .finish();
  auto p = parse(required);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->unknown_required, std::vector<std::uint16_t>{0x7777});
  EXPECT_EQ(check_binding_response(*p, kTid),
            "a Binding response with an unknown comprehension-required attribute 0x7777");
  const Buf err_no_code = MessageBuilder(MessageClass::error, kMethodBinding, kTid).finish();
  EXPECT_EQ(check_binding_response(*parse(err_no_code), kTid), "a STUN error response without ERROR-CODE");
}

TEST(Stun, MessageTypeBitsForEveryClass) {
  for (auto cls :
       {MessageClass::request, MessageClass::indication, MessageClass::success, MessageClass::error}) {
    for (int mi : {0x001, 0x00f, 0x070, 0xf80, 0xfff}) {
      const auto method = static_cast<std::uint16_t>(mi);
      auto p = parse(MessageBuilder(cls, method, kTid).finish());
      ASSERT_TRUE(p);
      EXPECT_EQ(p->cls, cls);
      EXPECT_EQ(p->method, method);
    }
  }
  EXPECT_EQ(MessageBuilder(MessageClass::success, kMethodBinding, kTid).finish()[0], 0x01);  // 0x0101
  EXPECT_EQ(MessageBuilder(MessageClass::error, kMethodBinding, kTid).finish()[1], 0x11);    // 0x0111
}

}  // namespace
}  // namespace v6r::stun
