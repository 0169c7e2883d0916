#pragma once
// Packet builders for tests and the golden-trace generator: Ethernet (+VLAN), SLL/SLL2, NULL, IPv4,
// IPv6 (+extension headers), UDP, TCP, ICMP, ICMPv6/ND, ARP, DHCPv4; PPP, PPPoE, Cisco HDLC, IEEE
// 802.11 + LLC/SNAP, radiotap, NFLOG; GRE, VXLAN, Geneve. Checksums are correct (RFC 1071; IPv6
// pseudo-header RFC 8200 §8.1; GRE RFC 2784 §2.3; 802.11 FCS CRC-32). Test code only: allocates freely.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ip.hpp"

namespace v6r::testpkt {

using Buf = std::vector<std::uint8_t>;
using Mac = std::array<std::uint8_t, 6>;

inline void put8(Buf& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void put16(Buf& b, unsigned v) {
  put8(b, v >> 8);
  put8(b, v);
}
inline void put32(Buf& b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xFFFF);
}
inline void append(Buf& b, const Buf& x) {
  b.insert(b.end(), x.begin(), x.end());
}
template <std::size_t N>
inline void append(Buf& b, const std::array<std::uint8_t, N>& x) {
  b.insert(b.end(), x.begin(), x.end());
}

inline std::array<std::uint8_t, 16> v6(std::string_view s) {
  return Ipv6Addr::parse(s).value().bytes;
}
inline std::array<std::uint8_t, 4> v4(std::string_view s) {
  return Ipv4Addr::parse(s).value().bytes;
}

inline std::uint16_t csum(const Buf& b, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += static_cast<std::uint32_t>(b[i] << 8 | b[i + 1]);
  if (b.size() % 2 != 0) sum += static_cast<std::uint32_t>(b.back() << 8);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}
inline std::uint32_t pseudo_sum(const Buf& addrs, std::uint32_t len, std::uint8_t proto) {
  std::uint32_t s = 0;
  for (std::size_t i = 0; i + 1 < addrs.size(); i += 2)
    s += static_cast<std::uint32_t>(addrs[i] << 8 | addrs[i + 1]);
  s += len >> 16;
  s += len & 0xFFFF;
  s += proto;
  return s;
}
inline void set16(Buf& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
/// Offset of the checksum field in an L4 header (UDP 6, TCP 16, ICMP/ICMPv6 2), or 0 for none.
inline std::size_t checksum_offset(std::uint8_t proto) {
  switch (proto) {
    case 17:
      return 6;
    case 6:
      return 16;
    case 58:
      return 2;
    default:
      return 0;
  }
}

struct Ip6Opts {
  std::uint8_t hlim = 64;
  Buf ext;                     ///< pre-built extension headers (their Next Header fields set by caller)
  std::uint8_t first_nxt = 0;  ///< Next Header of the fixed header when ext is non-empty
  bool fix_checksum = true;
  int plen_override = -1;
};

inline Ip6Opts hlim(std::uint8_t h) {
  Ip6Opts o;
  o.hlim = h;
  return o;
}
inline Ip6Opts with_ext(Buf ext, std::uint8_t first_nxt) {
  Ip6Opts o;
  o.ext = std::move(ext);
  o.first_nxt = first_nxt;
  return o;
}

/// IPv6 packet; computes plen and the upper-layer checksum (pseudo-header, RFC 8200 §8.1).
inline Buf ipv6(std::string_view src, std::string_view dst, std::uint8_t proto, Buf l4, Ip6Opts o = {}) {
  Buf addrs;
  append(addrs, v6(src));
  append(addrs, v6(dst));
  if (o.fix_checksum && checksum_offset(proto) != 0 && l4.size() >= checksum_offset(proto) + 2) {
    set16(l4, checksum_offset(proto), 0);
    set16(l4, checksum_offset(proto),
          csum(l4, pseudo_sum(addrs, static_cast<std::uint32_t>(l4.size()), proto)));
  }
  Buf b;
  put32(b, 0x60000000);
  put16(b, o.plen_override >= 0 ? static_cast<unsigned>(o.plen_override)
                                : static_cast<unsigned>(o.ext.size() + l4.size()));
  put8(b, o.ext.empty() ? proto : o.first_nxt);
  put8(b, o.hlim);
  append(b, addrs);
  append(b, o.ext);
  append(b, l4);
  return b;
}

struct Ip4Opts {
  std::uint8_t ttl = 64;
  std::uint16_t id = 0x1234;
  bool df = true, mf = false;
  std::uint16_t frag_offset = 0;
  Buf options;  ///< padded to 4 bytes by the caller
  int ihl_override = -1;
};

inline Ip4Opts ip4(std::uint16_t id, bool df, bool mf = false, std::uint16_t frag_offset = 0,
                   int ihl_override = -1) {
  Ip4Opts o;
  o.id = id;
  o.df = df;
  o.mf = mf;
  o.frag_offset = frag_offset;
  o.ihl_override = ihl_override;
  return o;
}

inline Buf ipv4(std::string_view src, std::string_view dst, std::uint8_t proto, Buf l4, Ip4Opts o = {}) {
  Buf addrs;
  append(addrs, v4(src));
  append(addrs, v4(dst));
  const std::size_t co = checksum_offset(proto);
  if (proto != 58 && co != 0 && l4.size() >= co + 2) {
    set16(l4, co, 0);
    set16(l4, co, csum(l4, pseudo_sum(addrs, static_cast<std::uint32_t>(l4.size()), proto)));
  } else if (proto == 1 && l4.size() >= 4) {
    set16(l4, 2, 0);
    set16(l4, 2, csum(l4));
  }
  Buf b;
  const unsigned ihl = o.ihl_override >= 0 ? static_cast<unsigned>(o.ihl_override)
                                           : static_cast<unsigned>((20 + o.options.size()) / 4);
  put8(b, 0x40 | ihl);
  put8(b, 0);
  put16(b, static_cast<unsigned>(20 + o.options.size() + l4.size()));
  put16(b, o.id);
  put16(b, (o.df ? 0x4000u : 0u) | (o.mf ? 0x2000u : 0u) | o.frag_offset);
  put8(b, o.ttl);
  put8(b, proto);
  put16(b, 0);
  append(b, addrs);
  append(b, o.options);
  Buf hdr(b.begin(), b.begin() + 20 + static_cast<long>(o.options.size()));
  set16(b, 10, csum(hdr));
  append(b, l4);
  return b;
}

inline Buf udp(std::uint16_t sport, std::uint16_t dport, const Buf& payload) {
  Buf b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<unsigned>(8 + payload.size()));
  put16(b, 0);
  append(b, payload);
  return b;
}

enum TcpFlag : std::uint16_t { FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16 };

inline Buf tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
               std::uint16_t flags, const Buf& payload = {}, std::uint16_t mss = 0,
               std::uint16_t window = 64240) {
  Buf opts;
  if (mss != 0) {
    put8(opts, 2);
    put8(opts, 4);
    put16(opts, mss);
    put8(opts, 1);  // NOP
    put8(opts, 3);  // window scale 7
    put8(opts, 3);
    put8(opts, 7);
  }
  Buf b;
  put16(b, sport);
  put16(b, dport);
  put32(b, seq);
  put32(b, ack);
  put16(b, static_cast<unsigned>(((20 + opts.size()) / 4) << 12) | flags);
  put16(b, window);
  put16(b, 0);
  put16(b, 0);
  append(b, opts);
  append(b, payload);
  return b;
}

inline Buf icmp_msg(std::uint8_t type, std::uint8_t code, std::uint32_t rest, const Buf& body = {}) {
  Buf b;
  put8(b, type);
  put8(b, code);
  put16(b, 0);
  put32(b, rest);
  append(b, body);
  return b;
}

inline Buf ether(const Mac& dst, const Mac& src, std::uint16_t type, const Buf& payload,
                 std::initializer_list<std::uint16_t> vlans = {}, std::uint16_t outer_tpid = 0x8100) {
  Buf b;
  append(b, dst);
  append(b, src);
  bool first = true;
  for (auto v : vlans) {
    put16(b, first && vlans.size() > 1 ? outer_tpid : 0x8100);
    put16(b, v);
    first = false;
  }
  put16(b, type);
  append(b, payload);
  return b;
}

/// LINKTYPE_LINUX_SLL2 header (20 bytes). hatype: ARPHRD_ETHER (1) with a 6-octet address, or e.g.
/// ARPHRD_PPP (512) without one.
inline Buf sll2(std::uint16_t proto, std::uint32_t ifindex, std::uint8_t pkttype, const Mac& addr,
                const Buf& payload, std::uint16_t hatype = 1) {
  Buf b;
  put16(b, proto);
  put16(b, 0);
  put32(b, ifindex);
  put16(b, hatype);
  put8(b, pkttype);
  put8(b, hatype == 1 ? 6 : 0);
  if (hatype == 1) {
    append(b, addr);
  } else {
    b.resize(b.size() + 6, 0);
  }
  put16(b, 0);
  append(b, payload);
  return b;
}

/// LINKTYPE_LINUX_SLL header (16 bytes).
inline Buf sll(std::uint16_t proto, std::uint16_t pkttype, const Mac& addr, const Buf& payload) {
  Buf b;
  put16(b, pkttype);
  put16(b, 1);
  put16(b, 6);
  append(b, addr);
  put16(b, 0);
  put16(b, proto);
  append(b, payload);
  return b;
}

/// LINKTYPE_NULL header: AF in little-endian (as written on x86).
inline Buf null_hdr(std::uint32_t af, const Buf& payload) {
  Buf b{static_cast<std::uint8_t>(af), static_cast<std::uint8_t>(af >> 8),
        static_cast<std::uint8_t>(af >> 16), static_cast<std::uint8_t>(af >> 24)};
  append(b, payload);
  return b;
}

inline Buf arp(std::uint16_t op, const Mac& sha, std::string_view spa, const Mac& tha, std::string_view tpa) {
  Buf b;
  put16(b, 1);
  put16(b, 0x0800);
  put8(b, 6);
  put8(b, 4);
  put16(b, op);
  append(b, sha);
  append(b, v4(spa));
  append(b, tha);
  append(b, v4(tpa));
  return b;
}

/// DHCPv4 message (RFC 2131 §2) with the given raw options (code, len, value...) after the cookie.
inline Buf dhcp(std::uint8_t op, std::uint32_t xid, const Mac& chaddr, std::string_view yiaddr,
                const Buf& options) {
  Buf b;
  put8(b, op);
  put8(b, 1);
  put8(b, 6);
  put8(b, 0);
  put32(b, xid);
  put16(b, 0);
  put16(b, 0x8000);
  append(b, v4("0.0.0.0"));
  append(b, v4(yiaddr));
  append(b, v4("0.0.0.0"));
  append(b, v4("0.0.0.0"));
  append(b, chaddr);
  b.resize(b.size() + 10 + 64 + 128, 0);
  put32(b, 0x63825363);
  append(b, options);
  put8(b, 255);
  return b;
}

// ---- point-to-point links ----

/// PPP in HDLC-like framing (RFC 1662 §3.1): Address 0xFF, Control 0x03, Protocol (2 octets), data.
/// `compressed`: Address/Control and Protocol-Field-Compression (RFC 1661 §6.5, §6.6) applied.
inline Buf ppp(std::uint16_t protocol, const Buf& payload, bool compressed = false) {
  Buf b;
  if (compressed && protocol < 0x100) {
    put8(b, protocol);
  } else {
    put8(b, 0xFF);
    put8(b, 0x03);
    put16(b, protocol);
  }
  append(b, payload);
  return b;
}

/// Cisco HDLC: address (0x0F unicast, 0x8F multicast), control 0, Ethertype, data.
inline Buf chdlc(std::uint8_t address, std::uint16_t ethertype, const Buf& payload) {
  Buf b;
  put8(b, address);
  put8(b, 0);
  put16(b, ethertype);
  append(b, payload);
  return b;
}

/// PPPoE session-stage payload (RFC 2516 §4, §7): ver/type 0x11, code 0, session, length, PPP protocol.
inline Buf pppoe_session(std::uint16_t session, std::uint16_t protocol, const Buf& payload) {
  Buf b;
  put8(b, 0x11);
  put8(b, 0x00);
  put16(b, session);
  put16(b, static_cast<unsigned>(2 + payload.size()));
  put16(b, protocol);
  append(b, payload);
  return b;
}

/// PPPoE discovery packet (RFC 2516 §5): code (0x09 PADI ...), session, tags.
inline Buf pppoe_discovery(std::uint8_t code, std::uint16_t session, const Buf& tags) {
  Buf b;
  put8(b, 0x11);
  put8(b, code);
  put16(b, session);
  put16(b, static_cast<unsigned>(tags.size()));
  append(b, tags);
  return b;
}

// ---- IEEE 802.11, radiotap ----

inline std::uint32_t crc32(const Buf& b) {  // IEEE 802.3 / 802.11 FCS (reflected 0xEDB88320)
  std::uint32_t c = 0xFFFFFFFFu;
  for (auto x : b) {
    c ^= x;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

struct WlanHdr {
  std::uint8_t type = 2, subtype = 8;  ///< default: QoS Data
  std::uint8_t flags = 0;              ///< To DS 0x01, From DS 0x02, Protected 0x40
  std::vector<Mac> addrs;              ///< Address 1, 2, 3 (, 4)
  std::uint16_t seq = 0;
  std::uint8_t tid = 0;  ///< QoS subtypes only
  std::size_t pad = 0;   ///< octets of padding after the header (radiotap data pad)
};

/// An 802.11 MAC header (IEEE 802.11-2020 §9.2.3) followed by `body`.
inline Buf wlan(const WlanHdr& h, const Buf& body) {
  Buf b;
  put8(b, (h.subtype << 4) | (h.type << 2));
  put8(b, h.flags);
  put16(b, 0x2C00);  // Duration (44 µs, little-endian 0x002C)
  for (std::size_t i = 0; i < h.addrs.size(); ++i) {
    append(b, h.addrs[i]);
    if (i == 2) put8(b, h.seq & 0xFF), put8(b, h.seq >> 8);  // Sequence Control, then Address 4
  }
  if (h.type == 2 && (h.subtype & 0x8) != 0) put8(b, h.tid), put8(b, 0);  // QoS Control
  b.resize(b.size() + h.pad, 0);
  append(b, body);
  return b;
}

/// RFC 1042 LLC/SNAP header + payload.
inline Buf llc_snap(std::uint16_t ethertype, const Buf& payload) {
  Buf b{0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00};
  put16(b, ethertype);
  append(b, payload);
  return b;
}

/// radiotap header (https://www.radiotap.org) with TSFT, Flags, Rate, Channel; `ext_words` extra
/// (empty) present words chained by bit 31. The FCS flag appends the CRC-32 of `frame`.
inline Buf radiotap(const Buf& frame, std::uint8_t flags, int ext_words = 0) {
  Buf b{0, 0, 0, 0};
  auto le32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  le32(0x0000000Fu | (ext_words > 0 ? 0x80000000u : 0u));
  for (int i = 0; i < ext_words; ++i) le32(i + 1 < ext_words ? 0x80000000u : 0u);
  while (b.size() % 8 != 0) b.push_back(0);
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(0x11 * (i + 1)));  // TSFT
  b.push_back(flags);
  b.push_back(12);  // Rate: 6 Mb/s
  if (b.size() % 2 != 0) b.push_back(0);
  b.push_back(0x6C), b.push_back(0x09);  // Channel: 2412 MHz
  b.push_back(0xA0), b.push_back(0x00);  // 2 GHz, OFDM
  b[2] = static_cast<std::uint8_t>(b.size());
  b[3] = static_cast<std::uint8_t>(b.size() >> 8);
  append(b, frame);
  if ((flags & 0x10) != 0) {
    const std::uint32_t fcs = crc32(frame);
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(fcs >> (8 * i)));
  }
  return b;
}

// ---- NFLOG ----

/// LINKTYPE_NFLOG: family, version 0, resource id (network order), then TLVs (length, type, value;
/// length and type little-endian as written on x86, or big-endian; padded to 4 octets).
struct NflogTlv {
  std::uint16_t type;
  Buf value;
};
inline Buf nflog(std::uint8_t family, std::uint16_t resource_id, const std::vector<NflogTlv>& tlvs,
                 bool big_endian = false) {
  Buf b{family, 0};
  put16(b, resource_id);
  for (const auto& t : tlvs) {
    const auto len = static_cast<std::uint16_t>(4 + t.value.size());
    if (big_endian) {
      put16(b, len), put16(b, t.type);
    } else {
      put8(b, len & 0xFF), put8(b, len >> 8), put8(b, t.type & 0xFF), put8(b, t.type >> 8);
    }
    append(b, t.value);
    while (b.size() % 4 != 0) b.push_back(0);
  }
  return b;
}

// ---- tunnels ----

/// GRE (RFC 2784 §2, RFC 2890 §2): the checksum, key and sequence number when given.
inline Buf gre(std::uint16_t protocol, const Buf& payload, bool checksum = false, int64_t key = -1,
               int64_t seq = -1) {
  Buf b;
  put16(b, (checksum ? 0x8000u : 0u) | (key >= 0 ? 0x2000u : 0u) | (seq >= 0 ? 0x1000u : 0u));
  put16(b, protocol);
  if (checksum) put32(b, 0);
  if (key >= 0) put32(b, static_cast<std::uint32_t>(key));
  if (seq >= 0) put32(b, static_cast<std::uint32_t>(seq));
  append(b, payload);
  if (checksum) set16(b, 4, csum(b));
  return b;
}

/// VXLAN (RFC 7348 §5): flags I, VNI, then the inner Ethernet frame.
inline Buf vxlan(std::uint32_t vni, const Buf& frame) {
  Buf b{0x08, 0, 0, 0};
  put32(b, vni << 8);
  append(b, frame);
  return b;
}

/// Geneve (RFC 8926 §3.4): version 0, options (a multiple of 4 octets), protocol type, VNI.
inline Buf geneve(std::uint16_t protocol, std::uint32_t vni, const Buf& options, const Buf& payload) {
  Buf b;
  put8(b, static_cast<unsigned>(options.size() / 4));
  put8(b, 0);
  put16(b, protocol);
  put32(b, vni << 8);
  append(b, options);
  append(b, payload);
  return b;
}

}  // namespace v6r::testpkt
