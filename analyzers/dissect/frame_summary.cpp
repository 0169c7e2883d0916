// summarize_frame(): a dissected frame as one typed line (analyzers/dissect/frame_summary.hpp).
#include "analyzers/dissect/frame_summary.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "analyzers/dissect/dissect.hpp"
#include "analyzers/dissect/fields.hpp"
#include "core/dns_types.hpp"

namespace v6r::analyze {
namespace {

using findings::FrameSummary;
using findings::PacketWhat;

std::string ipv6_text(const Ip6& a) {
  std::string s;
  append_ipv6(s, a);
  return s;
}
std::string ipv4_text(const std::uint8_t* a) {
  std::string s;
  append_ipv4(s, a);
  return s;
}
std::string mac_text(const Mac& m) {
  std::string s;
  append_mac(s, m);
  return s;
}
std::string num(std::uint64_t v) {
  return std::to_string(v);
}

/// An IP protocol number as its name where the summaries use one ("TCP"), else the number.
std::string proto_name(std::uint8_t p) {
  switch (p) {
    case ipproto::kTcp:
      return "TCP";
    case ipproto::kUdp:
      return "UDP";
    case ipproto::kIcmp:
      return "ICMP";
    case ipproto::kIcmpv6:
      return "ICMPv6";
    default:
      return num(p);
  }
}

/// A DNS name's text form (already escaped by the DNS parser: \DDD for every byte outside printable
/// ASCII, RFC 1035 §5.1), cut to kMaxNameText without splitting an escape.
std::string name_text(std::string_view n) {
  if (n.empty()) return ".";
  if (n.size() <= kMaxNameText) return std::string(n);
  std::size_t cut = kMaxNameText - 3;
  // Back off to the start of a "\DDD" or "\X" escape that the cut would split.
  for (std::size_t back = 1; back <= 3 && back <= cut; ++back)
    if (n[cut - back] == '\\') {
      std::size_t slashes = 0;  // an escaped backslash ("\\") is a whole escape
      for (std::size_t k = cut - back; k > 0 && n[k - 1] == '\\'; --k) ++slashes;
      if (slashes % 2 == 0) cut -= back;
      break;
    }
  return std::string(n.substr(0, cut)) + "...";
}

/// TCP flags as tshark's Info column lists them: "SYN, ACK".
std::string tcp_flags(std::uint16_t f) {
  static constexpr std::pair<std::uint16_t, const char*> kNames[] = {
      {0x001, "FIN"}, {0x002, "SYN"}, {0x004, "RST"}, {0x008, "PSH"}, {0x010, "ACK"},
      {0x020, "URG"}, {0x040, "ECE"}, {0x080, "CWR"}, {0x100, "NS"}};
  std::string s;
  for (const auto& [bit, name] : kNames)
    if (f & bit) s += (s.empty() ? "" : ", ") + std::string(name);
  return s.empty() ? "<None>" : s;
}

/// RFC 2132 §9.6 message types.
std::string dhcp_type(std::uint8_t t) {
  static constexpr const char* kNames[] = {"BOOTP", "DISCOVER", "OFFER",   "REQUEST", "DECLINE",
                                           "ACK",   "NAK",      "RELEASE", "INFORM"};
  return t < std::size(kNames) ? kNames[t] : "TYPE" + num(t);
}

std::string hex16(std::uint16_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  for (int sh = 12; sh >= 0; sh -= 4) s += kHex[(v >> sh) & 0xF];
  return s;
}

std::string dns_address(const dns::SummaryAddress& a) {
  return a.family == 4 ? ipv4_text(a.bytes.data()) : ipv6_text(a.bytes);
}

/// The first two A/AAAA answers, "+n" for the rest.
std::string dns_addresses(const dns::Summary& s) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(s.address_count, 2);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + dns_address(s.addresses[i]);
  if (s.address_total > shown) out += " +" + num(s.address_total - shown);
  return out;
}

FrameSummary line(PacketWhat what, std::vector<std::string> args) {
  FrameSummary s;
  s.what = what;
  s.args = std::move(args);
  return s;
}

/// The DNS line, or nothing for a message that was not read whole (a TCP segment: the transport line).
std::optional<FrameSummary> dns_line(const Packet& p) {
  if (!p.dns.parsed) {
    if (p.has(Anomaly::dns_tcp_segmented) || p.dns.message.empty()) return std::nullopt;
    return line(PacketWhat::dns_malformed, {std::string(dns::to_string(p.dns.error.code))});
  }
  const dns::Summary& s = p.dns.summary;
  const std::string qtype = s.has_question ? dns::to_string(s.qtype) : "-";
  const std::string name = s.has_question ? name_text(s.qname()) : "-";
  if (!s.header.qr) return line(PacketWhat::dns_query, {qtype, name});
  if (s.address_total > 0)
    return line(PacketWhat::dns_answer, {qtype, name, num(s.address_total), dns_addresses(s)});
  return line(PacketWhat::dns_noaddr, {qtype, name, dns::to_string(s.rcode)});
}

FrameSummary dhcp_line(const Packet& p) {
  const auto& d = p.dhcp;
  const std::string type = dhcp_type(d.msg_type);
  if (d.has_v6only_wait) return line(PacketWhat::dhcp_v6only, {type, num(d.v6only_wait)});
  if (std::find(d.param_request_list.begin(), d.param_request_list.end(), 108) != d.param_request_list.end())
    return line(PacketWhat::dhcp_v6only_asked, {type});
  return line(PacketWhat::dhcp, {type});
}

/// The packet an ICMP error quotes: its protocol and destination ("[2001:db8::10]:50000").
std::vector<std::string> quoted(const IcmpInfo& i) {
  std::string to = i.inner_v6 ? ipv6_text(i.inner_dst) : ipv4_text(i.inner_dst.data());
  if (i.inner_dport != 0) to = (i.inner_v6 ? "[" + to + "]" : to) + ":" + num(i.inner_dport);
  return {proto_name(i.inner_proto), to};
}

/// An ICMP or ICMPv6 error's line: `plain` with its first value, or `with_quote` adding what it quotes
/// (an ICMPv4 error quotes the IP header and 8 octets, RFC 792; a cut quote has no port, none no quote).
FrameSummary error_line(const IcmpInfo& i, PacketWhat plain, PacketWhat with_quote, std::string first) {
  if (!i.has_inner) return line(plain, {std::move(first)});
  auto q = quoted(i);
  return line(with_quote, {std::move(first), std::move(q[0]), std::move(q[1])});
}

FrameSummary icmpv6_line(const Packet& p) {
  const auto& i = p.icmp;
  switch (i.type) {
    case 1:
      return error_line(i, PacketWhat::icmp6_unreach, PacketWhat::icmp6_unreach_for, num(i.code));
    case 2:
      return error_line(i, PacketWhat::icmp6_ptb, PacketWhat::icmp6_ptb_for, num(i.mtu));
    case 3:
      return error_line(i, PacketWhat::icmp6_time_exceeded, PacketWhat::icmp6_time_exceeded_for, num(i.code));
    case 128:
      return line(PacketWhat::icmp6_echo_request, {num(i.echo_id), num(i.echo_seq)});
    case 129:
      return line(PacketWhat::icmp6_echo_reply, {num(i.echo_id), num(i.echo_seq)});
    case 133:
      return line(PacketWhat::icmp6_rs, {});
    case 134:
      if (p.has_nd && p.nd.has_pref64)
        return line(PacketWhat::icmp6_ra_pref64,
                    {num(p.nd.router_lifetime), ipv6_text(p.nd.pref64) + "/" + num(p.nd.pref64_len)});
      return line(PacketWhat::icmp6_ra, {num(p.has_nd ? p.nd.router_lifetime : 0)});
    case 135:
      if (p.has_nd && p.nd.has_target) return line(PacketWhat::icmp6_ns, {ipv6_text(p.nd.target)});
      break;
    case 136:
      if (p.has_nd && p.nd.has_target) return line(PacketWhat::icmp6_na, {ipv6_text(p.nd.target)});
      break;
    default:
      break;
  }
  return line(PacketWhat::icmp6_other, {num(i.type), num(i.code)});
}

FrameSummary icmpv4_line(const Packet& p) {
  const auto& i = p.icmp;
  if (i.type == 3 && i.code == 4)  // RFC 1191 §4: the MTU, and what it answers
    return error_line(i, PacketWhat::icmp_frag_needed, PacketWhat::icmp_frag_needed_for, num(i.mtu));
  if (i.type == 3) return error_line(i, PacketWhat::icmp_unreach, PacketWhat::icmp_unreach_for, num(i.code));
  if (i.type == 11)
    return error_line(i, PacketWhat::icmp_time_exceeded, PacketWhat::icmp_time_exceeded_for, num(i.code));
  if (i.type == 8) return line(PacketWhat::icmp_echo_request, {num(i.echo_id), num(i.echo_seq)});
  if (i.type == 0) return line(PacketWhat::icmp_echo_reply, {num(i.echo_id), num(i.echo_seq)});
  return line(PacketWhat::icmp_other, {num(i.type), num(i.code)});
}

FrameSummary what_of(const Packet& p) {
  if (p.app == App::dns)
    if (auto d = dns_line(p)) return *d;
  if (p.app == App::dhcp) return dhcp_line(p);
  if (p.is_fragment) {
    const std::uint8_t proto = p.l3 == L3::ipv6 ? p.ip6.upper : p.ip4.proto;
    const std::uint32_t offset = (p.l3 == L3::ipv6 ? p.ip6.frag_offset : p.ip4.frag_offset) * 8U;
    return line(PacketWhat::fragment, {proto_name(proto), num(offset)});
  }
  switch (p.l4) {
    case L4::tcp: {
      const auto& t = p.tcp;
      std::vector<std::string> a{num(t.sport), num(t.dport), tcp_flags(t.flags), num(t.payload_len)};
      if (t.has_mss) {
        a.push_back(num(t.mss));
        return line(PacketWhat::tcp_mss, std::move(a));
      }
      return line(PacketWhat::tcp, std::move(a));
    }
    case L4::udp:
      return line(PacketWhat::udp, {num(p.udp.sport), num(p.udp.dport), num(p.l4_payload.size())});
    case L4::icmpv6:
      return icmpv6_line(p);
    case L4::icmp:
      return p.icmp.v6 ? icmpv6_line(p) : icmpv4_line(p);
    default:
      break;
  }
  if (p.l3 == L3::arp) {
    const auto& a = p.arp;
    if (a.opcode == 1)
      return line(PacketWhat::arp_request, {ipv4_text(a.tpa.data()), ipv4_text(a.spa.data())});
    if (a.opcode == 2) return line(PacketWhat::arp_reply, {ipv4_text(a.spa.data()), mac_text(a.sha)});
    return line(PacketWhat::arp_other, {num(a.opcode)});
  }
  if (p.anomaly_count > 0) return line(PacketWhat::malformed, {std::string(anomaly_name(p.anomalies[0]))});
  if (p.l3 == L3::ipv6) return line(PacketWhat::ipv6, {proto_name(p.ip6.upper)});
  if (p.l3 == L3::ipv4) return line(PacketWhat::ipv4, {proto_name(p.ip4.proto)});
  return line(PacketWhat::link, {hex16(p.link.ethertype)});
}

}  // namespace

FrameSummary summarize_frame(const CaptureFrame& f, const Packet& p, std::uint64_t first_ns) {
  FrameSummary s = what_of(p);
  s.frame = f.number;
  const std::uint64_t t = frame_time_ns(f);
  // Microseconds, as a number whose shortest text has at most six decimals.
  const std::uint64_t us = t > first_ns ? (t - first_ns + 500) / 1000 : 0;
  s.time = static_cast<double>(us) / 1e6;
  if (p.l3 == L3::ipv6) {
    s.src = ipv6_text(p.ip6.src);
    s.dst = ipv6_text(p.ip6.dst);
  } else if (p.l3 == L3::ipv4) {
    s.src = ipv4_text(p.ip4.src.data());
    s.dst = ipv4_text(p.ip4.dst.data());
  } else if (p.link.has_eth) {
    s.src = mac_text(p.link.eth_src);
    s.dst = mac_text(p.link.eth_dst);
  }
  return s;
}

std::vector<findings::FrameSummary> summarize_frames(Bytes capture,
                                                     const std::vector<std::uint64_t>& wanted) {
  std::vector<findings::FrameSummary> out;
  if (wanted.empty()) return out;
  CaptureReader rd(capture);
  CaptureFrame f;
  Packet p;
  std::uint64_t first_ns = 0;
  bool first = true;
  auto next = wanted.begin();
  while (next != wanted.end() && rd.next(f) == ReadStatus::frame) {
    if (first) {
      first_ns = frame_time_ns(f);
      first = false;
    }
    while (next != wanted.end() && *next < f.number) ++next;
    if (next == wanted.end() || *next != f.number) continue;
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
    out.push_back(summarize_frame(f, p, first_ns));
    ++next;
  }
  return out;
}

}  // namespace v6r::analyze
