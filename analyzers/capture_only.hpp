#pragma once
// Capture-only analysis (`v6analyze analyze --capture FILE`): the full, stateful analysis — flow table,
// DNS transactions, ICMP/PTB, RA PREF64, IPv4 hygiene (flow/capture_analysis) and the findings that
// need no probe results (findings/site_analysis) — over one bare pcap/pcapng file, with the figures
// bench/run.sh reads (packets, bytes, seconds, live-flow peak, anonymous memory).
#include <cstdint>
#include <optional>
#include <string>

#include "core/expected.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

struct CaptureOnlyOptions {
  std::string capture;                       ///< pcap or pcapng file
  std::optional<std::string> plan_file;      ///< thresholds (default: as `analyze` finds its plan)
  std::optional<std::string> expect_pref64;  ///< e.g. "2001:db8:64::/96": judge AAAA answers against it
};

/// What the pass cost. RSS figures are from /proc/self/status (kB); `rss_anon_peak_kb` is sampled
/// every 65536 frames and once after the last frame, before the final expiry (when every flow still
/// live is in memory), so (peak - base) / flows_peak is the memory per live flow.
struct CaptureRunStats {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;  ///< sum of captured lengths
  double seconds = 0;       ///< from opening the file to the end of the pass (findings not included)
  double cpu_seconds = 0;   ///< user + system time of the process at the end of the pass
  std::uint64_t flows = 0, flows_peak = 0, dns_transactions = 0, pending_dns_peak = 0;
  long rss_anon_base_kb = -1;  ///< after mapping the file, before the pass
  long rss_anon_peak_kb = -1;
  long maxrss_kb = -1;  ///< ru_maxrss (includes the mapped file's page-cache pages)

  /// "packets=.. bytes=.. seconds=.. pps=.. flows=.. flows_peak=.. ..." (one line, no newline).
  [[nodiscard]] std::string line() const;
};

struct CaptureOnlyOutput {
  findings::CaptureDocument findings;  ///< schema "v6ready.capture-findings/1"
  int exit_code = 0;                   ///< 0 no fail finding, 1 a fail finding, 3 corrupt/truncated (partial)
  std::string summary_text;
  std::string error;  ///< the capture error with frame and byte offset (exit 3), else ""
  CaptureRunStats stats;
};

/// Error (exit 2): the file cannot be opened, bad plan file, bad --expect-pref64.
Expected<CaptureOnlyOutput, std::string> analyze_capture_only(const CaptureOnlyOptions& opt);

}  // namespace v6r::analyze
