#pragma once
// Readiness levels L0–L4 (docs/findings-schema.md "Level rules"): what was observed, rung by rung.
//   L0 not ready      some service unreachable by every family, or no working IPv6
//   L1 reachable      every service reachable: dual-stack (IPv4 present), or IPv6-only with a DNS64/NAT64
//                     check failing (the summary says which: never "dual-stack" for an IPv6-only node)
//   L2 IPv6-only      no IPv4 (v6only.leak), every service reachable over IPv6 alone (native or
//                     DNS64/NAT64), no dns64.*/nat64.* check failing, no synthesis under a wrong prefix
//   L3 IPv6-only clean  + Pref64::/n discovered, option 108 judged, no v6only.* fail, PMTU sane, no IPv4
//   frame L4 native IPv6    + every service.* target reached natively
// A rung is granted only when the scenario holds checks that prove it; otherwise the site shows
// "L≥n not assessed" (and no level at all when even L1 cannot be judged). A check that could not judge
// (error) is a gap of the harness: never a failure, never the reason a rung is "not met".
// Pure: the inputs are what a bundle's results and capture established (score/level_inputs.hpp).
#include <optional>
#include <string>
#include <vector>

#include "analyzers/score/level_inputs.hpp"
#include "analyzers/score/plan.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

struct LevelResult {
  std::optional<int> level;              ///< nullopt: not assessed
  std::optional<int> not_assessed_from;  ///< the first rung that cannot be judged
  std::string summary;                   ///< the level in one line
  std::vector<std::string> reasons;      ///< why this level, what blocks the next, what is not assessed
  /// `summary` and `reasons` as catalogue messages (summary.*, reason.*); the texts are their English.
  findings::MessageRef summary_message;
  std::vector<findings::MessageRef> reason_messages;
  /// Without a level: the plan reason's message (planr.not_assessed.*) with every argument but {need}.
  std::optional<findings::MessageRef> not_assessed_plan_message;
  findings::Access access;
  std::vector<findings::Service> services;
  std::vector<findings::CoverageRow> coverage;
};

LevelResult compute_level(const LevelInputs& in, const LevelRules& rules);

/// The readiness ladder with the titles every report shows (findings.json `levels`).
std::vector<findings::LevelTitle> level_titles();

}  // namespace v6r::analyze
