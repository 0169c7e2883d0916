#include "analyzers/score/plan_verdict.hpp"

#include "core/check_kind.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::PlanVerdict;

constexpr std::size_t kMaxListed = 6;

/// The results and capture facts that break what a level of `required` relies on.
std::vector<std::string> relied_on_failures(int required, const LevelInputs& in, const LevelRules& rules) {
  std::vector<std::string> out;
  for (const auto& c : in.checks) {
    const KindFamily f = check_kind::family_of(c.kind);
    const bool fail = c.verdict == Verdict::fail;
    const bool behaviour = check_kind::is_nat_behaviour(c.kind);
    const bool relied =
        (required >= 1 && !behaviour && check_kind::reaches_target(f) && fail) ||
        (required >= 2 && !behaviour && check_kind::is_transition(f) &&
         (fail || (!rules.l2_allow_warn && c.verdict == Verdict::warn))) ||
        (required >= 3 && f == KindFamily::v6only && fail) ||
        (required >= 3 && rules.l3_require_eim_mapping && c.kind == check_kind::kNat64Mapping && fail) ||
        (required >= 3 && rules.l3_require_udp_lifetime && c.kind == check_kind::kNat64UdpLifetime && fail);
    if (relied) out.push_back(check_name(c) + " " + std::string(to_string(c.verdict)));
  }
  if (required >= 2 && in.unexpected_prefix) out.emplace_back("dns64.unexpected_prefix");
  if (required >= 3 && in.pmtu_black_hole) out.emplace_back("pmtu.black_hole");
  if (required >= 3 && rules.l3_forbid_disagreement && in.disagreement)
    out.emplace_back("cross_check disagreement");
  return out;
}

const char* relies_on_text(int required) {
  switch (required) {
    case 1:
      return "L1 relies on the reachability checks";
    case 2:
      return "L2 relies on the reachability and DNS64/NAT64 checks";
    default:
      return "L3 and L4 rely on the reachability, DNS64/NAT64 and IPv6-only hygiene checks";
  }
}

}  // namespace

PlanJudgement judge_plan(const Plan& plan, int year, const std::string& site, const LevelResult& level,
                         const LevelInputs& in) {
  PlanJudgement j;
  j.site_class = plan.class_of(site);
  const auto req = j.site_class == "unclassified" ? std::nullopt : plan.required(j.site_class, year);
  if (!req) {
    j.verdict = PlanVerdict::not_in_plan;
    j.reason = j.site_class == "unclassified"
                   ? "not in the plan: no site class of plan " + plan.name + " matches " + site
                   : "not in the plan: plan " + plan.name + " sets no level for class " + j.site_class +
                         " in " + std::to_string(year);
    return j;
  }
  j.required = findings::level_at(*req);
  const std::string need = level_id(*req);
  if (*req == 0) {
    j.verdict = PlanVerdict::meets;
    j.reason = "meets the plan: it requires " + need;
    return j;
  }
  if (!level.level) {
    j.verdict = PlanVerdict::not_assessed;
    constexpr std::string_view kPrefix = "not assessed: ";
    const std::string why =
        level.summary.starts_with(kPrefix) ? level.summary.substr(kPrefix.size()) : level.summary;
    j.reason = "not assessed against " + need + ": no level could be judged (" + why + ")";
    return j;
  }
  const std::string have = level_id(*level.level);
  if (*level.level < *req) {
    if (level.not_assessed_from && *level.not_assessed_from <= *req) {
      j.verdict = PlanVerdict::not_assessed;
      j.reason = "not assessed against " + need + ": " + have + " shown, L≥" +
                 std::to_string(*level.not_assessed_from) +
                 " not assessed (the coverage table names what is missing)";
    } else {
      j.verdict = PlanVerdict::below;
      j.reason = "below the plan: " + have + ", the plan requires " + need;
    }
    return j;
  }
  const auto broken = relied_on_failures(*req, in, plan.levels);
  if (!broken.empty()) {
    std::string list;
    for (std::size_t i = 0; i < broken.size() && i < kMaxListed; ++i) list += (i ? ", " : "") + broken[i];
    if (broken.size() > kMaxListed) list += ", +" + std::to_string(broken.size() - kMaxListed) + " more";
    j.verdict = PlanVerdict::below;
    j.reason = "below the plan: " + have + " reaches " + need + ", but " + relies_on_text(*req) + ": " + list;
    return j;
  }
  j.verdict = PlanVerdict::meets;
  j.reason = "meets the plan: " + have + (*level.level > *req ? " > " : " = ") + need +
             ", nothing it relies on fails";
  return j;
}

}  // namespace v6r::analyze
