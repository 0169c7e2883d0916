#pragma once
// Packet builders for tests and the golden-trace generator: Ethernet (+VLAN), SLL/SLL2, NULL, IPv4,
// IPv6 (+extension headers), UDP, TCP, ICMP, ICMPv6/ND, ARP, DHCPv4. Checksums are correct (RFC 1071;
// IPv6 pseudo-header RFC 8200 §8.1). Test code only: allocates freely.
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

/// LINKTYPE_LINUX_SLL2 header (20 bytes).
inline Buf sll2(std::uint16_t proto, std::uint32_t ifindex, std::uint8_t pkttype, const Mac& addr,
                const Buf& payload) {
  Buf b;
  put16(b, proto);
  put16(b, 0);
  put32(b, ifindex);
  put16(b, 1);  // ARPHRD_ETHER
  put8(b, pkttype);
  put8(b, 6);
  append(b, addr);
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

}  // namespace v6r::testpkt
