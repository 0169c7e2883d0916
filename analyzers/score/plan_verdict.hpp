#pragma once
// The site against its plan (docs/findings-schema.md "Plan verdict"):
//   not_in_plan   no site class matches the path, or the plan sets no level for the class this year;
//   not_assessed  the level the plan needs cannot be judged with this scenario;
//   below         the level is under the plan's, or a check the plan's level relies on fails;
//   meets         the level reaches the plan's and nothing it relies on fails.
// What a level relies on: L1 the reachability checks (service.*, nat64.*, dualstack.*); L2 also
// dns64.* and nat64.* (a warn too when the plan sets l2_allow_warn: false) and no synthesis under an
// unexpected prefix; L3 also v6only.*, no PMTU black hole, no probe-vs-capture disagreement (when
// l3_forbid_disagreement); L4 nothing more (native service paths are part of the level itself).
#include <optional>
#include <string>

#include "analyzers/score/level_inputs.hpp"
#include "analyzers/score/levels.hpp"
#include "analyzers/score/plan.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

struct PlanJudgement {
  std::string site_class;                   ///< "unclassified" when no pattern matches
  std::optional<findings::Level> required;  ///< what the plan demands this year
  findings::PlanVerdict verdict = findings::PlanVerdict::not_in_plan;
  std::string reason;                   ///< one line
  findings::MessageRef reason_message;  ///< `reason` as a catalogue message (planr.*)
};

PlanJudgement judge_plan(const Plan& plan, int year, const std::string& site, const LevelResult& level,
                         const LevelInputs& in);

}  // namespace v6r::analyze
