#pragma once
// Root causes (docs/findings-schema.md "Root causes"): the findings of one site that share a cause —
// the resolver does not answer, NAT64 does not forward, no IPv6 route, a PMTU black hole, DNS64 under
// the wrong Pref64::/n — grouped into one root cause that names the checks it explains, the findings it
// folds and the evidence that shows the cause. A pure function of the typed site and of what the
// capture showed of each check's own packets. When a grouping could be wrong it is not made (each rule
// says what would make it wrong); a check is explained by one cause at most.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyzers/findings/cross_check.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

/// `wire[i]` is what the capture shows of `site.checks[i]` (cross_check()'s WireFacts); a shorter
/// vector means the checks past its end have no capture facts (nothing is grouped on them).
/// `wrong_prefix_answers`: every frame with an AAAA answer under each unexpected Pref64::/n (its text →
/// frames, CaptureFindingFlags); a dns64.unexpected_prefix finding cites only the first of them, so
/// without this map only the checks among those are grouped under the wrong prefix.
std::vector<findings::RootCause> find_root_causes(
    const findings::Site& site, const std::vector<WireFacts>& wire,
    const std::map<std::string, std::vector<std::uint64_t>>& wrong_prefix_answers = {});

/// The English text of a root-cause message the analyzer emits (findings.json's title and evidence),
/// rendered from the built-in English catalogue (core/message_text.hpp). An unknown id gives the id.
std::string root_cause_english(const findings::MessageRef& m);

}  // namespace v6r::analyze
