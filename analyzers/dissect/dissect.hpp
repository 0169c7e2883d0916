#pragma once
// Stateless dissection of one frame: pure functions over spans (library v6dissect, links only v6core).
//
//   Packet p;
//   dissect_frame(link_type, frame.data, frame.len, frame.number, p);
//   for (i < p.anomaly_count) counters.add(p.anomalies[i], p.frame);
//
// Layers: NULL/LOOP, Ethernet (802.1Q/802.1ad, up to 2 tags; PPPoE), LINUX_SLL, LINUX_SLL2, RAW (101, 12,
// 14, 228, 229), PPP (9, 50), Cisco HDLC (104), IEEE 802.11 (105) and radiotap (127) data frames with
// LLC/SNAP, NFLOG (239) → ARP, IPv4, IPv6 (+ extension headers) → TCP, UDP, ICMP, ICMPv6 (+ ND) → DHCPv4,
// DNS. Tunnels (IP protocols 4, 41, 47; UDP 4789, 6081) are followed up to Packet::kMaxTunnels deep:
// the layer records then describe the encapsulated packet and Packet::tunnels the carrying headers.
#include <cstdint>

#include "analyzers/dissect/packet.hpp"
#include "core/wire_reader.hpp"

namespace v6r::analyze {

/// Dissects one frame into `p` (which is reset first). `wire_len` is the original length (for
/// telling a snapped frame from a truncated one). Never fails: malformed layers become anomalies.
void dissect_frame(std::uint16_t link_type, Bytes data, std::uint32_t wire_len, std::uint64_t frame,
                   Packet& p);

// Individual layers, exposed for unit tests and for re-use (e.g. ICMP-quoted packets). Each takes the
// bytes starting at its header.
void dissect_ethertype(std::uint16_t ethertype, Bytes data, Packet& p);
void dissect_arp(Bytes data, Packet& p);
void dissect_ppp(Bytes data, Packet& p);    ///< LINKTYPE_PPP / PPP_HDLC: HDLC-like or Cisco framing
void dissect_chdlc(Bytes data, Packet& p);  ///< Cisco HDLC: address, control, Ethertype
void dissect_pppoe(bool session, Bytes data, Packet& p);  ///< after Ethertype 0x8864 / 0x8863
void dissect_wlan(Bytes data, Packet& p, bool data_pad);  ///< an IEEE 802.11 MAC frame (no FCS)
void dissect_radiotap(Bytes data, Packet& p);
void dissect_nflog(Bytes data, Packet& p);
void dissect_ip_in_ip(bool inner_v6, Bytes data, Packet& p);  ///< IP protocol 4 or 41 payload
void dissect_gre(Bytes data, Packet& p);                      ///< IP protocol 47 payload
void dissect_vxlan(Bytes data, Packet& p);                    ///< UDP 4789 payload
void dissect_geneve(Bytes data, Packet& p);                   ///< UDP 6081 payload
void dissect_ipv4(Bytes data, Packet& p);
void dissect_ipv6(Bytes data, Packet& p);
void dissect_tcp(Bytes data, Packet& p);
void dissect_udp(Bytes data, Packet& p);
void dissect_icmp(Bytes data, Packet& p);
void dissect_icmpv6(Bytes data, Packet& p);
void dissect_nd_options(Bytes options, Packet& p);
void dissect_dhcp(Bytes data, Packet& p);
void dissect_dns_udp(Bytes payload, Packet& p);
void dissect_dns_tcp(Bytes payload, Packet& p);

}  // namespace v6r::analyze
