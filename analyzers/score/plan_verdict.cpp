#include "analyzers/score/plan_verdict.hpp"

#include "core/check_kind.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::PlanVerdict;

constexpr std::size_t kMaxListed = 6;

/// The results and capture facts that break what a level of `required` relies on.
std::vector<findings::MessageItem> relied_on_failures(int required, const LevelInputs& in,
                                                      const LevelRules& rules) {
  std::vector<findings::MessageItem> out;
  for (const auto& c : in.checks) {
    const KindFamily f = check_kind::family_of(c.kind);
    const bool fail = c.verdict == Verdict::fail;
    const bool behaviour = check_kind::is_nat_behaviour(c.kind);
    const bool relied = (required >= 1 && !behaviour && check_kind::reaches_target(f) && fail) ||
                        (required >= 2 && !behaviour && check_kind::is_transition(f) &&
                         (fail || (!rules.l2_allow_warn && c.verdict == Verdict::warn))) ||
                        (required >= 3 && f == KindFamily::v6only && fail) ||
                        (required >= 3 && rules.l3_require_eim_mapping != RealtimeRule::off &&
                         c.kind == check_kind::kNat64Mapping && fail) ||
                        (required >= 3 && rules.l3_require_udp_lifetime != RealtimeRule::off &&
                         c.kind == check_kind::kNat64UdpLifetime && fail);
    if (relied)
      out.push_back({"fact.check_verdict." + std::string(to_string(c.verdict)), {{"check", check_name(c)}}});
  }
  if (required >= 2 && in.unexpected_prefix)
    out.push_back({"fact.name", {{"name", "dns64.unexpected_prefix"}}});
  if (required >= 3 && in.pmtu_black_hole) out.push_back({"fact.name", {{"name", "pmtu.black_hole"}}});
  if (required >= 3 && rules.l3_forbid_disagreement && in.disagreement)
    out.push_back({"fact.disagreement", {}});
  if (out.size() > kMaxListed) {
    const auto more = out.size() - kMaxListed;
    out.resize(kMaxListed);
    out.push_back({"fact.more", {{"n", std::to_string(more)}}});
  }
  return out;
}

/// "planr.below_relied.l1": what a level of `required` relies on, in the message id.
std::string relies_on_id(int required) {
  return required == 1   ? "planr.below_relied.l1"
         : required == 2 ? "planr.below_relied.l2"
                         : "planr.below_relied.l3";
}

}  // namespace

PlanJudgement judge_plan(const Plan& plan, int year, const std::string& site, const LevelResult& level,
                         const LevelInputs& in) {
  PlanJudgement j;
  auto done = [&j](findings::MessageRef m) {
    j.reason = i18n::english(m);
    j.reason_message = std::move(m);
    return j;
  };
  j.site_class = plan.class_of(site);
  const auto req = j.site_class == "unclassified" ? std::nullopt : plan.required(j.site_class, year);
  if (!req) {
    j.verdict = PlanVerdict::not_in_plan;
    return done(
        j.site_class == "unclassified"
            ? findings::MessageRef{"planr.not_in_plan.no_class", {{"plan", plan.name}, {"site", site}}}
            : findings::MessageRef{
                  "planr.not_in_plan.no_level",
                  {{"plan", plan.name}, {"class", j.site_class}, {"year", std::to_string(year)}}});
  }
  j.required = findings::level_at(*req);
  const std::string need = level_id(*req);
  if (*req == 0) {
    j.verdict = PlanVerdict::meets;
    return done({"planr.meets_l0", {{"need", need}}});
  }
  if (!level.level) {
    j.verdict = PlanVerdict::not_assessed;
    auto m = level.not_assessed_plan_message.value_or(findings::MessageRef{"planr.not_assessed.unknown", {}});
    m.args.push_back({"need", need});
    return done(std::move(m));
  }
  const std::string have = level_id(*level.level);
  if (*level.level < *req) {
    if (level.not_assessed_from && *level.not_assessed_from <= *req) {
      j.verdict = PlanVerdict::not_assessed;
      return done({"planr.not_assessed.above",
                   {{"need", need}, {"have", have}, {"from", std::to_string(*level.not_assessed_from)}}});
    }
    j.verdict = PlanVerdict::below;
    return done({"planr.below", {{"have", have}, {"need", need}}});
  }
  auto broken = relied_on_failures(*req, in, plan.levels);
  if (!broken.empty()) {
    j.verdict = PlanVerdict::below;
    return done(
        {relies_on_id(*req), {{"have", have}, {"need", need}, i18n::list_arg("checks", std::move(broken))}});
  }
  j.verdict = PlanVerdict::meets;
  return done(
      {*level.level > *req ? "planr.meets_above" : "planr.meets_equal", {{"have", have}, {"need", need}}});
}

}  // namespace v6r::analyze
