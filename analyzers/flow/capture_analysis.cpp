#include "analyzers/flow/capture_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "analyzers/dissect/dissect.hpp"
#include "core/rfc6052.hpp"

namespace v6r::analyze {
namespace {

/// RFC 8925 §3.2/§3.3: the client lists option 108 in its Parameter Request List; the server answers
/// with option 108 (V6ONLY_WAIT).
bool signals_v6only(const DhcpInfo& d) {
  if (d.has_v6only_wait) return true;
  for (const std::uint8_t code : d.param_request_list)
    if (code == 108) return true;
  return false;
}

constexpr std::uint64_t kNs = 1000000000ull;
constexpr std::size_t kEvidenceFrames = 32;
constexpr std::size_t kEvidenceAnswers = 16;

std::uint32_t frame32(std::uint64_t f) {
  return f > 0xFFFFFFFFull ? 0xFFFFFFFFu : static_cast<std::uint32_t>(f);
}

Endpoint ep4(const Ip4& a, std::uint16_t port) {
  Endpoint e;
  std::copy(a.begin(), a.end(), e.addr.begin());
  e.port = port;
  return e;
}
Endpoint ep6(const Ip6& a, std::uint16_t port) {
  Endpoint e;
  e.addr = a;
  e.port = port;
  return e;
}

void push_frame(std::vector<std::uint64_t>& v, std::uint64_t f) {
  if (v.size() < kEvidenceFrames && (v.empty() || v.back() != f)) v.push_back(f);
}

/// FlowKey::tunnel_id of a packet carried by tunnel `t`: its endpoints in a fixed order (both
/// directions give the same digest) and its GRE key or VNI. Never 0 (0 = not tunnelled).
std::uint32_t tunnel_context(const TunnelLayer& t) {
  const bool src_first = t.src <= t.dst;
  const Ip6& lo = src_first ? t.src : t.dst;
  const Ip6& hi = src_first ? t.dst : t.src;
  std::uint64_t h = 0x452821E638D01377ull;
  h = hashing::mix(h, hashing::load64(lo.data()));
  h = hashing::mix(h, hashing::load64(lo.data() + 8));
  h = hashing::mix(h, hashing::load64(hi.data()));
  h = hashing::mix(h, hashing::load64(hi.data() + 8));
  h = hashing::mix(h, (std::uint64_t{t.key} << 32) | t.vni);
  h = hashing::finish(h);
  const auto id = static_cast<std::uint32_t>(h ^ (h >> 32));
  return id != 0 ? id : 1;
}

/// Sets the tunnel part of a key for a packet carried in tunnels (the innermost one counts).
void set_tunnel(FlowKey& k, const Packet& p) {
  if (p.tunnel_depth == 0) return;
  const TunnelLayer& t = p.tunnels[p.tunnel_depth - 1u];
  k.tunnel = static_cast<std::uint8_t>(t.kind);
  k.tunnel_id = tunnel_context(t);
}

// RFC 9293 §3.4: sequence comparison modulo 2^32.
bool seq_le(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) <= 0;
}

}  // namespace

std::string endpoint_addr_text(const Endpoint& e, bool v6) {
  if (v6) {
    Ipv6Addr a;
    a.bytes = e.addr;
    return a.to_string();
  }
  return Ipv4Addr{{e.addr[0], e.addr[1], e.addr[2], e.addr[3]}}.to_string();
}

void LatencyHistogram::add(double ms) {
  const double us = std::max(ms * 1000.0, 1.0);
  auto b = static_cast<std::size_t>(std::log2(us) * 4.0);
  if (b >= kBuckets) b = kBuckets - 1;
  ++n[b];
  ++count;
  sum_ms += ms;
}

std::optional<double> LatencyHistogram::percentile(double p) const {
  if (count == 0) return std::nullopt;
  const auto want = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count)));
  std::uint64_t acc = 0;
  for (std::size_t b = 0; b < kBuckets; ++b) {
    acc += n[b];
    if (acc >= std::max<std::uint64_t>(want, 1))
      return std::exp2((static_cast<double>(b) + 0.5) / 4.0) / 1000.0;  // bucket centre, ms
  }
  return std::nullopt;
}

CaptureAnalyzer::CaptureAnalyzer(CaptureConfig cfg) : cfg_(std::move(cfg)) {
  dns_.reserve(256);
}

void CaptureAnalyzer::note_evidence(const FlowKey& k, std::uint64_t frame, const FlowState* s) {
  if (facts_.flow_evidence.empty()) return;
  auto it = facts_.flow_evidence.find(k);
  if (it == facts_.flow_evidence.end()) return;
  auto& ev = it->second;
  ev.any = true;
  push_frame(ev.frames, frame);
  if (s != nullptr) {
    ev.syn = ev.syn || (s->flags & kSyn) != 0;
    ev.synack = ev.synack || (s->flags & kSynAck) != 0;
    ev.established = ev.established || (s->flags & kEstablished) != 0;
  }
}

FlowEvidence* CaptureAnalyzer::deliberate_flow(const FlowKey& k) {
  if (facts_.flow_evidence.empty()) return nullptr;
  auto it = facts_.flow_evidence.find(k);
  return it != facts_.flow_evidence.end() && it->second.deliberate ? &it->second : nullptr;
}

void CaptureAnalyzer::add(const CaptureFrame& f, const Packet& p) {
  ++facts_.frames;
  for (std::uint8_t i = 0; i < p.anomaly_count; ++i) facts_.anomalies.add(p.anomalies[i], f.number);
  const std::uint64_t ts = f.has_ts ? f.ts_sec * kNs + f.ts_nsec : last_ts_;
  if (ts > last_ts_) last_ts_ = ts;
  if (last_ts_ >= last_sweep_ + kNs) {
    expire(last_ts_, false);
    last_sweep_ = last_ts_;
  }

  // IPv6-only hygiene (docs/findings-schema.md): any IPv4, ARP or DHCPv4 frame is leakage, except the RFC
  // 8925 exchange itself: a DHCPv4 request asking for option 108 and a reply carrying it are how an IPv6-only
  // network tells dual-stack clients to turn IPv4 off (RFC 8925 §3), not IPv4 use. Inside a tunnel, what is
  // on the wire is the outermost header: a 6in4 packet is IPv4 on the segment, DS-Lite's IPv4 carried in IPv6
  // (RFC 6333) is not; tunnelled ARP/DHCPv4 belong to the overlay, not to this segment.
  if (p.tunnel_depth == 0) [[likely]] {
    if (p.l3 == L3::arp) facts_.arp.add(f.number);
    if (p.app == App::dhcp && signals_v6only(p.dhcp)) {
      facts_.dhcpv4_v6only.add(f.number);
    } else {
      if (p.l3 == L3::ipv4) facts_.ipv4.add(f.number);
      if (p.app == App::dhcp) facts_.dhcpv4.add(f.number);
    }
  } else if (!p.tunnels[0].v6) {
    facts_.ipv4.add(f.number);
  }
  if (p.l3 != L3::ipv4 && p.l3 != L3::ipv6) return;
  const bool v6 = p.l3 == L3::ipv6;

  if (p.has_nd && p.nd.has_pref64 && p.nd.pref64_len != 0) {
    // RFC 8781 §4: the prefix is carried in the option; PLC gives its length.
    const auto pre = Prefix::masked(IpAddr(Ipv6Addr{p.nd.pref64}), p.nd.pref64_len);
    facts_.ra_pref64[pre.to_string()].add(f.number);
  }

  if (p.is_fragment) return on_fragment(f, p, v6);

  Endpoint src, dst;
  std::uint8_t proto = 0;
  switch (p.l4) {
    case L4::tcp:
      proto = ipproto::kTcp;
      src = v6 ? ep6(p.ip6.src, p.tcp.sport) : ep4(p.ip4.src, p.tcp.sport);
      dst = v6 ? ep6(p.ip6.dst, p.tcp.dport) : ep4(p.ip4.dst, p.tcp.dport);
      break;
    case L4::udp:
      proto = ipproto::kUdp;
      src = v6 ? ep6(p.ip6.src, p.udp.sport) : ep4(p.ip4.src, p.udp.sport);
      dst = v6 ? ep6(p.ip6.dst, p.udp.dport) : ep4(p.ip4.dst, p.udp.dport);
      break;
    case L4::icmp:
    case L4::icmpv6:
      on_icmp(p, f.number);
      proto = v6 ? ipproto::kIcmpv6 : ipproto::kIcmp;
      src = v6 ? ep6(p.ip6.src, p.icmp.echo_id) : ep4(p.ip4.src, p.icmp.echo_id);
      dst = v6 ? ep6(p.ip6.dst, p.icmp.echo_id) : ep4(p.ip4.dst, p.icmp.echo_id);
      break;
    default:
      return;
  }
  int side = 0;
  FlowKey key = FlowKey::make(proto, v6, src, dst, side);
  set_tunnel(key, p);
  const auto [idx, inserted] = flows_.find_or_insert(key);
  FlowState& s = flows_.at(idx).state;
  if (inserted) {
    ++facts_.flows;
    facts_.peak_live_flows = std::max<std::uint64_t>(facts_.peak_live_flows, flows_.size());
  }
  s.last_ns = ts;
  if (p.l4 == L4::tcp) on_tcp(s, key, v6, side, f, p, ts);
  // Most recently seen goes last in its idle list (closed flows have the shorter idle limit).
  const std::uint8_t want = (s.flags & kClosed) ? kClosedList : kOpenList;
  if (s.list != want || s.next != Table::kNone) {
    unlink(idx);
    append(idx, want);
  }
  note_evidence(key, f.number, &s);
  if (p.app == App::dns && p.dns.parsed) on_dns(p, key, src, dst, ts, f.number);
}

void CaptureAnalyzer::on_fragment(const CaptureFrame& f, const Packet& p, bool v6) {
  if (facts_.flow_evidence.empty()) return;
  const std::uint8_t proto = v6 ? p.ip6.upper : p.ip4.proto;
  const Endpoint src = v6 ? ep6(p.ip6.src, 0) : ep4(p.ip4.src, 0);
  const Endpoint dst = v6 ? ep6(p.ip6.dst, 0) : ep4(p.ip4.dst, 0);
  FragGroup g;
  g.addrs = FlowKey::make(proto, v6, src, dst, g.side);
  set_tunnel(g.addrs, p);
  g.id = v6 ? p.ip6.frag_id : p.ip4.id;
  if (p.frag_ports) {
    int side = 0;
    FlowKey k = FlowKey::make(proto, v6, v6 ? ep6(p.ip6.src, p.frag_sport) : ep4(p.ip4.src, p.frag_sport),
                              v6 ? ep6(p.ip6.dst, p.frag_dport) : ep4(p.ip4.dst, p.frag_dport), side);
    set_tunnel(k, p);
    if (facts_.flow_evidence.find(k) == facts_.flow_evidence.end()) return;
    if (frag_.size() >= kMaxFragGroups) frag_.clear();  // bounded: old datagrams are long complete
    frag_[g] = k;
    note_evidence(k, f.number, nullptr);
    return;
  }
  // A fragment before its first one (reordered) is not followed: the first names the flow.
  if (auto it = frag_.find(g); it != frag_.end()) note_evidence(it->second, f.number, nullptr);
}

void CaptureAnalyzer::unlink(Table::Index i) {
  FlowState& s = flows_.at(i).state;
  if (s.list == kNoList) return;
  IdleList& l = s.list == kOpenList ? open_ : closed_;
  (s.prev != Table::kNone ? flows_.at(s.prev).state.next : l.head) = s.next;
  (s.next != Table::kNone ? flows_.at(s.next).state.prev : l.tail) = s.prev;
  s.prev = s.next = Table::kNone;
  s.list = kNoList;
}

void CaptureAnalyzer::append(Table::Index i, std::uint8_t list) {
  FlowState& s = flows_.at(i).state;
  IdleList& l = list == kOpenList ? open_ : closed_;
  s.list = list;
  s.next = Table::kNone;
  s.prev = l.tail;
  (l.tail != Table::kNone ? flows_.at(l.tail).state.next : l.head) = i;
  l.tail = i;
}

void CaptureAnalyzer::on_tcp(FlowState& s, const FlowKey& key, bool v6, int side, const CaptureFrame& f,
                             const Packet& p, std::uint64_t ts) {
  const auto fl = p.tcp.flags;
  const bool syn = (fl & TcpInfo::kSyn) != 0, ack = (fl & TcpInfo::kAck) != 0;
  const std::uint8_t seq_bit = side == 0 ? kSeq0 : kSeq1;
  const std::uint32_t seg_len = p.tcp.payload_len + (syn ? 1u : 0u) + ((fl & TcpInfo::kFin) ? 1u : 0u);
  const std::uint32_t end = p.tcp.seq + seg_len;
  auto& next = s.next_seq[static_cast<std::size_t>(side)];
  // Retransmission: a segment carrying data (or SYN/FIN) that ends at or before what this side has
  // already sent (repeated sequence numbers).
  if (seg_len > 0 && (s.flags & seq_bit) && seq_le(end, next)) {
    if (FlowEvidence* d = deliberate_flow(key))  // provoked by a check (a PMTU probe): its own
      d->retransmissions.add(f.number);
    else
      facts_.retransmissions.add(f.number);
    if (p.tcp.payload_len >= cfg_.big_segment && !(s.flags & kBigRetrans)) {
      s.flags |= kBigRetrans;
      s.big_retrans_frame = frame32(f.number);
    }
  }
  if (!(s.flags & seq_bit) || !seq_le(end, next)) next = end;
  s.flags |= seq_bit;

  if (syn && !ack && !(s.flags & kSyn)) {
    s.flags |= kSyn;
    s.syn_ns = ts;
    s.syn_frame = frame32(f.number);
    s.syn_side = static_cast<std::uint8_t>(side);
  } else if (syn && ack && (s.flags & kSyn) && side != s.syn_side) {
    s.flags |= kSynAck;
  } else if (!syn && ack && (s.flags & kSynAck) && !(s.flags & kEstablished) && side == s.syn_side) {
    // RFC 9293 §3.5: the third segment completes the handshake; RTT = SYN → ACK of the SYN/ACK.
    s.flags |= kEstablished;
    ++facts_.handshakes;
    const double rtt_ms = static_cast<double>(ts - s.syn_ns) / 1e6;
    (v6 ? facts_.rtt_v6 : facts_.rtt_v4).add(rtt_ms);
  }
  if (fl & (TcpInfo::kFin | TcpInfo::kRst)) s.flags |= kClosed;
}

void CaptureAnalyzer::on_dns(const Packet& p, const FlowKey& key, const Endpoint& src, const Endpoint& dst,
                             std::uint64_t ts, std::uint64_t frame) {
  const auto& m = p.dns.summary;
  DnsKey k;
  k.id = m.header.id;
  k.qname_hash = qname_hash(m.qname());
  const bool response = m.header.qr;
  const Endpoint& client = response ? dst : src;
  k.client = client.addr;
  k.port = client.port;

  // The watched ids: on this flow (the check's own socket) and on any flow (older results).
  std::array<DnsEvidence*, 2> evs{nullptr, nullptr};
  if (!facts_.dns_flow_evidence.empty()) {
    auto it = facts_.dns_flow_evidence.find(DnsWatch{key, m.header.id});
    if (it != facts_.dns_flow_evidence.end()) evs[0] = &it->second;
  }
  if (!facts_.dns_evidence.empty()) {
    auto it = facts_.dns_evidence.find(m.header.id);
    if (it != facts_.dns_evidence.end()) evs[1] = &it->second;
  }
  if (evs[0] != nullptr || evs[1] != nullptr) {
    DnsMessageSeen seen{frame, ts, response, static_cast<std::uint16_t>(m.rcode), k.qname_hash, {}};
    if (response)
      for (std::uint8_t i = 0; i < m.address_count && seen.answers.size() < kEvidenceAnswers; ++i) {
        const auto& a = m.addresses[i];
        std::string t = a.family == 6
                            ? Ipv6Addr{a.bytes}.to_string()
                            : Ipv4Addr{{a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]}}.to_string();
        if (std::find(seen.answers.begin(), seen.answers.end(), t) == seen.answers.end())
          seen.answers.push_back(std::move(t));
      }
    for (DnsEvidence* ev : evs)
      if (ev != nullptr && ev->messages.size() < kEvidenceFrames &&
          (ev->messages.empty() || ev->messages.back().frame != frame))
        ev->messages.push_back(seen);
  }
  if (!response) {
    ++facts_.dns_queries;
    auto [it, inserted] = dns_.try_emplace(k, DnsPending{ts, frame});
    if (inserted) {
      ++facts_.dns_transactions;
      facts_.peak_pending_dns = std::max<std::uint64_t>(facts_.peak_pending_dns, dns_.size());
    }
    return;
  }
  ++facts_.dns_responses;
  auto it = dns_.find(k);
  if (it == dns_.end()) {
    facts_.dns_unmatched_response.add(frame);
  } else {
    ++facts_.dns_answered;
    const double ms = static_cast<double>(ts - it->second.ts_ns) / 1e6;
    facts_.dns_latency.add(ms);
    if (ms > cfg_.dns_slow_ms) facts_.dns_slow.add(frame);
    dns_.erase(it);
  }
  if (m.rcode == dns::Rcode::servfail) facts_.servfail.add(frame);
  if (m.rcode == dns::Rcode::nxdomain) ++facts_.nxdomain;

  if (m.qtype != dns::RrType::aaaa) return;
  const bool wka = m.qname() == "ipv4only.arpa.";
  std::vector<Ipv6Addr> wka_answers;
  for (std::uint8_t i = 0; i < m.address_count; ++i) {
    const auto& a = m.addresses[i];
    if (a.family != 6) continue;
    ++facts_.aaaa_answers;
    const Ipv6Addr addr{a.bytes};
    if (wka) wka_answers.push_back(addr);
    if (cfg_.expected_pref64 && !cfg_.expected_pref64->contains(IpAddr(addr)) &&
        facts_.aaaa_outside_expected.size() < kMaxAaaa)
      facts_.aaaa_outside_expected.push_back(AaaaSeen{addr, frame, std::string(m.qname())});
  }
  if (wka && !wka_answers.empty()) {
    // RFC 7050 §3: the prefix is where 192.0.0.170/171 sit in the answers.
    facts_.ipv4only_arpa_answers.add(frame);
    for (const auto& pre : addr::discover_pref64(wka_answers).prefixes)
      if (std::find(facts_.discovered_pref64.begin(), facts_.discovered_pref64.end(), pre) ==
          facts_.discovered_pref64.end())
        facts_.discovered_pref64.push_back(pre);
  }
}

void CaptureAnalyzer::on_icmp(const Packet& p, std::uint64_t frame) {
  // RFC 4443 §3.2 Packet Too Big; RFC 792 type 3 code 4 (fragmentation needed, RFC 1191).
  const bool ptb = p.icmp.v6 ? p.icmp.type == 2 : (p.icmp.type == 3 && p.icmp.code == 4);
  // An error that quotes a TCP/UDP packet of a flow a result names is that result's evidence too
  // (nat64.icmp_errors cites the Time Exceeded and port unreachable its datagrams drew; a PTB is its
  // flow's). Only errors carry a quote (the dissector reads one for ICMPv6 types 1-4, ICMPv4 3/4/5/11/12).
  if (p.icmp.has_inner && !facts_.flow_evidence.empty() &&
      (p.icmp.inner_proto == ipproto::kTcp || p.icmp.inner_proto == ipproto::kUdp)) {
    const bool iv6 = p.icmp.inner_v6;
    const Ip4 s4{p.icmp.inner_src[0], p.icmp.inner_src[1], p.icmp.inner_src[2], p.icmp.inner_src[3]};
    const Ip4 d4{p.icmp.inner_dst[0], p.icmp.inner_dst[1], p.icmp.inner_dst[2], p.icmp.inner_dst[3]};
    int side = 0;
    FlowKey quoted =
        FlowKey::make(p.icmp.inner_proto, iv6,
                      iv6 ? ep6(p.icmp.inner_src, p.icmp.inner_sport) : ep4(s4, p.icmp.inner_sport),
                      iv6 ? ep6(p.icmp.inner_dst, p.icmp.inner_dport) : ep4(d4, p.icmp.inner_dport), side);
    set_tunnel(quoted, p);
    note_evidence(quoted, frame, nullptr);
  }
  if (!ptb) return;
  PtbSeen seen{frame, p.icmp.mtu, p.icmp.v6, {}};
  if (p.icmp.has_inner) {
    const bool iv6 = p.icmp.inner_v6;
    Endpoint s =
        iv6 ? ep6(p.icmp.inner_src, p.icmp.inner_sport)
            : ep4(Ip4{p.icmp.inner_src[0], p.icmp.inner_src[1], p.icmp.inner_src[2], p.icmp.inner_src[3]},
                  p.icmp.inner_sport);
    Endpoint d =
        iv6 ? ep6(p.icmp.inner_dst, p.icmp.inner_dport)
            : ep4(Ip4{p.icmp.inner_dst[0], p.icmp.inner_dst[1], p.icmp.inner_dst[2], p.icmp.inner_dst[3]},
                  p.icmp.inner_dport);
    seen.quoted = std::string(p.icmp.inner_proto == ipproto::kTcp   ? "tcp "
                              : p.icmp.inner_proto == ipproto::kUdp ? "udp "
                                                                    : "proto ") +
                  endpoint_addr_text(s, iv6) + " port " + std::to_string(s.port) + " -> " +
                  endpoint_addr_text(d, iv6) + " port " + std::to_string(d.port);
    int side = 0;
    FlowKey quoted = FlowKey::make(p.icmp.inner_proto, iv6, s, d, side);
    set_tunnel(quoted, p);  // the error comes back through the tunnel that carried the flow
    const auto i = flows_.find(quoted);
    if (i != Table::kNone) flows_.at(i).state.flags |= kPtb;
    // A PTB provoked by a check's deliberate probe is that check's; one below the IPv6 minimum MTU
    // (RFC 8200 §5) is a fault of the path whoever provoked it, and stays a site finding.
    if (FlowEvidence* own = deliberate_flow(quoted); own != nullptr && !(p.icmp.v6 && p.icmp.mtu < 1280)) {
      own->ptb.add(frame);
      return;
    }
  }
  facts_.ptb.add(frame);
  if (facts_.ptb_list.size() < FrameList::kMax) facts_.ptb_list.push_back(std::move(seen));
}

void CaptureAnalyzer::finalize_flow(const FlowKey& k, const FlowState& s) {
  if (k.proto != ipproto::kTcp) return;
  const bool unanswered = (s.flags & kSyn) && !(s.flags & kSynAck);
  // RFC 8201 / RFC 4821: full-size segments retransmitted and no Packet Too Big for this flow.
  const bool black_hole = (s.flags & kBigRetrans) && !(s.flags & kPtb);
  if (!unanswered && !black_hole) return;
  if (FlowEvidence* d = deliberate_flow(k)) {  // provoked by a check on purpose: that check's
    if (unanswered) d->handshake_failed = s.syn_frame;
    if (black_hole) d->black_hole = s.big_retrans_frame;
    return;
  }
  if (unanswered) facts_.handshake_failed.add(s.syn_frame);
  if (black_hole) facts_.pmtu_black_hole.add(s.big_retrans_frame);
}

void CaptureAnalyzer::expire_list(IdleList& l, std::uint64_t now_ns, std::uint64_t limit_ns, bool all) {
  // The list is in the order flows were last seen, which is capture-time order unless timestamps go
  // backwards (then a flow behind a younger head expires at a later sweep).
  if (all) {  // finish(): the table is cleared at once afterwards
    for (Table::Index i = l.head; i != Table::kNone; i = flows_.at(i).state.next)
      finalize_flow(flows_.at(i).key, flows_.at(i).state);
    l = IdleList{};
    return;
  }
  while (l.head != Table::kNone) {
    const Table::Index i = l.head;
    auto& e = flows_.at(i);
    if (now_ns < e.state.last_ns + limit_ns) break;
    finalize_flow(e.key, e.state);
    unlink(i);
    flows_.erase(i);
  }
}

void CaptureAnalyzer::expire(std::uint64_t now_ns, bool all) {
  const auto idle = static_cast<std::uint64_t>(cfg_.flow_idle_s * 1e9);
  const auto closed_idle = static_cast<std::uint64_t>(cfg_.closed_idle_s * 1e9);
  expire_list(closed_, now_ns, closed_idle, all);
  expire_list(open_, now_ns, idle, all);
  if (all) flows_.clear();
  const auto dns_to = static_cast<std::uint64_t>(cfg_.dns_timeout_s * 1e9);
  for (auto it = dns_.begin(); it != dns_.end();) {
    if (all || now_ns >= it->second.ts_ns + dns_to) {
      facts_.dns_unanswered.add(it->second.frame);
      it = dns_.erase(it);
    } else {
      ++it;
    }
  }
}

void CaptureAnalyzer::finish() {
  expire(last_ts_, true);
  std::sort(facts_.dns_unanswered.frames.begin(), facts_.dns_unanswered.frames.end());
  std::sort(facts_.handshake_failed.frames.begin(), facts_.handshake_failed.frames.end());
  std::sort(facts_.pmtu_black_hole.frames.begin(), facts_.pmtu_black_hole.frames.end());
}

void analyze_capture(Bytes bytes, CaptureAnalyzer& an) {
  CaptureReader rd(bytes);
  CaptureFrame f;
  Packet p;
  ReadStatus st;
  while ((st = rd.next(f)) == ReadStatus::frame) {
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
    an.add(f, p);
  }
  if (st == ReadStatus::error) an.set_error(rd.error());
  an.finish();
}

}  // namespace v6r::analyze
