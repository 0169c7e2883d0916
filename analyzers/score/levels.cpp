#include "analyzers/score/levels.hpp"

#include <map>

#include "core/check_kind.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;

KindFamily family(const CheckBrief& c) {
  return check_kind::family_of(c.kind);
}
bool is_transition(const CheckBrief& c) {
  return check_kind::is_transition(family(c));
}
bool bad(Verdict v, bool allow_warn) {
  return v == Verdict::fail || v == Verdict::error || (!allow_warn && v == Verdict::warn);
}
std::string list_ids(const std::vector<const CheckBrief*>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < 6; ++i)
    s += (i ? ", " : "") + v[i]->kind + " " + v[i]->check_id;
  if (v.size() > 6) s += ", +" + std::to_string(v.size() - 6) + " more";
  return s;
}

}  // namespace

LevelResult compute_level(const LevelInputs& in, const LevelRules& rules) {
  LevelResult r;
  std::vector<const CheckBrief*> trans, trans_bad, v6_pass;
  for (const auto& c : in.checks) {
    if (c.verdict == Verdict::skipped) continue;
    if (is_transition(c)) {
      trans.push_back(&c);
      if (bad(c.verdict, rules.l2_allow_warn)) trans_bad.push_back(&c);
    }
    if (c.verdict == Verdict::pass &&
        (c.family == Family::ipv6 || is_transition(c) || family(c) == KindFamily::service))
      v6_pass.push_back(&c);
  }
  // L0 / L1
  if (trans.empty()) {
    if (v6_pass.empty()) {
      r.level = 0;
      r.reasons.push_back(
          "L0: no IPv6 check passed (and no dns64.*/nat64.* results to judge the IPv6-only path)");
      return r;
    }
    r.level = 1;
    r.reasons.push_back("L1: IPv6 works (" + list_ids(v6_pass) + ")");
    r.reasons.push_back(
        "L2 not provable: the bundle has no dns64.*/nat64.* results (run a scenario with them)");
    return r;
  }
  if (trans_bad.size() == trans.size()) {
    r.level = 0;
    r.reasons.push_back("L0: the IPv6-only path fails entirely: every dns64/nat64 check failed (" +
                        list_ids(trans_bad) + ")");
    return r;
  }
  if (!trans_bad.empty() || in.unexpected_prefix) {
    r.level = 1;
    r.reasons.push_back("L1: IPv6 partly works, the site still depends on IPv4");
    if (!trans_bad.empty()) r.reasons.push_back("L2 not met: failing " + list_ids(trans_bad));
    if (in.unexpected_prefix)
      r.reasons.push_back(
          "L2 not met: DNS64 synthesizes under an unexpected prefix (dns64.unexpected_prefix)");
    return r;
  }
  r.level = 2;
  r.reasons.push_back("L2: all " + std::to_string(trans.size()) + " dns64/nat64 checks pass");
  // L3
  std::vector<std::string> l3;
  bool l3_unprovable = false;
  if (rules.l3_require_pref64 && !in.pref64_discovered)
    l3.push_back(
        "pref64 not discovered (no RFC 7050 discovery result with a prefix, no RA PREF64 in the capture)");
  if (rules.l3_forbid_ipv4_frames) {
    if (!in.have_capture) {
      l3.push_back("no capture: cannot show the absence of IPv4 frames");
      l3_unprovable = true;
    } else if (in.ipv4_frames > 0) {
      l3.push_back(std::to_string(in.ipv4_frames) + " IPv4/ARP frames in the capture");
    }
  }
  const CheckBrief* pmtu = nullptr;
  std::vector<const CheckBrief*> hygiene_bad;
  for (const auto& c : in.checks) {
    if (c.kind == check_kind::kNat64Pmtu && c.verdict != Verdict::skipped) pmtu = &c;
    if (family(c) == KindFamily::v6only && bad(c.verdict, true)) hygiene_bad.push_back(&c);
  }
  if (pmtu == nullptr && rules.l3_require_pmtu_check) {
    l3.push_back("PMTU not proven: no nat64.pmtu result");
    l3_unprovable = true;
  } else if (pmtu != nullptr && pmtu->verdict != Verdict::pass && pmtu->verdict != Verdict::info) {
    l3.push_back("PMTU not sane: nat64.pmtu " + pmtu->check_id + " is " +
                 std::string(to_string(pmtu->verdict)));
  }
  if (in.pmtu_black_hole)
    l3.push_back("PMTU black hole: full-size segments retransmitted without Packet Too Big");
  if (!hygiene_bad.empty()) l3.push_back("IPv6-only hygiene fails: " + list_ids(hygiene_bad));
  if (rules.l3_forbid_disagreement && in.disagreement)
    l3.push_back("probe results disagree with the capture");
  if (in.capture_partial) l3.push_back("the capture is partial (corrupt or truncated)");
  if (!l3.empty()) {
    for (const auto& s : l3)
      r.reasons.push_back(std::string(l3_unprovable ? "L3 not met/not provable: " : "L3 not met: ") + s);
    return r;
  }
  r.level = 3;
  r.reasons.push_back("L3: pref64 discovered (" + in.pref64_source +
                      "), no IPv4 frames, PMTU sane — all met");
  // L4
  const auto svc = service_levels(in.checks);
  if (svc.empty()) {
    r.reasons.push_back("L4 not provable: no service.* results in the bundle");
    return r;
  }
  std::string not_native;
  for (const auto& s : svc)
    if (s.level < 4) not_native += (not_native.empty() ? "" : ", ") + s.target + " (" + s.reason + ")";
  if (!not_native.empty()) {
    r.reasons.push_back("L4 not met: " + not_native);
    return r;
  }
  r.level = 4;
  r.reasons.push_back("L4: every service (" + std::to_string(svc.size()) + ") reachable natively over IPv6");
  return r;
}

std::vector<ServiceLevel> service_levels(const std::vector<CheckBrief>& checks) {
  std::map<std::string, ServiceLevel> by;
  for (const auto& c : checks) {
    if (family(c) != KindFamily::service || c.verdict == Verdict::skipped) continue;
    auto [it, inserted] = by.try_emplace(c.target, ServiceLevel{c.target, 4, "native"});
    auto& s = it->second;
    int lvl = 4;
    std::string why = "native";
    if (c.verdict == Verdict::fail || c.verdict == Verdict::error) {
      lvl = 0;
      why = c.kind + " " + std::string(to_string(c.verdict));
    } else if (c.via_nat64) {
      lvl = 2;
      why = "needs NAT64";
    }
    if (lvl < s.level) {
      s.level = lvl;
      s.reason = why;
    }
  }
  std::vector<ServiceLevel> out;
  for (auto& [k, v] : by) out.push_back(std::move(v));
  return out;
}

}  // namespace v6r::analyze
