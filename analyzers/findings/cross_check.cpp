#include "analyzers/findings/cross_check.hpp"

#include <algorithm>
#include <set>

#include "analyzers/findings/rules.hpp"

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

CrossCheckResult cross_check(const CheckResult& r, const CaptureFacts* capture) {
  using findings::CrossCheck;
  CrossCheckResult out;
  const bool has_ev = !r.evidence.dns_ids.empty() || !r.evidence.flows.empty();
  if (!has_ev) return out;
  if (capture == nullptr) {
    out.verdict = CrossCheck::no_evidence;
    return out;
  }
  const CaptureFacts& cf = *capture;
  std::set<std::uint64_t> frames;
  bool seen = false, agree = true, any_response = false;
  std::vector<std::string> cap_aaaa;
  for (auto id : r.evidence.dns_ids) {
    const auto& ev = cf.dns_evidence.at(id);
    frames.insert(ev.frames.begin(), ev.frames.end());
    if (ev.queries == 0 && ev.responses == 0) continue;
    seen = true;
    if (ev.responses == 0 && r.verdict == Verdict::pass) {
      agree = false;
      out.disagreements.emplace_back(
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
    out.disagreements.emplace_back(rule::kAnswersDiffer, "the probe reports AAAA [" + joined(probe_aaaa) +
                                                             "] but the capture's answers are [" +
                                                             joined(cap_aaaa) + "]");
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
      out.disagreements.emplace_back(
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
    out.disagreements.clear();
  }
  out.verdict = !seen ? CrossCheck::no_evidence : agree ? CrossCheck::agrees : CrossCheck::disagrees;
  out.frames.assign(frames.begin(), frames.end());
  return out;
}

}  // namespace v6r::analyze
