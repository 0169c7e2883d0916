#include "analyzers/findings/cross_check.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "analyzers/findings/rules.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

/// The AAAA answers a result reports (observed.aaaa, else observed.answers), normalised and distinct.
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

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& a : v) s += (s.empty() ? "" : " ") + a;
  return s;
}

}  // namespace

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

namespace {

constexpr std::int64_t kNsPerMs = 1000000;
/// Capture timestamps and the probe's clock are the same host's, but a frame is stamped a little
/// before the probe reads it: the window is widened by this much on each side.
constexpr std::int64_t kWindowSlackNs = 500 * kNsPerMs;

/// The result's time window in capture time (ns since the epoch); everything when it is unset.
struct Window {
  std::uint64_t from = 0, to = std::numeric_limits<std::uint64_t>::max();
  [[nodiscard]] bool holds(std::uint64_t ts) const { return ts >= from && ts <= to; }
};
Window window_of(const CheckResult& r) {
  const auto s = r.evidence.window.start_utc.time_since_epoch().count();
  const auto e = r.evidence.window.end_utc.time_since_epoch().count();
  Window w;
  if (s <= 0 || e < s) return w;
  w.from = static_cast<std::uint64_t>(std::max<std::int64_t>(s * kNsPerMs - kWindowSlackNs, 0));
  w.to = static_cast<std::uint64_t>(e * kNsPerMs + kWindowSlackNs);
  return w;
}

/// A flow of the evidence as a fact: "tcp 2001:db8::1 port 40000 -> 2001:db8::2 port 80".
findings::MessageItem flow_item(const Flow& f) {
  if (f.src.empty())
    return {"fact.xcheck.flow_no_source",
            {{"proto", f.proto},
             {"dst", f.dst},
             {"sport", std::to_string(f.sport)},
             {"dport", std::to_string(f.dport)}}};
  return {"fact.xcheck.flow",
          {{"proto", f.proto},
           {"src", f.src},
           {"dst", f.dst},
           {"sport", std::to_string(f.sport)},
           {"dport", std::to_string(f.dport)}}};
}

/// "DNS id 4242" or "DNS id 4242 on <flow>".
findings::MessageItem dns_item(std::uint16_t id, const Flow* on) {
  if (on == nullptr) return {"fact.xcheck.dns_id", {{"id", std::to_string(id)}}};
  auto flow = flow_item(*on);
  findings::MessageItem out{
      flow.id == "fact.xcheck.flow" ? "fact.xcheck.dns_id_on_flow" : "fact.xcheck.dns_id_on_flow_no_source",
      std::move(flow.args)};
  out.args.push_back({"id", std::to_string(id)});
  return out;
}

void set_note(CrossCheckResult& out, findings::MessageRef m) {
  out.note = i18n::english(m);
  out.note_message = std::move(m);
}

/// What the DNS messages of one id (within the window) show.
struct DnsSeen {
  std::uint32_t queries = 0, responses = 0;
  std::uint64_t first_query = UINT64_MAX, last_response = 0;  ///< capture frame numbers
};
DnsSeen take_dns(const DnsEvidence& ev, const Window& w, std::set<std::uint64_t>& frames,
                 std::map<std::uint32_t, std::vector<std::string>>& cap_aaaa) {
  DnsSeen d;
  for (const auto& m : ev.messages) {
    if (!w.holds(m.ts_ns)) continue;
    frames.insert(m.frame);
    if (!m.response) {
      ++d.queries;
      d.first_query = std::min(d.first_query, m.frame);
      continue;
    }
    ++d.responses;
    d.last_response = std::max(d.last_response, m.frame);
    for (const auto& a : m.answers)
      if (a.find(':') != std::string::npos) cap_aaaa[m.qname_hash].push_back(a);
  }
  return d;
}

}  // namespace

CrossCheckResult cross_check(const CheckResult& r, const CaptureFacts* capture) {
  using findings::CrossCheck;
  CrossCheckResult out;
  const bool has_ev = !r.evidence.dns_ids.empty() || !r.evidence.flows.empty();
  if (!has_ev) return out;
  if (capture == nullptr) {
    out.verdict = CrossCheck::no_evidence;
    set_note(out, {"xnote.no_capture", {}});
    return out;
  }
  const CaptureFacts& cf = *capture;
  out.wire.whole = !cf.partial;
  const Window win = window_of(r);
  std::set<std::uint64_t> frames;
  bool agree = true, any_response = false;
  // The capture's AAAA answers per question name: a check that asked two names (its target and
  // ipv4only.arpa for the resolver's Pref64) reports the target's answers, not the union.
  std::map<std::uint32_t, std::vector<std::string>> cap_aaaa;
  std::vector<findings::MessageItem> missing;  // named evidence without a frame in the capture
  auto judge_dns = [&](std::uint16_t id, const DnsSeen& d, const Flow* where) {
    out.wire.dns_queries += d.queries;
    out.wire.dns_responses += d.responses;
    if (d.responses > 0) out.wire.last_dns_response = std::max(out.wire.last_dns_response, d.last_response);
    if (d.queries > 0 && d.responses == 0)
      out.wire.first_unanswered_query = std::min(out.wire.first_unanswered_query, d.first_query);
    if (d.queries == 0 && d.responses == 0) {
      missing.push_back(dns_item(id, where));
      return;
    }
    if (d.responses == 0 && r.verdict == Verdict::pass) {
      agree = false;
      auto what = dns_item(id, where);
      what.id = where == nullptr     ? "fact.xcheck.dns_unanswered"
                : where->src.empty() ? "fact.xcheck.dns_unanswered_on_no_source"
                                     : "fact.xcheck.dns_unanswered_on";
      out.disagreements.emplace_back(rule::kDnsNotAnswered, std::move(what));
    }
    if (d.responses > 0) any_response = true;
  };
  // DNS: the check's ids on the flow of the socket each went out on (a resolver socket carries every
  // check's queries), within the check's time window.
  std::set<std::uint16_t> ids_on_flows;
  for (const auto& f : r.evidence.flows) {
    if (f.dns_ids.empty()) continue;
    const auto k = flow_key_of(f);
    for (auto id : f.dns_ids) {
      ids_on_flows.insert(id);
      DnsSeen d;
      if (k)
        if (auto it = cf.dns_flow_evidence.find(DnsWatch{*k, id}); it != cf.dns_flow_evidence.end())
          d = take_dns(it->second, win, frames, cap_aaaa);
      judge_dns(id, d, &f);
    }
  }
  // Ids named without their flow (results of older probes): any flow, within the window.
  for (auto id : r.evidence.dns_ids) {
    if (ids_on_flows.count(id) != 0) continue;
    DnsSeen d;
    if (auto it = cf.dns_evidence.find(id); it != cf.dns_evidence.end())
      d = take_dns(it->second, win, frames, cap_aaaa);
    judge_dns(id, d, nullptr);
  }
  const auto probe_aaaa = observed_aaaa(r);
  std::vector<std::string> all_aaaa;
  bool some_name_agrees = false;
  for (auto& [name, answers] : cap_aaaa) {
    std::sort(answers.begin(), answers.end());
    answers.erase(std::unique(answers.begin(), answers.end()), answers.end());
    some_name_agrees = some_name_agrees || answers == probe_aaaa;
    all_aaaa.insert(all_aaaa.end(), answers.begin(), answers.end());
  }
  std::sort(all_aaaa.begin(), all_aaaa.end());
  all_aaaa.erase(std::unique(all_aaaa.begin(), all_aaaa.end()), all_aaaa.end());
  if (any_response && !probe_aaaa.empty() && !some_name_agrees) {
    agree = false;
    out.disagreements.emplace_back(
        rule::kAnswersDiffer,
        findings::MessageItem{"fact.xcheck.answers_differ",
                              {{"probe", joined(probe_aaaa)}, {"capture", joined(all_aaaa)}}});
  }
  // Transport flows: every frame of the 5-tuple.
  for (const auto& f : r.evidence.flows) {
    if (!f.dns_ids.empty()) continue;
    const auto k = f.src.empty() ? std::nullopt : flow_key_of(f);
    const auto it = k ? cf.flow_evidence.find(*k) : cf.flow_evidence.end();
    if (f.proto == "tcp") ++out.wire.tcp_flows;
    if (it == cf.flow_evidence.end() || !it->second.any) {
      missing.push_back(flow_item(f));
      ++out.wire.silent_flows;
      continue;
    }
    const FlowEvidence& ev = it->second;
    if (k->proto == ipproto::kTcp) {
      const std::uint64_t start = ev.frames.empty() ? 0 : ev.frames.front();
      if (ev.syn && !ev.synack) {
        ++out.wire.syn_unanswered;
        if (!ev.frames.empty())
          out.wire.first_unanswered_syn = std::min(out.wire.first_unanswered_syn, start);
      }
      if (ev.established) {
        ++out.wire.handshakes;
        out.wire.last_handshake_start = std::max(out.wire.last_handshake_start, start);
      }
    }
    if (ev.black_hole) {
      out.wire.black_hole = true;
      out.wire.black_hole_frames.push_back(*ev.black_hole);
    }
    frames.insert(ev.frames.begin(), ev.frames.end());
    // A deliberate flow (a Happy Eyeballs attempt that lost) is not meant to complete.
    if (k->proto == ipproto::kTcp && !ev.established && r.verdict == Verdict::pass && !f.deliberate) {
      agree = false;
      auto what = flow_item(f);
      what.id = std::string("fact.xcheck.no_handshake") +
                (ev.syn ? (ev.synack ? "_no_ack" : "_syn_unanswered") : "_no_syn") +
                (what.id == "fact.xcheck.flow" ? "" : "_no_source");
      out.disagreements.emplace_back(rule::kNoHandshake, std::move(what));
    }
  }
  out.frames.assign(frames.begin(), frames.end());
  // A partial capture cannot show the absence of a packet: no disagreement from it, and what it lacks
  // proves nothing; what it holds still proves what it shows.
  if (cf.partial) {
    out.disagreements.clear();
    if (!agree || frames.empty() || !missing.empty()) {
      out.verdict = CrossCheck::no_evidence;
      set_note(out, {"xnote.partial_capture", {}});
    } else {
      out.verdict = CrossCheck::agrees;
    }
    return out;
  }
  if (!agree) {
    out.verdict = CrossCheck::disagrees;
  } else if (frames.empty()) {
    out.verdict = CrossCheck::unverified;
    set_note(out, {"xnote.no_packet_evidence", {}});
  } else if (!missing.empty()) {
    // Some of what the verdict rests on is not in the capture (a flow whose source was not recorded,
    // a query the capture missed): the frames there do not prove the verdict alone.
    out.verdict = CrossCheck::unverified;
    if (missing.size() > 4) {
      missing.resize(4);
      missing.push_back({"fact.ellipsis", {}});
    }
    set_note(out, {"xnote.partial_packet_evidence", {i18n::list_arg("missing", std::move(missing))}});
  } else {
    out.verdict = CrossCheck::agrees;
  }
  return out;
}

}  // namespace v6r::analyze
