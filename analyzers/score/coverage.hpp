#pragma once
// Which checks prove which rung (docs/findings-schema.md "Coverage"): one row per requirement of a
// rung, with the kinds that can prove it and whether the scenario held one that judged. A rung whose
// requirement has no judging check is "not assessed", never "not met"; a check that could not judge
// (error, skipped) is listed as such (a gap of the harness, not a failure of the network).
#include <vector>

#include "analyzers/score/level_inputs.hpp"
#include "analyzers/score/plan.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

/// The rows, rung by rung (L1 reachability; L2 IPv4 absence; L3 pref64, option 108, PMTU, the
/// capture; L4 service.*). Rows switched off by the plan's level rules are left out.
std::vector<findings::CoverageRow> coverage_table(const LevelInputs& in, const LevelRules& rules);

/// "nat64.pmtu", "service.* or nat64.* or dualstack.*", "a capture": the kinds of a row, for messages.
std::string kinds_text(const findings::CoverageRow& row);

}  // namespace v6r::analyze
