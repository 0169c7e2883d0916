#pragma once
// The result of dissecting one frame: a flat, fixed-size record (no heap, no owning members) so the
// dissect path allocates nothing per packet. Spans point into the frame's bytes (the mapped file).
// Which layers are present is said by the `has_*` flags; a layer that was malformed sets an Anomaly
// and leaves the layers above it absent.
#include <array>
#include <cstdint>

#include "analyzers/dissect/anomaly.hpp"
#include "analyzers/dissect/dns_layer.hpp"
#include "core/wire_reader.hpp"

namespace v6r::analyze {

using Mac = std::array<std::uint8_t, 6>;
using Ip4 = std::array<std::uint8_t, 4>;
using Ip6 = std::array<std::uint8_t, 16>;

// IP protocol numbers (IANA) used by the dissectors.
namespace ipproto {
inline constexpr std::uint8_t kHopByHop = 0;
inline constexpr std::uint8_t kIcmp = 1;
inline constexpr std::uint8_t kIpv4 = 4;  ///< IPv4 in IP (RFC 2003; DS-Lite, RFC 6333)
inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;
inline constexpr std::uint8_t kIpv6 = 41;  ///< IPv6 in IP (RFC 4213 §3: 6in4; RFC 2473)
inline constexpr std::uint8_t kRouting = 43;
inline constexpr std::uint8_t kFragment = 44;
inline constexpr std::uint8_t kGre = 47;  ///< RFC 2784
inline constexpr std::uint8_t kEsp = 50;
inline constexpr std::uint8_t kAh = 51;
inline constexpr std::uint8_t kIcmpv6 = 58;
inline constexpr std::uint8_t kNoNext = 59;
inline constexpr std::uint8_t kDestOpts = 60;
}  // namespace ipproto

struct LinkInfo {
  bool has_eth = false;
  Mac eth_src{}, eth_dst{};
  std::uint16_t eth_type = 0;   ///< the Ethernet header's type field (a TPID when tagged)
  std::uint16_t ethertype = 0;  ///< after VLAN tags (the payload's type)
  std::uint8_t vlan_count = 0;  ///< 802.1Q / 802.1ad tags (outer first)
  std::array<std::uint16_t, 2> vlan_id{};
  std::array<std::uint16_t, 2> vlan_tpid{};  ///< 0x8100 (802.1Q C-tag), 0x88a8/0x9100 (S-tag)
  bool has_sll = false;                      ///< LINUX_SLL or LINUX_SLL2
  std::uint8_t sll_version = 0;
  std::uint16_t sll_pkttype = 0;
  std::uint16_t sll_hatype = 0;
  std::uint32_t sll_ifindex = 0;  ///< SLL2 only
  std::uint8_t sll_halen = 0;
  std::array<std::uint8_t, 8> sll_addr{};
  std::uint32_t null_family = 0;  ///< NULL/LOOP link type
  // PPP (RFC 1661) on LINKTYPE_PPP / PPP_HDLC or inside PPPoE; Cisco HDLC; PPPoE (RFC 2516); NFLOG.
  bool has_ppp = false;
  bool has_chdlc = false;
  bool has_pppoe = false;
  bool has_nflog = false;
  std::uint16_t ppp_protocol = 0;  ///< after protocol-field decompression (RFC 1661 §6.5)
  std::uint8_t chdlc_address = 0;  ///< 0x0F unicast, 0x8F multicast
  std::uint8_t pppoe_code = 0;     ///< 0x00 in the session stage (RFC 2516 §6)
  std::uint16_t chdlc_protocol = 0;
  std::uint16_t pppoe_session = 0;
  std::uint8_t nflog_family = 0;  ///< AF_INET 2, AF_INET6 10
  std::uint16_t nflog_resource_id = 0;
};

/// IEEE 802.11 MAC header (IEEE 802.11-2020 §9.2.3), with the radiotap header in front when the link
/// type is IEEE802_11_RADIO. Filled only on those link types (Packet::has_wlan).
struct WlanInfo {
  std::uint8_t type = 0, subtype = 0;  ///< frame control: 0 management, 1 control, 2 data
  std::uint8_t flags = 0;       ///< frame control's second octet (To DS 0x01, From DS 0x02, Protected 0x40)
  std::uint8_t addr_count = 0;  ///< addresses present in the header (1..4)
  std::array<Mac, 4> addr{};    ///< Address 1..4 as on the wire
  bool qos = false;             ///< QoS subtype: QoS Control present
  std::uint8_t tid = 0;
  bool amsdu = false;    ///< QoS Control A-MSDU Present: aggregate payload (not decoded)
  bool has_llc = false;  ///< LLC/SNAP (RFC 1042 / 802.1H) header decoded
  std::uint16_t llc_type = 0;
  bool has_radiotap = false;
  std::uint16_t radiotap_length = 0;
  std::uint8_t radiotap_flags = 0;  ///< FCS at end 0x10, data pad 0x20
  [[nodiscard]] std::uint8_t ds() const { return flags & 0x03; }
  [[nodiscard]] bool is_protected() const { return (flags & 0x40) != 0; }
};

/// An encapsulation the dissector followed. The carrying headers are kept here (the layer records
/// of the Packet then describe the encapsulated packet); Packet::tunnels lists them outermost first.
enum class Tunnel : std::uint8_t { none, ip6in4, ip4in6, ip4in4, ip6in6, gre, vxlan, geneve };

/// "6in4", "4in6", "4in4", "6in6", "gre", "vxlan", "geneve".
constexpr const char* tunnel_name(Tunnel t) {
  constexpr const char* names[] = {"", "6in4", "4in6", "4in4", "6in6", "gre", "vxlan", "geneve"};
  const auto i = static_cast<std::size_t>(t);
  return i < sizeof names / sizeof names[0] ? names[i] : "";
}

struct TunnelLayer {
  Tunnel kind = Tunnel::none;
  bool v6 = false;                     ///< the carrying IP header's family
  std::uint8_t proto = 0;              ///< its protocol (IPv4) / fixed header's Next Header (IPv6)
  std::uint8_t ttl = 0;                ///< its TTL / hop limit
  Ip6 src{}, dst{};                    ///< its addresses (IPv4 in the first 4 octets)
  std::uint16_t sport = 0, dport = 0;  ///< the carrying UDP header (VXLAN, Geneve)
  std::uint16_t gre_flags = 0;         ///< GRE flags and version word (RFC 2784 §2)
  std::uint16_t proto_type = 0;        ///< GRE / Geneve Protocol Type (an Ethertype)
  bool has_key = false, has_seq = false;
  std::uint32_t key = 0, seq = 0;  ///< GRE Key, Sequence Number (RFC 2890 §2)
  std::uint32_t vni = 0;           ///< VXLAN (RFC 7348 §5) / Geneve (RFC 8926 §3.4) VNI
  bool has_inner_eth = false;      ///< an Ethernet header follows (VXLAN, Geneve/GRE 0x6558)
  Mac inner_eth_src{}, inner_eth_dst{};
  std::uint16_t inner_eth_type = 0;
};

struct ArpInfo {
  std::uint16_t htype = 0, ptype = 0, opcode = 0;
  Mac sha{}, tha{};
  Ip4 spa{}, tpa{};
};

struct Ipv4Info {
  Ip4 src{}, dst{};
  std::uint8_t ihl = 0;  ///< header length in bytes
  std::uint8_t tos = 0, ttl = 0, proto = 0;
  std::uint16_t total_len = 0, id = 0, checksum = 0;
  bool df = false, mf = false;
  std::uint16_t frag_offset = 0;  ///< in 8-byte units (RFC 791 §3.1)
  std::uint8_t option_count = 0;
  bool router_alert = false;
};

/// RFC 8200 §4: the extension header chain, bounded (kMaxExt headers).
struct Ipv6Info {
  static constexpr std::size_t kMaxExt = 8;
  Ip6 src{}, dst{};
  std::uint8_t traffic_class = 0, hlim = 0, nxt = 0;  ///< nxt: the fixed header's Next Header
  std::uint32_t flow_label = 0;
  std::uint16_t plen = 0;
  std::uint8_t upper = 0;  ///< protocol after the extension headers
  std::uint8_t ext_count = 0;
  std::array<std::uint8_t, kMaxExt> ext_types{};
  bool has_frag = false;  ///< RFC 8200 §4.5
  std::uint32_t frag_id = 0;
  std::uint16_t frag_offset = 0;  ///< in 8-byte units
  bool frag_more = false;
  bool has_routing = false;  ///< RFC 8200 §4.4
  std::uint8_t routing_type = 0, segments_left = 0;
};

struct TcpInfo {
  std::uint16_t sport = 0, dport = 0;
  std::uint32_t seq = 0, ack = 0;
  std::uint16_t flags = 0;  ///< low 9 bits: NS CWR ECE URG ACK PSH RST SYN FIN (RFC 9293 §3.1)
  std::uint16_t window = 0;
  std::uint8_t hdr_len = 0;
  std::uint16_t mss = 0;
  bool has_mss = false;  ///< option 2
  std::uint8_t wscale = 0;
  bool has_wscale = false;      ///< option 3 (RFC 7323)
  bool sack_permitted = false;  ///< option 4
  bool has_timestamps = false;  ///< option 8
  std::uint32_t ts_val = 0, ts_ecr = 0;
  std::uint32_t payload_len = 0;
  static constexpr std::uint16_t kFin = 0x001, kSyn = 0x002, kRst = 0x004, kPsh = 0x008, kAck = 0x010;
};

struct UdpInfo {
  std::uint16_t sport = 0, dport = 0, length = 0;
};

/// ICMPv4 (RFC 792) and ICMPv6 (RFC 4443 + RFC 4861 ND) in one record; `v6` says which.
struct IcmpInfo {
  bool v6 = false;
  std::uint8_t type = 0, code = 0;
  std::uint16_t echo_id = 0, echo_seq = 0;  ///< echo request/reply
  std::uint32_t mtu = 0;                    ///< ICMPv6 Packet Too Big (RFC 4443 §3.2); v4 frag-needed
  std::uint32_t pointer = 0;                ///< ICMPv6 Parameter Problem
  /// Invoking packet quoted by an error message (first header + ports), for correlation.
  bool has_inner = false;
  bool inner_v6 = false;
  Ip6 inner_src{}, inner_dst{};  ///< IPv4 addresses in the first 4 bytes when !inner_v6
  std::uint8_t inner_proto = 0;
  std::uint16_t inner_sport = 0, inner_dport = 0;
};

/// RFC 4861 Neighbor Discovery (+ RFC 8106 RDNSS, RFC 8781 PREF64).
struct NdInfo {
  static constexpr std::size_t kMaxPrefixes = 4, kMaxRdnss = 4;
  // RA (RFC 4861 §4.2)
  std::uint8_t cur_hop_limit = 0, ra_flags = 0;  ///< ra_flags: M=0x80, O=0x40
  std::uint16_t router_lifetime = 0;
  std::uint32_t reachable_time = 0, retrans_timer = 0;
  // NS/NA/Redirect target (§4.3, §4.4, §4.5)
  bool has_target = false;
  Ip6 target{};
  std::uint8_t na_flags = 0;  ///< R=0x80 S=0x40 O=0x20
  // options (§4.6)
  bool has_src_lladdr = false, has_tgt_lladdr = false;
  Mac src_lladdr{}, tgt_lladdr{};
  bool has_mtu = false;
  std::uint32_t mtu = 0;
  struct Prefix {
    Ip6 prefix{};
    std::uint8_t length = 0, flags = 0;  ///< flags: L=0x80 A=0x40
    std::uint32_t valid_lifetime = 0, preferred_lifetime = 0;
  };
  std::uint8_t prefix_count = 0;
  std::array<Prefix, kMaxPrefixes> prefixes{};
  std::uint8_t rdnss_count = 0;  ///< RFC 8106 §5.1 (addresses kept, up to kMaxRdnss)
  std::uint32_t rdnss_lifetime = 0;
  std::array<Ip6, kMaxRdnss> rdnss{};
  /// RFC 8781 §4: option 38, scaled lifetime (13 bits, units of 8 s) + PLC (3 bits) + prefix.
  bool has_pref64 = false;
  Ip6 pref64{};
  std::uint8_t pref64_plc = 0, pref64_len = 0;
  std::uint16_t pref64_scaled_lifetime = 0;
  std::uint32_t pref64_lifetime_s = 0;  ///< scaled_lifetime × 8
};

/// BOOTP (RFC 951) / DHCPv4 (RFC 2131 §2, options RFC 2132).
struct DhcpInfo {
  std::uint8_t op = 0, htype = 0, hlen = 0;
  std::uint32_t xid = 0;
  Ip4 ciaddr{}, yiaddr{}, siaddr{}, giaddr{};
  Mac chaddr{};
  bool has_magic = false;        ///< 99.130.83.99 (RFC 2131 §3)
  std::uint8_t msg_type = 0;     ///< option 53 (RFC 2132 §9.6); 0 = absent
  Bytes param_request_list;      ///< option 55 (RFC 2132 §9.8)
  bool has_v6only_wait = false;  ///< option 108 (RFC 8925 §3.1)
  std::uint32_t v6only_wait = 0;
  std::uint8_t option_count = 0;
};

enum class L3 : std::uint8_t { none, arp, ipv4, ipv6, other };
enum class L4 : std::uint8_t { none, tcp, udp, icmp, icmpv6, other };
enum class App : std::uint8_t { none, dns, dhcp };

struct Packet {
  static constexpr std::size_t kMaxAnomalies = 6;
  /// Encapsulations followed per frame; one more is the anomaly tunnel_too_deep (bounds the work and
  /// the recursion on hostile input).
  static constexpr std::size_t kMaxTunnels = 4;

  std::uint64_t frame = 0;  ///< frame number (for anomaly reports)
  std::uint16_t link_type = 0;
  bool snapped = false;  ///< caplen < len: missing bytes at the end are expected, not anomalies

  L3 l3 = L3::none;
  L4 l4 = L4::none;
  App app = App::none;
  bool is_fragment = false;  ///< a non-first or incomplete IP fragment: L4 not decoded
  /// A first fragment (offset 0, more to come) of TCP or UDP: the ports at the start of its payload, so
  /// the capture analysis can give the datagram's fragments to its flow (L4 is still not decoded).
  bool frag_ports = false;
  std::uint16_t frag_sport = 0, frag_dport = 0;

  LinkInfo link;
  ArpInfo arp;
  Ipv4Info ip4;
  Ipv6Info ip6;
  TcpInfo tcp;
  UdpInfo udp;
  IcmpInfo icmp;
  bool has_nd = false;
  NdInfo nd;
  DhcpInfo dhcp;
  DnsLayer dns;

  Bytes l4_payload;  ///< TCP/UDP payload (ICMP body after the 4-byte header)

  std::uint8_t anomaly_count = 0;
  std::array<Anomaly, kMaxAnomalies> anomalies{};

  // Rarely used records last, away from the layers every frame touches.
  bool has_wlan = false;
  WlanInfo wlan;
  std::uint8_t tunnel_depth = 0;  ///< entries of `tunnels` in use
  std::array<TunnelLayer, kMaxTunnels> tunnels{};

  /// Resets every layer for the next frame (cheaper than `*this = Packet{}`: the DNS summary's name
  /// buffer is left alone, summarize_into overwrites what it uses).
  void reset() {
    frame = 0;
    link_type = 0;
    snapped = false;
    if (has_nd) nd = NdInfo{};
    if (app == App::dhcp) dhcp = DhcpInfo{};
    l3 = L3::none;
    l4 = L4::none;
    app = App::none;
    is_fragment = false;
    frag_ports = false;
    frag_sport = frag_dport = 0;
    link = LinkInfo{};
    if (has_wlan) wlan = WlanInfo{};
    has_wlan = false;
    tunnel_depth = 0;  // a layer is overwritten whole when it is entered
    arp = ArpInfo{};
    ip4 = Ipv4Info{};
    ip6 = Ipv6Info{};
    tcp = TcpInfo{};
    udp = UdpInfo{};
    icmp = IcmpInfo{};
    has_nd = false;
    dns.over_tcp = false;
    dns.tcp_length = 0;
    dns.message = {};
    dns.parsed = false;
    dns.error = {};
    l4_payload = {};
    anomaly_count = 0;
  }

  void flag(Anomaly a) {
    if (anomaly_count < kMaxAnomalies) anomalies[anomaly_count++] = a;
  }
  [[nodiscard]] bool has(Anomaly a) const {
    for (std::uint8_t i = 0; i < anomaly_count; ++i)
      if (anomalies[i] == a) return true;
    return false;
  }
};

}  // namespace v6r::analyze
