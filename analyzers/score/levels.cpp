// The ladder (levels.hpp). Every sentence a person reads about a level is written here, once.
#include "analyzers/score/levels.hpp"

#include <algorithm>

#include "analyzers/score/access.hpp"
#include "analyzers/score/coverage.hpp"
#include "analyzers/score/services.hpp"
#include "core/check_kind.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::AccessMode;
using findings::CoverageRow;
using findings::CoverageState;
using findings::Level;
using findings::ServicePath;
using findings::ServiceState;

constexpr std::size_t kMaxListed = 6;
constexpr std::size_t kMaxReason = 120;

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < kMaxListed; ++i) s += (i ? sep : "") + v[i];
  if (v.size() > kMaxListed) s += sep + std::string("+") + std::to_string(v.size() - kMaxListed) + " more";
  return s;
}

std::string brief(const CheckBrief& c) {
  return check_name(c) + " " + std::string(to_string(c.verdict));
}

std::string shortened(const std::string& s) {
  return s.size() <= kMaxReason ? s : s.substr(0, kMaxReason - 3) + "...";
}

/// "v4only.lab.test: service.tcp, service.http fail; big.lab.test: nat64.pmtu fail" (by host, first seen).
std::string unreachable_text(const std::vector<const ServiceJudgement*>& u) {
  std::vector<std::pair<std::string, std::vector<std::string>>> hosts;
  for (const auto* s : u) {
    auto it = std::find_if(hosts.begin(), hosts.end(), [&](const auto& h) { return h.first == s->host; });
    if (it == hosts.end()) it = hosts.insert(hosts.end(), {s->host, {}});
    for (const auto& k : s->failed)
      if (std::find(it->second.begin(), it->second.end(), k) == it->second.end()) it->second.push_back(k);
  }
  std::vector<std::string> parts;
  for (const auto& [host, kinds] : hosts) parts.push_back(host + ": " + joined(kinds) + " fail");
  return joined(parts, "; ");
}

const CoverageRow* row_of(const std::vector<CoverageRow>& rows, Level l, bool capture = false) {
  for (const auto& r : rows)
    if (r.level == l && r.kinds.empty() == capture) return &r;
  return nullptr;
}

/// What a coverage row lacks: "nat64.pmtu missing", "v6only.leak could not judge (v6only.leak)".
std::string gap_text(const CoverageRow& row) {
  if (row.kinds.empty())
    return row.state == CoverageState::missing ? "no capture"
                                               : "the capture is partial (corrupt or truncated)";
  if (row.state == CoverageState::missing) return "no " + kinds_text(row) + " result";
  return kinds_text(row) + " could not judge (" + joined(row.checks) + ")";
}

class Ladder {
 public:
  Ladder(const LevelInputs& in, const LevelRules& rules) : in_(in), rules_(rules) {
    judged_ = judge_services(in.checks);
    for (const auto& s : judged_) {
      r_.services.push_back(s.service);
      if (s.service.state == ServiceState::unreachable)
        unreachable_.push_back(&s);
      else if (s.service.state == ServiceState::reachable)
        reachable_.push_back(&s);
      else
        unjudged_.push_back(&s);
    }
    r_.access = access_mode(in);
    r_.coverage = coverage_table(in, rules);
  }

  LevelResult run() {
    climb();
    add_gap_reasons();
    return std::move(r_);
  }

 private:
  void climb() {
    if (!unreachable_.empty()) return not_ready_unreachable();
    if (reachable_.empty()) return l1_not_assessed_no_service();
    if (!r_.access.ipv6) return ipv6_failed() ? not_ready_no_ipv6() : l1_not_assessed_ipv6_untested();
    if (r_.access.mode == AccessMode::dual_stack) return dual_stack();
    if (r_.access.mode != AccessMode::ipv6_only) return l1_not_assessed_mode();
    ipv6_only();
  }

  bool ipv6_failed() const {
    for (const auto& c : in_.checks) {
      const KindFamily f = check_kind::family_of(c.kind);
      if (check_kind::is_nat_behaviour(c.kind)) continue;
      if (check_kind::reaches_target(f) && check_kind::fail_means_unreachable(f) &&
          c.verdict == Verdict::fail && c.family != Family::ipv4)
        return true;
    }
    return false;
  }

  // ---- below L1 and not assessed -------------------------------------------------------------
  void not_ready_unreachable() {
    r_.level = 0;
    r_.summary = "not ready: " + plural(unreachable_.size(), "service") + " unreachable (" +
                 unreachable_text(unreachable_) + ")";
    for (const auto* s : unreachable_)
      r_.reasons.push_back("L0: " + s->service.target + " " + s->service.reason);
    r_.reasons.push_back(
        "access mode: " + std::string(to_string(r_.access.mode)) +
        "; a site that cannot reach every service of its scenario is below L1, whatever its mode");
  }

  void not_ready_no_ipv6() {
    r_.level = 0;
    r_.summary = "not ready: no working IPv6 (" + plural(reachable_.size(), "service") +
                 " reached only over IPv4 or by checks that used both families)";
    r_.reasons.push_back(
        "L0: every reachability check over IPv6 failed; the services were reached over IPv4");
  }

  void l1_not_assessed_no_service() {
    r_.not_assessed_from = 1;
    const CoverageRow* row = row_of(r_.coverage, Level::L1);
    if (row != nullptr && row->state == CoverageState::missing)
      r_.summary = "not assessed: the scenario has no reachability check (" + kinds_text(*row) + ")";
    else
      r_.summary = "not assessed: no reachability check could judge a service";
    r_.reasons.push_back("L≥1 not assessed: " + r_.summary.substr(std::string("not assessed: ").size()));
  }

  void l1_not_assessed_ipv6_untested() {
    r_.not_assessed_from = 1;
    r_.summary = "not assessed: every service reachable (" + plural(reachable_.size(), "service") +
                 "), but no check showed whether IPv6 works (each one used IPv4 or both families)";
    r_.reasons.push_back("L≥1 not assessed: add a service.* or nat64.* check (they go over IPv6)");
  }

  void l1_not_assessed_mode() {
    r_.not_assessed_from = 1;
    r_.summary = "not assessed: every service reachable (" + plural(reachable_.size(), "service") +
                 "), access mode unknown: " + r_.access.missing.value_or("");
    r_.reasons.push_back("L≥1 not assessed: dual-stack (L1) or IPv6-only (L2) is not shown; add " +
                         std::string(check_kind::kV6onlyLeak) + " to the scenario");
  }

  // ---- L1 ------------------------------------------------------------------------------------
  void dual_stack() {
    r_.level = 1;
    r_.summary = "dual-stack, every service reachable (" + plural(reachable_.size(), "service") + ")";
    r_.reasons.push_back("L1: IPv4 present and every service reachable (" +
                         plural(reachable_.size(), "service") + ")");
    std::vector<std::string> not_carried;
    for (const auto* s : reachable_)
      if (!s->ipv6_carried)
        not_carried.push_back(s->service.target + " (" +
                              std::string(to_string(s->service.path.value_or(ServicePath::ipv4))) + ")");
    if (not_carried.empty())
      r_.reasons.push_back("IPv6 alone carries every service: switch IPv4 off to reach L2");
    else
      r_.reasons.push_back("IPv6 alone is shown to carry " +
                           std::to_string(reachable_.size() - not_carried.size()) + " of " +
                           plural(reachable_.size(), "service") + "; not shown for " + joined(not_carried));
    std::vector<std::string> v4;
    for (const auto& e : r_.access.evidence)
      if (e.rfind("IPv4 present", 0) == 0) v4.push_back(e);
    r_.reasons.push_back("L2 not met: " + joined(v4, "; "));
  }

  // ---- L2 and up -----------------------------------------------------------------------------
  /// The DNS64/NAT64 results that keep an IPv6-only site off L2: a fail (a warn too when the plan sets
  /// l2_allow_warn: false), and synthesis under an unexpected prefix. An error is a gap, not a failure.
  std::vector<std::string> transition_faults() const {
    std::vector<std::string> bad;
    for (const auto& c : in_.checks)
      if (check_kind::is_transition(check_kind::family_of(c.kind)) && !check_kind::is_nat_behaviour(c.kind) &&
          (c.verdict == Verdict::fail || (!rules_.l2_allow_warn && c.verdict == Verdict::warn)))
        bad.push_back(brief(c));
    if (in_.unexpected_prefix)
      bad.emplace_back("DNS64 synthesizes under an unexpected prefix (dns64.unexpected_prefix)");
    return bad;
  }

  void ipv6_only() {
    std::size_t via_nat64 = 0;
    for (const auto* s : reachable_) via_nat64 += s->service.path == ServicePath::nat64;
    const std::string services = plural(reachable_.size(), "service") +
                                 (via_nat64 ? ", " + std::to_string(via_nat64) + " through NAT64" : "");
    if (const auto faults = transition_faults(); !faults.empty()) {
      // Every service is reached, so the site is not "not ready"; but IPv6 alone is not shown to work
      // cleanly enough for L2. It is never called dual-stack: the summary says IPv6-only.
      r_.level = 1;
      r_.summary = "IPv6-only, every service reachable (" + services +
                   "), but DNS64/NAT64 not clean: " + joined(faults);
      r_.reasons.push_back("L1: every service reachable (" + services + ") from an IPv6-only node");
      r_.reasons.push_back("L2 not met: DNS64/NAT64 not clean: " + joined(faults));
      return;
    }
    r_.level = 2;
    r_.summary = "IPv6-only, every service reachable (" + services + ")";
    r_.reasons.push_back("L2: no IPv4 on the node or its segment, every service reachable over IPv6 (" +
                         services + "), DNS64/NAT64 checks not failing");
    if (!l3()) return;
    l4();
  }

  /// L3 conditions; true when L3 is granted.
  bool l3() {
    std::vector<std::string> blocks, gaps;
    std::vector<std::string> hygiene_bad, discovery;
    const CheckBrief* pmtu = nullptr;
    for (const auto& c : in_.checks) {
      const KindFamily f = check_kind::family_of(c.kind);
      if (f == KindFamily::v6only && c.verdict == Verdict::fail) hygiene_bad.push_back(brief(c));
      if ((c.kind == check_kind::kDns64Discovery || c.kind == check_kind::kV6onlyRa) && judged(c.verdict))
        discovery.push_back(brief(c));
      if (c.kind == check_kind::kNat64Pmtu && judged(c.verdict)) pmtu = &c;
    }
    std::vector<std::string> not_shown;
    realtime_rules(blocks, not_shown);
    if (rules_.l3_require_pref64 && !in_.pref64_discovered && !discovery.empty())
      blocks.push_back("Pref64::/n not discovered (" + joined(discovery) + ")");
    if (!hygiene_bad.empty()) blocks.push_back("IPv6-only hygiene fails: " + joined(hygiene_bad));
    if (pmtu != nullptr && pmtu->verdict != Verdict::pass && pmtu->verdict != Verdict::info)
      blocks.push_back("PMTU not sane: " + brief(*pmtu));
    if (in_.pmtu_black_hole)
      blocks.push_back("PMTU black hole: full-size segments retransmitted without Packet Too Big");
    if (rules_.l3_forbid_ipv4_frames && in_.ipv4_frames > 0)
      blocks.push_back(std::to_string(in_.ipv4_frames) + " IPv4/ARP frames in the capture");
    if (rules_.l3_forbid_disagreement && in_.disagreement)
      blocks.push_back("probe results disagree with the capture");
    for (const auto& row : r_.coverage)
      if (row.level == Level::L3 && row.state != CoverageState::present) gaps.push_back(gap_text(row));
    const std::string unshown = not_shown.empty() ? "" : joined(not_shown, "; ");
    if (!blocks.empty()) {
      for (const auto& b : blocks) r_.reasons.push_back("L3 not met: " + b);
      if (!unshown.empty()) r_.reasons.push_back("L3 also not shown: " + unshown);
      if (!gaps.empty()) r_.reasons.push_back("L3 also not assessed: " + joined(gaps, "; "));
      return false;
    }
    if (!gaps.empty()) {
      r_.not_assessed_from = 3;
      r_.summary += "; L≥3 not assessed: " + joined(gaps, "; ");
      r_.reasons.push_back("L≥3 not assessed: " + joined(gaps, "; "));
      return false;
    }
    r_.level = 3;
    const std::string pref =
        in_.pref64_discovered ? "Pref64::/n from " + in_.pref64_source : "Pref64::/n not required";
    r_.summary = "IPv6-only clean: every service reachable over IPv6, " + pref + ", no IPv4, PMTU sane";
    r_.reasons.push_back("L3: " + pref + ", option 108 judged, no IPv4 frame, PMTU sane — all met");
    if (!unshown.empty()) r_.reasons.push_back("L3 granted without: " + unshown);
    return true;
  }

  /// The plan switches on the NAT64's real-time behaviour (docs/checks-realtime.md "Levels"): a failing
  /// nat64.mapping (REQ-1) or nat64.udp_lifetime (REQ-5) blocks L3; no result, or one that could not
  /// judge (error, skipped: e.g. a scenario bounding the idle time below 2 minutes), does not: the
  /// reasons say what was not shown.
  void realtime_rules(std::vector<std::string>& blocks, std::vector<std::string>& not_shown) const {
    struct Rule {
      bool on;
      std::string_view kind;
      const char* blocked;  // the block's text
      const char* what;     // what a pass shows
    };
    const Rule rules[] = {
        {rules_.l3_require_eim_mapping, check_kind::kNat64Mapping,
         "NAT64 mapping not endpoint-independent (RFC 4787 REQ-1)", "endpoint-independent NAT64 mapping"},
        {rules_.l3_require_udp_lifetime, check_kind::kNat64UdpLifetime,
         "NAT64 UDP mapping expires in less than 2 minutes (RFC 4787 REQ-5)",
         "NAT64 UDP mapping lifetime >= 2 min"},
    };
    for (const auto& rule : rules) {
      if (!rule.on) continue;
      std::vector<std::string> failed, unjudged;
      bool shown = false;
      for (const auto& c : in_.checks) {
        if (c.kind != rule.kind) continue;
        if (c.verdict == Verdict::fail)
          failed.push_back(brief(c));
        else if (c.verdict == Verdict::pass || c.verdict == Verdict::warn || c.verdict == Verdict::info)
          shown = true;
        else
          unjudged.push_back(brief(c));
      }
      if (!failed.empty())
        blocks.push_back(std::string(rule.blocked) + ": " + joined(failed));
      else if (!shown && unjudged.empty())
        not_shown.push_back(std::string(rule.what) + " (no " + std::string(rule.kind) +
                            " result in this scenario)");
      else if (!shown)
        not_shown.push_back(std::string(rule.what) + " (" + joined(unjudged) + ")");
    }
  }

  void l4() {
    std::vector<const ServiceJudgement*> svc;
    for (const auto* s : reachable_)
      if (s->by_service_kind) svc.push_back(s);
    if (svc.empty()) {
      r_.not_assessed_from = 4;
      const CoverageRow* row = row_of(r_.coverage, Level::L4);
      const std::string gap = row != nullptr && row->state != CoverageState::present
                                  ? gap_text(*row)
                                  : "no service.* check reached a service";
      r_.summary += "; L4 not assessed: " + gap;
      r_.reasons.push_back("L4 not assessed: " + gap);
      return;
    }
    std::vector<std::string> not_native;
    for (const auto* s : svc)
      if (!s->native_by_service_kind)
        not_native.push_back(s->service.target + " (" + s->service.reason + ")");
    if (!not_native.empty()) {
      r_.reasons.push_back("L4 not met: " + plural(not_native.size(), "service") +
                           " not native: " + joined(not_native, "; "));
      return;
    }
    r_.level = 4;
    r_.summary = "native IPv6 for every service (" + plural(svc.size(), "service") + "), IPv6-only clean";
    r_.reasons.push_back("L4: every service (" + plural(svc.size(), "service") +
                         ") reached natively over IPv6");
  }

  // ---- what could not be judged --------------------------------------------------------------
  void add_gap_reasons() {
    std::vector<std::string> unjudged, errors;
    for (const auto* s : unjudged_) unjudged.push_back(s->service.target + " " + s->service.reason);
    if (!unjudged.empty())
      r_.reasons.push_back("services not assessed (left out of \"every service\"): " +
                           joined(unjudged, "; "));
    for (const auto& c : in_.checks)
      if (c.verdict == Verdict::error) errors.push_back(check_name(c) + ": " + shortened(c.reason));
    if (!errors.empty())
      r_.reasons.push_back(
          "gaps of the harness (error: the check could not judge; not a failure of the network): " +
          joined(errors, "; "));
  }

  const LevelInputs& in_;
  const LevelRules& rules_;
  LevelResult r_;
  std::vector<ServiceJudgement> judged_;
  std::vector<const ServiceJudgement*> unreachable_, reachable_, unjudged_;
};

}  // namespace

LevelResult compute_level(const LevelInputs& in, const LevelRules& rules) {
  return Ladder(in, rules).run();
}

std::vector<findings::LevelTitle> level_titles() {
  return {{Level::L0, "not ready: a service unreachable, or no working IPv6"},
          {Level::L1, "every service reachable: dual-stack (or IPv6-only with DNS64/NAT64 faults)"},
          {Level::L2, "IPv6-only, every service reachable over IPv6 alone (native or DNS64/NAT64)"},
          {Level::L3, "IPv6-only clean (Pref64::/n discovered, option 108, no IPv4, PMTU sane)"},
          {Level::L4, "native IPv6 for every service"}};
}

}  // namespace v6r::analyze
