// ICMPv4 (RFC 792, RFC 1191 §4 next-hop MTU) and ICMPv6 (RFC 4443) including Neighbor Discovery
// (RFC 4861 §4, options §4.6), RDNSS (RFC 8106 §5.1) and PREF64 (RFC 8781 §4).
#include "analyzers/dissect/dissect.hpp"
#include "core/icmp_error.hpp"
#include "core/nd_options.hpp"

namespace v6r::analyze {
namespace {

// The invoking packet quoted by an ICMP error: first IP header and the ports, read by the one reader of
// quotes (core/icmp_error.hpp); best effort, no anomaly: quotes are routinely cut.
void quoted_packet(Bytes data, IcmpInfo& ic) {
  const auto q = icmp::read_quoted(data);
  if (!q) return;
  ic.has_inner = true;
  ic.inner_v6 = q->v6;
  ic.inner_src = q->src;
  ic.inner_dst = q->dst;
  ic.inner_proto = q->proto;
  if ((q->proto == ipproto::kTcp || q->proto == ipproto::kUdp) && q->has_ports) {
    ic.inner_sport = q->sport;
    ic.inner_dport = q->dport;
  }
}

}  // namespace

void dissect_icmp(Bytes data, Packet& p) {
  WireReader r(data);
  auto type = r.u8();
  auto code = r.u8();
  r.skip(2);  // checksum
  auto rest = r.u32be();
  if (!rest) return p.flag(Anomaly::truncated_icmp);
  auto& ic = p.icmp;
  p.l4 = L4::icmp;
  ic.v6 = false;
  ic.type = *type;
  ic.code = *code;
  p.l4_payload = data.subspan(4);
  switch (ic.type) {
    case 0:  // echo reply
    case 8:  // echo request
      ic.echo_id = static_cast<std::uint16_t>(*rest >> 16);
      ic.echo_seq = static_cast<std::uint16_t>(*rest);
      break;
    case 3:  // destination unreachable; code 4 = fragmentation needed (RFC 1191 §4)
      if (ic.code == 4) ic.mtu = *rest & 0xFFFF;
      quoted_packet(r.rest(), ic);
      break;
    case 4:
    case 5:
    case 11:
    case 12:
      quoted_packet(r.rest(), ic);
      break;
    default:
      break;
  }
}

void dissect_icmpv6(Bytes data, Packet& p) {
  WireReader r(data);
  auto type = r.u8();
  auto code = r.u8();
  r.skip(2);  // checksum
  if (!r.ok()) return p.flag(Anomaly::truncated_icmpv6);
  auto& ic = p.icmp;
  p.l4 = L4::icmpv6;
  ic.v6 = true;
  ic.type = *type;
  ic.code = *code;
  p.l4_payload = r.rest();
  auto& nd = p.nd;
  switch (ic.type) {
    case 1:  // Destination Unreachable (RFC 4443 §3.1)
    case 3:  // Time Exceeded (§3.3)
      if (!r.skip(4)) return p.flag(Anomaly::truncated_icmpv6);
      quoted_packet(r.rest(), ic);
      return;
    case 2: {  // Packet Too Big (§3.2)
      auto mtu = r.u32be();
      if (!mtu) return p.flag(Anomaly::truncated_icmpv6);
      ic.mtu = *mtu;
      quoted_packet(r.rest(), ic);
      return;
    }
    case 4: {  // Parameter Problem (§3.4)
      auto ptr = r.u32be();
      if (!ptr) return p.flag(Anomaly::truncated_icmpv6);
      ic.pointer = *ptr;
      quoted_packet(r.rest(), ic);
      return;
    }
    case 128:  // Echo Request / Reply (§4.1, §4.2)
    case 129: {
      auto id = r.u16be();
      auto seq = r.u16be();
      if (!seq) return p.flag(Anomaly::truncated_icmpv6);
      ic.echo_id = *id;
      ic.echo_seq = *seq;
      return;
    }
    case 133:  // Router Solicitation (RFC 4861 §4.1)
      if (!r.skip(4)) return p.flag(Anomaly::truncated_icmpv6);
      p.has_nd = true;
      return dissect_nd_options(r.rest(), p);
    case 134: {  // Router Advertisement (§4.2)
      const auto ra = nd::read_ra_header(r);
      if (!ra) return p.flag(Anomaly::truncated_icmpv6);
      p.has_nd = true;
      nd.cur_hop_limit = ra->cur_hop_limit;
      nd.ra_flags = ra->flags;
      nd.router_lifetime = ra->router_lifetime;
      nd.reachable_time = ra->reachable_time;
      nd.retrans_timer = ra->retrans_timer;
      return dissect_nd_options(r.rest(), p);
    }
    case 135:    // Neighbor Solicitation (§4.3)
    case 136:    // Neighbor Advertisement (§4.4)
    case 137: {  // Redirect (§4.5): target + destination
      auto flags = r.u8();
      r.skip(3);
      auto target = r.bytes(16);
      if (ic.type == 137) r.skip(16);
      if (!r.ok()) return p.flag(Anomaly::truncated_icmpv6);
      p.has_nd = true;
      nd.has_target = true;
      copy_octets(*target, nd.target);
      if (ic.type == 136) nd.na_flags = static_cast<std::uint8_t>(*flags & 0xE0);
      return dissect_nd_options(r.rest(), p);
    }
    default:
      return;
  }
}

// RFC 4861 §4.6 options, walked and decoded by the one ND parser (core/nd_options.hpp); this records
// them in the fixed-size NdInfo and counts what the parser calls anomalous.
void dissect_nd_options(Bytes options, Packet& p) {
  auto& nd = p.nd;
  nd::OptionReader walk(options);
  while (auto o = walk.next()) {
    if (o->anomaly) p.flag(o->anomaly->kind);
    if (const auto* ll = std::get_if<nd::LinkLayerAddress>(&o->value)) {
      if (ll->address.size() < 6) continue;  // not Ethernet-sized: ignored
      if (o->type == nd::kOptSourceLinkAddr) {
        nd.has_src_lladdr = true;
        copy_octets(ll->address, nd.src_lladdr);
      } else {
        nd.has_tgt_lladdr = true;
        copy_octets(ll->address, nd.tgt_lladdr);
      }
    } else if (const auto* pi = std::get_if<nd::PrefixInformation>(&o->value)) {
      if (nd.prefix_count < nd.prefixes.size())
        nd.prefixes[nd.prefix_count++] =
            NdInfo::Prefix{pi->prefix, pi->length, pi->flags, pi->valid_lifetime, pi->preferred_lifetime};
    } else if (const auto* mtu = std::get_if<nd::Mtu>(&o->value)) {
      nd.mtu = mtu->mtu;
      nd.has_mtu = true;
    } else if (const auto* rdnss = std::get_if<nd::Rdnss>(&o->value)) {
      nd.rdnss_lifetime = rdnss->lifetime;
      for (std::size_t i = 0; i < rdnss->count(); ++i) {
        if (nd.rdnss_count < nd.rdnss.size()) copy_octets(rdnss->address(i), nd.rdnss[nd.rdnss_count]);
        if (nd.rdnss_count < 255) ++nd.rdnss_count;
      }
    } else if (const auto* pref64 = std::get_if<nd::Pref64>(&o->value)) {
      // An invalid PLC is recorded too (length 0), with its anomaly.
      nd.has_pref64 = true;
      nd.pref64 = pref64->prefix;
      nd.pref64_plc = pref64->plc;
      nd.pref64_len = pref64->length;
      nd.pref64_scaled_lifetime = pref64->scaled_lifetime;
      nd.pref64_lifetime_s = pref64->lifetime_s();
    }
  }
  if (walk.stop()) p.flag(walk.stop()->kind);
}

}  // namespace v6r::analyze
