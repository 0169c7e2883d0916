// The one reader of ICMP errors and their quoted packet (core/icmp_error.hpp): a translated Time
// Exceeded and port unreachable quoting a UDP datagram (RFC 4443 §3.1/§3.3), cut quotes (RFC 4443
// §2.4 (c)), an IPv4 quote (RFC 792) with options, and hostile input (truncated, informational type,
// a quote shorter than its header, an unknown version).
#include "core/icmp_error.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace v6r::icmp {
namespace {

using Buf = std::vector<std::uint8_t>;
const std::array<std::uint8_t, 16> kNode{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0x01, 0x00};
const std::array<std::uint8_t, 16> kTarget{0x20, 0x01, 0x0d, 0xb8, 0,    0x64, 0,    0,
                                           0,    0,    0,    0,    0xc0, 0,    0x02, 0x0a};
const Buf kPayload{'v', '6', 'r', '-', 'i', 'c', 'm', 'p', 1, 2, 3, 4};

TEST(IcmpError, TimeExceededQuotingUdp) {
  const Buf inner = build_ipv6_udp(kNode, kTarget, 1, 40000, 33434, kPayload);
  const Buf m = build_icmpv6_error(kV6TimeExceeded, kV6CodeHopLimit, 0, inner);
  auto e = parse_icmpv6_error(m);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, 3);
  EXPECT_EQ(e->code, 0);
  ASSERT_TRUE(e->quoted);
  const Quoted& q = *e->quoted;
  EXPECT_TRUE(q.v6);
  EXPECT_EQ(q.src, kNode);
  EXPECT_EQ(q.dst, kTarget);
  EXPECT_EQ(q.proto, kProtoUdp);
  EXPECT_EQ(q.hop_limit, 1);
  EXPECT_EQ(q.ip_payload_length, 8 + kPayload.size());
  ASSERT_TRUE(q.has_ports);
  EXPECT_EQ(q.sport, 40000);
  EXPECT_EQ(q.dport, 33434);
  ASSERT_TRUE(q.has_udp_header);
  EXPECT_EQ(q.udp_length, 8 + kPayload.size());
  EXPECT_EQ(Buf(q.udp_payload.begin(), q.udp_payload.end()), kPayload);
  EXPECT_EQ(describe_icmpv6(e->type, e->code), "Time Exceeded (hop limit exceeded in transit)");
}

TEST(IcmpError, PortUnreachableQuoteCutInThePayloadAndInTheUdpHeader) {
  const Buf inner = build_ipv6_udp(kNode, kTarget, 60, 40001, 33434, kPayload);
  Buf m = build_icmpv6_error(kV6DestUnreachable, kV6CodePortUnreachable, 0, inner);
  m.resize(8 + 40 + 8 + 3);
  auto e = parse_icmpv6_error(m);
  ASSERT_TRUE(e && e->quoted && e->quoted->has_udp_header);
  EXPECT_EQ(e->quoted->udp_payload.size(), 3u);
  EXPECT_EQ(e->quoted->udp_length, 8 + kPayload.size());  // the length field says what was sent
  EXPECT_EQ(describe_icmpv6(1, 4), "Destination Unreachable (port unreachable)");
  m.resize(8 + 40 + 5);  // ports there, UDP length/checksum cut
  e = parse_icmpv6_error(m);
  ASSERT_TRUE(e && e->quoted);
  EXPECT_TRUE(e->quoted->has_ports);
  EXPECT_FALSE(e->quoted->has_udp_header);
  EXPECT_TRUE(e->quoted->udp_payload.empty());
}

TEST(IcmpError, BuilderCutsToTheMinimumMtu) {
  const Buf inner = build_ipv6_udp(kNode, kTarget, 1, 40000, 33434, Buf(3000, 'x'));
  const Buf m = build_icmpv6_error(kV6TimeExceeded, 0, 0, inner);
  EXPECT_EQ(m.size(), 1280u - 40u);  // RFC 4443 §2.4 (c)
  auto e = parse_icmpv6_error(m);
  ASSERT_TRUE(e && e->quoted && e->quoted->has_udp_header);
  EXPECT_EQ(e->quoted->udp_length, 3008);
  EXPECT_EQ(e->quoted->udp_payload.size(), 1240u - 8u - 48u);
}

TEST(IcmpError, IPv4QuoteWithOptions) {
  Buf inner = build_ipv4_udp({198, 51, 100, 130}, {192, 0, 2, 10}, 1, 40000, 33434, kPayload);
  // Insert 4 octets of options: IHL 6.
  inner.insert(inner.begin() + 20, {1, 1, 1, 0});
  inner[0] = 0x46;
  auto e = parse_icmpv6_error(build_icmpv6_error(kV6TimeExceeded, 0, 0, inner));
  ASSERT_TRUE(e && e->quoted);
  EXPECT_FALSE(e->quoted->v6);
  EXPECT_EQ(e->quoted->header_length, 24u);
  EXPECT_EQ(e->quoted->src[0], 198);
  EXPECT_EQ(e->quoted->dst[3], 10);
  EXPECT_EQ(e->quoted->src[4], 0);  // IPv4: the rest stays zero
  EXPECT_EQ(e->quoted->sport, 40000);
  EXPECT_EQ(e->quoted->dport, 33434);
  EXPECT_EQ(e->quoted->hop_limit, 1);
  // Options cut: the header is there, no transport octets.
  inner.resize(22);
  e = parse_icmpv6_error(build_icmpv6_error(kV6TimeExceeded, 0, 0, inner));
  ASSERT_TRUE(e && e->quoted);
  EXPECT_FALSE(e->quoted->has_ports);
}

TEST(IcmpError, Hostile) {
  auto t = parse_icmpv6_error(Buf{3, 0, 0});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().error, ParseError::truncated);
  EXPECT_NE(t.error().describe().find("3 octets"), std::string::npos);
  auto info = parse_icmpv6_error(Buf{129, 0, 0, 0, 0x12, 0x34, 0, 1});
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().error, ParseError::not_an_error);
  Buf shortq = build_icmpv6_error(3, 0, 0, build_ipv6_udp(kNode, kTarget, 1, 1, 2, {}));
  shortq.resize(8 + 39);
  auto s = parse_icmpv6_error(shortq);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->quoted);
  Buf v5(8 + 60, 0);
  v5[0] = 1;
  v5[8] = 0x50;
  auto u = parse_icmpv6_error(v5);
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->quoted);
  EXPECT_EQ(describe_icmpv6(200, 3), "type 200 code 3");
  EXPECT_EQ(describe_icmpv6(1, 42), "Destination Unreachable (code 42)");
}

}  // namespace
}  // namespace v6r::icmp
