// Each dissector layer, well-formed and malformed: malformed input becomes a named anomaly, never a
// crash, and the layers below it stay decoded.
#include "analyzers/dissect/dissect.hpp"

#include <gtest/gtest.h>

#include "analyzers/dissect/fields.hpp"
#include "core/dns.hpp"
#include "core/rfc6052.hpp"
#include "tests/analyzer/packet_builder.hpp"

namespace v6r::analyze {
namespace {

using namespace v6r::testpkt;
const testpkt::Mac kA{2, 0, 0, 0, 0, 1}, kB{2, 0, 0, 0, 0, 2};

Packet run(std::uint16_t lt, const Buf& b, std::uint32_t wire_len = 0) {
  Packet p;
  dissect_frame(lt, b, wire_len ? wire_len : static_cast<std::uint32_t>(b.size()), 7, p);
  return p;
}
std::string text(const Ip6& a) {
  std::string s;
  append_ipv6(s, a);
  return s;
}

TEST(Fields, Ipv6TextIsRfc5952) {
  EXPECT_EQ(text(v6("2001:db8:64::c000:20a")), "2001:db8:64::c000:20a");
  EXPECT_EQ(text(v6("::")), "::");
  EXPECT_EQ(text(v6("::1")), "::1");
  EXPECT_EQ(text(v6("2001:db8:0:1:1:1:1:1")), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(text(v6("2001:0:0:1:0:0:0:1")), "2001:0:0:1::1");
  EXPECT_EQ(text(v6("2001:db8::1:0:0:1")), "2001:db8::1:0:0:1");
  EXPECT_EQ(text(v6("::ffff:192.0.2.1")), "::ffff:192.0.2.1");
  EXPECT_EQ(text(v6("fe80::")), "fe80::");
}

TEST(Link, EthernetQinQAndTruncation) {
  Buf ip = ipv6("2001:db8::1", "2001:db8::2", 59, {});
  auto p = run(1, ether(kB, kA, 0x86DD, ip, {200, 100}, 0x88A8));
  EXPECT_EQ(p.link.vlan_count, 2);
  EXPECT_EQ(p.link.vlan_id[0], 200);
  EXPECT_EQ(p.link.vlan_tpid[0], 0x88A8);
  EXPECT_EQ(p.link.vlan_id[1], 100);
  EXPECT_EQ(p.l3, L3::ipv6);
  EXPECT_TRUE(run(1, Buf(10, 0)).has(Anomaly::truncated_ethernet));
  Buf cut = ether(kB, kA, 0x86DD, {}, {100});
  cut.resize(16);
  EXPECT_TRUE(run(1, cut).has(Anomaly::truncated_vlan_tag));
  EXPECT_TRUE(run(1, ether(kB, kA, 0x86DD, ip, {1, 2, 3})).has(Anomaly::too_many_vlan_tags));
}

TEST(Link, SllSll2NullLoopRaw) {
  Buf ip = ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, {}));
  EXPECT_EQ(run(113, sll(0x0800, 4, kA, ip)).l3, L3::ipv4);
  auto p = run(276, sll2(0x0800, 3, 0, kA, ip));
  EXPECT_EQ(p.link.sll_ifindex, 3u);
  EXPECT_EQ(p.l4, L4::udp);
  EXPECT_EQ(run(0, null_hdr(2, ip)).l3, L3::ipv4);
  Buf be{0, 0, 0, 30};  // NULL written on a big-endian host
  append(be, ipv6("::1", "::1", 59, {}));
  EXPECT_EQ(run(0, be).l3, L3::ipv6);
  Buf loop{0, 0, 0, 2};
  append(loop, ip);
  EXPECT_EQ(run(108, loop).l3, L3::ipv4);
  EXPECT_EQ(run(101, ip).l3, L3::ipv4);
  EXPECT_EQ(run(12, ip).l3, L3::ipv4);
  EXPECT_TRUE(run(113, Buf(10, 0)).has(Anomaly::truncated_sll));
  EXPECT_TRUE(run(276, Buf(19, 0)).has(Anomaly::truncated_sll2));
  EXPECT_TRUE(run(0, Buf(3, 0)).has(Anomaly::truncated_null_header));
  EXPECT_TRUE(run(999, ip).has(Anomaly::unsupported_link_type));
}

TEST(Arp, RequestAndTruncated) {
  auto p = run(1, ether(kB, kA, 0x0806, arp(1, kA, "192.0.2.100", {}, "192.0.2.1")));
  EXPECT_EQ(p.l3, L3::arp);
  EXPECT_EQ(p.arp.opcode, 1);
  EXPECT_EQ(p.arp.tpa, v4("192.0.2.1"));
  EXPECT_TRUE(run(1, ether(kB, kA, 0x0806, Buf(5, 0))).has(Anomaly::truncated_arp));
}

TEST(Ipv4, OptionsFragmentsAndMalformed) {
  Ip4Opts o;
  o.options = {148, 4, 0, 0};  // router alert (RFC 2113)
  auto p = run(101, ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, Buf(4, 0)), o));
  EXPECT_EQ(p.ip4.ihl, 24);
  EXPECT_TRUE(p.ip4.router_alert);
  EXPECT_EQ(p.l4, L4::udp);
  auto f = run(101, ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, Buf(4, 0)), ip4(9, false, true)));
  EXPECT_TRUE(f.is_fragment);
  EXPECT_EQ(f.l4, L4::other);
  EXPECT_TRUE(
      run(101, ipv4("192.0.2.1", "192.0.2.2", 17, {}, ip4(1, true, false, 0, 4))).has(Anomaly::bad_ipv4_ihl));
  Ip4Opts bad;
  bad.options = {7, 9, 0, 0};  // record route running past the header
  EXPECT_TRUE(run(101, ipv4("192.0.2.1", "192.0.2.2", 17, {}, bad)).has(Anomaly::bad_ipv4_option));
  Buf shortlen = ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, {}));
  shortlen[3] = 10;  // total length < IHL
  EXPECT_TRUE(run(101, shortlen).has(Anomaly::bad_ipv4_total_length));
  EXPECT_TRUE(run(101, Buf{0x45, 0, 0}).has(Anomaly::truncated_ipv4));
  EXPECT_TRUE(run(228, Buf(20, 0x55)).has(Anomaly::bad_ipv4_version));
  // Ethernet padding after the IPv4 total length is not UDP payload.
  Buf padded = ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, Buf(2, 9)));
  padded.resize(padded.size() + 8, 0);
  auto pp = run(101, padded);
  EXPECT_EQ(pp.l4_payload.size(), 2u);
  EXPECT_EQ(pp.anomaly_count, 0);
}

TEST(Ipv6, ExtensionHeaderChain) {
  // hop-by-hop → destination options → routing (type 4, 1 segment left) → fragment (first) → UDP
  Buf ext{60, 0, 1, 4, 0, 0, 0, 0, 43, 0, 1, 4, 0, 0, 0, 0, 44, 0, 4, 1, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 5};
  auto p = run(101, ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 53, {}), with_ext(ext, 0)));
  EXPECT_EQ(p.ip6.ext_count, 4);
  EXPECT_EQ(p.ip6.upper, 17);
  EXPECT_TRUE(p.ip6.has_routing);
  EXPECT_EQ(p.ip6.routing_type, 4);
  EXPECT_EQ(p.ip6.segments_left, 1);
  EXPECT_TRUE(p.ip6.has_frag);
  EXPECT_EQ(p.ip6.frag_id, 5u);
  EXPECT_FALSE(p.is_fragment) << "offset 0 and M=0: an atomic fragment (RFC 8021)";
  EXPECT_EQ(p.l4, L4::udp);
  // AH (RFC 4302: length in 4-octet units minus 2) then ICMPv6 echo.
  Buf ah{58, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto a = run(101, ipv6("2001:db8::1", "2001:db8::2", 58, icmp_msg(128, 0, 0x10002), with_ext(ah, 51)));
  EXPECT_EQ(a.l4, L4::icmpv6);
  EXPECT_EQ(a.icmp.echo_seq, 2);
  // Non-first fragment: L4 not decoded.
  Buf frag{17, 0, 0x00, 0x09, 0, 0, 0, 7};
  auto f = run(101, ipv6("2001:db8::1", "2001:db8::2", 17, Buf(16, 0), with_ext(frag, 44)));
  EXPECT_TRUE(f.is_fragment);
  EXPECT_EQ(f.ip6.frag_offset, 1);
  EXPECT_TRUE(f.ip6.frag_more);
}

TEST(Ipv6, MalformedChains) {
  EXPECT_TRUE(run(101, ipv6("::1", "::1", 17, {}, with_ext({17, 7, 0, 0, 0, 0, 0, 0}, 0)))
                  .has(Anomaly::truncated_ipv6_ext_header));
  EXPECT_TRUE(run(101, ipv6("::1", "::1", 17, {}, with_ext({17, 0, 0, 0}, 44)))
                  .has(Anomaly::truncated_ipv6_ext_header));
  Buf chain;
  for (int i = 0; i < 12; ++i) append(chain, Buf{60, 0, 1, 4, 0, 0, 0, 0});
  EXPECT_TRUE(
      run(101, ipv6("::1", "::1", 17, {}, with_ext(chain, 60))).has(Anomaly::ipv6_ext_chain_too_long));
  Ip6Opts big;
  big.plen_override = 500;
  EXPECT_TRUE(run(101, ipv6("::1", "::1", 59, {}, big)).has(Anomaly::bad_ipv6_payload_length));
  EXPECT_FALSE(run(101, ipv6("::1", "::1", 59, {}, big), 600).has(Anomaly::bad_ipv6_payload_length))
      << "a snapped frame is not malformed";
  EXPECT_TRUE(run(229, Buf(30, 0x60)).has(Anomaly::truncated_ipv6));
  EXPECT_TRUE(run(229, Buf(40, 0x40)).has(Anomaly::bad_ipv6_version));
}

TEST(Tcp, FlagsOptionsAndMalformed) {
  auto p = run(101, ipv6("::1", "::2", 6, tcp(50000, 80, 1, 0, SYN, {}, 1440)));
  EXPECT_EQ(p.tcp.flags, TcpInfo::kSyn);
  EXPECT_TRUE(p.tcp.has_mss);
  EXPECT_EQ(p.tcp.mss, 1440);
  EXPECT_TRUE(p.tcp.has_wscale);
  EXPECT_EQ(p.tcp.wscale, 7);
  Buf bad = tcp(1, 2, 0, 0, ACK);
  bad[12] = 0x40;  // data offset 16 bytes
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 6, bad)).has(Anomaly::bad_tcp_data_offset));
  Buf badopt = tcp(1, 2, 0, 0, SYN, {}, 1440);
  badopt[21] = 9;  // MSS option length 9
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 6, badopt)).has(Anomaly::bad_tcp_option));
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 6, Buf(10, 0))).has(Anomaly::truncated_tcp));
}

TEST(Udp, LengthChecks) {
  Buf u = udp(1, 2, Buf(4, 0));
  u[5] = 3;
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 17, u)).has(Anomaly::bad_udp_length));
  u[5] = 40;
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 17, u)).has(Anomaly::bad_udp_length));
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 17, Buf(5, 0))).has(Anomaly::truncated_udp));
}

TEST(Icmp, V4EchoAndFragNeeded) {
  auto e = run(101, ipv4("192.0.2.1", "192.0.2.2", 1, icmp_msg(8, 0, 0x00090001)));
  EXPECT_EQ(e.l4, L4::icmp);
  EXPECT_EQ(e.icmp.echo_id, 9);
  Buf inner = ipv4("192.0.2.2", "198.51.100.1", 6, tcp(443, 1234, 0, 0, ACK));
  auto f = run(101, ipv4("192.0.2.254", "192.0.2.2", 1, icmp_msg(3, 4, 1400, inner)));
  EXPECT_EQ(f.icmp.mtu, 1400u);
  EXPECT_TRUE(f.icmp.has_inner);
  EXPECT_EQ(f.icmp.inner_dport, 1234);
  EXPECT_TRUE(run(101, ipv4("192.0.2.1", "192.0.2.2", 1, Buf(3, 0))).has(Anomaly::truncated_icmp));
}

TEST(Icmpv6, PacketTooBigQuotesTheFlow) {
  Buf inner = ipv6("2001:db8::20", "2001:db8::10", 6, tcp(80, 50000, 0, 0, ACK, Buf(100, 0)));
  auto p = run(101, ipv6("2001:db8::1", "2001:db8::20", 58, icmp_msg(2, 0, 1280, inner)));
  EXPECT_EQ(p.icmp.type, 2);
  EXPECT_EQ(p.icmp.mtu, 1280u);
  EXPECT_TRUE(p.icmp.has_inner && p.icmp.inner_v6);
  EXPECT_EQ(p.icmp.inner_proto, 6);
  EXPECT_EQ(p.icmp.inner_sport, 80);
  EXPECT_EQ(p.icmp.inner_dst, v6("2001:db8::10"));
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 58, Buf{2, 0, 0, 0, 0, 0})).has(Anomaly::truncated_icmpv6));
}

Buf ra_with(const Buf& options) {
  Buf ra{134, 0, 0, 0, 64, 0xC0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};
  append(ra, options);
  return ipv6("fe80::1", "ff02::1", 58, ra, hlim(255));
}

TEST(Nd, RouterAdvertisementOptions) {
  Buf o;
  put8(o, 1), put8(o, 1), append(o, kA);
  put8(o, 5), put8(o, 1), put16(o, 0), put32(o, 1400);
  put8(o, 3), put8(o, 4), put8(o, 64), put8(o, 0xC0), put32(o, 100), put32(o, 50), put32(o, 0),
      append(o, v6("2001:db8:1::"));
  put8(o, 25), put8(o, 5), put16(o, 0), put32(o, 300), append(o, v6("2001:db8::53")),
      append(o, v6("2001:db8::54"));
  put8(o, 38), put8(o, 2), put16(o, (75u << 3) | 2);  // PLC 2 = /56
  for (int i = 0; i < 12; ++i) put8(o, v6("2001:db8:6400::")[static_cast<std::size_t>(i)]);
  auto p = run(101, ra_with(o));
  ASSERT_TRUE(p.has_nd);
  EXPECT_EQ(p.anomaly_count, 0);
  EXPECT_EQ(p.nd.ra_flags, 0xC0);
  EXPECT_EQ(p.nd.router_lifetime, 0x0708);
  EXPECT_EQ(p.nd.src_lladdr, kA);
  EXPECT_EQ(p.nd.mtu, 1400u);
  ASSERT_EQ(p.nd.prefix_count, 1);
  EXPECT_EQ(p.nd.prefixes[0].length, 64);
  EXPECT_EQ(p.nd.prefixes[0].valid_lifetime, 100u);
  EXPECT_EQ(p.nd.rdnss_count, 2);
  EXPECT_EQ(p.nd.rdnss[1], v6("2001:db8::54"));
  EXPECT_EQ(p.nd.rdnss_lifetime, 300u);
  ASSERT_TRUE(p.nd.has_pref64);
  EXPECT_EQ(p.nd.pref64, v6("2001:db8:6400::"));
  EXPECT_EQ(p.nd.pref64_plc, 2);
  EXPECT_EQ(p.nd.pref64_len, 56);
  EXPECT_EQ(p.nd.pref64_scaled_lifetime, 75);
  EXPECT_EQ(p.nd.pref64_lifetime_s, 600u);
}

TEST(Nd, Pref64PlcTable) {
  const std::uint8_t want[] = {96, 64, 56, 48, 40, 32, 0, 0};
  for (std::uint8_t plc = 0; plc < 8; ++plc) EXPECT_EQ(addr::plc_prefix_length(plc), want[plc]);
  Buf o{38, 2, 0x00, 0x0E};  // PLC 6: invalid (RFC 8781 §4)
  o.resize(16, 0);
  EXPECT_TRUE(run(101, ra_with(o)).has(Anomaly::bad_pref64_option));
  Buf wrong_len{38, 3, 0, 0};
  wrong_len.resize(24, 0);
  EXPECT_TRUE(run(101, ra_with(wrong_len)).has(Anomaly::bad_pref64_option));
}

TEST(Nd, MalformedOptions) {
  EXPECT_TRUE(run(101, ra_with(Buf{1, 0, 0, 0, 0, 0, 0, 0})).has(Anomaly::bad_nd_option_length));
  EXPECT_TRUE(run(101, ra_with(Buf{3, 4, 0, 0})).has(Anomaly::truncated_nd_option));
  EXPECT_TRUE(run(101, ra_with(Buf{25, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                  .has(Anomaly::bad_nd_option_length));
  EXPECT_TRUE(run(101, ipv6("fe80::1", "ff02::1", 58, Buf{134, 0, 0, 0, 64})).has(Anomaly::truncated_icmpv6));
  Buf na{136, 0, 0, 0, 0xE0, 0, 0, 0};
  append(na, v6("fe80::2"));
  auto p = run(101, ipv6("fe80::2", "fe80::1", 58, na));
  EXPECT_EQ(p.nd.na_flags, 0xE0);
  EXPECT_EQ(p.nd.target, v6("fe80::2"));
}

TEST(Dhcp, MessageTypeParameterListAndV6OnlyWait) {
  Buf opts{53, 1, 2, 55, 3, 1, 3, 108, 108, 4, 0, 0, 0x07, 0x08};
  // Spans in Packet (param_request_list) point into the frame: keep it alive.
  const Buf frame =
      ipv4("192.0.2.1", "192.0.2.100", 17, udp(67, 68, dhcp(2, 0x1234, kA, "192.0.2.100", opts)));
  auto p = run(101, frame);
  ASSERT_EQ(p.app, App::dhcp);
  EXPECT_EQ(p.dhcp.msg_type, 2);
  EXPECT_EQ(p.dhcp.xid, 0x1234u);
  EXPECT_EQ(p.dhcp.param_request_list.size(), 3u);
  EXPECT_EQ(p.dhcp.param_request_list[2], 108);
  EXPECT_TRUE(p.dhcp.has_v6only_wait);
  EXPECT_EQ(p.dhcp.v6only_wait, 1800u);
  EXPECT_EQ(p.dhcp.yiaddr, v4("192.0.2.100"));
  Buf cut = dhcp(1, 1, kA, "0.0.0.0", Buf{53, 1, 1, 55, 40, 1});
  cut.pop_back();  // drop End: option 55 now overruns
  EXPECT_TRUE(
      run(101, ipv4("0.0.0.0", "255.255.255.255", 17, udp(68, 67, cut))).has(Anomaly::truncated_dhcp_option));
  EXPECT_TRUE(run(101, ipv4("0.0.0.0", "255.255.255.255", 17, udp(68, 67, Buf(100, 0))))
                  .has(Anomaly::truncated_dhcp));
}

Buf dns_query() {
  return dns::build(
      dns::make_query(0xbeef, dns::Name::from_text("v4only.lab.test.").value(), dns::RrType::aaaa));
}

TEST(Dns, UdpAndTcp) {
  auto u = run(101, ipv6("::1", "::2", 17, udp(40000, 53, dns_query())));
  ASSERT_EQ(u.app, App::dns);
  ASSERT_TRUE(u.dns.parsed);
  EXPECT_EQ(u.dns.summary.header.id, 0xbeef);
  EXPECT_EQ(u.dns.summary.qname(), "v4only.lab.test.");
  Buf q = dns_query();
  Buf framed;
  put16(framed, static_cast<unsigned>(q.size()));
  append(framed, q);
  auto t = run(101, ipv6("::1", "::2", 6, tcp(40000, 53, 1, 1, PSH | ACK, framed)));
  ASSERT_TRUE(t.dns.parsed);
  EXPECT_TRUE(t.dns.over_tcp);
  EXPECT_EQ(t.dns.tcp_length, q.size());
  Buf half(framed.begin(), framed.begin() + 10);
  EXPECT_TRUE(
      run(101, ipv6("::1", "::2", 6, tcp(40000, 53, 1, 1, ACK, half))).has(Anomaly::dns_tcp_segmented));
  Buf bad = q;
  bad[5] = 9;  // qdcount 9
  EXPECT_TRUE(run(101, ipv6("::1", "::2", 17, udp(40000, 53, bad))).has(Anomaly::dns_parse_error));
  EXPECT_FALSE(run(101, ipv6("::1", "::2", 6, tcp(40000, 53, 1, 1, ACK))).app == App::dns) << "pure ACK";
}

// ---- link types of transition networks ----

TEST(Link, CaptureLongerThanTheFrameIsDissectedWithAnAnomaly) {
  const Buf f = ether(kB, kA, 0x86DD, ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, Buf(4, 0))));
  const auto p = run(1, f, 20);  // original length 20 < captured length
  EXPECT_TRUE(p.has(Anomaly::frame_len_lt_caplen));
  EXPECT_FALSE(p.snapped);
  EXPECT_EQ(p.l4, L4::udp) << "the captured bytes are decoded, as tshark does";
  EXPECT_FALSE(run(1, f).has(Anomaly::frame_len_lt_caplen));
}

TEST(Link, PppFramings) {
  const Buf ip6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}));
  const Buf ip4 = ipv4("192.0.2.1", "192.0.2.2", 6, tcp(1, 2, 0, 0, SYN));
  for (const std::uint16_t lt : {std::uint16_t{9}, std::uint16_t{50}}) {
    auto p = run(lt, ppp(0x0057, ip6));
    EXPECT_TRUE(p.link.has_ppp);
    EXPECT_EQ(p.link.ppp_protocol, 0x0057);
    EXPECT_EQ(p.l4, L4::udp);
    p = run(lt, ppp(0x0021, ip4, true));  // RFC 1661 §6.5/§6.6: one-octet protocol, no address/control
    EXPECT_EQ(p.link.ppp_protocol, 0x0021);
    EXPECT_EQ(p.l4, L4::tcp);
    p = run(lt, chdlc(0x8F, 0x86DD, ip6));  // Cisco framing on a PPP link type (RFC 1547 §4.3.1)
    EXPECT_TRUE(p.link.has_chdlc);
    EXPECT_FALSE(p.link.has_ppp);
    EXPECT_EQ(p.l3, L3::ipv6);
    p = run(lt, ppp(0xC021, Buf{9, 1, 0, 8, 0, 0, 0, 0}));  // LCP: named, not decoded, not malformed
    EXPECT_EQ(p.link.ppp_protocol, 0xC021);
    EXPECT_EQ(p.l3, L3::other);
    EXPECT_EQ(p.anomaly_count, 0);
    EXPECT_TRUE(run(lt, Buf{0xFF, 0x03}).has(Anomaly::truncated_ppp));
    EXPECT_TRUE(run(lt, Buf{}).has(Anomaly::truncated_ppp));
  }
  auto c = run(104, chdlc(0x0F, 0x0800, ip4));
  EXPECT_EQ(c.link.chdlc_address, 0x0F);
  EXPECT_EQ(c.link.chdlc_protocol, 0x0800);
  EXPECT_EQ(c.l4, L4::tcp);
  EXPECT_TRUE(run(104, Buf{0x0F, 0, 0x08}).has(Anomaly::truncated_chdlc));
}

TEST(Link, PppoeSessionsInEthernetAndVlan) {
  const Buf ip6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, Buf(3, 7)));
  Buf padded = pppoe_session(0x1234, 0x0057, ip6);
  padded.resize(padded.size() + 9, 0);  // Ethernet padding after the PPPoE payload
  auto p = run(1, ether(kB, kA, 0x8864, padded, {100}));
  EXPECT_TRUE(p.link.has_pppoe);
  EXPECT_EQ(p.link.pppoe_session, 0x1234);
  EXPECT_EQ(p.link.vlan_id[0], 100);
  EXPECT_EQ(p.link.ppp_protocol, 0x0057);
  EXPECT_EQ(p.l4, L4::udp);
  EXPECT_EQ(p.anomaly_count, 0) << "padding dropped by the PPPoE length, not an IPv6 length error";
  EXPECT_EQ(p.l4_payload.size(), 3u);
  auto d = run(1, ether(kB, kA, 0x8863, pppoe_discovery(0x09, 0, Buf{1, 1, 0, 0})));
  EXPECT_TRUE(d.link.has_pppoe);
  EXPECT_EQ(d.link.pppoe_code, 0x09);
  EXPECT_EQ(d.l3, L3::other);
  Buf over = pppoe_session(1, 0x0057, ip6);
  over[5] = 0xFF;  // length beyond the frame
  EXPECT_TRUE(run(1, ether(kB, kA, 0x8864, over)).has(Anomaly::bad_pppoe_length));
  EXPECT_FALSE(run(1, ether(kB, kA, 0x8864, over), 2000).has(Anomaly::bad_pppoe_length)) << "snapped";
  EXPECT_TRUE(run(1, ether(kB, kA, 0x8864, Buf{0x11, 0})).has(Anomaly::truncated_pppoe));
}

TEST(Link, Wlan80211AddressFormsAndFramesNotDecoded) {
  const testpkt::Mac ap{2, 0, 0, 0, 0, 0xa0}, sta{2, 0, 0, 0, 0, 0x11}, gw{2, 0, 0, 0, 0, 0xfe},
      ap2{2, 0, 0, 0, 0, 0xa1};
  const Buf ip6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}));
  WlanHdr h;
  h.flags = 0x03;  // WDS: four addresses
  h.addrs = {ap2, ap, gw, sta};
  h.tid = 6;
  auto p = run(105, wlan(h, llc_snap(0x86DD, ip6)));
  ASSERT_TRUE(p.has_wlan);
  EXPECT_EQ(p.wlan.addr_count, 4);
  EXPECT_EQ(p.wlan.addr[3], sta);
  EXPECT_EQ(p.wlan.tid, 6);
  EXPECT_EQ(p.wlan.llc_type, 0x86DD);
  EXPECT_EQ(p.l4, L4::udp);
  h.flags = 0x01;
  h.addrs = {ap, sta, gw};
  h.subtype = 0;  // non-QoS data: no QoS Control
  EXPECT_EQ(run(105, wlan(h, llc_snap(0x0800, ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, {}))))).l4,
            L4::udp);
  // Protected, null-data, A-MSDU and non-SNAP frames are not decoded, and are not malformed either.
  WlanHdr enc = h;
  enc.flags = 0x41;
  WlanHdr null = h;
  null.subtype = 4;
  WlanHdr amsdu = h;
  amsdu.subtype = 8;
  amsdu.tid = 0x80;
  for (const Buf& f : {wlan(enc, Buf(40, 0x5a)), wlan(null, {}), wlan(amsdu, llc_snap(0x86DD, ip6)),
                       wlan(h, Buf{0x42, 0x42, 0x03, 0, 0, 0, 0, 0})}) {
    auto q = run(105, f);
    EXPECT_TRUE(q.has_wlan);
    EXPECT_EQ(q.l3, L3::other);
    EXPECT_EQ(q.anomaly_count, 0);
  }
  EXPECT_TRUE(run(105, wlan(enc, {})).wlan.is_protected());
  Buf cut = wlan(h, llc_snap(0x86DD, ip6));
  for (std::size_t n : {3u, 20u, 27u})
    EXPECT_TRUE(run(105, Buf(cut.begin(), cut.begin() + static_cast<long>(n))).has(Anomaly::truncated_wlan))
        << n;
  EXPECT_EQ(run(105, Buf(cut.begin(), cut.begin() + 24)).anomaly_count, 0) << "header only, empty body";
}

TEST(Link, RadiotapFcsPaddingAndExtendedPresentWords) {
  const testpkt::Mac ap{2, 0, 0, 0, 0, 0xa0}, sta{2, 0, 0, 0, 0, 0x11};
  WlanHdr h;
  h.flags = 0x02;
  h.addrs = {sta, ap, ap};
  const Buf ip6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, Buf(4, 1)));
  auto p = run(127, radiotap(wlan(h, llc_snap(0x86DD, ip6)), 0x10, 2));
  EXPECT_TRUE(p.wlan.has_radiotap);
  EXPECT_EQ(p.wlan.radiotap_flags, 0x10);
  EXPECT_EQ(p.l4, L4::udp);
  EXPECT_EQ(p.l4_payload.size(), 4u);
  EXPECT_EQ(p.anomaly_count, 0) << "the FCS is not taken for payload";
  WlanHdr padded = h;
  padded.pad = 2;
  EXPECT_EQ(run(127, radiotap(wlan(padded, llc_snap(0x86DD, ip6)), 0x20)).l4, L4::udp);
  Buf bad = radiotap(wlan(h, {}), 0);
  bad[0] = 1;
  EXPECT_TRUE(run(127, bad).has(Anomaly::bad_radiotap_header));
  bad = radiotap(wlan(h, {}), 0);
  bad[2] = 7;  // shorter than the fixed header
  EXPECT_TRUE(run(127, bad).has(Anomaly::bad_radiotap_header));
  bad = radiotap(wlan(h, {}), 0, 1);
  bad[2] = 10, bad[3] = 0;  // the chained present word is cut by the header length
  EXPECT_TRUE(run(127, bad).has(Anomaly::bad_radiotap_header));
  EXPECT_TRUE(run(127, Buf{0, 0, 8}).has(Anomaly::truncated_radiotap));
  // A chain of present words as long as the header allows: bounded by the length, no overrun.
  Buf chain{0, 0, 0xFC, 0xFF};
  chain.resize(0xFFFC, 0xFF);
  EXPECT_TRUE(run(127, chain).has(Anomaly::bad_radiotap_header));
}

TEST(Link, NflogBothByteOrdersAndTheHardwareProtocol) {
  const Buf ip6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}));
  const Buf hdr{0x86, 0xDD, 1, 0};
  for (bool be : {false, true}) {
    auto p = run(239, nflog(10, 7, {{1, hdr}, {10, Buf{'x', 0}}, {9, ip6}}, be));
    EXPECT_TRUE(p.link.has_nflog);
    EXPECT_EQ(p.link.nflog_family, 10);
    EXPECT_EQ(p.link.nflog_resource_id, 7);
    EXPECT_EQ(p.l4, L4::udp) << (be ? "big-endian" : "little-endian");
    EXPECT_EQ(p.anomaly_count, 0);
  }
  // AF_BRIDGE (7): the packet header's hardware protocol names the payload.
  EXPECT_EQ(run(239, nflog(7, 1, {{1, hdr}, {9, ip6}})).l3, L3::ipv6);
  EXPECT_EQ(run(239, nflog(7, 1, {{9, ip6}})).l3, L3::other);
  EXPECT_EQ(run(239, nflog(10, 1, {{1, hdr}})).l3, L3::other) << "no payload TLV";
  EXPECT_TRUE(run(239, Buf{10, 0, 0, 1, 2, 0, 9, 0}).has(Anomaly::bad_nflog_tlv));
  Buf cut = nflog(10, 1, {{9, ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, Buf(32, 0)))}});
  cut.resize(cut.size() - 10);
  EXPECT_TRUE(run(239, cut).has(Anomaly::truncated_nflog));
  auto snapped = run(239, cut, static_cast<std::uint32_t>(cut.size() + 10));
  EXPECT_FALSE(snapped.has(Anomaly::truncated_nflog)) << "cut by the snap length";
  EXPECT_EQ(snapped.l3, L3::ipv6);
}

// ---- tunnels ----

TEST(Tunnel, SixInFourAndDsLiteCarryTheirOuterHeaders) {
  const Buf in6 = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 1, 0, SYN));
  auto p = run(101, ipv4("192.0.2.1", "198.51.100.1", 41, in6));
  ASSERT_EQ(p.tunnel_depth, 1);
  EXPECT_EQ(p.tunnels[0].kind, Tunnel::ip6in4);
  EXPECT_FALSE(p.tunnels[0].v6);
  EXPECT_EQ(p.tunnels[0].proto, 41);
  EXPECT_EQ((Ip4{p.tunnels[0].src[0], p.tunnels[0].src[1], p.tunnels[0].src[2], p.tunnels[0].src[3]}),
            v4("192.0.2.1"));
  EXPECT_EQ(p.l3, L3::ipv6);
  EXPECT_EQ(p.l4, L4::tcp);
  EXPECT_EQ(p.tcp.dport, 80);
  auto d = run(101, ipv6("2001:db8:1::2", "2001:db8:ff::1", 4,
                         ipv4("192.0.2.100", "203.0.113.1", 17, udp(53000, 53, {}))));
  ASSERT_EQ(d.tunnel_depth, 1);
  EXPECT_EQ(d.tunnels[0].kind, Tunnel::ip4in6);
  EXPECT_EQ(d.tunnels[0].src, v6("2001:db8:1::2"));
  EXPECT_EQ(d.l3, L3::ipv4);
  EXPECT_EQ(d.ip4.dst, v4("203.0.113.1"));
  EXPECT_EQ(d.ip6.ext_count, 0) << "the outer IPv6 record is cleared for the inner packet";
  EXPECT_EQ(run(101, ipv6("2001:db8::1", "2001:db8::2", 41, in6)).tunnels[0].kind, Tunnel::ip6in6);
  EXPECT_EQ(run(101, ipv4("192.0.2.1", "192.0.2.2", 4, ipv4("192.0.2.3", "192.0.2.4", 17, udp(1, 2, {}))))
                .tunnels[0]
                .kind,
            Tunnel::ip4in4);
  std::string tunnel_text;
  format_line(
      CaptureFrame{}, p,
      std::vector<const FieldDef*>{find_field("v6r.tunnel"), find_field("ip.src"), find_field("ipv6.src")},
      tunnel_text);
  EXPECT_EQ(tunnel_text, "6in4\t192.0.2.1\t2001:db8::1\n");
}

TEST(Tunnel, GreKeySequenceChecksumAndEthernet) {
  const Buf in6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}));
  auto p = run(101, ipv4("192.0.2.1", "198.51.100.1", 47, gre(0x86DD, in6, true, 0xabcd, 9)));
  ASSERT_EQ(p.tunnel_depth, 1);
  const auto& t = p.tunnels[0];
  EXPECT_EQ(t.kind, Tunnel::gre);
  EXPECT_TRUE(t.has_key);
  EXPECT_EQ(t.key, 0xabcdu);
  EXPECT_TRUE(t.has_seq);
  EXPECT_EQ(t.seq, 9u);
  EXPECT_EQ(t.proto_type, 0x86DD);
  EXPECT_EQ(p.l4, L4::udp);
  auto e = run(101, ipv6("2001:db8::a", "2001:db8::b", 47, gre(0x6558, ether(kB, kA, 0x86DD, in6))));
  EXPECT_TRUE(e.tunnels[0].has_inner_eth);
  EXPECT_EQ(e.tunnels[0].inner_eth_src, kA);
  EXPECT_FALSE(e.link.has_eth) << "the capture's own link record is not overwritten";
  EXPECT_EQ(e.l4, L4::udp);
  // Version 1 (PPTP) and RFC 1701 routing are not followed: the carrying packet stays the packet.
  Buf v1 = gre(0x880B, Buf(8, 0), false, 1);
  v1[1] |= 1;
  Buf routed = gre(0x86DD, in6);
  routed[0] |= 0x40;
  for (const Buf& g : {v1, routed}) {
    auto q = run(101, ipv4("192.0.2.1", "198.51.100.1", 47, g));
    EXPECT_EQ(q.tunnel_depth, 0);
    EXPECT_EQ(q.l3, L3::ipv4);
    EXPECT_EQ(q.l4, L4::other);
    EXPECT_EQ(q.anomaly_count, 0);
  }
  auto cut = run(101, ipv4("192.0.2.1", "198.51.100.1", 47, Buf{0x20, 0, 0x86, 0xDD, 0}));
  EXPECT_TRUE(cut.has(Anomaly::truncated_gre));
  EXPECT_EQ(cut.tunnel_depth, 0);
}

TEST(Tunnel, VxlanAndGeneveOnTheirPorts) {
  const Buf inner =
      ether(kB, kA, 0x0800, ipv4("192.0.2.100", "203.0.113.1", 6, tcp(5, 443, 1, 0, SYN)), {10});
  auto p = run(101, ipv6("2001:db8::a", "2001:db8::b", 17, udp(49152, 4789, vxlan(0xABCDE, inner))));
  ASSERT_EQ(p.tunnel_depth, 1);
  EXPECT_EQ(p.tunnels[0].kind, Tunnel::vxlan);
  EXPECT_EQ(p.tunnels[0].vni, 0xABCDEu);
  EXPECT_EQ(p.tunnels[0].sport, 49152);
  EXPECT_EQ(p.tunnels[0].dport, 4789);
  EXPECT_EQ(p.l3, L3::ipv4);
  EXPECT_EQ(p.tcp.dport, 443);
  auto g = run(101, ipv4("192.0.2.1", "198.51.100.1", 17,
                         udp(49153, 6081, geneve(0x6558, 77, Buf{1, 2, 0x80, 1, 0, 0, 0, 0}, inner))));
  ASSERT_EQ(g.tunnel_depth, 1);
  EXPECT_EQ(g.tunnels[0].kind, Tunnel::geneve);
  EXPECT_EQ(g.tunnels[0].vni, 77u);
  EXPECT_EQ(g.l4, L4::tcp);
  EXPECT_EQ(run(101, ipv4("192.0.2.1", "198.51.100.1", 17,
                          udp(1, 6081, geneve(0x86DD, 1, {}, ipv6("::1", "::2", 59, {})))))
                .l3,
            L3::ipv6);
  Buf v1 = geneve(0x86DD, 1, {}, ipv6("::1", "::2", 59, {}));
  v1[0] |= 0x40;
  auto q = run(101, ipv4("192.0.2.1", "198.51.100.1", 17, udp(1, 6081, v1)));
  EXPECT_EQ(q.tunnel_depth, 0) << "RFC 8926 §3.4: an unknown version is not followed";
  EXPECT_EQ(q.l4, L4::udp);
  EXPECT_TRUE(
      run(101, ipv4("192.0.2.1", "198.51.100.1", 17, udp(1, 4789, Buf(7, 0)))).has(Anomaly::truncated_vxlan));
  EXPECT_TRUE(run(101, ipv4("192.0.2.1", "198.51.100.1", 17, udp(1, 6081, Buf{2, 0, 0x65, 0x58, 0, 0, 0, 0})))
                  .has(Anomaly::truncated_geneve));
}

TEST(Tunnel, NestingIsBoundedOnHostileInput) {
  // 6in4 inside 6in4 ... far deeper than any real network: at most kMaxTunnels are followed, the
  // rest is one anomaly, and the recursion stays shallow.
  Buf deep = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}));
  for (int i = 0; i < 1000; ++i)
    deep =
        i % 2 == 0 ? ipv4("192.0.2.1", "192.0.2.2", 41, deep) : ipv6("2001:db8::1", "2001:db8::2", 4, deep);
  auto p = run(101, deep);
  EXPECT_EQ(p.tunnel_depth, Packet::kMaxTunnels);
  EXPECT_TRUE(p.has(Anomaly::tunnel_too_deep));
  // VXLAN in VXLAN through Ethernet: the same bound.
  Buf v = ipv4("192.0.2.1", "192.0.2.2", 17, udp(1, 2, {}));
  for (int i = 0; i < 50; ++i)
    v = ipv4("192.0.2.1", "192.0.2.2", 17, udp(40000, 4789, vxlan(1, ether(kB, kA, 0x0800, v))));
  auto q = run(101, v);
  EXPECT_EQ(q.tunnel_depth, Packet::kMaxTunnels);
  EXPECT_TRUE(q.has(Anomaly::tunnel_too_deep));
  EXPECT_EQ(q.l4, L4::udp) << "the deepest UDP header followed stays the packet's";
}

TEST(Packet, ResetBetweenFramesLeavesNoStaleLayers) {
  Packet p;
  dissect_frame(
      101, ipv4("192.0.2.1", "192.0.2.100", 17, udp(67, 68, dhcp(2, 1, kA, "192.0.2.100", Buf{53, 1, 2}))),
      100, 1, p);
  ASSERT_EQ(p.app, App::dhcp);
  const Buf short_frame = ipv6("::1", "::2", 59, {});
  dissect_frame(101, short_frame, static_cast<std::uint32_t>(short_frame.size()), 2, p);
  EXPECT_EQ(p.app, App::none);
  EXPECT_EQ(p.dhcp.msg_type, 0);
  EXPECT_EQ(p.l3, L3::ipv6);
  EXPECT_EQ(p.frame, 2u);
  const Buf tunnelled = ipv4("192.0.2.1", "192.0.2.2", 41, short_frame);
  dissect_frame(101, tunnelled, static_cast<std::uint32_t>(tunnelled.size()), 3, p);
  ASSERT_EQ(p.tunnel_depth, 1);
  const Buf wifi = wlan(WlanHdr{0, 8, 0, {kA}, 0, 0, 0}, {});
  dissect_frame(105, wifi, static_cast<std::uint32_t>(wifi.size()), 4, p);
  ASSERT_TRUE(p.has_wlan);
  dissect_frame(101, short_frame, static_cast<std::uint32_t>(short_frame.size()), 5, p);
  EXPECT_EQ(p.tunnel_depth, 0);
  EXPECT_FALSE(p.has_wlan);
  EXPECT_EQ(p.wlan.addr_count, 0);
}

}  // namespace
}  // namespace v6r::analyze
