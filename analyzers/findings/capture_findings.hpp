#pragma once
// The findings that need only a capture (source "capture"; rule ids in findings/rules.hpp), the
// anomaly list and the metrics of one capture pass. Shared by the bundle analysis (site_analysis.cpp)
// and the capture-only analysis (`analyze --capture`).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/findings/finding_builder.hpp"
#include "analyzers/flow/capture_analysis.hpp"
#include "analyzers/score/plan.hpp"
#include "core/findings.hpp"
#include "core/ip.hpp"

namespace v6r::analyze {

/// What the capture-derived findings feed into the level rules.
struct CaptureFindingFlags {
  bool unexpected_prefix = false;
  bool pmtu_black_hole = false;
  std::uint64_t ipv4_frames = 0;
  /// Every frame with an AAAA answer under each unexpected Pref64::/n (its text → the frames; at most
  /// the 256 answers CaptureFacts keeps in all). Its finding cites the first 16; the root cause
  /// "DNS64 under the wrong prefix" needs them all to tell which checks received one.
  std::map<std::string, std::vector<std::uint64_t>> unexpected_prefix_answers;
};

/// DNS64 prefix, RA PREF64, IPv4 frames, PTB, PMTU black hole, retransmissions, handshakes, SERVFAIL,
/// unanswered, slow DNS. `expected_source` says where `expected` came from (it is quoted in findings).
CaptureFindingFlags add_capture_findings(FindingBuilder& fb, const CaptureFacts& cf,
                                         const Thresholds& thresholds, const std::optional<Prefix>& expected,
                                         const std::string& expected_source,
                                         const std::vector<Prefix>& probe_discovered);

/// One info finding per anomaly kind seen; returns the document's `anomalies` list.
std::vector<findings::AnomalyCount> add_anomaly_findings(FindingBuilder& fb, const CaptureFacts& cf);

/// "<file>: frame N at byte offset M: reason" of a capture that could not be read to the end.
std::string capture_error_text(const std::string& file, const CaptureError& e);
/// The `capture.partial` finding of a corrupt or truncated capture.
void add_partial_capture_finding(FindingBuilder& fb, const std::string& message, const CaptureError& e);

/// The `metrics` of a site (or of a capture-only document).
findings::Metrics capture_metrics(const CaptureFacts& cf);

/// Capture-only analysis (`v6analyze analyze --capture`): the findings that need no probe results
/// (the same rules as for a bundle's capture, plus capture.partial), the metrics and the anomaly list.
/// Finding ids are "<capture_name>#n"; evidence names the capture (and its sha256 when given).
struct CaptureOnlyFindings {
  std::vector<findings::Finding> findings;
  findings::Metrics metrics;
  std::vector<findings::AnomalyCount> anomalies;
};
CaptureOnlyFindings capture_only_findings(const CaptureFacts& cf, const Thresholds& thresholds,
                                          const std::optional<Prefix>& expected,
                                          const std::string& expected_source, const std::string& capture_name,
                                          const std::string& capture_sha);

}  // namespace v6r::analyze
