#pragma once
// run.json of a run bundle: who ran what, where, when, and how it ended.
// The JSON shape is the contract in docs/architecture.md ("Run bundle", run.json).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/expected.hpp"
#include "core/ip.hpp"
#include "core/result.hpp"
#include "core/time_util.hpp"

namespace v6r {

enum class RunStatus { complete, partial };
std::string_view to_string(RunStatus s);
std::optional<RunStatus> run_status_from_string(std::string_view s);

struct VerdictCounts {
  std::uint64_t pass = 0, info = 0, warn = 0, fail = 0, error = 0, skipped = 0;
  void add(Verdict v);
  [[nodiscard]] std::uint64_t get(Verdict v) const;
  [[nodiscard]] std::uint64_t total() const { return pass + info + warn + fail + error + skipped; }
  bool operator==(const VerdictCounts&) const = default;
};

struct ScenarioRef {
  std::string name;
  std::string sha256;  // hex SHA-256 of scenario.yaml as stored in the bundle
  std::string file = "scenario.yaml";
  bool operator==(const ScenarioRef&) const = default;
};

struct ToolInfo {
  std::string name;  // "v6probe"
  std::string version;
  std::string git_commit;
  bool operator==(const ToolInfo&) const = default;
};

struct ClockState {
  std::optional<bool> synced;  // null: unknown
  std::string detail;          // e.g. "chrony: offset 0.2 ms, stratum 2"
  bool operator==(const ClockState&) const = default;
};

/// The probe's packet capture (capture.pcapng) and libpcap's counters at the end of the run. Absent
/// when the run had no capture (--no-capture). dropped/if_dropped > 0 means the evidence is incomplete.
struct CaptureInfo {
  std::string file = "capture.pcapng";
  std::uint64_t written = 0;     // packets in the file
  std::uint64_t received = 0;    // pcap_stats ps_recv
  std::uint64_t dropped = 0;     // ps_drop: dropped by the kernel (ring full)
  std::uint64_t if_dropped = 0;  // ps_ifdrop: dropped by the interface/driver
  std::string interface;
  std::string filter;  // BPF text; empty = everything
  [[nodiscard]] bool lossy() const { return dropped > 0 || if_dropped > 0; }
  bool operator==(const CaptureInfo&) const = default;
};

/// What the scenario expected, recorded by the probe so that the analyzer judges the capture against
/// it without re-reading scenario.yaml: the scenario's expect.pref64 and each check's own
/// `expected_prefix` parameter where the scenario sets one.
struct RunExpectations {
  std::optional<Prefix> pref64;                  // "pref64": null when the scenario has none
  std::map<std::string, Prefix> check_prefixes;  // "checks": {"<check id>": {"expected_prefix": "..."}}
  bool operator==(const RunExpectations&) const = default;
};

struct RunInfo {
  static constexpr int kSchema = 1;
  std::string run_id;  // 8 lowercase hex digits (bundle::new_run_id())
  std::string probe_id;
  std::string site;  // "province/district/commune"
  ScenarioRef scenario;
  ToolInfo tool;
  std::string host;
  std::string interface;
  UtcMs started_utc{};
  UtcMs stopped_utc{};
  ClockState clock;
  RunStatus status = RunStatus::partial;
  std::optional<std::string> partial_reason;  // present iff status == partial
  VerdictCounts counts;
  std::optional<CaptureInfo> capture;  // "capture" (optional)
  // "expect" (optional): absent in bundles of probes that did not record expectations yet; the analyzer
  // then falls back (and says so in findings.json, bundle.expected_pref64.source).
  std::optional<RunExpectations> expect;
  bool operator==(const RunInfo&) const = default;
};

void to_json(nlohmann::json& j, const RunInfo& r);
/// Pretty JSON text (2-space indent, trailing newline) as written to run.json.
std::string to_json_text(const RunInfo& r);

/// Strict reader: errors name the field ("run.json: field 'scenario.sha256': ...").
Expected<RunInfo, std::string> run_info_from_json(const nlohmann::json& j);
Expected<RunInfo, std::string> parse_run_info(std::string_view text);

/// True for exactly 8 lowercase hex digits.
bool is_run_id(std::string_view s);

}  // namespace v6r
