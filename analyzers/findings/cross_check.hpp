#pragma once
// One probe result against the capture (docs/findings-schema.md "Cross-check"): the frames of the
// result's own flows (its DNS ids on the 5-tuple each went out on, within its time window; every frame
// of its other 5-tuples), and whether they prove its verdict.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/flow/capture_analysis.hpp"
#include "core/findings.hpp"
#include "core/result.hpp"

namespace v6r::analyze {

/// What the capture shows of one check's own packets (its DNS ids within its window, its flows), for
/// the root causes (root_causes.hpp). Counts are of what is in the capture, not what the probe says.
struct WireFacts {
  bool whole = false;  ///< looked up in a capture read to the end (only then can an absence count)
  std::uint32_t dns_queries = 0, dns_responses = 0;
  /// Capture frame numbers (the capture's order is time order): the first query of an id that got no
  /// response, the last response to any of its ids; UINT64_MAX / 0 when there is none.
  std::uint64_t first_unanswered_query = UINT64_MAX, last_dns_response = 0;
  std::uint32_t tcp_flows = 0;
  std::uint32_t syn_unanswered = 0;  ///< TCP flows whose SYN got no SYN/ACK
  std::uint32_t handshakes = 0;      ///< TCP flows that completed the handshake
  /// The first frame (the SYN) of the earliest unanswered flow / of the latest completed one;
  /// UINT64_MAX / 0 when there is none.
  std::uint64_t first_unanswered_syn = UINT64_MAX, last_handshake_start = 0;
  std::uint32_t silent_flows = 0;  ///< transport flows named in the evidence with no frame at all
  bool black_hole = false;         ///< a deliberate flow retransmitted full-size segments, no PTB back
  std::vector<std::uint64_t> black_hole_frames;
};

struct CrossCheckResult {
  findings::CrossCheck verdict = findings::CrossCheck::not_applicable;
  std::vector<std::uint64_t> frames;  ///< ascending, distinct
  /// rule id (findings/rules.hpp, cross_check.*) → what the capture shows instead (a catalogue fact,
  /// fact.xcheck.*)
  std::vector<std::pair<std::string_view, findings::MessageItem>> disagreements;
  /// Why the verdict is not `agrees` when nothing disagrees ("no packet evidence: ..."); empty otherwise.
  std::string note;
  std::optional<findings::MessageRef> note_message;  ///< `note` as a catalogue message (xnote.*)
  WireFacts wire;
};

/// `capture` is null when the bundle has no readable capture.
CrossCheckResult cross_check(const CheckResult& r, const CaptureFacts* capture);

/// The flow table key of a result's evidence 5-tuple (nullopt for an unknown protocol or address).
std::optional<FlowKey> flow_key_of(const Flow& f);

}  // namespace v6r::analyze
