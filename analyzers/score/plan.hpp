#pragma once
// The readiness plan (scenarios/plan-2026-2030.yaml): which class each site is (by path pattern),
// which level each class must reach in each year 2026–2030, the level rules' switches and the
// analyzer's thresholds. Strict like the scenario loader: unknown keys, wrong types and bad values
// are ConfigErrors naming file:line:col and the key path.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/scenario_error.hpp"

namespace v6r::analyze {

inline constexpr int kLevelCount = 5;  // L0..L4 (docs/findings-schema.md "Level rules")
std::string level_id(int level);       // "L3"
std::optional<int> parse_level(std::string_view s);

struct SiteClass {
  std::string name;  // "commune"
  std::string
      pattern;  // "province/*/*": '*' is one segment, "**" any number (≥ 0); site paths: core/site_path.hpp
};

/// How a NAT64 real-time result counts for L3 (docs/checks-realtime.md "Levels").
enum class RealtimeRule : std::uint8_t {
  off,          ///< not an L3 condition
  not_failing,  ///< a failing result holds L3 back; without a judging one L3 is kept ("granted without")
  shown,        ///< a judging, non-failing result is needed: without one L3 is not assessed
};

struct LevelRules {
  bool l2_allow_warn = true;           // L2: dns64/nat64 checks may warn (not fail/error)
  bool l3_require_pref64 = true;       // L3: RFC 7050 discovery or RA PREF64 must show the prefix
  bool l3_require_pmtu_check = true;   // L3: a nat64.pmtu result must pass (else "not proven")
  bool l3_forbid_ipv4_frames = true;   // L3: no IPv4/ARP/DHCPv4 frame in the capture
  bool l3_forbid_disagreement = true;  // L3: no probe-vs-capture disagreement
  // L3 and the NAT64's real-time behaviour (docs/checks-realtime.md "Levels"): a failing result holds
  // L3 back; without a judging result, `shown` leaves L3 not assessed and `not_failing` keeps L3 with
  // level reasons saying what was not shown.
  RealtimeRule l3_require_eim_mapping = RealtimeRule::off;   // nat64.mapping: endpoint-independent, REQ-1
  RealtimeRule l3_require_udp_lifetime = RealtimeRule::off;  // nat64.udp_lifetime: >= 2 min, RFC 4787 REQ-5
};

struct Thresholds {
  double dns_latency_warn_ms = 200;        // p95 above this → dns.slow finding
  double dns_timeout_s = 5;                // unanswered after this
  double flow_idle_s = 120;                // flow state expiry
  std::uint64_t retransmissions_warn = 3;  // more than this → warn (else info)
};

struct Weights {  // worst-offender score = Σ weight(severity) over findings
  int fail = 10, warn = 3, info = 0;
};

struct Plan {
  int version = 1;
  std::string name = "built-in";
  std::string file;                        // "" for built-in defaults
  std::string sha256;                      // of the file text
  std::optional<std::string> description;  // any language; shown in the reports
  std::optional<std::string> lang;         // "en" | "vi": the default language of the outputs (docs/i18n.md)
  int first_year = 2026, last_year = 2030;
  std::vector<SiteClass> classes;                     // first match wins
  std::map<std::string, std::map<int, int>> targets;  // class -> year -> level
  LevelRules levels;
  Thresholds thresholds;
  Weights weights;

  /// Class of a site path ("unclassified" when no pattern matches).
  [[nodiscard]] std::string class_of(std::string_view site) const;
  /// Level the class must reach in `year`; nullopt when the plan says nothing.
  [[nodiscard]] std::optional<int> required(const std::string& cls, int year) const;
};

bool path_matches(std::string_view pattern, std::string_view path);

/// The plan used when no file is given and none is found.
Plan builtin_plan();
Expected<Plan, scenario::ConfigError> load_plan_text(std::string_view text, std::string_view file);
Expected<Plan, scenario::ConfigError> load_plan_file(const std::string& path);

}  // namespace v6r::analyze
