#include "analyzers/findings/site_analysis.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analyzers/capture_file.hpp"
#include "analyzers/findings/rules.hpp"
#include "analyzers/flow/capture_analysis.hpp"
#include "analyzers/score/levels.hpp"
#include "core/manifest.hpp"
#include "core/run_info.hpp"
#include "core/sha256.hpp"

namespace v6r::analyze {
namespace {

using nlohmann::json;

std::optional<Prefix> scenario_pref64(const bundle::BundleReader& b) {
  auto text = b.read_file(bundle::kScenarioFile);
  if (!text) return std::nullopt;
  try {
    const YAML::Node root = YAML::Load(*text);
    if (root.IsMap() && root["expect"] && root["expect"].IsMap() && root["expect"]["pref64"] &&
        root["expect"]["pref64"].IsScalar()) {
      auto p = Prefix::parse(root["expect"]["pref64"].Scalar());
      if (p && p->family() == IpFamily::v6) return *p;
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::optional<FlowKey> flow_key_of(const Flow& f) {
  std::uint8_t proto = 0;
  if (f.proto == "tcp")
    proto = ipproto::kTcp;
  else if (f.proto == "udp")
    proto = ipproto::kUdp;
  else if (f.proto == "icmpv6")
    proto = ipproto::kIcmpv6;
  else if (f.proto == "icmp")
    proto = ipproto::kIcmp;
  else
    return std::nullopt;
  auto s = IpAddr::parse(f.src), d = IpAddr::parse(f.dst);
  if (!s || !d || s->family() != d->family()) return std::nullopt;
  auto ep = [](const IpAddr& a, std::uint16_t port) {
    Endpoint e;
    if (a.is_v6())
      e.addr = a.v6().bytes;
    else
      std::copy(a.v4().bytes.begin(), a.v4().bytes.end(), e.addr.begin());
    e.port = port;
    return e;
  };
  int side = 0;
  return FlowKey::make(proto, s->is_v6(), ep(*s, f.sport), ep(*d, f.dport), side);
}

std::vector<std::string> observed_aaaa(const CheckResult& r) {
  std::vector<std::string> out;
  for (const char* key : {"aaaa", "answers"}) {
    auto it = r.observed.find(key);
    if (it == r.observed.end() || !it->is_array()) continue;
    for (const auto& v : *it)
      if (v.is_string())
        if (auto a = Ipv6Addr::parse(v.get<std::string>())) out.push_back(a->to_string());
    if (!out.empty()) break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

json frames_json(const std::vector<std::uint64_t>& f) {
  json a = json::array();
  for (auto x : f) a.push_back(x);
  return a;
}

std::string severity_of(Verdict v) {
  switch (v) {
    case Verdict::fail:
    case Verdict::error:
      return "fail";
    case Verdict::warn:
      return "warn";
    default:
      return "info";
  }
}

struct Builder {
  std::string bundle_name;  ///< "" for a capture-only analysis (no bundle)
  std::string site;
  std::string capture_sha;
  bool have_capture = false;
  std::string capture_file = std::string(bundle::kCaptureFile);
  json findings = json::array();
  int n = 0;

  json& add(std::string_view rule, const std::string& severity, std::string title, std::string explanation,
            const std::string& source, std::vector<std::string> addresses,
            const std::vector<std::uint64_t>& frames, std::optional<std::string> rfc = std::nullopt,
            std::optional<std::string> check_id = std::nullopt) {
    json f = {{"id", site + "#" + std::to_string(++n)},
              {"rule", std::string(rule)},
              {"severity", severity},
              {"title", std::move(title)},
              {"explanation", std::move(explanation)},
              {"source", source},
              {"addresses", std::move(addresses)}};
    if (rfc) f["rfc"] = *rfc;
    if (check_id) f["check_id"] = *check_id;
    json ev = json::object();
    if (!bundle_name.empty()) ev["bundle"] = bundle_name;
    ev["frames"] = frames_json(frames);
    if (have_capture) {
      ev["capture"] = capture_file;
      if (!capture_sha.empty()) ev["capture_sha256"] = capture_sha;
    }
    f["evidence"] = std::move(ev);
    findings.push_back(std::move(f));
    return findings.back();
  }
};

std::string frames_text(const FrameList& l) {
  std::string s;
  for (std::size_t i = 0; i < l.frames.size() && i < 5; ++i)
    s += (i ? ", " : "") + std::to_string(l.frames[i]);
  if (l.count > 5) s += ", …";
  return s;
}

json hist_ms(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 1000.0) / 1000.0;
}

/// What the capture-derived findings feed into the level rules.
struct CaptureFindingFlags {
  bool unexpected_prefix = false;
  bool pmtu_black_hole = false;
  std::uint64_t ipv4_frames = 0;
};

/// The findings that need only the capture (source "capture"): DNS64 prefix, RA PREF64, IPv4 frames,
/// PTB, PMTU black hole, retransmissions, handshakes, SERVFAIL, unanswered, slow DNS. Shared
/// by the bundle analysis and the capture-only analysis (`analyze --capture`).
CaptureFindingFlags add_capture_findings(Builder& fb, const CaptureFacts& cf, const Thresholds& thresholds,
                                         const std::optional<Prefix>& expected,
                                         const std::string& expected_source,
                                         const std::vector<Prefix>& probe_discovered) {
  CaptureFindingFlags flags;
  {
    // DNS64 synthesis under an unexpected prefix (RFC 6147 §5.1.7 + RFC 6052 §2.2): AAAA answers that
    // lie in a Pref64::/n seen on this network (ipv4only.arpa in the capture, RA PREF64, or the probe's
    // discovery) other than the expected one.
    std::vector<Prefix> candidates = cf.discovered_pref64;
    for (const auto& [txt, fl] : cf.ra_pref64)
      if (auto p = Prefix::parse(txt)) candidates.push_back(*p);
    for (const auto& p : probe_discovered) candidates.push_back(p);
    if (expected) {
      std::map<std::string, std::pair<std::vector<std::uint64_t>, std::vector<std::string>>> by_prefix;
      for (const auto& a : cf.aaaa_outside_expected) {
        for (const auto& c : candidates) {
          if (c == *expected || !c.contains(IpAddr(a.addr))) continue;
          auto& e = by_prefix[c.to_string()];
          if (e.first.size() < FrameList::kMax && (e.first.empty() || e.first.back() != a.frame))
            e.first.push_back(a.frame);
          const auto t = a.addr.to_string() + " (" + a.qname + ")";
          if (e.second.size() < 8 && std::find(e.second.begin(), e.second.end(), t) == e.second.end())
            e.second.push_back(t);
          break;
        }
      }
      for (const auto& [pre, e] : by_prefix) {
        flags.unexpected_prefix = true;
        std::string list;
        std::vector<std::string> addrs;
        for (const auto& t : e.second) {
          list += (list.empty() ? "" : ", ") + t;
          addrs.push_back(t.substr(0, t.find(' ')));
        }
        fb.add(rule::kUnexpectedPrefix, "fail", "Synthesized AAAA under an unexpected prefix",
               "AAAA " + list + " under " + pre + ", expected " + expected->to_string() + " (" +
                   expected_source + "; RFC 6052 §2.2, RFC 6147 §5.2)",
               "capture", addrs, e.first, std::string("RFC 6147 §5.2"));
      }
      for (const auto& [txt, fl] : cf.ra_pref64)
        if (txt != expected->to_string())
          fb.add(
              rule::kRaUnexpectedPref64, "fail", "RA announces an unexpected PREF64",
              "Router Advertisement PREF64 " + txt + ", expected " + expected->to_string() + " (RFC 8781 §4)",
              "capture", {txt}, fl.frames, std::string("RFC 8781 §4"));
    }
    const std::uint64_t v4 = cf.ipv4.count + cf.arp.count;
    flags.ipv4_frames = v4;
    if (v4 > 0) {
      std::vector<std::uint64_t> fr = cf.ipv4.frames;
      fr.insert(fr.end(), cf.arp.frames.begin(), cf.arp.frames.end());
      std::sort(fr.begin(), fr.end());
      if (fr.size() > FrameList::kMax) fr.resize(FrameList::kMax);
      fb.add(rule::kIpv4Frames, "warn", "IPv4 frames on an IPv6-only segment",
             std::to_string(cf.ipv4.count) + " IPv4 frames (" + std::to_string(cf.dhcpv4.count) +
                 " DHCPv4) and " + std::to_string(cf.arp.count) +
                 " ARP frames in the capture; an IPv6-only site sends none (RFC 8925)",
             "capture", {}, fr, std::string("RFC 8925 §1"));
    }
    if (cf.ptb.count > 0) {
      std::string detail;
      bool small = false;
      std::vector<std::uint64_t> fr;
      for (const auto& p : cf.ptb_list) {
        fr.push_back(p.frame);
        small = small || (p.v6 && p.mtu < 1280);
        if (detail.size() < 300)
          detail += (detail.empty() ? "" : "; ") + std::string("MTU ") + std::to_string(p.mtu) +
                    (p.quoted.empty() ? "" : " for " + p.quoted);
      }
      fb.add(rule::kPtbSeen, small ? "warn" : "info", "ICMPv6 Packet Too Big seen",
             std::to_string(cf.ptb.count) + " Packet Too Big message(s): " + detail +
                 (small ? " (an MTU below 1280 violates RFC 8200 §5)" : ""),
             "capture", {}, fr, std::string("RFC 4443 §3.2"));
    }
    if (cf.pmtu_black_hole.count > 0) {
      flags.pmtu_black_hole = true;
      fb.add(rule::kPmtuBlackHole, "fail", "PMTU black hole: Packet Too Big missing",
             std::to_string(cf.pmtu_black_hole.count) +
                 " TCP flow(s) retransmitted full-size segments and no Packet Too Big came back (frames " +
                 frames_text(cf.pmtu_black_hole) + ")",
             "capture", {}, cf.pmtu_black_hole.frames, std::string("RFC 8201 §4"));
    }
    if (cf.retransmissions.count > 0)
      fb.add(rule::kRetransmissions,
             cf.retransmissions.count > thresholds.retransmissions_warn ? "warn" : "info",
             "TCP retransmissions", std::to_string(cf.retransmissions.count) + " retransmitted segment(s)",
             "capture", {}, cf.retransmissions.frames);
    if (cf.handshake_failed.count > 0)
      fb.add(rule::kHandshakeFailed, "warn", "TCP handshake not answered",
             std::to_string(cf.handshake_failed.count) + " SYN(s) never answered by a SYN/ACK", "capture", {},
             cf.handshake_failed.frames, std::string("RFC 9293 §3.5"));
    if (cf.servfail.count > 0)
      fb.add(rule::kServfail, "warn", "DNS SERVFAIL",
             std::to_string(cf.servfail.count) + " SERVFAIL response(s)", "capture", {}, cf.servfail.frames,
             std::string("RFC 1035 §4.1.1"));
    if (cf.dns_unanswered.count > 0)
      fb.add(rule::kUnanswered, "warn", "DNS queries unanswered",
             std::to_string(cf.dns_unanswered.count) + " query(ies) got no response within " +
                 std::to_string(static_cast<int>(thresholds.dns_timeout_s)) + " s",
             "capture", {}, cf.dns_unanswered.frames);
    if (auto p95 = cf.dns_latency.percentile(0.95); p95 && *p95 > thresholds.dns_latency_warn_ms)
      fb.add(rule::kDnsSlow, "warn", "DNS is slow",
             "p95 DNS latency ≈ " + std::to_string(static_cast<int>(*p95)) + " ms (threshold " +
                 std::to_string(static_cast<int>(thresholds.dns_latency_warn_ms)) + " ms)",
             "capture", {}, cf.dns_slow.frames);
  }
  return flags;
}

/// One info finding per anomaly kind seen, and the document's `anomalies` list.
json add_anomaly_findings(Builder& fb, const CaptureFacts& cf) {
  json anomalies = json::array();
  for (std::size_t i = 0; i < kAnomalyKinds; ++i) {
    const auto a = static_cast<Anomaly>(i);
    const auto& e = cf.anomalies.get(a);
    if (e.count == 0) continue;
    std::vector<std::uint64_t> fr(e.first_frames.begin(),
                                  e.first_frames.begin() + static_cast<long>(std::min<std::uint64_t>(
                                                               e.count, AnomalyCounters::kFirstFrames)));
    anomalies.push_back({{"name", std::string(anomaly_name(a))}, {"count", e.count}, {"first_frames", fr}});
    fb.add(rule::kAnomaly, "info", "Malformed packets: " + std::string(anomaly_name(a)),
           std::to_string(e.count) + " frame(s) with anomaly " + std::string(anomaly_name(a)), "capture", {},
           fr);
  }
  return anomalies;
}

/// The `metrics` object of a site (or of a capture-only analysis).
json capture_metrics(const CaptureFacts& cf) {
  json ra = json::array();
  for (const auto& [k, v] : cf.ra_pref64) ra.push_back(k);
  json disc = json::array();
  for (const auto& p : cf.discovered_pref64) disc.push_back(p.to_string());
  return {{"frames", cf.frames},
          {"ipv4_frames", cf.ipv4.count},
          {"arp_frames", cf.arp.count},
          {"dhcpv4_frames", cf.dhcpv4.count},
          {"dhcpv4_v6only_frames", cf.dhcpv4_v6only.count},
          {"ptb_seen", cf.ptb.count},
          {"ra_pref64", ra},
          {"rfc7050_pref64", disc},
          {"dns",
           {{"transactions", cf.dns_transactions},
            {"answered", cf.dns_answered},
            {"unanswered", cf.dns_unanswered.count},
            {"servfail", cf.servfail.count},
            {"nxdomain", cf.nxdomain},
            {"latency_ms_p50", hist_ms(cf.dns_latency.percentile(0.5))},
            {"latency_ms_p95", hist_ms(cf.dns_latency.percentile(0.95))}}},
          {"tcp",
           {{"handshakes", cf.handshakes},
            {"handshake_failed", cf.handshake_failed.count},
            {"retransmissions", cf.retransmissions.count},
            {"rtt_ms", {{"ipv6", hist_ms(cf.rtt_v6.mean())}, {"ipv4", hist_ms(cf.rtt_v4.mean())}}}}},
          {"flows", cf.flows},
          {"peak_live_flows", cf.peak_live_flows},
          {"peak_pending_dns", cf.peak_pending_dns}};
}

}  // namespace

SiteAnalysis analyze_bundle(const bundle::BundleReader& b, const std::string& given_path, const Plan& plan,
                            int year, const BundleTrust& trust) {
  SiteAnalysis out;
  const RunInfo& ri = b.run_info();
  Builder fb;
  fb.bundle_name = b.name();
  fb.site = ri.site;
  out.started_utc = format_rfc3339_ms(ri.started_utc);

  // --- results.jsonl
  std::vector<CheckResult> results;
  if (auto rs = b.results()) {
    while (auto line = rs->next()) {
      if (line->result) {
        results.push_back(std::move(line->result).value());
      } else {
        const auto& e = line->result.error();
        out.problems.push_back({{"bundle", b.name()},
                                {"file", std::string(bundle::kResultsFile)},
                                {"line", line->line},
                                {"message", e.to_string()}});
        if (!e.truncated) out.partial = true;
      }
    }
  } else {
    out.partial = true;
    out.problems.push_back(
        {{"bundle", b.name()}, {"file", std::string(bundle::kResultsFile)}, {"message", rs.error()}});
    fb.add(rule::kResultsUnreadable, "fail", "Probe results unreadable", rs.error(), "probe", {}, {});
  }
  std::sort(results.begin(), results.end(), [](const auto& x, const auto& y) { return x.seq < y.seq; });
  // run.json is written after the last result and counts every result the probe recorded: fewer readable
  // lines (one cut short, lines lost) means this is not the whole run, whatever run.json's status says.
  if (ri.counts.total() != results.size()) {
    out.partial = true;
    out.problems.push_back({{"bundle", b.name()},
                            {"file", std::string(bundle::kResultsFile)},
                            {"message", std::to_string(results.size()) + " readable results of the " +
                                            std::to_string(ri.counts.total()) +
                                            " the probe recorded (the run's verdict counts)"}});
  }

  // --- expected Pref64::/n: the scenario's expect.pref64, else what discovery found
  std::optional<Prefix> expected = scenario_pref64(b);
  std::string expected_source = expected ? "scenario expect.pref64" : "";
  std::vector<Prefix> probe_discovered;
  for (const auto& r : results) {
    if (r.kind != "dns64.discovery") continue;
    auto it = r.observed.find("prefixes");
    if (it == r.observed.end() || !it->is_array()) continue;
    for (const auto& p : *it)
      if (p.is_string())
        if (auto pre = Prefix::parse(p.get<std::string>())) probe_discovered.push_back(*pre);
  }
  if (!expected && !probe_discovered.empty()) {
    expected = probe_discovered.front();
    expected_source = "dns64.discovery result";
  }

  // --- the capture, one streaming pass
  CaptureConfig cfg;
  cfg.expected_pref64 = expected;
  cfg.dns_timeout_s = plan.thresholds.dns_timeout_s;
  cfg.flow_idle_s = plan.thresholds.flow_idle_s;
  cfg.dns_slow_ms = plan.thresholds.dns_latency_warn_ms;
  CaptureAnalyzer an(cfg);
  for (const auto& r : results) {
    for (auto id : r.evidence.dns_ids) an.watch_dns_id(id);
    for (const auto& f : r.evidence.flows)
      if (auto k = flow_key_of(f)) an.watch_flow(*k);
  }
  std::optional<CaptureFile> file;
  std::optional<Bytes> cap;
  if (auto p = b.capture_path()) {
    auto f = CaptureFile::open(p->string());
    if (f) {
      file.emplace(std::move(f).value());
      cap = file->bytes();
    } else {
      out.problems.push_back(
          {{"bundle", b.name()}, {"file", std::string(bundle::kCaptureFile)}, {"message", f.error()}});
    }
  } else if (auto bytes = b.capture_bytes()) {
    cap = *bytes;
  }
  fb.have_capture = cap.has_value();
  if (auto m = b.read_file(bundle::kManifestFile))
    if (auto entries = bundle::parse_manifest(*m))
      for (const auto& e : *entries)
        if (e.path == bundle::kCaptureFile) fb.capture_sha = e.sha256;
  if (cap) {
    if (fb.capture_sha.empty()) fb.capture_sha = sha256_hex(*cap);
    analyze_capture(*cap, an);
  } else {
    an.finish();
  }
  const CaptureFacts& cf = an.facts();
  if (cf.partial) {
    out.partial = true;
    const std::string msg = std::string(bundle::kCaptureFile) + ": frame " + std::to_string(cf.error.frame) +
                            " at byte offset " + std::to_string(cf.error.offset) + ": " + cf.error.reason +
                            " (frames before it analysed)";
    out.problems.push_back({{"bundle", b.name()},
                            {"file", std::string(bundle::kCaptureFile)},
                            {"frame", cf.error.frame},
                            {"offset", cf.error.offset},
                            {"message", msg}});
    fb.add(rule::kCapturePartial, "warn", "Capture is corrupt or truncated", msg, "capture", {},
           {cf.error.frame});
  }
  if (!cap)
    fb.add(rule::kCaptureMissing, "warn", "No capture in the bundle",
           "capture.pcapng is missing or unreadable: nothing can be cross-checked", "capture", {}, {});
  if (!trust.verified) {
    std::string why;
    for (const auto& p : trust.problems) why += (why.empty() ? "" : "; ") + p;
    fb.add(rule::kUnverified, "fail", "Bundle does not match its manifest (analysed with --allow-unverified)",
           "MANIFEST.sha256 check failed: " + why + ". Nothing in this site's result can be trusted.",
           "capture", {}, {});
  }

  // --- checks + cross-check + probe findings
  LevelInputs li;
  li.have_capture = cap.has_value();
  li.capture_partial = cf.partial;
  json checks = json::array();
  VerdictCounts counts;
  for (const auto& r : results) {
    counts.add(r.verdict);
    json c = {{"check_id", r.check_id},
              {"kind", r.kind},
              {"target", r.target},
              {"family", std::string(to_string(r.family))},
              {"verdict", std::string(to_string(r.verdict))},
              {"reason", r.reason},
              {"duration_ms", r.duration_ms},
              {"seq", r.seq}};
    if (r.rfc) c["rfc"] = *r.rfc;
    json addr = json::object();
    if (r.addresses.local) addr["local"] = *r.addresses.local;
    if (r.addresses.resolver) addr["resolver"] = *r.addresses.resolver;
    addr["remote"] = r.addresses.remote;
    c["addresses"] = addr;

    // cross-check
    std::set<std::uint64_t> frames;
    std::string cross = "not_applicable";
    std::vector<std::pair<std::string_view, std::string>> disagreements;
    const bool has_ev = !r.evidence.dns_ids.empty() || !r.evidence.flows.empty();
    if (has_ev && !cap) cross = "no_evidence";
    if (has_ev && cap) {
      bool seen = false, agree = true;
      std::vector<std::string> cap_aaaa;
      bool any_response = false;
      for (auto id : r.evidence.dns_ids) {
        const auto& ev = cf.dns_evidence.at(id);
        frames.insert(ev.frames.begin(), ev.frames.end());
        if (ev.queries == 0 && ev.responses == 0) continue;
        seen = true;
        if (ev.responses == 0 && r.verdict == Verdict::pass) {
          agree = false;
          disagreements.emplace_back(
              rule::kDnsNotAnswered,
              "DNS id " + std::to_string(id) + " was sent but never answered in the capture");
        }
        if (ev.responses > 0) any_response = true;
        for (const auto& a : ev.answers)
          if (a.find(':') != std::string::npos) cap_aaaa.push_back(a);
      }
      const auto probe_aaaa = observed_aaaa(r);
      std::sort(cap_aaaa.begin(), cap_aaaa.end());
      cap_aaaa.erase(std::unique(cap_aaaa.begin(), cap_aaaa.end()), cap_aaaa.end());
      if (any_response && !probe_aaaa.empty() && probe_aaaa != cap_aaaa) {
        agree = false;
        std::string p, q;
        for (const auto& a : probe_aaaa) p += (p.empty() ? "" : " ") + a;
        for (const auto& a : cap_aaaa) q += (q.empty() ? "" : " ") + a;
        disagreements.emplace_back(rule::kAnswersDiffer, "the probe reports AAAA [" + p +
                                                             "] but the capture's answers are [" + q + "]");
      }
      for (const auto& f : r.evidence.flows) {
        auto k = flow_key_of(f);
        if (!k) continue;
        const auto& ev = cf.flow_evidence.at(*k);
        frames.insert(ev.frames.begin(), ev.frames.end());
        if (!ev.any) continue;
        seen = true;
        if (k->proto == ipproto::kTcp && !ev.established && r.verdict == Verdict::pass) {
          agree = false;
          disagreements.emplace_back(
              rule::kNoHandshake,
              "tcp " + f.src + " port " + std::to_string(f.sport) + " -> " + f.dst + " port " +
                  std::to_string(f.dport) + ": no completed handshake in the capture" +
                  (ev.syn ? (ev.synack ? " (no final ACK)" : " (SYN unanswered)") : " (no SYN)"));
        }
      }
      // A partial capture cannot show the absence of a packet: no disagreement from it.
      if (cf.partial && !agree) {
        agree = true;
        seen = false;
        disagreements.clear();
      }
      cross = !seen ? "no_evidence" : agree ? "agrees" : "disagrees";
    }
    c["cross_check"] = cross;
    c["frames"] = frames_json(std::vector<std::uint64_t>(frames.begin(), frames.end()));
    std::vector<std::uint64_t> fr(frames.begin(), frames.end());
    std::vector<std::string> addrs = r.addresses.remote;
    if (r.addresses.resolver) addrs.push_back(*r.addresses.resolver);
    for (const auto& [rid, text] : disagreements) {
      li.disagreement = true;
      fb.add(rid, "fail", "Probe result disagrees with the capture",
             r.kind + " " + r.check_id + " says " + std::string(to_string(r.verdict)) + ", but " + text,
             "cross_check", addrs, fr, r.rfc, r.check_id);
    }
    if (r.verdict == Verdict::fail || r.verdict == Verdict::warn || r.verdict == Verdict::error)
      fb.add(r.kind, severity_of(r.verdict),
             r.kind + " " + std::string(to_string(r.verdict)) + ": " + r.target,
             r.reason.empty() ? std::string("no reason given") : r.reason, "probe", addrs, fr, r.rfc,
             r.check_id);

    CheckBrief brief{r.check_id, r.kind, r.target, r.verdict, r.family, false};
    if (expected)
      for (const auto& a : r.addresses.remote)
        if (auto ip = IpAddr::parse(a); ip && expected->contains(*ip)) brief.via_nat64 = true;
    li.checks.push_back(std::move(brief));
    checks.push_back(std::move(c));
  }

  // --- capture-derived findings
  if (cap) {
    const auto flags =
        add_capture_findings(fb, cf, plan.thresholds, expected, expected_source, probe_discovered);
    li.unexpected_prefix = flags.unexpected_prefix;
    li.ipv4_frames = flags.ipv4_frames;
    li.pmtu_black_hole = flags.pmtu_black_hole;
  }
  json anomalies = add_anomaly_findings(fb, cf);

  // --- pref64 discovery evidence for L3
  for (const auto& r : results)
    if (r.kind == "dns64.discovery" && r.verdict == Verdict::pass && !probe_discovered.empty()) {
      li.pref64_discovered = true;
      li.pref64_source = "RFC 7050 via dns64.discovery " + r.check_id;
    }
  for (const auto& r : results)
    if (!li.pref64_discovered && r.kind == "v6only.ra" && r.verdict == Verdict::pass) {
      li.pref64_discovered = true;
      li.pref64_source = "RA PREF64 via v6only.ra " + r.check_id;
    }
  if (!li.pref64_discovered && !cf.ra_pref64.empty()) {
    li.pref64_discovered = true;
    li.pref64_source = "RA PREF64 in the capture (" + cf.ra_pref64.begin()->first + ")";
  }
  if (!li.pref64_discovered && expected && !cf.discovered_pref64.empty() &&
      std::find(cf.discovered_pref64.begin(), cf.discovered_pref64.end(), *expected) !=
          cf.discovered_pref64.end()) {
    li.pref64_discovered = true;
    li.pref64_source = "RFC 7050 ipv4only.arpa answers in the capture";
  }

  const LevelResult lvl = compute_level(li, plan.levels);
  out.level = lvl.level;
  const std::string cls = plan.class_of(ri.site);
  const auto req = plan.required(cls, year);

  json s;
  s["site"] = ri.site;
  s["site_class"] = cls;
  s["level"] = level_id(lvl.level);
  s["level_reasons"] = lvl.reasons;
  s["required_level"] = req ? json(level_id(*req)) : json(nullptr);
  s["meets_plan"] = !req || lvl.level >= *req;
  json bj = {
      {"name", b.name()},
      {"path", given_path},
      {"verified", trust.verified},
      {"verify_problems", trust.problems},
      {"status", std::string(to_string(ri.status))},
      {"run_id", ri.run_id},
      {"probe_id", ri.probe_id},
      {"host", ri.host},
      {"interface", ri.interface},
      {"started_utc", format_rfc3339_ms(ri.started_utc)},
      {"stopped_utc", format_rfc3339_ms(ri.stopped_utc)},
      {"scenario", {{"name", ri.scenario.name}, {"sha256", ri.scenario.sha256}}},
      {"tool", {{"name", ri.tool.name}, {"version", ri.tool.version}, {"git_commit", ri.tool.git_commit}}},
      {"clock",
       {{"synced", ri.clock.synced ? json(*ri.clock.synced) : json(nullptr)}, {"detail", ri.clock.detail}}}};
  if (ri.partial_reason) bj["partial_reason"] = *ri.partial_reason;
  if (cap)
    bj["capture"] = {{"file", std::string(bundle::kCaptureFile)},
                     {"sha256", fb.capture_sha},
                     {"frames", cf.frames},
                     {"partial", cf.partial}};
  else
    bj["capture"] = nullptr;
  if (expected) bj["expected_pref64"] = {{"prefix", expected->to_string()}, {"source", expected_source}};
  s["bundle"] = std::move(bj);
  s["checks"] = std::move(checks);
  s["findings"] = std::move(fb.findings);
  s["metrics"] = capture_metrics(cf);
  s["anomalies"] = std::move(anomalies);
  s["counts"] = {{"pass", counts.pass}, {"info", counts.info},   {"warn", counts.warn},
                 {"fail", counts.fail}, {"error", counts.error}, {"skipped", counts.skipped}};
  json svc = json::array();
  for (const auto& sl : service_levels(li.checks))
    svc.push_back({{"target", sl.target}, {"level", level_id(sl.level)}, {"reason", sl.reason}});
  s["services"] = std::move(svc);
  out.site = std::move(s);
  return out;
}

json capture_only_site(const CaptureFacts& cf, const Thresholds& thresholds,
                       const std::optional<Prefix>& expected, const std::string& expected_source,
                       const std::string& capture_name, const std::string& capture_sha) {
  Builder fb;
  fb.site = capture_name;
  fb.have_capture = true;
  fb.capture_file = capture_name;
  fb.capture_sha = capture_sha;
  if (cf.partial) {
    const std::string msg = capture_name + ": frame " + std::to_string(cf.error.frame) + " at byte offset " +
                            std::to_string(cf.error.offset) + ": " + cf.error.reason +
                            " (frames before it analysed)";
    fb.add(rule::kCapturePartial, "warn", "Capture is corrupt or truncated", msg, "capture", {},
           {cf.error.frame});
  }
  add_capture_findings(fb, cf, thresholds, expected, expected_source, {});
  json anomalies = add_anomaly_findings(fb, cf);
  json s;
  s["findings"] = std::move(fb.findings);
  s["metrics"] = capture_metrics(cf);
  s["anomalies"] = std::move(anomalies);
  return s;
}

}  // namespace v6r::analyze
