// The ladder (levels.hpp). Every sentence a person reads about a level is written here, once.
#include "analyzers/score/levels.hpp"

#include <algorithm>

#include "analyzers/score/access.hpp"
#include "analyzers/score/coverage.hpp"
#include "analyzers/score/services.hpp"
#include "core/check_kind.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::AccessMode;
using findings::CoverageRow;
using findings::CoverageState;
using findings::Level;
using findings::ServicePath;
using findings::ServiceState;

using findings::MessageArg;
using findings::MessageItem;
using findings::MessageRef;
using findings::MessageValue;
using i18n::list_arg;

constexpr std::size_t kMaxListed = 6;
constexpr std::size_t kMaxReason = 120;

/// "a, b, c, +2": names only, the same in every language.
std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < kMaxListed; ++i) s += (i ? sep : "") + v[i];
  if (v.size() > kMaxListed) s += sep + std::string("+") + std::to_string(v.size() - kMaxListed);
  return s;
}

/// At most kMaxListed facts, then "+n".
std::vector<MessageItem> capped(std::vector<MessageItem> v) {
  if (v.size() > kMaxListed) {
    const auto more = v.size() - kMaxListed;
    v.resize(kMaxListed);
    v.push_back({"fact.more", {{"n", std::to_string(more)}}});
  }
  return v;
}

std::string counted(const std::string& id, std::size_t n) {
  return id + (n == 1 ? ".one" : ".other");
}

/// "3 services".
MessageItem services_item(std::size_t n) {
  return {counted("fact.services", n), {{"n", std::to_string(n)}}};
}

/// "dns64.synthesis dns64.synth.mapped fail": the check and its verdict.
MessageItem brief(const CheckBrief& c) {
  return {"fact.check_verdict." + std::string(to_string(c.verdict)), {{"check", check_name(c)}}};
}

MessageItem as_item(const MessageRef& m) {
  MessageItem i{m.id, {}};
  for (const auto& a : m.args) i.args.push_back({a.name, a.value});
  return i;
}

std::string shortened(const std::string& s) {
  return s.size() <= kMaxReason ? s : s.substr(0, kMaxReason - 3) + "...";
}

/// "v4only.lab.test: service.tcp, service.http fail; big.lab.test: nat64.pmtu fail" (by host, first seen).
std::vector<MessageItem> unreachable_items(const std::vector<const ServiceJudgement*>& u) {
  std::vector<std::pair<std::string, std::vector<std::string>>> hosts;
  for (const auto* s : u) {
    auto it = std::find_if(hosts.begin(), hosts.end(), [&](const auto& h) { return h.first == s->host; });
    if (it == hosts.end()) it = hosts.insert(hosts.end(), {s->host, {}});
    for (const auto& k : s->failed)
      if (std::find(it->second.begin(), it->second.end(), k) == it->second.end()) it->second.push_back(k);
  }
  std::vector<MessageItem> parts;
  for (const auto& [host, kinds] : hosts)
    parts.push_back({"fact.host_fail", {{"host", host}, {"kinds", joined(kinds)}}});
  return capped(std::move(parts));
}

const CoverageRow* row_of(const std::vector<CoverageRow>& rows, Level l, bool capture = false) {
  for (const auto& r : rows)
    if (r.level == l && r.kinds.empty() == capture) return &r;
  return nullptr;
}

/// The kinds of a row as names: "nat64.pmtu", "dns64.discovery / v6only.ra".
std::string kinds_names(const CoverageRow& row) {
  return joined(row.kinds, " / ");
}

/// What a coverage row lacks: "nat64.pmtu missing", "v6only.leak could not judge (v6only.leak)".
MessageItem gap_item(const CoverageRow& row) {
  if (row.kinds.empty())
    return {row.state == CoverageState::missing ? "fact.gap.no_capture" : "fact.gap.partial_capture", {}};
  if (row.state == CoverageState::missing) return {"fact.gap.missing", {{"kinds", kinds_names(row)}}};
  return {"fact.gap.not_judged", {{"kinds", kinds_names(row)}, {"checks", joined(row.checks)}}};
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
    r_.summary = i18n::english(r_.summary_message);
    for (const auto& m : r_.reason_messages) r_.reasons.push_back(i18n::english(m));
    return std::move(r_);
  }

 private:
  void summary(MessageRef m) { r_.summary_message = std::move(m); }
  void reason(MessageRef m) { r_.reason_messages.push_back(std::move(m)); }

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
    summary({"summary.not_ready_unreachable",
             {list_arg("services", {services_item(unreachable_.size())}),
              list_arg("hosts", unreachable_items(unreachable_))}});
    for (const auto* s : unreachable_)
      reason({"reason.l0_unreachable", {{"target", s->service.target}, {"checks", s->failed_ids}}});
    reason({"reason.below_l1_mode",
            {list_arg("mode", {{"fact.mode." + std::string(to_string(r_.access.mode)), {}}})}});
  }

  void not_ready_no_ipv6() {
    r_.level = 0;
    summary({"summary.not_ready_no_ipv6", {list_arg("services", {services_item(reachable_.size())})}});
    reason({"reason.l0_no_ipv6", {}});
  }

  /// Not assessed from L1: the summary, the reason and the plan reason say the same `why`.
  void not_assessed_l1(const MessageItem& why, std::vector<findings::MessageArg> plan_args,
                       const std::string& plan_id) {
    r_.not_assessed_from = 1;
    summary({"summary.not_assessed", {list_arg("why", {why})}});
    r_.not_assessed_plan_message = MessageRef{plan_id, std::move(plan_args)};
  }

  void l1_not_assessed_no_service() {
    const CoverageRow* row = row_of(r_.coverage, Level::L1);
    const MessageItem why = row != nullptr && row->state == CoverageState::missing
                                ? MessageItem{"fact.na.no_check", {{"kinds", kinds_names(*row)}}}
                                : MessageItem{"fact.na.no_judge", {}};
    not_assessed_l1(why, {list_arg("why", {why})}, "planr.not_assessed.why");
    reason({"reason.l1_not_assessed", {list_arg("why", {why})}});
  }

  void l1_not_assessed_ipv6_untested() {
    r_.not_assessed_from = 1;
    const auto services = list_arg("services", {services_item(reachable_.size())});
    summary({"summary.not_assessed_ipv6_untested", {services}});
    r_.not_assessed_plan_message = MessageRef{"planr.not_assessed.ipv6_untested", {services}};
    reason({"reason.l1_not_assessed_ipv6_untested", {}});
  }

  void l1_not_assessed_mode() {
    r_.not_assessed_from = 1;
    std::vector<findings::MessageArg> args{
        list_arg("services", {services_item(reachable_.size())}),
        list_arg("missing", {r_.access.missing_message ? as_item(*r_.access.missing_message)
                                                       : MessageItem{"fact.access.missing_leak", {}}})};
    summary({"summary.not_assessed_mode", args});
    r_.not_assessed_plan_message = MessageRef{"planr.not_assessed.mode", args};
    reason({"reason.l1_not_assessed_mode", {{"kind", std::string(check_kind::kV6onlyLeak)}}});
  }

  // ---- L1 ------------------------------------------------------------------------------------
  void dual_stack() {
    r_.level = 1;
    const auto services = list_arg("services", {services_item(reachable_.size())});
    summary({"summary.dual_stack", {services}});
    reason({"reason.l1_dual_stack", {services}});
    std::vector<MessageItem> not_carried;
    for (const auto* s : reachable_)
      if (!s->ipv6_carried)
        not_carried.push_back(
            {"fact.target_path." + std::string(to_string(s->service.path.value_or(ServicePath::ipv4))),
             {{"target", s->service.target}}});
    if (not_carried.empty())
      reason({"reason.ipv6_carries_all", {}});
    else
      reason({"reason.ipv6_carries_some",
              {{"carried", std::to_string(reachable_.size() - not_carried.size())},
               services,
               list_arg("targets", capped(std::move(not_carried)))}});
    std::vector<MessageItem> v4;
    if (r_.access.evidence_messages)
      for (const auto& e : *r_.access.evidence_messages)
        if (e.id.starts_with("fact.access.ipv4_") && e.id != "fact.access.ipv4_absent")
          v4.push_back(as_item(e));
    reason({"reason.l2_not_met_ipv4", {list_arg("evidence", capped(std::move(v4)))}});
  }

  // ---- L2 and up -----------------------------------------------------------------------------
  /// The DNS64/NAT64 results that keep an IPv6-only site off L2: a fail (a warn too when the plan sets
  /// l2_allow_warn: false), and synthesis under an unexpected prefix. An error is a gap, not a failure.
  std::vector<MessageItem> transition_faults() const {
    std::vector<MessageItem> bad;
    for (const auto& c : in_.checks)
      if (check_kind::is_transition(check_kind::family_of(c.kind)) && !check_kind::is_nat_behaviour(c.kind) &&
          (c.verdict == Verdict::fail || (!rules_.l2_allow_warn && c.verdict == Verdict::warn)))
        bad.push_back(brief(c));
    if (in_.unexpected_prefix) bad.push_back({"fact.unexpected_prefix", {}});
    return capped(std::move(bad));
  }

  void ipv6_only() {
    std::size_t via_nat64 = 0;
    for (const auto* s : reachable_) via_nat64 += s->service.path == ServicePath::nat64;
    MessageItem services_fact = services_item(reachable_.size());
    if (via_nat64 > 0)
      services_fact = {counted("fact.services_nat64", reachable_.size()),
                       {{"n", std::to_string(reachable_.size())}, {"nat64", std::to_string(via_nat64)}}};
    services_ = list_arg("services", {services_fact});
    if (const auto faults = transition_faults(); !faults.empty()) {
      // Every service is reached, so the site is not "not ready"; but IPv6 alone is not shown to work
      // cleanly enough for L2. It is never called dual-stack: the summary says IPv6-only.
      r_.level = 1;
      const auto f = list_arg("faults", faults);
      summary({"summary.l1_ipv6_only_faults", {services_, f}});
      reason({"reason.l1_ipv6_only", {services_}});
      reason({"reason.l2_not_met_faults", {f}});
      return;
    }
    r_.level = 2;
    summary({"summary.l2", {services_}});
    reason({"reason.l2", {services_}});
    if (!l3()) return;
    l4();
  }

  /// L3 conditions; true when L3 is granted.
  bool l3() {
    std::vector<MessageRef> blocks;
    std::vector<MessageItem> gaps, hygiene_bad, discovery;
    const CheckBrief* pmtu = nullptr;
    for (const auto& c : in_.checks) {
      const KindFamily f = check_kind::family_of(c.kind);
      if (f == KindFamily::v6only && c.verdict == Verdict::fail) hygiene_bad.push_back(brief(c));
      if ((c.kind == check_kind::kDns64Discovery || c.kind == check_kind::kV6onlyRa) && judged(c.verdict))
        discovery.push_back(brief(c));
      if (c.kind == check_kind::kNat64Pmtu && judged(c.verdict)) pmtu = &c;
    }
    std::vector<MessageItem> not_shown;
    realtime_rules(blocks, not_shown);
    if (rules_.l3_require_pref64 && !in_.pref64_discovered && !discovery.empty())
      blocks.push_back({"reason.l3_not_met.pref64", {list_arg("checks", capped(std::move(discovery)))}});
    if (!hygiene_bad.empty())
      blocks.push_back({"reason.l3_not_met.hygiene", {list_arg("checks", capped(std::move(hygiene_bad)))}});
    if (pmtu != nullptr && pmtu->verdict != Verdict::pass && pmtu->verdict != Verdict::info)
      blocks.push_back({"reason.l3_not_met.pmtu", {list_arg("check", {brief(*pmtu)})}});
    if (in_.pmtu_black_hole) blocks.push_back({"reason.l3_not_met.black_hole", {}});
    if (rules_.l3_forbid_ipv4_frames && in_.ipv4_frames > 0)
      blocks.push_back({"reason.l3_not_met.ipv4_frames", {{"frames", std::to_string(in_.ipv4_frames)}}});
    if (rules_.l3_forbid_disagreement && in_.disagreement)
      blocks.push_back({"reason.l3_not_met.disagreement", {}});
    for (const auto& row : r_.coverage)
      if (row.level == Level::L3 && row.state != CoverageState::present) gaps.push_back(gap_item(row));
    if (!blocks.empty()) {
      for (auto& b : blocks) reason(std::move(b));
      if (!not_shown.empty()) reason({"reason.l3_also_not_shown", {list_arg("items", not_shown)}});
      if (!gaps.empty()) reason({"reason.l3_also_not_assessed", {list_arg("gaps", capped(std::move(gaps)))}});
      return false;
    }
    if (!gaps.empty()) {
      r_.not_assessed_from = 3;
      const auto g = list_arg("gaps", capped(std::move(gaps)));
      summary({"summary.l2_l3_not_assessed", {services_, g}});
      reason({"reason.l3_not_assessed", {g}});
      return false;
    }
    r_.level = 3;
    pref_ = list_arg(
        "pref", {in_.pref64_discovered
                     ? MessageItem{"fact.pref64_from",
                                   {in_.pref64_source_message
                                        ? MessageArg{"source", in_.pref64_source,
                                                     std::vector<MessageItem>{*in_.pref64_source_message}}
                                        : MessageArg{"source", in_.pref64_source, std::nullopt}}}
                     : MessageItem{"fact.pref64_not_required", {}}});
    summary({"summary.l3", {pref_}});
    reason({"reason.l3", {pref_}});
    if (!not_shown.empty()) reason({"reason.l3_granted_without", {list_arg("items", not_shown)}});
    return true;
  }

  /// The plan switches on the NAT64's real-time behaviour (docs/checks-realtime.md "Levels"): a failing
  /// nat64.mapping (REQ-1) or nat64.udp_lifetime (REQ-5) blocks L3. No result, or one that could not
  /// judge (error, skipped: e.g. a scenario bounding the idle time below 2 minutes): under `shown` the
  /// coverage row leaves L3 not assessed (coverage.cpp); under `not_failing` L3 is kept and the
  /// reasons say what was not shown.
  void realtime_rules(std::vector<MessageRef>& blocks, std::vector<MessageItem>& not_shown) const {
    struct Rule {
      RealtimeRule on;
      std::string_view kind;
      const char* name;  // the messages: reason.l3_not_met.<name>, fact.not_shown.<name>.*
    };
    const Rule rules[] = {
        {rules_.l3_require_eim_mapping, check_kind::kNat64Mapping, "eim_mapping"},
        {rules_.l3_require_udp_lifetime, check_kind::kNat64UdpLifetime, "udp_lifetime"},
    };
    for (const auto& rule : rules) {
      if (rule.on == RealtimeRule::off) continue;
      std::vector<MessageItem> failed;
      std::vector<std::string> unjudged, unjudged_verdicts;
      std::optional<Verdict> gap_verdict;
      bool shown = false, mixed = false;
      for (const auto& c : in_.checks) {
        if (c.kind != rule.kind) continue;
        if (c.verdict == Verdict::fail) {
          failed.push_back(brief(c));
        } else if (c.verdict == Verdict::pass || c.verdict == Verdict::warn || c.verdict == Verdict::info) {
          shown = true;
        } else {
          mixed = mixed || (gap_verdict && *gap_verdict != c.verdict);
          gap_verdict = c.verdict;
          unjudged.push_back(check_name(c));
          unjudged_verdicts.push_back(check_name(c) + " " + std::string(to_string(c.verdict)));  // names
        }
      }
      const std::string fact = "fact.not_shown." + std::string(rule.name);
      if (!failed.empty())
        blocks.push_back(
            {"reason.l3_not_met." + std::string(rule.name), {list_arg("check", capped(std::move(failed)))}});
      else if (rule.on == RealtimeRule::shown)
        continue;  // a gap is the coverage row's (fact.req.<name>)
      else if (!shown && unjudged.empty())
        not_shown.push_back({fact + ".none", {{"kind", std::string(rule.kind)}}});
      else if (!shown && !mixed)
        not_shown.push_back(
            {fact + "." + std::string(to_string(*gap_verdict)), {{"checks", joined(unjudged)}}});
      else if (!shown)
        not_shown.push_back({fact + ".mixed", {{"checks", joined(unjudged_verdicts)}}});
    }
  }

  void l4() {
    std::vector<const ServiceJudgement*> svc;
    for (const auto* s : reachable_)
      if (s->by_service_kind) svc.push_back(s);
    if (svc.empty()) {
      r_.not_assessed_from = 4;
      const CoverageRow* row = row_of(r_.coverage, Level::L4);
      const auto gap = list_arg("gap", {row != nullptr && row->state != CoverageState::present
                                            ? gap_item(*row)
                                            : MessageItem{"fact.gap.no_service_reached", {}}});
      summary({"summary.l3_l4_not_assessed", {pref_, gap}});
      reason({"reason.l4_not_assessed", {gap}});
      return;
    }
    std::vector<MessageItem> not_native;
    for (const auto* s : svc)
      if (!s->native_by_service_kind)
        not_native.push_back(
            {"fact.not_native." + std::string(to_string(s->service.path.value_or(ServicePath::mixed))),
             {{"target", s->service.target}, {"checks", s->worked_ids}}});
    if (!not_native.empty()) {
      reason({"reason.l4_not_met",
              {list_arg("services", {services_item(not_native.size())}),
               list_arg("targets", capped(std::move(not_native)))}});
      return;
    }
    r_.level = 4;
    const auto services = list_arg("services", {services_item(svc.size())});
    summary({"summary.l4", {services}});
    reason({"reason.l4", {services}});
  }

  // ---- what could not be judged --------------------------------------------------------------
  void add_gap_reasons() {
    std::vector<MessageItem> unjudged, errors;
    for (const auto* s : unjudged_)
      unjudged.push_back({"fact.service_not_assessed." + s->gap_verdicts,
                          {{"target", s->service.target}, {"checks", s->gap_ids}}});
    if (!unjudged.empty())
      reason({"reason.services_not_assessed", {list_arg("services", capped(std::move(unjudged)))}});
    for (const auto& c : in_.checks)
      if (c.verdict == Verdict::error)
        errors.push_back(
            {"fact.check_error",
             {{"check", check_name(c)},
              c.reason_message ? MessageArg{"reason", c.reason, std::vector<MessageRef>{*c.reason_message}}
                               : MessageArg{"reason", shortened(c.reason), std::nullopt}}});
    if (!errors.empty()) reason({"reason.harness_gaps", {list_arg("errors", capped(std::move(errors)))}});
  }

  const LevelInputs& in_;
  const LevelRules& rules_;
  LevelResult r_;
  std::vector<ServiceJudgement> judged_;
  std::vector<const ServiceJudgement*> unreachable_, reachable_, unjudged_;
  findings::MessageArg services_, pref_;
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
