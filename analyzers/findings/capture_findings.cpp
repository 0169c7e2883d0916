#include "analyzers/findings/capture_findings.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "analyzers/findings/rules.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using findings::Severity;
using findings::Source;

std::string frames_text(const FrameList& l) {
  std::string s;
  for (std::size_t i = 0; i < l.frames.size() && i < 5; ++i)
    s += (i ? ", " : "") + std::to_string(l.frames[i]);
  if (l.count > 5) s += ", …";
  return s;
}

/// Milliseconds rounded to µs, as written to the metrics.
std::optional<double> rounded_ms(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return std::round(*v * 1000.0) / 1000.0;
}

/// DNS64 synthesis under an unexpected prefix (RFC 6147 §5.1.7 + RFC 6052 §2.2): AAAA answers that lie
/// in a Pref64::/n seen on this network (ipv4only.arpa in the capture, RA PREF64, or the probe's
/// discovery) other than the expected one; and RA PREF64 options (RFC 8781 §4) other than it.
bool add_prefix_findings(FindingBuilder& fb, const CaptureFacts& cf, const Prefix& expected,
                         const std::string& expected_source, const std::vector<Prefix>& probe_discovered,
                         std::map<std::string, std::vector<std::uint64_t>>& answers) {
  bool unexpected = false;
  std::vector<Prefix> candidates = cf.discovered_pref64;
  for (const auto& [txt, fl] : cf.ra_pref64)
    if (auto p = Prefix::parse(txt)) candidates.push_back(*p);
  for (const auto& p : probe_discovered) candidates.push_back(p);
  std::map<std::string, std::pair<std::vector<std::uint64_t>, std::vector<std::string>>> by_prefix;
  for (const auto& a : cf.aaaa_outside_expected) {
    for (const auto& c : candidates) {
      if (c == expected || !c.contains(IpAddr(a.addr))) continue;
      auto& e = by_prefix[c.to_string()];
      if (e.first.size() < FrameList::kMax && (e.first.empty() || e.first.back() != a.frame))
        e.first.push_back(a.frame);
      auto& all = answers[c.to_string()];
      if (all.empty() || all.back() != a.frame) all.push_back(a.frame);
      const auto t = a.addr.to_string() + " (" + a.qname + ")";
      if (e.second.size() < 8 && std::find(e.second.begin(), e.second.end(), t) == e.second.end())
        e.second.push_back(t);
      break;
    }
  }
  for (const auto& [pre, e] : by_prefix) {
    unexpected = true;
    std::string list;
    std::vector<std::string> addrs;
    for (const auto& t : e.second) {
      list += (list.empty() ? "" : ", ") + t;
      addrs.push_back(t.substr(0, t.find(' ')));
    }
    fb.add(rule::kUnexpectedPrefix, Severity::fail, "Synthesized AAAA under an unexpected prefix",
           findings::MessageRef{"explain.unexpected_prefix",
                                {{"answers", list},
                                 {"prefix", pre},
                                 {"expected", expected.to_string()},
                                 {"source", expected_source}}},
           Source::capture, addrs, e.first, std::string("RFC 6147 §5.2"));
  }
  for (const auto& [txt, fl] : cf.ra_pref64)
    if (txt != expected.to_string())
      fb.add(rule::kRaUnexpectedPref64, Severity::fail, "RA announces an unexpected PREF64",
             findings::MessageRef{"explain.ra_unexpected_pref64",
                                  {{"prefix", txt}, {"expected", expected.to_string()}}},
             Source::capture, {txt}, fl.frames, std::string("RFC 8781 §4"));
  return unexpected;
}

}  // namespace

CaptureFindingFlags add_capture_findings(FindingBuilder& fb, const CaptureFacts& cf,
                                         const Thresholds& thresholds, const std::optional<Prefix>& expected,
                                         const std::string& expected_source,
                                         const std::vector<Prefix>& probe_discovered) {
  CaptureFindingFlags flags;
  if (expected)
    flags.unexpected_prefix = add_prefix_findings(fb, cf, *expected, expected_source, probe_discovered,
                                                  flags.unexpected_prefix_answers);
  const std::uint64_t v4 = cf.ipv4.count + cf.arp.count;
  flags.ipv4_frames = v4;
  if (v4 > 0) {
    std::vector<std::uint64_t> fr = cf.ipv4.frames;
    fr.insert(fr.end(), cf.arp.frames.begin(), cf.arp.frames.end());
    std::sort(fr.begin(), fr.end());
    if (fr.size() > FrameList::kMax) fr.resize(FrameList::kMax);
    fb.add(rule::kIpv4Frames, Severity::warn, "IPv4 frames on an IPv6-only segment",
           findings::MessageRef{"explain.ipv4_frames",
                                {{"ipv4", std::to_string(cf.ipv4.count)},
                                 {"dhcpv4", std::to_string(cf.dhcpv4.count)},
                                 {"arp", std::to_string(cf.arp.count)}}},
           Source::capture, {}, fr, std::string("RFC 8925 §1"));
  }
  if (cf.ptb.count > 0) {
    std::vector<findings::MessageItem> detail;
    std::size_t detail_size = 0;
    bool small = false;
    std::vector<std::uint64_t> fr;
    for (const auto& p : cf.ptb_list) {
      fr.push_back(p.frame);
      small = small || (p.v6 && p.mtu < 1280);
      if (detail_size < 300) {
        detail_size += 16 + p.quoted.size();
        detail.push_back(p.quoted.empty()
                             ? findings::MessageItem{"fact.ptb_mtu", {{"mtu", std::to_string(p.mtu)}}}
                             : findings::MessageItem{"fact.ptb_mtu_for",
                                                     {{"mtu", std::to_string(p.mtu)}, {"quoted", p.quoted}}});
      }
    }
    fb.add(rule::kPtbSeen, small ? Severity::warn : Severity::info, "ICMPv6 Packet Too Big seen",
           findings::MessageRef{
               small ? "explain.ptb_seen_small" : "explain.ptb_seen",
               {{"count", std::to_string(cf.ptb.count)}, i18n::list_arg("detail", std::move(detail))}},
           Source::capture, {}, fr, std::string("RFC 4443 §3.2"));
  }
  if (cf.pmtu_black_hole.count > 0) {
    flags.pmtu_black_hole = true;
    fb.add(rule::kPmtuBlackHole, Severity::fail, "PMTU black hole: Packet Too Big missing",
           findings::MessageRef{"explain.pmtu_black_hole",
                                {{"count", std::to_string(cf.pmtu_black_hole.count)},
                                 {"frames", frames_text(cf.pmtu_black_hole)}}},
           Source::capture, {}, cf.pmtu_black_hole.frames, std::string("RFC 8201 §4"));
  }
  if (cf.retransmissions.count > 0)
    fb.add(rule::kRetransmissions,
           cf.retransmissions.count > thresholds.retransmissions_warn ? Severity::warn : Severity::info,
           "TCP retransmissions",
           findings::MessageRef{"explain.retransmissions",
                                {{"count", std::to_string(cf.retransmissions.count)}}},
           Source::capture, {}, cf.retransmissions.frames);
  if (cf.handshake_failed.count > 0)
    fb.add(rule::kHandshakeFailed, Severity::warn, "TCP handshake not answered",
           findings::MessageRef{"explain.handshake_failed",
                                {{"count", std::to_string(cf.handshake_failed.count)}}},
           Source::capture, {}, cf.handshake_failed.frames, std::string("RFC 9293 §3.5"));
  if (cf.servfail.count > 0)
    fb.add(rule::kServfail, Severity::warn, "DNS SERVFAIL",
           findings::MessageRef{"explain.servfail", {{"count", std::to_string(cf.servfail.count)}}},
           Source::capture, {}, cf.servfail.frames, std::string("RFC 1035 §4.1.1"));
  if (cf.dns_unanswered.count > 0)
    fb.add(rule::kUnanswered, Severity::warn, "DNS queries unanswered",
           findings::MessageRef{"explain.unanswered",
                                {{"count", std::to_string(cf.dns_unanswered.count)},
                                 {"seconds", std::to_string(static_cast<int>(thresholds.dns_timeout_s))}}},
           Source::capture, {}, cf.dns_unanswered.frames);
  if (auto p95 = cf.dns_latency.percentile(0.95); p95 && *p95 > thresholds.dns_latency_warn_ms)
    fb.add(rule::kDnsSlow, Severity::warn, "DNS is slow",
           findings::MessageRef{
               "explain.dns_slow",
               {{"p95", std::to_string(static_cast<int>(*p95))},
                {"threshold", std::to_string(static_cast<int>(thresholds.dns_latency_warn_ms))}}},
           Source::capture, {}, cf.dns_slow.frames);
  return flags;
}

std::vector<findings::AnomalyCount> add_anomaly_findings(FindingBuilder& fb, const CaptureFacts& cf) {
  std::vector<findings::AnomalyCount> anomalies;
  for (std::size_t i = 0; i < kAnomalyKinds; ++i) {
    const auto a = static_cast<Anomaly>(i);
    const auto& e = cf.anomalies.get(a);
    if (e.count == 0) continue;
    std::vector<std::uint64_t> fr(e.first_frames.begin(),
                                  e.first_frames.begin() + static_cast<long>(std::min<std::uint64_t>(
                                                               e.count, AnomalyCounters::kFirstFrames)));
    const std::string name(anomaly_name(a));
    anomalies.push_back({name, e.count, fr});
    fb.add(rule::kAnomaly, Severity::info, "Malformed packets: " + name,
           findings::MessageRef{"explain.anomaly", {{"count", std::to_string(e.count)}, {"name", name}}},
           Source::capture, {}, fr);
  }
  return anomalies;
}

std::string capture_error_text(const std::string& file, const CaptureError& e) {
  return file + ": frame " + std::to_string(e.frame) + " at byte offset " + std::to_string(e.offset) + ": " +
         e.reason + " (frames before it analysed)";
}

void add_partial_capture_finding(FindingBuilder& fb, const std::string& message, const CaptureError& e) {
  fb.add(rule::kCapturePartial, Severity::warn, "Capture is corrupt or truncated", message, Source::capture,
         {}, {e.frame});
}

findings::Metrics capture_metrics(const CaptureFacts& cf) {
  findings::Metrics m;
  m.frames = cf.frames;
  m.ipv4_frames = cf.ipv4.count;
  m.arp_frames = cf.arp.count;
  m.dhcpv4_frames = cf.dhcpv4.count;
  m.dhcpv4_v6only_frames = cf.dhcpv4_v6only.count;
  m.ptb_seen = cf.ptb.count;
  for (const auto& [k, v] : cf.ra_pref64) m.ra_pref64.push_back(k);
  for (const auto& p : cf.discovered_pref64) m.rfc7050_pref64.push_back(p.to_string());
  m.dns.transactions = cf.dns_transactions;
  m.dns.answered = cf.dns_answered;
  m.dns.unanswered = cf.dns_unanswered.count;
  m.dns.servfail = cf.servfail.count;
  m.dns.nxdomain = cf.nxdomain;
  m.dns.latency_ms_p50 = rounded_ms(cf.dns_latency.percentile(0.5));
  m.dns.latency_ms_p95 = rounded_ms(cf.dns_latency.percentile(0.95));
  m.tcp.handshakes = cf.handshakes;
  m.tcp.handshake_failed = cf.handshake_failed.count;
  m.tcp.retransmissions = cf.retransmissions.count;
  m.tcp.rtt_ms.ipv6 = rounded_ms(cf.rtt_v6.mean());
  m.tcp.rtt_ms.ipv4 = rounded_ms(cf.rtt_v4.mean());
  m.flows = cf.flows;
  m.peak_live_flows = cf.peak_live_flows;
  m.peak_pending_dns = cf.peak_pending_dns;
  return m;
}

CaptureOnlyFindings capture_only_findings(const CaptureFacts& cf, const Thresholds& thresholds,
                                          const std::optional<Prefix>& expected,
                                          const std::string& expected_source, const std::string& capture_name,
                                          const std::string& capture_sha) {
  FindingBuilder fb(capture_name, "");
  fb.set_capture(capture_name, capture_sha);
  if (cf.partial) add_partial_capture_finding(fb, capture_error_text(capture_name, cf.error), cf.error);
  add_capture_findings(fb, cf, thresholds, expected, expected_source, {});
  CaptureOnlyFindings out;
  out.anomalies = add_anomaly_findings(fb, cf);
  out.findings = fb.take();
  out.metrics = capture_metrics(cf);
  return out;
}

}  // namespace v6r::analyze
