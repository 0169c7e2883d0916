// Tunnels a transition network carries: IPv6 in IPv4 (protocol 41: 6in4, RFC 4213 §3), IPv4 in IPv6
// (protocol 4: DS-Lite, RFC 6333 §5.2; RFC 2473), IP in IP of one family, GRE (RFC 2784, Key and
// Sequence Number RFC 2890), VXLAN (RFC 7348, UDP 4789) and Geneve (RFC 8926, UDP 6081).
//
// Following a tunnel pushes a TunnelLayer (the carrying IP header's addresses and protocol, the UDP
// ports, the tunnel header's own fields) and then dissects the encapsulated packet into the Packet's
// layer records, so flow tracking, DNS and ICMP see the inner packet as a packet of its own. At most
// Packet::kMaxTunnels layers per frame (anomaly tunnel_too_deep): the recursion through
// dissect_ipv4/ipv6 → here → dissect_ethertype is bounded whatever the input. A tunnel that is not
// followed (too deep, unknown GRE/Geneve version, RFC 1701 routing) leaves the carrying packet as the
// packet.
#include "analyzers/dissect/dissect.hpp"

#include <cstring>

#include "analyzers/dissect/read_into.hpp"

namespace v6r::analyze {
namespace {

constexpr std::uint16_t kEtherTeb = 0x6558;  // Transparent Ethernet Bridging (GRE, Geneve)
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint16_t kEtherQinQOld = 0x9100;

// RFC 2784 §2.1 / RFC 2890 §2: C (checksum present), K (key), S (sequence number); RFC 1701's R
// (routing present) changes the layout and RFC 2784 §2.5.1 says to discard it; version in bits 13-15.
constexpr std::uint16_t kGreChecksum = 0x8000;
constexpr std::uint16_t kGreRouting = 0x4000;
constexpr std::uint16_t kGreKey = 0x2000;
constexpr std::uint16_t kGreSeq = 0x1000;
constexpr std::uint16_t kGreVersion = 0x0007;

/// Opens a tunnel layer for the packet now in `p` (its IP header, and UDP header when it has one);
/// nullptr (anomaly) when Packet::kMaxTunnels are open. Clears the layers the inner packet fills.
TunnelLayer* enter(Tunnel kind, Packet& p) {
  if (p.tunnel_depth == Packet::kMaxTunnels) {
    p.flag(Anomaly::tunnel_too_deep);
    return nullptr;
  }
  TunnelLayer& t = p.tunnels[p.tunnel_depth++];
  t = TunnelLayer{};
  t.kind = kind;
  t.v6 = p.l3 == L3::ipv6;
  if (t.v6) {
    t.src = p.ip6.src;
    t.dst = p.ip6.dst;
    t.proto = p.ip6.nxt;
    t.ttl = p.ip6.hlim;
  } else {
    std::memcpy(t.src.data(), p.ip4.src.data(), 4);
    std::memcpy(t.dst.data(), p.ip4.dst.data(), 4);
    t.proto = p.ip4.proto;
    t.ttl = p.ip4.ttl;
  }
  if (p.l4 == L4::udp) {
    t.sport = p.udp.sport;
    t.dport = p.udp.dport;
  }
  p.l3 = L3::none;
  p.l4 = L4::none;
  p.app = App::none;
  p.is_fragment = false;
  p.ip4 = Ipv4Info{};
  p.ip6 = Ipv6Info{};
  p.udp = UdpInfo{};
  p.l4_payload = {};
  return &t;
}

bool is_vlan_tpid(std::uint16_t t) {
  return t == kEtherVlan || t == kEtherQinQ || t == kEtherQinQOld;
}

/// An Ethernet frame inside a tunnel (no FCS): addresses and type are kept in the tunnel layer, the
/// outer link record stays the capture's own. Up to two VLAN tags are skipped.
void dissect_inner_ethernet(Bytes data, Packet& p, TunnelLayer& t) {
  WireReader r(data);
  read_into(r, t.inner_eth_dst);
  read_into(r, t.inner_eth_src);
  auto type = r.u16be();
  if (!type) return p.flag(Anomaly::truncated_ethernet);
  t.has_inner_eth = true;
  t.inner_eth_type = *type;
  std::uint16_t et = *type;
  for (int tags = 0; is_vlan_tpid(et); ++tags) {
    if (tags == 2) return p.flag(Anomaly::too_many_vlan_tags);
    r.skip(2);  // TCI
    auto inner = r.u16be();
    if (!inner) return p.flag(Anomaly::truncated_vlan_tag);
    et = *inner;
  }
  if (et < 0x0600) {  // IEEE 802.3 length: LLC frame, not decoded
    p.l3 = L3::other;
    return;
  }
  dissect_ethertype(et, r.rest(), p);
}

/// GRE and Geneve name their payload by Ethertype.
void dissect_payload_by_ethertype(std::uint16_t ethertype, Bytes data, Packet& p, TunnelLayer& t) {
  if (ethertype == kEtherTeb) return dissect_inner_ethernet(data, p, t);
  dissect_ethertype(ethertype, data, p);
}

}  // namespace

void dissect_ip_in_ip(bool inner_v6, Bytes data, Packet& p) {
  const bool outer_v6 = p.l3 == L3::ipv6;
  const Tunnel kind =
      outer_v6 ? (inner_v6 ? Tunnel::ip6in6 : Tunnel::ip4in6) : (inner_v6 ? Tunnel::ip6in4 : Tunnel::ip4in4);
  if (enter(kind, p) == nullptr) {
    p.l4 = L4::other;
    return;
  }
  if (inner_v6) return dissect_ipv6(data, p);
  dissect_ipv4(data, p);
}

// RFC 2784 §2: C, reserved, version (0), Protocol Type (an Ethertype), [Checksum, Reserved1] when C;
// RFC 2890 §2: [Key] when K, [Sequence Number] when S.
void dissect_gre(Bytes data, Packet& p) {
  WireReader r(data);
  auto flags = r.u16be();
  auto proto_type = r.u16be();
  if (!proto_type) {
    p.l4 = L4::other;
    return p.flag(Anomaly::truncated_gre);
  }
  // Version 1 is PPTP's enhanced GRE (RFC 2637), not followed; so is RFC 1701 source routing.
  if ((*flags & kGreVersion) != 0 || (*flags & kGreRouting) != 0) {
    p.l4 = L4::other;
    return;
  }
  if ((*flags & kGreChecksum) != 0) r.skip(4);
  std::optional<std::uint32_t> key, seq;
  if ((*flags & kGreKey) != 0) key = r.u32be();
  if ((*flags & kGreSeq) != 0) seq = r.u32be();
  if (!r.ok()) {
    p.l4 = L4::other;
    return p.flag(Anomaly::truncated_gre);
  }
  TunnelLayer* t = enter(Tunnel::gre, p);
  if (t == nullptr) {
    p.l4 = L4::other;
    return;
  }
  t->gre_flags = *flags;
  t->proto_type = *proto_type;
  t->has_key = key.has_value();
  t->key = key.value_or(0);
  t->has_seq = seq.has_value();
  t->seq = seq.value_or(0);
  dissect_payload_by_ethertype(*proto_type, r.rest(), p, *t);
}

// RFC 7348 §5: flags (I = 0x08: VNI valid), 24 reserved bits, VNI (24 bits), 8 reserved bits; an
// Ethernet frame follows. The UDP layer stays the packet's when the header is cut or too deep.
void dissect_vxlan(Bytes data, Packet& p) {
  WireReader r(data);
  r.skip(4);  // flags + reserved
  auto vni = r.u32be();
  if (!vni) return p.flag(Anomaly::truncated_vxlan);
  TunnelLayer* t = enter(Tunnel::vxlan, p);
  if (t == nullptr) return;
  t->vni = *vni >> 8;
  dissect_inner_ethernet(r.rest(), p, *t);
}

// RFC 8926 §3.4: Ver (2 bits, 0), Opt Len (6 bits, 4-octet units), O, C, reserved, Protocol Type,
// VNI (24 bits), reserved, options. §3.4: a packet with an unknown version is dropped (not followed).
void dissect_geneve(Bytes data, Packet& p) {
  WireReader r(data);
  auto ver_optlen = r.u8();
  r.skip(1);  // O, C, reserved
  auto proto_type = r.u16be();
  auto vni = r.u32be();
  if (!vni) return p.flag(Anomaly::truncated_geneve);
  if ((*ver_optlen >> 6) != 0) return;
  if (!r.skip(std::size_t{*ver_optlen & 0x3Fu} * 4)) return p.flag(Anomaly::truncated_geneve);
  TunnelLayer* t = enter(Tunnel::geneve, p);
  if (t == nullptr) return;
  t->vni = *vni >> 8;
  t->proto_type = *proto_type;
  dissect_payload_by_ethertype(*proto_type, r.rest(), p, *t);
}

}  // namespace v6r::analyze
