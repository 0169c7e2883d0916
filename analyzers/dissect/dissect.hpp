#pragma once
// Stateless dissection of one frame: pure functions over spans (library v6dissect, links only v6core).
//
//   Packet p;
//   dissect_frame(link_type, frame.data, frame.len, frame.number, p);
//   for (i < p.anomaly_count) counters.add(p.anomalies[i], p.frame);
//
// Layers: NULL/LOOP, Ethernet (802.1Q/802.1ad, up to 2 tags), LINUX_SLL, LINUX_SLL2, RAW (101, 12, 14,
// 228, 229) → ARP, IPv4, IPv6 (+ extension headers) → TCP, UDP, ICMP, ICMPv6 (+ ND) → DHCPv4, DNS.
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

/// RFC 8781 §4: PLC 0..5 → prefix length 96, 64, 56, 48, 40, 32; 0 for an invalid PLC.
constexpr std::uint8_t pref64_prefix_length(std::uint8_t plc) {
  constexpr std::uint8_t lens[] = {96, 64, 56, 48, 40, 32};
  return plc < 6 ? lens[plc] : 0;
}

}  // namespace v6r::analyze
