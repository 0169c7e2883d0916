#pragma once
// One streaming pass over a capture: flow table (TCP handshakes, RTT per family, retransmissions,
// PMTU black holes), DNS transactions (latency, SERVFAIL, unanswered), ICMPv6 Packet Too Big with the
// quoted 5-tuple, IPv4/ARP/DHCPv4 frames, RA PREF64 options, AAAA answers outside the expected
// Pref64::/n. Memory is O(live flows + pending DNS transactions + watched evidence), never O(packets):
// idle flows and DNS transactions expire (capture time), frame lists are bounded.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/dissect/packet.hpp"
#include "analyzers/flow/flow_key.hpp"
#include "analyzers/flow/flow_table.hpp"
#include "core/ip.hpp"

namespace v6r::analyze {

struct CaptureConfig {
  double flow_idle_s = 120;          ///< a flow with no packet for this long expires
  double closed_idle_s = 10;         ///< ... after FIN/RST
  double dns_timeout_s = 5;          ///< a query unanswered for this long is `unanswered`
  double dns_slow_ms = 500;          ///< responses slower than this are listed as slow
  std::uint32_t big_segment = 1200;  ///< TCP payload size that a PMTU black hole swallows
  std::optional<Prefix> expected_pref64;
};

/// Count plus the first few frame numbers (bounded).
struct FrameList {
  static constexpr std::size_t kMax = 16;
  std::uint64_t count = 0;
  std::vector<std::uint64_t> frames;
  void add(std::uint64_t f) {
    ++count;
    if (frames.size() < kMax) frames.push_back(f);
  }
};

/// Log-scale latency histogram (4 buckets per octave from 1 µs): percentiles to ±9 %, fixed size.
struct LatencyHistogram {
  static constexpr std::size_t kBuckets = 128;
  std::array<std::uint64_t, kBuckets> n{};
  std::uint64_t count = 0;
  double sum_ms = 0;
  void add(double ms);
  [[nodiscard]] std::optional<double> percentile(double p) const;  // ms
  [[nodiscard]] std::optional<double> mean() const {
    return count ? std::optional<double>(sum_ms / static_cast<double>(count)) : std::nullopt;
  }
};

struct PtbSeen {
  std::uint64_t frame = 0;
  std::uint32_t mtu = 0;
  bool v6 = true;
  std::string quoted;  ///< "tcp 2001:db8::1:443 -> 2001:db8::2:50000"
};

struct AaaaSeen {
  Ipv6Addr addr;
  std::uint64_t frame = 0;
  std::string qname;
};

/// What the capture says about one flow named in a probe result's evidence.
struct FlowEvidence {
  bool syn = false, synack = false, established = false, any = false;
  /// The result opened the flow to provoke a failure (core/result.hpp Flow::deliberate): what it shows
  /// is kept out of the site-wide lists below and reported here, for the check that caused it.
  bool deliberate = false;
  std::vector<std::uint64_t> frames;  // bounded
  // Of a deliberate flow only (the same events of other flows go to CaptureFacts' lists):
  std::optional<std::uint64_t> handshake_failed;  ///< the SYN frame, never answered by a SYN/ACK
  std::optional<std::uint64_t> black_hole;        ///< a retransmitted full-size segment, no PTB quoted
  FrameList retransmissions;
  FrameList ptb;  ///< Packet Too Big messages quoting this flow
};
/// One DNS message of a watched id (with its capture time: a result's window picks its own).
struct DnsMessageSeen {
  std::uint64_t frame = 0, ts_ns = 0;
  bool response = false;
  std::uint16_t rcode = 0;
  std::uint32_t qname_hash = 0;      ///< the question's name (flow_key.hpp qname_hash): answers per name
  std::vector<std::string> answers;  // A/AAAA text, bounded
};
/// What the capture says about one DNS id named in a probe result's evidence: its messages (bounded),
/// on one flow (CaptureAnalyzer::watch_dns) or on any (watch_dns_id, results without per-flow ids).
struct DnsEvidence {
  std::vector<DnsMessageSeen> messages;
};
/// A DNS id on one flow (the resolver socket's 5-tuple).
struct DnsWatch {
  FlowKey flow;
  std::uint16_t id = 0;
  auto operator<=>(const DnsWatch&) const = default;
  bool operator==(const DnsWatch&) const = default;
};

struct CaptureFacts {
  std::uint64_t frames = 0;
  FrameList ipv4, arp, dhcpv4;  // leakage (dhcpv4: other than the RFC 8925 exchange)
  FrameList dhcpv4_v6only;      // RFC 8925 exchange frames (option 108 requested or offered)
  FrameList ptb;                // ICMPv6 PTB + ICMPv4 fragmentation needed
  std::vector<PtbSeen> ptb_list;
  std::map<std::string, FrameList> ra_pref64;  // prefix text -> RA frames
  std::vector<Prefix> discovered_pref64;       // RFC 7050 from ipv4only.arpa answers in the capture
  FrameList ipv4only_arpa_answers;
  // DNS
  std::uint64_t dns_transactions = 0, dns_answered = 0, nxdomain = 0, dns_queries = 0, dns_responses = 0;
  FrameList dns_unanswered;  // query frames
  FrameList servfail;        // response frames
  FrameList dns_slow;        // response frames
  FrameList dns_unmatched_response;
  LatencyHistogram dns_latency;
  std::vector<AaaaSeen> aaaa_outside_expected;  // bounded (kMaxAaaa)
  std::uint64_t aaaa_answers = 0;
  // TCP / flows
  std::uint64_t flows = 0, peak_live_flows = 0, peak_pending_dns = 0;
  std::uint64_t handshakes = 0;
  LatencyHistogram rtt_v6, rtt_v4;
  FrameList retransmissions;
  FrameList handshake_failed;  // SYN frames never answered by SYN/ACK
  FrameList pmtu_black_hole;   // retransmitted big segments of flows that got no PTB
  // evidence
  std::map<FlowKey, FlowEvidence> flow_evidence;
  std::map<DnsWatch, DnsEvidence> dns_flow_evidence;  ///< DNS ids on a flow
  std::map<std::uint16_t, DnsEvidence> dns_evidence;  ///< DNS ids on any flow
  AnomalyCounters anomalies;
  bool partial = false;
  CaptureError error;
};

class CaptureAnalyzer {
 public:
  static constexpr std::size_t kMaxAaaa = 256;
  explicit CaptureAnalyzer(CaptureConfig cfg);

  /// Cross-check interest (call before the pass): frames and handshake state are kept for these.
  /// `deliberate`: every result naming the flow says so (a flow some result opened normally is not).
  void watch_flow(const FlowKey& k, bool deliberate = false) {
    auto [it, inserted] = facts_.flow_evidence.emplace(k, FlowEvidence{});
    it->second.deliberate = inserted ? deliberate : it->second.deliberate && deliberate;
  }
  /// DNS messages with this id on this flow (the evidence of probe results that name the flow's ids).
  void watch_dns(std::uint16_t id, const FlowKey& flow) {
    facts_.dns_flow_evidence.emplace(DnsWatch{flow, id}, DnsEvidence{});
  }
  /// DNS messages with this id on any flow (results that name ids without their flow).
  void watch_dns_id(std::uint16_t id) { facts_.dns_evidence.emplace(id, DnsEvidence{}); }

  void add(const CaptureFrame& f, const Packet& p);
  /// Expires everything still live; call once after the last frame.
  void finish();
  void set_error(const CaptureError& e) {
    facts_.partial = true;
    facts_.error = e;
  }
  [[nodiscard]] const CaptureFacts& facts() const { return facts_; }
  [[nodiscard]] CaptureFacts take() { return std::move(facts_); }
  [[nodiscard]] std::size_t live_flows() const { return flows_.size(); }
  [[nodiscard]] std::size_t pending_dns() const { return dns_.size(); }

  /// Per live flow: key + state in the flow table (flow/flow_table.hpp). `prev`/`next` (entry indices)
  /// link the flow into one of two idle lists (open / closed), least recently seen first, so expiry
  /// pops from the heads instead of walking the whole table.
  struct FlowState {
    std::uint32_t prev = 0xFFFFFFFFu;
    std::uint32_t next = 0xFFFFFFFFu;
    std::uint64_t last_ns = 0;
    std::uint64_t syn_ns = 0;
    std::array<std::uint32_t, 2> next_seq{};  ///< highest sequence end seen per side
    std::uint32_t syn_frame = 0, big_retrans_frame = 0;
    std::uint8_t flags = 0;  ///< kSyn.. below
    std::uint8_t syn_side = 0;
    std::uint8_t list = 0;  ///< kNoList, kOpenList or kClosedList
  };
  static constexpr std::uint8_t kSyn = 1, kSynAck = 2, kEstablished = 4, kClosed = 8, kPtb = 16, kSeq0 = 32,
                                kSeq1 = 64, kBigRetrans = 128;
  using Table = FlowTable<FlowState>;
  /// Entry (key + state) + the slot array's share at its lowest load.
  static constexpr std::size_t kBytesPerFlow = sizeof(Table::Entry) + Table::kMaxSlotBytesPerFlow;
  static constexpr std::uint8_t kNoList = 0, kOpenList = 1, kClosedList = 2;

 private:
  struct DnsPending {
    std::uint64_t ts_ns = 0;
    std::uint64_t frame = 0;
  };
  struct IdleList {
    Table::Index head = Table::kNone;  ///< least recently seen
    Table::Index tail = Table::kNone;
  };
  void unlink(Table::Index i);
  void append(Table::Index i, std::uint8_t list);
  /// Pops expired flows from the head of `l` (all of them when `all`).
  void expire_list(IdleList& l, std::uint64_t now_ns, std::uint64_t limit_ns, bool all);
  void on_tcp(FlowState& s, const FlowKey& key, bool v6, int side, const CaptureFrame& f, const Packet& p,
              std::uint64_t ts);
  void on_dns(const Packet& p, const FlowKey& key, const Endpoint& src, const Endpoint& dst, std::uint64_t ts,
              std::uint64_t frame);
  void on_icmp(const Packet& p, std::uint64_t frame);
  /// A fragment (RFC 791 §3.2, RFC 8200 §4.5) of a watched flow's datagram is evidence of that flow:
  /// the first fragment names the ports, the others follow it by addresses, protocol and
  /// identification. Only for watched flows; at most kMaxFragGroups datagrams remembered.
  void on_fragment(const CaptureFrame& f, const Packet& p, bool v6);
  void expire(std::uint64_t now_ns, bool all);
  void finalize_flow(const FlowKey& k, const FlowState& s);
  void note_evidence(const FlowKey& k, std::uint64_t frame, const FlowState* s);
  /// The evidence entry of a deliberate watched flow, else null.
  FlowEvidence* deliberate_flow(const FlowKey& k);

  CaptureConfig cfg_;
  CaptureFacts facts_;
  Table flows_;
  IdleList open_, closed_;
  std::unordered_map<DnsKey, DnsPending, DnsKeyHash> dns_;
  /// The datagram a fragment belongs to: its addresses and protocol (ports 0, FlowKey order), which of
  /// them sent it, and its identification.
  struct FragGroup {
    FlowKey addrs;
    std::uint32_t id = 0;
    int side = 0;
    bool operator==(const FragGroup&) const = default;
  };
  struct FragGroupHash {
    std::size_t operator()(const FragGroup& g) const { return FlowKeyHash{}(g.addrs) ^ (g.id * 2 + g.side); }
  };
  static constexpr std::size_t kMaxFragGroups = 4096;
  std::unordered_map<FragGroup, FlowKey, FragGroupHash> frag_;
  std::uint64_t last_ts_ = 0, last_sweep_ = 0;
};

/// Runs CaptureAnalyzer over a whole capture (bytes of a mapped file or of a tar member).
void analyze_capture(Bytes bytes, CaptureAnalyzer& an);

}  // namespace v6r::analyze
