// Link layers: Ethernet II + IEEE 802.1Q/802.1ad tags, Linux cooked capture v1/v2, NULL/LOOP, RAW, and
// the dispatch by link type (one switch per frame on the interface's LINKTYPE_*; Ethernet first). PPP,
// Cisco HDLC and PPPoE are in link_ppp.cpp, IEEE 802.11 and radiotap in link_wlan.cpp, NFLOG in
// link_nflog.cpp. Link-type numbers: https://www.tcpdump.org/linktypes.html
#include "analyzers/dissect/dissect.hpp"

#include "analyzers/dissect/read_into.hpp"

namespace v6r::analyze {
namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherArp = 0x0806;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;  // IEEE 802.1Q C-tag
constexpr std::uint16_t kEtherQinQ = 0x88A8;  // IEEE 802.1ad S-tag
constexpr std::uint16_t kEtherQinQOld = 0x9100;
constexpr std::uint16_t kEtherPppoeDiscovery = 0x8863;  // RFC 2516 §4
constexpr std::uint16_t kEtherPppoeSession = 0x8864;

// PPPoE and the rest: out of line, away from the IPv6/IPv4 dispatch.
[[gnu::noinline]] void dissect_ethertype_other(std::uint16_t ethertype, Bytes data, Packet& p) {
  switch (ethertype) {
    case kEtherPppoeSession:
      return dissect_pppoe(true, data, p);
    case kEtherPppoeDiscovery:
      return dissect_pppoe(false, data, p);
    default:
      p.l3 = L3::other;
  }
}

/// Inlined into the Ethernet path (the hot one); every other caller goes through dissect_ethertype.
[[gnu::always_inline]] inline void ethertype_dispatch(std::uint16_t ethertype, Bytes data, Packet& p) {
  switch (ethertype) {
    case kEtherIpv4:
      return dissect_ipv4(data, p);
    case kEtherIpv6:
      return dissect_ipv6(data, p);
    case kEtherArp:
      return dissect_arp(data, p);
    default:
      return dissect_ethertype_other(ethertype, data, p);
  }
}

void dissect_ethernet(Bytes data, Packet& p) {
  WireReader r(data);
  p.link.has_eth = true;
  read_into(r, p.link.eth_dst);
  read_into(r, p.link.eth_src);
  auto type = r.u16be();
  if (!type) return p.flag(Anomaly::truncated_ethernet);
  std::uint16_t t = *type;
  p.link.eth_type = t;
  while (t == kEtherVlan || t == kEtherQinQ || t == kEtherQinQOld) {
    auto tci = r.u16be();
    auto inner = r.u16be();
    if (!inner) return p.flag(Anomaly::truncated_vlan_tag);
    if (p.link.vlan_count == p.link.vlan_id.size()) return p.flag(Anomaly::too_many_vlan_tags);
    p.link.vlan_tpid[p.link.vlan_count] = t;
    p.link.vlan_id[p.link.vlan_count++] = static_cast<std::uint16_t>(*tci & 0x0FFF);
    t = *inner;
  }
  p.link.ethertype = t;
  if (t < 0x0600) {  // IEEE 802.3 length field: LLC/SNAP frame, not decoded
    p.l3 = L3::other;
    return;
  }
  ethertype_dispatch(t, r.rest(), p);
}

// LINKTYPE_LINUX_SLL (113): pkttype, hatype, halen, 8 address bytes, protocol.
void dissect_sll(Bytes data, Packet& p) {
  WireReader r(data);
  p.link.has_sll = true;
  p.link.sll_version = 1;
  auto pkttype = r.u16be();
  auto hatype = r.u16be();
  auto halen = r.u16be();
  read_into(r, p.link.sll_addr);
  auto proto = r.u16be();
  if (!proto) return p.flag(Anomaly::truncated_sll);
  p.link.sll_pkttype = *pkttype;
  p.link.sll_hatype = *hatype;
  p.link.sll_halen = static_cast<std::uint8_t>(*halen > 8 ? 8 : *halen);
  p.link.ethertype = *proto;
  dissect_ethertype(*proto, r.rest(), p);
}

// LINKTYPE_LINUX_SLL2 (276): protocol, reserved, ifindex, hatype, pkttype, halen, 8 address bytes.
void dissect_sll2(Bytes data, Packet& p) {
  WireReader r(data);
  p.link.has_sll = true;
  p.link.sll_version = 2;
  auto proto = r.u16be();
  r.skip(2);
  auto ifindex = r.u32be();
  auto hatype = r.u16be();
  auto pkttype = r.u8();
  auto halen = r.u8();
  read_into(r, p.link.sll_addr);
  if (!r.ok()) return p.flag(Anomaly::truncated_sll2);
  p.link.sll_ifindex = *ifindex;
  p.link.sll_hatype = *hatype;
  p.link.sll_pkttype = *pkttype;
  p.link.sll_halen = static_cast<std::uint8_t>(*halen > 8 ? 8 : *halen);
  p.link.ethertype = *proto;
  dissect_ethertype(*proto, r.rest(), p);
}

// RAW: the IP version nibble decides.
void dissect_raw(Bytes data, Packet& p) {
  WireReader r(data);
  auto v = r.peek_u8();
  if (!v) return p.flag(Anomaly::truncated_ipv4);
  if ((*v >> 4) == 6) return dissect_ipv6(data, p);
  dissect_ipv4(data, p);
}

// NULL (0): 4-byte address family in the capturing host's byte order; LOOP (108): network order.
void dissect_null(Bytes data, Packet& p, bool loop) {
  WireReader r(data);
  auto fam = loop ? r.u32be() : r.u32le();
  if (!fam) return p.flag(Anomaly::truncated_null_header);
  std::uint32_t f = *fam;
  if (!loop && (f & 0xFFFF0000u) != 0) f = __builtin_bswap32(f);  // written on a big-endian host
  p.link.null_family = f;
  switch (f) {
    case 2:  // AF_INET everywhere
      return dissect_ipv4(r.rest(), p);
    case 10:  // AF_INET6: Linux
    case 24:  // NetBSD/OpenBSD
    case 28:  // FreeBSD
    case 30:  // Darwin
      return dissect_ipv6(r.rest(), p);
    default:
      p.l3 = L3::other;
  }
}

}  // namespace

void dissect_ethertype(std::uint16_t ethertype, Bytes data, Packet& p) {
  ethertype_dispatch(ethertype, data, p);
}

// RFC 826 (Ethernet/IPv4 ARP decoded fully; other hardware/protocol sizes keep only the opcode).
void dissect_arp(Bytes data, Packet& p) {
  WireReader r(data);
  auto htype = r.u16be();
  auto ptype = r.u16be();
  auto hlen = r.u8();
  auto plen = r.u8();
  auto op = r.u16be();
  if (!op) return p.flag(Anomaly::truncated_arp);
  p.l3 = L3::arp;
  p.arp.htype = *htype;
  p.arp.ptype = *ptype;
  p.arp.opcode = *op;
  if (*hlen == 6 && *plen == 4) {
    read_into(r, p.arp.sha);
    read_into(r, p.arp.spa);
    read_into(r, p.arp.tha);
    read_into(r, p.arp.tpa);
    if (!r.ok()) p.flag(Anomaly::truncated_arp);
  }
}

void dissect_frame(std::uint16_t link_type, Bytes data, std::uint32_t wire_len, std::uint64_t frame,
                   Packet& p) {
  p.reset();
  p.frame = frame;
  p.link_type = link_type;
  p.snapped = data.size() < wire_len;
  // A record longer than the packet it claims to hold: dissected whole, as tshark does (its expert
  // info frame.len_lt_caplen); libpcap hands such records on too.
  if (data.size() > wire_len) [[unlikely]]
    p.flag(Anomaly::frame_len_lt_caplen);
  if (link_type == 1) [[likely]]
    return dissect_ethernet(data, p);
  switch (link_type) {
    case 0:
      return dissect_null(data, p, false);
    case 108:
      return dissect_null(data, p, true);
    case 9:   // LINKTYPE_PPP
    case 50:  // LINKTYPE_PPP_HDLC
      return dissect_ppp(data, p);
    case 104:  // LINKTYPE_C_HDLC
      return dissect_chdlc(data, p);
    case 105:  // LINKTYPE_IEEE802_11 (no FCS assumed, as Wireshark does by default)
      return dissect_wlan(data, p, false);
    case 127:  // LINKTYPE_IEEE802_11_RADIOTAP
      return dissect_radiotap(data, p);
    case 239:  // LINKTYPE_NFLOG
      return dissect_nflog(data, p);
    case 113:
      return dissect_sll(data, p);
    case 276:
      return dissect_sll2(data, p);
    case 12:  // DLT_RAW on most BSDs / Linux in old files
    case 14:  // DLT_RAW on OpenBSD
    case 101:
      return dissect_raw(data, p);
    case 228:
      return dissect_ipv4(data, p);
    case 229:
      return dissect_ipv6(data, p);
    default:
      p.flag(Anomaly::unsupported_link_type);
  }
}

}  // namespace v6r::analyze
