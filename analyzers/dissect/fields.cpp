#include "analyzers/dissect/fields.hpp"

#include <array>
#include <charconv>

namespace v6r::analyze {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void dec(std::string& o, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, r.ptr);
}
void hex(std::string& o, std::uint32_t v, int digits) {
  o += "0x";
  for (int i = digits - 1; i >= 0; --i) o += kHex[(v >> (4 * i)) & 0xF];
}
void sep(std::string& o, bool& first) {
  if (!first) o += ',';
  first = false;
}

// Layer predicates.
bool ip4(const Packet& p) {
  return p.l3 == L3::ipv4;
}
bool ip6(const Packet& p) {
  return p.l3 == L3::ipv6;
}
bool tcp(const Packet& p) {
  return p.l4 == L4::tcp;
}
bool udp(const Packet& p) {
  return p.l4 == L4::udp;
}
bool icmp4(const Packet& p) {
  return p.l4 == L4::icmp;
}
bool icmp6(const Packet& p) {
  return p.l4 == L4::icmpv6;
}
bool dns(const Packet& p) {
  return p.app == App::dns && p.dns.parsed;
}
bool dhcp(const Packet& p) {
  return p.app == App::dhcp;
}
bool inner4(const Packet& p) {
  return (icmp4(p) || icmp6(p)) && p.icmp.has_inner && !p.icmp.inner_v6;
}
bool inner6(const Packet& p) {
  return (icmp4(p) || icmp6(p)) && p.icmp.has_inner && p.icmp.inner_v6;
}

std::span<const TunnelLayer> tunnels(const Packet& p) {
  return {p.tunnels.data(), p.tunnel_depth};
}

// Like tshark, the headers carrying a tunnel come first (outermost first), and an ICMP error's quoted
// packet adds a last occurrence of the ip/ipv6 and tcp/udp fields.
void ip4_addr(std::string& o, const Packet& p, bool src) {
  bool first = true;
  for (const auto& t : tunnels(p)) {
    if (t.v6) continue;
    sep(o, first);
    append_ipv4(o, src ? t.src.data() : t.dst.data());
  }
  if (ip4(p)) {
    sep(o, first);
    append_ipv4(o, src ? p.ip4.src.data() : p.ip4.dst.data());
  }
  if (inner4(p)) {
    sep(o, first);
    append_ipv4(o, src ? p.icmp.inner_src.data() : p.icmp.inner_dst.data());
  }
}
void ip6_addr(std::string& o, const Packet& p, bool src) {
  bool first = true;
  for (const auto& t : tunnels(p)) {
    if (!t.v6) continue;
    sep(o, first);
    append_ipv6(o, src ? t.src : t.dst);
  }
  if (ip6(p)) {
    sep(o, first);
    append_ipv6(o, src ? p.ip6.src : p.ip6.dst);
  }
  if (inner6(p)) {
    sep(o, first);
    append_ipv6(o, src ? p.icmp.inner_src : p.icmp.inner_dst);
  }
}
/// A field of each carrying IP header of one family (outermost first), then of the packet's own.
template <class Tun, class Own>
void ip_hdr_field(std::string& o, const Packet& p, bool v6, Tun tun, Own own) {
  bool first = true;
  for (const auto& t : tunnels(p)) {
    if (t.v6 != v6) continue;
    sep(o, first);
    dec(o, tun(t));
  }
  if (v6 ? ip6(p) : ip4(p)) {
    sep(o, first);
    dec(o, own(p));
  }
}

void port(std::string& o, const Packet& p, std::uint8_t proto, bool src) {
  bool first = true;
  if (proto == ipproto::kUdp) {  // the UDP header carrying a VXLAN/Geneve tunnel
    for (const auto& t : tunnels(p)) {
      if ((t.sport | t.dport) == 0) continue;
      sep(o, first);
      dec(o, src ? t.sport : t.dport);
    }
  }
  if (proto == ipproto::kTcp && tcp(p)) {
    sep(o, first);
    dec(o, src ? p.tcp.sport : p.tcp.dport);
  }
  if (proto == ipproto::kUdp && udp(p)) {
    sep(o, first);
    dec(o, src ? p.udp.sport : p.udp.dport);
  }
  if ((inner4(p) || inner6(p)) && p.icmp.inner_proto == proto &&
      (p.icmp.inner_sport | p.icmp.inner_dport) != 0) {
    sep(o, first);
    dec(o, src ? p.icmp.inner_sport : p.icmp.inner_dport);
  }
}

// The outer Ethernet header, then each tunnelled one (VXLAN, Geneve, GRE 0x6558).
void eth_field(std::string& o, const Packet& p, int which) {
  bool first = true;
  if (p.link.has_eth && p.link.eth_type >= (which == 2 ? 0x600 : 1)) {
    sep(o, first);
    if (which == 2) {
      hex(o, p.link.eth_type, 4);
    } else {
      append_mac(o, which == 0 ? p.link.eth_src : p.link.eth_dst);
    }
  }
  for (const auto& t : tunnels(p)) {
    if (!t.has_inner_eth) continue;
    sep(o, first);
    if (which == 2) {
      hex(o, t.inner_eth_type, 4);
    } else {
      append_mac(o, which == 0 ? t.inner_eth_src : t.inner_eth_dst);
    }
  }
}

// IEEE 802.11-2020 §9.3.2.1 Table 9-30: which address is DA, SA, BSSID by To DS / From DS; Address 1
// is always the receiver (RA), Address 2 the transmitter (TA). Management frames: DA, SA, BSSID.
enum class WlanRole : std::uint8_t { ra, ta, da, sa, bssid };
const Mac* wlan_addr(const Packet& p, WlanRole role) {
  if (!p.has_wlan) return nullptr;
  const WlanInfo& w = p.wlan;
  int i = -1;
  switch (role) {
    case WlanRole::ra:
      i = 0;
      break;
    case WlanRole::ta:
      i = 1;
      break;
    default:
      if (w.type == 0) {
        i = role == WlanRole::da ? 0 : role == WlanRole::sa ? 1 : 2;
      } else if (w.type == 2) {
        // ds:            0 (IBSS)  1 (To DS)  2 (From DS)  3 (WDS)
        constexpr int da[] = {0, 2, 0, 2}, sa[] = {1, 1, 2, 3}, bssid[] = {2, 0, 1, -1};
        i = (role == WlanRole::da ? da : role == WlanRole::sa ? sa : bssid)[w.ds()];
      }
  }
  return i >= 0 && i < w.addr_count ? &w.addr[static_cast<std::size_t>(i)] : nullptr;
}
void wlan_field(std::string& o, const Packet& p, WlanRole role) {
  if (const Mac* m = wlan_addr(p, role)) append_mac(o, *m);
}

/// One occurrence per tunnel layer of kind `k` that has the field (`has`), outermost first.
template <class Has, class Fn>
void per_tunnel(std::string& o, const Packet& p, Tunnel k, Has has, Fn fn) {
  bool first = true;
  for (const auto& t : tunnels(p)) {
    if (t.kind != k || !has(t)) continue;
    sep(o, first);
    fn(t);
  }
}
constexpr auto kAlways = [](const TunnelLayer&) { return true; };

/// The address text of a tunnel endpoint (IPv4 in the first 4 octets when !v6).
void tunnel_addr(std::string& o, const TunnelLayer& t, bool src) {
  if (t.v6) return append_ipv6(o, src ? t.src : t.dst);
  append_ipv4(o, src ? t.src.data() : t.dst.data());
}

// Wireshark prints a DNS name without the trailing dot; the root as "<Root>".
void dns_name(std::string& o, std::string_view n) {
  if (n == ".") {
    o += "<Root>";
    return;
  }
  if (!n.empty() && n.back() == '.') n.remove_suffix(1);
  o += n;
}

const char* protocol(const Packet& p) {
  if (p.app == App::dns) return "DNS";
  if (p.app == App::dhcp) return "DHCP";
  switch (p.l4) {
    case L4::tcp:
      return "TCP";
    case L4::udp:
      return "UDP";
    case L4::icmp:
      return "ICMP";
    case L4::icmpv6:
      return "ICMPv6";
    default:
      break;
  }
  switch (p.l3) {
    case L3::arp:
      return "ARP";
    case L3::ipv4:
      return "IPv4";
    case L3::ipv6:
      return "IPv6";
    default:
      break;
  }
  if (p.link.has_pppoe) return "PPPoE";
  if (p.link.has_ppp) return "PPP";
  if (p.link.has_chdlc) return "CHDLC";
  if (p.has_wlan) return "802.11";
  if (p.link.has_nflog) return "NFLOG";
  if (p.link.has_eth) return "Ethernet";
  if (p.link.has_sll) return "SLL";
  return "";
}

#define F(name, help, ...)                                                   \
  FieldDef {                                                                 \
    name, help, [](const CaptureFrame& f, const Packet& p, std::string& o) { \
      (void)f, (void)p;                                                      \
      __VA_ARGS__;                                                           \
    }                                                                        \
  }

const std::array kFields = {
    F("frame.number", "frame number, from 1", dec(o, f.number)),
    F(
        "frame.time_epoch", "seconds since the Unix epoch, 9 decimals (empty without a timestamp)",
        if (f.has_ts) {
          dec(o, f.ts_sec);
          o += '.';
          char b[9];
          std::uint32_t v = f.ts_nsec;
          for (int i = 8; i >= 0; --i, v /= 10) b[i] = static_cast<char>('0' + v % 10);
          o.append(b, 9);
        }),
    F("frame.len", "original length on the wire", dec(o, f.len)),
    F("frame.cap_len", "captured length", dec(o, f.caplen)),
    F("frame.interface_id", "pcapng interface id", dec(o, f.interface_id)),
    F("_ws.col.Protocol", "highest decoded protocol (approximates Wireshark's column)", o += protocol(p)),
    F("eth.src", "Ethernet source (+ tunnelled Ethernet)", eth_field(o, p, 0)),
    F("eth.dst", "Ethernet destination (+ tunnelled Ethernet)", eth_field(o, p, 1)),
    F("eth.type", "Ethernet type field (a TPID when tagged; + tunnelled Ethernet)", eth_field(o, p, 2)),
    F("vlan.id", "802.1Q C-tag VLAN ids",
      {
        bool first = true;
        for (std::uint8_t i = 0; i < p.link.vlan_count; ++i)
          if (p.link.vlan_tpid[i] == 0x8100) sep(o, first), dec(o, p.link.vlan_id[i]);
      }),
    F("ieee8021ad.id", "802.1ad S-tag VLAN ids",
      {
        bool first = true;
        for (std::uint8_t i = 0; i < p.link.vlan_count; ++i)
          if (p.link.vlan_tpid[i] != 0x8100) sep(o, first), dec(o, p.link.vlan_id[i]);
      }),
    F("sll.pkttype", "Linux cooked capture packet type", if (p.link.has_sll) dec(o, p.link.sll_pkttype)),
    F("sll.ifindex", "Linux cooked capture v2 interface index",
      if (p.link.sll_version == 2) dec(o, p.link.sll_ifindex)),
    F("null.family", "NULL/LOOP address family",
      if (p.link_type == 0 || p.link_type == 108) dec(o, p.link.null_family)),
    F("ppp.protocol", "PPP protocol (RFC 1661; 0x0021 IPv4, 0x0057 IPv6)",
      if (p.link.has_ppp) hex(o, p.link.ppp_protocol, 4)),
    F("pppoe.code", "PPPoE code (0x00 session, 0x09 PADI ...)",
      if (p.link.has_pppoe) hex(o, p.link.pppoe_code, 2)),
    F("pppoe.session_id", "PPPoE session id", if (p.link.has_pppoe) hex(o, p.link.pppoe_session, 4)),
    F("chdlc.address", "Cisco HDLC address", if (p.link.has_chdlc) hex(o, p.link.chdlc_address, 2)),
    F("chdlc.protocol", "Cisco HDLC protocol (an Ethertype)",
      if (p.link.has_chdlc) hex(o, p.link.chdlc_protocol, 4)),
    F("wlan.fc.type_subtype", "802.11 type and subtype (type × 16 + subtype)",
      if (p.has_wlan && p.wlan.addr_count > 0) hex(o, p.wlan.type * 16u + p.wlan.subtype, 4)),
    F("wlan.fc.ds", "802.11 To DS / From DS bits",
      if (p.has_wlan && p.wlan.addr_count > 0) hex(o, p.wlan.ds(), 2)),
    F("wlan.fc.protected", "802.11 Protected flag (payload encrypted: not decoded)",
      if (p.has_wlan && p.wlan.addr_count > 0) o += p.wlan.is_protected() ? '1' : '0'),
    F("wlan.ra", "802.11 receiver address", wlan_field(o, p, WlanRole::ra)),
    F("wlan.ta", "802.11 transmitter address", wlan_field(o, p, WlanRole::ta)),
    F("wlan.da", "802.11 destination address", wlan_field(o, p, WlanRole::da)),
    F("wlan.sa", "802.11 source address", wlan_field(o, p, WlanRole::sa)),
    F("wlan.bssid", "802.11 BSS id", wlan_field(o, p, WlanRole::bssid)),
    F("wlan.qos.tid", "802.11 QoS TID", if (p.has_wlan && p.wlan.qos) dec(o, p.wlan.tid)),
    F("llc.type", "LLC/SNAP Ethertype (802.11)",
      if (p.has_wlan && p.wlan.has_llc) hex(o, p.wlan.llc_type, 4)),
    F("radiotap.length", "radiotap header length",
      if (p.has_wlan && p.wlan.has_radiotap) dec(o, p.wlan.radiotap_length)),
    F("radiotap.flags.fcs", "radiotap: frame ends in an FCS",
      if (p.has_wlan && p.wlan.has_radiotap) o += (p.wlan.radiotap_flags & 0x10) ? '1' : '0'),
    F("nflog.family", "NFLOG address family (2 IPv4, 10 IPv6)",
      if (p.link.has_nflog) dec(o, p.link.nflog_family)),
    F("nflog.res_id", "NFLOG resource id (log group)",
      if (p.link.has_nflog) dec(o, p.link.nflog_resource_id)),
    F("arp.opcode", "ARP opcode (1 request, 2 reply)", if (p.l3 == L3::arp) dec(o, p.arp.opcode)),
    F("arp.src.proto_ipv4", "ARP sender IPv4",
      if (p.l3 == L3::arp && p.arp.ptype == 0x0800) append_ipv4(o, p.arp.spa.data())),
    F("arp.dst.proto_ipv4", "ARP target IPv4",
      if (p.l3 == L3::arp && p.arp.ptype == 0x0800) append_ipv4(o, p.arp.tpa.data())),
    F("ip.src", "IPv4 source (+ the ICMP-quoted packet's)", ip4_addr(o, p, true)),
    F("ip.dst", "IPv4 destination", ip4_addr(o, p, false)),
    F("ip.proto", "IPv4 protocol (+ tunnel-carrying headers)",
      ip_hdr_field(
          o, p, false, [](const TunnelLayer& t) { return t.proto; },
          [](const Packet& q) { return q.ip4.proto; })),
    F("ip.ttl", "IPv4 TTL (+ tunnel-carrying headers)",
      ip_hdr_field(
          o, p, false, [](const TunnelLayer& t) { return t.ttl; },
          [](const Packet& q) { return q.ip4.ttl; })),
    F("ip.id", "IPv4 identification", if (ip4(p)) hex(o, p.ip4.id, 4)),
    F("ip.hdr_len", "IPv4 header length (bytes)", if (ip4(p)) dec(o, p.ip4.ihl)),
    F("ip.flags.df", "IPv4 don't fragment", if (ip4(p)) o += p.ip4.df ? '1' : '0'),
    F("ip.flags.mf", "IPv4 more fragments", if (ip4(p)) o += p.ip4.mf ? '1' : '0'),
    F("ip.frag_offset", "IPv4 fragment offset (8-octet units, as Wireshark 4.0 prints it)",
      if (ip4(p)) dec(o, p.ip4.frag_offset)),
    F("ipv6.src", "IPv6 source (+ the ICMP-quoted packet's)", ip6_addr(o, p, true)),
    F("ipv6.dst", "IPv6 destination", ip6_addr(o, p, false)),
    F("ipv6.nxt", "IPv6 Next Header of the fixed header (+ tunnel-carrying headers)",
      ip_hdr_field(
          o, p, true, [](const TunnelLayer& t) { return t.proto; },
          [](const Packet& q) { return q.ip6.nxt; })),
    F("ipv6.hlim", "IPv6 hop limit (+ tunnel-carrying headers)",
      ip_hdr_field(
          o, p, true, [](const TunnelLayer& t) { return t.ttl; },
          [](const Packet& q) { return q.ip6.hlim; })),
    F("ipv6.plen", "IPv6 payload length", if (ip6(p)) dec(o, p.ip6.plen)),
    F("ipv6.flow", "IPv6 flow label", if (ip6(p)) hex(o, p.ip6.flow_label, 5)),
    F("ipv6.fraghdr.ident", "IPv6 fragment identification",
      if (ip6(p) && p.ip6.has_frag) hex(o, p.ip6.frag_id, 8)),
    F("ipv6.fraghdr.offset", "IPv6 fragment offset (8-octet units)",
      if (ip6(p) && p.ip6.has_frag) dec(o, p.ip6.frag_offset)),
    F("ipv6.fraghdr.more", "IPv6 more fragments",
      if (ip6(p) && p.ip6.has_frag) o += p.ip6.frag_more ? '1' : '0'),
    F("v6r.ipv6.ext", "IPv6 extension header types in order",
      {
        bool first = true;
        if (ip6(p))
          for (std::uint8_t i = 0; i < p.ip6.ext_count; ++i) sep(o, first), dec(o, p.ip6.ext_types[i]);
      }),
    F("tcp.srcport", "TCP source port (+ quoted)", port(o, p, ipproto::kTcp, true)),
    F("tcp.dstport", "TCP destination port (+ quoted)", port(o, p, ipproto::kTcp, false)),
    F("tcp.seq_raw", "TCP sequence number (absolute)", if (tcp(p)) dec(o, p.tcp.seq)),
    F("tcp.ack_raw", "TCP acknowledgment number (absolute)", if (tcp(p)) dec(o, p.tcp.ack)),
    F("tcp.flags", "TCP flags", if (tcp(p)) hex(o, p.tcp.flags, 4)),
    F("tcp.len", "TCP payload length", if (tcp(p)) dec(o, p.tcp.payload_len)),
    F("tcp.window_size_value", "TCP window (unscaled)", if (tcp(p)) dec(o, p.tcp.window)),
    F("tcp.options.mss_val", "TCP MSS option", if (tcp(p) && p.tcp.has_mss) dec(o, p.tcp.mss)),
    F("udp.srcport", "UDP source port (+ quoted)", port(o, p, ipproto::kUdp, true)),
    F("udp.dstport", "UDP destination port (+ quoted)", port(o, p, ipproto::kUdp, false)),
    F("udp.length", "UDP length", if (udp(p)) dec(o, p.udp.length)),
    F("icmp.type", "ICMP type", if (icmp4(p)) dec(o, p.icmp.type)),
    F("icmp.code", "ICMP code", if (icmp4(p)) dec(o, p.icmp.code)),
    F("icmp.ident", "ICMP echo identifier",
      if (icmp4(p) && (p.icmp.type == 0 || p.icmp.type == 8)) dec(o, p.icmp.echo_id)),
    F("icmp.seq", "ICMP echo sequence",
      if (icmp4(p) && (p.icmp.type == 0 || p.icmp.type == 8)) dec(o, p.icmp.echo_seq)),
    F("icmpv6.type", "ICMPv6 type", if (icmp6(p)) dec(o, p.icmp.type)),
    F("icmpv6.code", "ICMPv6 code", if (icmp6(p)) dec(o, p.icmp.code)),
    F("icmpv6.mtu", "Packet Too Big MTU (RFC 4443 §3.2)",
      if (icmp6(p) && p.icmp.type == 2) dec(o, p.icmp.mtu)),
    F("icmpv6.echo.identifier", "ICMPv6 echo identifier",
      if (icmp6(p) && (p.icmp.type == 128 || p.icmp.type == 129)) hex(o, p.icmp.echo_id, 4)),
    F("icmpv6.echo.sequence_number", "ICMPv6 echo sequence",
      if (icmp6(p) && (p.icmp.type == 128 || p.icmp.type == 129)) dec(o, p.icmp.echo_seq)),
    F("icmpv6.nd.ra.router_lifetime", "RA router lifetime (s)",
      if (icmp6(p) && p.icmp.type == 134 && p.has_nd) dec(o, p.nd.router_lifetime)),
    F("icmpv6.nd.ns.target_address", "NS target",
      if (icmp6(p) && p.icmp.type == 135 && p.nd.has_target) append_ipv6(o, p.nd.target)),
    F("icmpv6.nd.na.target_address", "NA target",
      if (icmp6(p) && p.icmp.type == 136 && p.nd.has_target) append_ipv6(o, p.nd.target)),
    F("icmpv6.opt.src_linkaddr", "ND source link-layer address option",
      if (p.has_nd && p.nd.has_src_lladdr) append_mac(o, p.nd.src_lladdr)),
    F("icmpv6.opt.mtu", "ND MTU option", if (p.has_nd && p.nd.has_mtu) dec(o, p.nd.mtu)),
    F("icmpv6.opt.prefix", "ND prefix information prefixes",
      {
        bool first = true;
        if (p.has_nd)
          for (std::uint8_t i = 0; i < p.nd.prefix_count; ++i)
            sep(o, first), append_ipv6(o, p.nd.prefixes[i].prefix);
      }),
    F("icmpv6.opt.rdnss", "RDNSS addresses (RFC 8106)",
      {
        bool first = true;
        if (p.has_nd)
          for (std::uint8_t i = 0; i < p.nd.rdnss_count && i < p.nd.rdnss.size(); ++i)
            sep(o, first), append_ipv6(o, p.nd.rdnss[i]);
      }),
    F("icmpv6.opt.pref64.prefix", "PREF64 prefix (RFC 8781)",
      if (p.has_nd && p.nd.has_pref64) append_ipv6(o, p.nd.pref64)),
    F("icmpv6.opt.pref64.plc", "PREF64 prefix length code",
      if (p.has_nd && p.nd.has_pref64) hex(o, p.nd.pref64_plc, 4)),
    F("icmpv6.opt.pref64.scaled_lifetime", "PREF64 scaled lifetime (units of 8 s)",
      if (p.has_nd && p.nd.has_pref64) dec(o, p.nd.pref64_scaled_lifetime)),
    F("v6r.pref64.length", "PREF64 prefix length from the PLC (0 = invalid PLC)",
      if (p.has_nd && p.nd.has_pref64) dec(o, p.nd.pref64_len)),
    F("v6r.pref64.lifetime", "PREF64 lifetime in seconds (scaled × 8)",
      if (p.has_nd && p.nd.has_pref64) dec(o, p.nd.pref64_lifetime_s)),
    F("dhcp.type", "BOOTP op (1 request, 2 reply)", if (dhcp(p)) dec(o, p.dhcp.op)),
    F("dhcp.id", "DHCP transaction id", if (dhcp(p)) hex(o, p.dhcp.xid, 8)),
    F("dhcp.ip.your", "DHCP yiaddr", if (dhcp(p)) append_ipv4(o, p.dhcp.yiaddr.data())),
    F("dhcp.option.dhcp", "DHCP message type (option 53)",
      if (dhcp(p) && p.dhcp.msg_type != 0) dec(o, p.dhcp.msg_type)),
    F("dhcp.option.request_list_item", "parameter request list (option 55)",
      {
        bool first = true;
        if (dhcp(p))
          for (auto c : p.dhcp.param_request_list) sep(o, first), dec(o, c);
      }),
    F("v6r.dhcp.v6only_wait", "option 108 V6ONLY_WAIT seconds (RFC 8925)",
      if (dhcp(p) && p.dhcp.has_v6only_wait) dec(o, p.dhcp.v6only_wait)),
    F("dns.id", "DNS transaction id", if (dns(p)) hex(o, p.dns.summary.header.id, 4)),
    F("dns.flags.response", "DNS QR bit", if (dns(p)) o += p.dns.summary.header.qr ? '1' : '0'),
    F("dns.flags.rcode", "DNS RCODE (responses only, like Wireshark)",
      if (dns(p) && p.dns.summary.header.qr) dec(o, static_cast<unsigned>(p.dns.summary.rcode))),
    F("dns.qry.name", "first question name",
      if (dns(p) && p.dns.summary.has_question) dns_name(o, p.dns.summary.qname())),
    F("dns.qry.type", "first question type",
      if (dns(p) && p.dns.summary.has_question) dec(o, static_cast<unsigned>(p.dns.summary.qtype))),
    F("dns.count.answers", "answer count", if (dns(p)) dec(o, p.dns.summary.ancount)),
    F("dns.a", "A answers (first 8 addresses)",
      {
        bool first = true;
        if (dns(p))
          for (std::uint8_t i = 0; i < p.dns.summary.address_count; ++i)
            if (p.dns.summary.addresses[i].family == 4)
              sep(o, first), append_ipv4(o, p.dns.summary.addresses[i].bytes.data());
      }),
    F("dns.aaaa", "AAAA answers (first 8 addresses)",
      {
        bool first = true;
        if (dns(p))
          for (std::uint8_t i = 0; i < p.dns.summary.address_count; ++i)
            if (p.dns.summary.addresses[i].family == 6)
              sep(o, first), append_ipv6(o, p.dns.summary.addresses[i].bytes);
      }),
    F("v6r.dns.transport", "udp or tcp", if (p.app == App::dns) o += p.dns.over_tcp ? "tcp" : "udp"),
    F("gre.proto", "GRE protocol type (an Ethertype)",
      per_tunnel(o, p, Tunnel::gre, kAlways, [&](const TunnelLayer& t) { hex(o, t.proto_type, 4); })),
    F("gre.key", "GRE key (RFC 2890)",
      per_tunnel(
          o, p, Tunnel::gre, [](const TunnelLayer& t) { return t.has_key; },
          [&](const TunnelLayer& t) { hex(o, t.key, 8); })),
    F("gre.sequence_number", "GRE sequence number (RFC 2890)",
      per_tunnel(
          o, p, Tunnel::gre, [](const TunnelLayer& t) { return t.has_seq; },
          [&](const TunnelLayer& t) { dec(o, t.seq); })),
    F("vxlan.vni", "VXLAN network identifier (RFC 7348)",
      per_tunnel(o, p, Tunnel::vxlan, kAlways, [&](const TunnelLayer& t) { dec(o, t.vni); })),
    F("geneve.vni", "Geneve virtual network identifier (RFC 8926)",
      per_tunnel(o, p, Tunnel::geneve, kAlways, [&](const TunnelLayer& t) { hex(o, t.vni, 6); })),
    F("geneve.proto_type", "Geneve protocol type",
      per_tunnel(o, p, Tunnel::geneve, kAlways, [&](const TunnelLayer& t) { hex(o, t.proto_type, 4); })),
    F("v6r.tunnel", "tunnels followed, outermost first: 6in4 4in6 4in4 6in6 gre vxlan geneve",
      {
        bool first = true;
        for (const auto& t : tunnels(p)) sep(o, first), o += tunnel_name(t.kind);
      }),
    F("v6r.tunnel.src", "source address of each tunnel's carrying IP header",
      {
        bool first = true;
        for (const auto& t : tunnels(p)) sep(o, first), tunnel_addr(o, t, true);
      }),
    F("v6r.tunnel.dst", "destination address of each tunnel's carrying IP header",
      {
        bool first = true;
        for (const auto& t : tunnels(p)) sep(o, first), tunnel_addr(o, t, false);
      }),
    F("v6r.anomalies", "anomalies of this frame",
      {
        bool first = true;
        for (std::uint8_t i = 0; i < p.anomaly_count; ++i) sep(o, first), o += anomaly_name(p.anomalies[i]);
      }),
};
#undef F

constexpr std::array<std::string_view, 20> kDefault = {
    "frame.number", "frame.time_epoch", "ip.src",       "ip.dst",       "ipv6.src",
    "ipv6.dst",     "_ws.col.Protocol", "tcp.srcport",  "tcp.dstport",  "udp.srcport",
    "udp.dstport",  "dns.id",           "dns.qry.name", "dns.qry.type", "dns.flags.rcode",
    "dns.a",        "dns.aaaa",         "icmpv6.type",  "v6r.tunnel",   "v6r.anomalies"};

}  // namespace

std::span<const FieldDef> all_fields() {
  return kFields;
}

const FieldDef* find_field(std::string_view name) {
  for (const auto& f : kFields)
    if (f.name == name) return &f;
  return nullptr;
}

std::span<const std::string_view> default_fields() {
  return kDefault;
}

void format_line(const CaptureFrame& f, const Packet& p, std::span<const FieldDef* const> fields,
                 std::string& out) {
  bool first = true;
  for (const FieldDef* d : fields) {
    if (!first) out += '\t';
    first = false;
    d->fn(f, p, out);
  }
  out += '\n';
}

void append_ipv4(std::string& o, const std::uint8_t* a) {
  for (int i = 0; i < 4; ++i) {
    if (i) o += '.';
    dec(o, a[i]);
  }
}

void append_mac(std::string& o, const Mac& m) {
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (i) o += ':';
    o += kHex[m[i] >> 4];
    o += kHex[m[i] & 0xF];
  }
}

// RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::" (first on
// a tie); §5: IPv4-mapped addresses end in a dotted quad.
void append_ipv6(std::string& o, const Ip6& a) {
  std::array<std::uint16_t, 8> g{};
  for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<std::uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
  const bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF;
  const std::size_t ngroups = mapped ? 6 : 8;
  int best = -1, best_len = 0;
  for (std::size_t i = 0; i < ngroups;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < ngroups && g[j] == 0) ++j;
    if (static_cast<int>(j - i) > best_len) best = static_cast<int>(i), best_len = static_cast<int>(j - i);
    i = j;
  }
  if (best_len < 2) best = -1;
  for (std::size_t i = 0; i < ngroups; ++i) {
    if (best >= 0 && static_cast<int>(i) == best) {
      o += "::";
      i += static_cast<std::size_t>(best_len) - 1;
      continue;
    }
    if (i != 0 && !(best >= 0 && static_cast<int>(i) == best + best_len)) o += ':';
    bool lead = true;
    for (int s = 12; s >= 0; s -= 4) {
      const unsigned nib = (g[i] >> s) & 0xFu;
      if (lead && nib == 0 && s != 0) continue;
      lead = false;
      o += kHex[nib];
    }
  }
  if (mapped) {
    if (o.back() != ':') o += ':';
    append_ipv4(o, a.data() + 12);
  }
}

}  // namespace v6r::analyze
