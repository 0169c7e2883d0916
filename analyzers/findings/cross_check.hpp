#pragma once
// One probe result against the capture (docs/findings-schema.md "Cross-check"): the frames of the
// result's own flows (its DNS ids on the 5-tuple each went out on, within its time window; every frame
// of its other 5-tuples), and whether they prove its verdict.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/flow/capture_analysis.hpp"
#include "core/findings.hpp"
#include "core/result.hpp"

namespace v6r::analyze {

struct CrossCheckResult {
  findings::CrossCheck verdict = findings::CrossCheck::not_applicable;
  std::vector<std::uint64_t> frames;  ///< ascending, distinct
  /// rule id (findings/rules.hpp, cross_check.*) → what the capture shows instead
  std::vector<std::pair<std::string_view, std::string>> disagreements;
  /// Why the verdict is not `agrees` when nothing disagrees ("no packet evidence: ..."); empty otherwise.
  std::string note;
};

/// `capture` is null when the bundle has no readable capture.
CrossCheckResult cross_check(const CheckResult& r, const CaptureFacts* capture);

/// The flow table key of a result's evidence 5-tuple (nullopt for an unknown protocol or address).
std::optional<FlowKey> flow_key_of(const Flow& f);

}  // namespace v6r::analyze
