// TCP (RFC 9293 §3.1, options RFC 7323) and UDP (RFC 768), with dispatch to DNS and DHCPv4 by port,
// and to the UDP tunnels (tunnel.cpp) by their IANA ports.
#include "analyzers/dissect/dissect.hpp"

namespace v6r::analyze {
namespace {

constexpr std::uint16_t kDnsPort = 53;
constexpr std::uint16_t kBootpServer = 67;
constexpr std::uint16_t kBootpClient = 68;
constexpr std::uint16_t kVxlanPort = 4789;   // RFC 7348 §5
constexpr std::uint16_t kGenevePort = 6081;  // RFC 8926 §3.3

void tcp_options(Bytes opts, Packet& p) {
  WireReader r(opts);
  auto& t = p.tcp;
  while (!r.empty()) {
    const std::uint8_t kind = *r.u8();
    if (kind == 0) break;     // End of Option List
    if (kind == 1) continue;  // No-Operation
    auto len = r.u8();
    if (!len || *len < 2) return p.flag(Anomaly::bad_tcp_option);
    auto val = r.sub(*len - 2u);
    if (!val) return p.flag(Anomaly::bad_tcp_option);
    switch (kind) {
      case 2:  // MSS (RFC 9293 §3.2)
        if (*len != 4) return p.flag(Anomaly::bad_tcp_option);
        t.mss = *val->u16be();
        t.has_mss = true;
        break;
      case 3:  // Window Scale (RFC 7323 §2.2)
        if (*len != 3) return p.flag(Anomaly::bad_tcp_option);
        t.wscale = *val->u8();
        t.has_wscale = true;
        break;
      case 4:  // SACK permitted (RFC 2018)
        t.sack_permitted = true;
        break;
      case 8:  // Timestamps (RFC 7323 §3.2)
        if (*len != 10) return p.flag(Anomaly::bad_tcp_option);
        t.ts_val = *val->u32be();
        t.ts_ecr = *val->u32be();
        t.has_timestamps = true;
        break;
      default:
        break;
    }
  }
}

}  // namespace

void dissect_tcp(Bytes data, Packet& p) {
  WireReader r(data);
  auto sport = r.u16be();
  auto dport = r.u16be();
  auto seq = r.u32be();
  auto ack = r.u32be();
  auto offflags = r.u16be();
  auto win = r.u16be();
  r.skip(4);  // checksum, urgent pointer
  if (!r.ok()) return p.flag(Anomaly::truncated_tcp);
  auto& t = p.tcp;
  p.l4 = L4::tcp;
  t.sport = *sport;
  t.dport = *dport;
  t.seq = *seq;
  t.ack = *ack;
  t.flags = static_cast<std::uint16_t>(*offflags & 0x01FF);
  t.window = *win;
  t.hdr_len = static_cast<std::uint8_t>((*offflags >> 12) * 4);
  if (t.hdr_len < 20) return p.flag(Anomaly::bad_tcp_data_offset);
  if (t.hdr_len > data.size())
    return p.flag(p.snapped ? Anomaly::truncated_tcp : Anomaly::bad_tcp_data_offset);
  tcp_options(data.subspan(20, t.hdr_len - 20u), p);
  p.l4_payload = data.subspan(t.hdr_len);
  t.payload_len = static_cast<std::uint32_t>(p.l4_payload.size());
  if (!p.l4_payload.empty() && (t.sport == kDnsPort || t.dport == kDnsPort)) dissect_dns_tcp(p.l4_payload, p);
}

void dissect_udp(Bytes data, Packet& p) {
  WireReader r(data);
  auto sport = r.u16be();
  auto dport = r.u16be();
  auto len = r.u16be();
  r.skip(2);  // checksum
  if (!r.ok()) return p.flag(Anomaly::truncated_udp);
  auto& u = p.udp;
  p.l4 = L4::udp;
  u.sport = *sport;
  u.dport = *dport;
  u.length = *len;
  std::size_t plen = r.remaining();
  if (u.length < 8) {
    p.flag(Anomaly::bad_udp_length);
  } else if (u.length - 8u > plen) {
    if (!p.snapped) p.flag(Anomaly::bad_udp_length);
  } else {
    plen = u.length - 8u;
  }
  p.l4_payload = r.rest().first(plen);
  if (u.sport == kDnsPort || u.dport == kDnsPort) return dissect_dns_udp(p.l4_payload, p);
  if ((u.sport == kBootpServer || u.sport == kBootpClient) &&
      (u.dport == kBootpServer || u.dport == kBootpClient))
    return dissect_dhcp(p.l4_payload, p);
  // Either port, as Wireshark's "udp.port" registration does (the tunnels send to the well-known port;
  // the source port is an entropy hash, RFC 7348 §5, RFC 8926 §3.3).
  if (u.dport == kVxlanPort || u.sport == kVxlanPort) return dissect_vxlan(p.l4_payload, p);
  if (u.dport == kGenevePort || u.sport == kGenevePort) return dissect_geneve(p.l4_payload, p);
}

}  // namespace v6r::analyze
