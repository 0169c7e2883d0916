// IPv4 (RFC 791 §3.1) and IPv6 (RFC 8200 §3, extension headers §4) network layers.
#include "analyzers/dissect/dissect.hpp"

namespace v6r::analyze {
namespace {

// Tunnels (tunnel.cpp) and everything else: out of line, so the common protocols' dispatch below stays
// as small as it was before tunnels were followed.
[[gnu::noinline]] void dissect_upper_other(std::uint8_t proto, Bytes payload, Packet& p) {
  switch (proto) {
    case ipproto::kIpv6:  // 6in4 / 6in6
      return dissect_ip_in_ip(true, payload, p);
    case ipproto::kIpv4:  // 4in6 (DS-Lite) / 4in4
      return dissect_ip_in_ip(false, payload, p);
    case ipproto::kGre:
      return dissect_gre(payload, p);
    default:
      p.l4 = L4::other;
  }
}

void dissect_upper(std::uint8_t proto, Bytes payload, Packet& p) {
  switch (proto) {
    case ipproto::kTcp:
      return dissect_tcp(payload, p);
    case ipproto::kUdp:
      return dissect_udp(payload, p);
    case ipproto::kIcmp:
      if (p.l3 == L3::ipv4) return dissect_icmp(payload, p);
      p.l4 = L4::other;
      return;
    case ipproto::kIcmpv6:
      return dissect_icmpv6(payload, p);
    default:
      return dissect_upper_other(proto, payload, p);
  }
}

// RFC 791 §3.1 options: EOL (0) and NOP (1) are single octets; every other option is type, length
// (≥ 2, covering type and length), value.
void ipv4_options(Bytes opts, Packet& p) {
  WireReader r(opts);
  while (!r.empty()) {
    const std::uint8_t type = *r.u8();
    if (type == 0) break;
    if (type == 1) continue;
    auto len = r.u8();
    if (!len || *len < 2 || !r.skip(*len - 2u)) return p.flag(Anomaly::bad_ipv4_option);
    ++p.ip4.option_count;
    if (type == 148) p.ip4.router_alert = true;  // RFC 2113
  }
}

/// The ports of a TCP or UDP first fragment (RFC 768, RFC 9293 §3.1: source and destination port are
/// the payload's first four octets), kept apart from the undecoded L4.
void first_fragment_ports(std::uint8_t proto, Bytes payload, Packet& p) {
  if ((proto != ipproto::kTcp && proto != ipproto::kUdp) || payload.size() < 4) return;
  p.frag_ports = true;
  p.frag_sport = static_cast<std::uint16_t>((payload[0] << 8) | payload[1]);
  p.frag_dport = static_cast<std::uint16_t>((payload[2] << 8) | payload[3]);
}

}  // namespace

void dissect_ipv4(Bytes data, Packet& p) {
  WireReader r(data);
  auto vihl = r.u8();
  auto tos = r.u8();
  auto total = r.u16be();
  auto id = r.u16be();
  auto frag = r.u16be();
  auto ttl = r.u8();
  auto proto = r.u8();
  auto csum = r.u16be();
  auto src = r.bytes(4);
  auto dst = r.bytes(4);
  if (!r.ok()) {
    if (vihl && (*vihl >> 4) != 4) return p.flag(Anomaly::bad_ipv4_version);
    return p.flag(Anomaly::truncated_ipv4);
  }
  if ((*vihl >> 4) != 4) return p.flag(Anomaly::bad_ipv4_version);
  auto& ip = p.ip4;
  p.l3 = L3::ipv4;
  ip.ihl = static_cast<std::uint8_t>((*vihl & 0x0F) * 4);
  ip.tos = *tos;
  ip.total_len = *total;
  ip.id = *id;
  ip.df = (*frag & 0x4000) != 0;
  ip.mf = (*frag & 0x2000) != 0;
  ip.frag_offset = static_cast<std::uint16_t>(*frag & 0x1FFF);
  ip.ttl = *ttl;
  ip.proto = *proto;
  ip.checksum = *csum;
  copy_octets(*src, ip.src);
  copy_octets(*dst, ip.dst);
  if (ip.ihl < 20) {  // header fields are kept in p.ip4 for forensics, but the layer is not trusted
    p.l3 = L3::none;
    return p.flag(Anomaly::bad_ipv4_ihl);
  }
  if (ip.total_len < ip.ihl) return p.flag(Anomaly::bad_ipv4_total_length);
  if (ip.ihl > data.size()) {
    return p.flag(p.snapped ? Anomaly::truncated_ipv4 : Anomaly::bad_ipv4_ihl);
  }
  ipv4_options(data.subspan(20, ip.ihl - 20u), p);
  std::size_t end = ip.total_len;
  if (end > data.size()) {
    if (!p.snapped) p.flag(Anomaly::bad_ipv4_total_length);
    end = data.size();
  }
  // Ethernet padding beyond total_len is dropped here.
  const Bytes payload = data.subspan(ip.ihl, end - ip.ihl);
  if (ip.mf || ip.frag_offset != 0) {  // RFC 791: a fragment; L4 is decoded only after reassembly
    p.is_fragment = true;
    p.l4 = L4::other;
    if (ip.frag_offset == 0) first_fragment_ports(ip.proto, payload, p);
    return;
  }
  dissect_upper(ip.proto, payload, p);
}

void dissect_ipv6(Bytes data, Packet& p) {
  WireReader r(data);
  auto vtf = r.u32be();
  auto plen = r.u16be();
  auto nxt = r.u8();
  auto hlim = r.u8();
  auto src = r.bytes(16);
  auto dst = r.bytes(16);
  if (!r.ok()) {
    if (vtf && (*vtf >> 28) != 6) return p.flag(Anomaly::bad_ipv6_version);
    if (!vtf && !data.empty() && (data[0] >> 4) != 6) return p.flag(Anomaly::bad_ipv6_version);
    return p.flag(Anomaly::truncated_ipv6);
  }
  if ((*vtf >> 28) != 6) return p.flag(Anomaly::bad_ipv6_version);
  auto& ip = p.ip6;
  p.l3 = L3::ipv6;
  ip.traffic_class = static_cast<std::uint8_t>(*vtf >> 20);
  ip.flow_label = *vtf & 0xFFFFF;
  ip.plen = *plen;
  ip.nxt = *nxt;
  ip.hlim = *hlim;
  copy_octets(*src, ip.src);
  copy_octets(*dst, ip.dst);
  Bytes payload = r.rest();
  if (ip.plen > payload.size()) {
    if (!p.snapped) p.flag(Anomaly::bad_ipv6_payload_length);
  } else if (ip.plen != 0 || ip.nxt != ipproto::kHopByHop) {  // plen 0 + HBH: RFC 2675 jumbogram
    payload = payload.first(ip.plen);
  }

  // RFC 8200 §4: walk the extension header chain, bounded by Ipv6Info::kMaxExt.
  WireReader x(payload);
  std::uint8_t nh = ip.nxt;
  for (;;) {
    const bool is_ext = nh == ipproto::kHopByHop || nh == ipproto::kRouting || nh == ipproto::kFragment ||
                        nh == ipproto::kDestOpts || nh == ipproto::kAh || nh == 135 /* Mobility, RFC 6275 */;
    if (!is_ext) break;
    if (ip.ext_count == ip.ext_types.size()) {
      p.flag(Anomaly::ipv6_ext_chain_too_long);
      p.l4 = L4::other;
      ip.upper = nh;
      return;
    }
    ip.ext_types[ip.ext_count++] = nh;
    const std::size_t start = x.offset();
    auto next = x.u8();
    auto len = x.u8();
    if (!len) {
      p.flag(Anomaly::truncated_ipv6_ext_header);
      ip.upper = nh;
      return;
    }
    std::size_t hdr_bytes = 0;
    if (nh == ipproto::kFragment) {
      // RFC 8200 §4.5: next header, reserved, offset(13) res(2) M(1), identification.
      auto offm = x.u16be();
      auto ident = x.u32be();
      if (!ident) {
        p.flag(Anomaly::truncated_ipv6_ext_header);
        ip.upper = nh;
        return;
      }
      ip.has_frag = true;
      ip.frag_offset = static_cast<std::uint16_t>(*offm >> 3);
      ip.frag_more = (*offm & 1) != 0;
      ip.frag_id = *ident;
      hdr_bytes = 8;
    } else if (nh == ipproto::kAh) {
      hdr_bytes = (std::size_t{*len} + 2) * 4;  // RFC 4302 §2.2: in 32-bit words, minus 2
    } else {
      hdr_bytes = (std::size_t{*len} + 1) * 8;  // RFC 8200 §4.3-§4.6: 8-octet units, minus the first
      if (nh == ipproto::kRouting) {
        auto rtype = x.u8();
        auto segleft = x.u8();
        if (segleft) {
          ip.has_routing = true;
          ip.routing_type = *rtype;
          ip.segments_left = *segleft;
        }
      }
    }
    if (!x.seek(start) || !x.skip(hdr_bytes)) {
      p.flag(Anomaly::truncated_ipv6_ext_header);
      ip.upper = nh;
      return;
    }
    nh = *next;
  }
  ip.upper = nh;
  if (ip.has_frag && (ip.frag_offset != 0 || ip.frag_more)) {
    p.is_fragment = true;
    p.l4 = L4::other;
    if (ip.frag_offset == 0) first_fragment_ports(nh, x.rest(), p);
    return;
  }
  if (nh == ipproto::kNoNext) return;
  dissect_upper(nh, x.rest(), p);
}

}  // namespace v6r::analyze
