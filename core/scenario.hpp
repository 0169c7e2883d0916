#pragma once
// The scenario model: a strict YAML file (scenarios/README.md documents every key) turned into
// typed structs. Unknown keys, wrong types, bad prefixes, duplicate check ids and unknown kinds are
// ConfigErrors naming file:line:col and the key path; nothing escapes as an exception.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_schema.hpp"
#include "core/expected.hpp"
#include "core/ip.hpp"
#include "core/scenario_error.hpp"

namespace v6r::scenario {

inline constexpr int kScenarioVersion = 1;

struct Defaults {
  std::int64_t deadline_ms = 3000;  // per check attempt unless the check overrides it
  int retries = 1;                  // extra attempts after the first
  std::optional<IpAddr> resolver;   // DNS64 resolver to query; absent = the system's
};

struct RateLimits {
  int global_per_s = 20;     // new probes per second, whole run
  int per_target_per_s = 5;  // new probes per second to one target address
  int burst = 5;             // token-bucket depth
};

struct Budget {
  std::int64_t run_deadline_s = 300;  // the whole run; check deadlines are clamped to it
  int concurrency = 8;                // checks in flight
  RateLimits rate;
};

struct Expectations {
  std::optional<Prefix> pref64;  // the NAT64 prefix the network should use (RFC 6052 lengths)
};

struct Check {
  std::string id;                // unique in the scenario, [a-z0-9._-]{1,64}
  std::string kind;              // a registered kind, e.g. "dns64.synthesis"
  std::int64_t deadline_ms = 0;  // effective: check value or default, clamped to the run budget
  int retries = 0;               // effective
  ParamValues params;            // validated against the kind's schema (defaults filled in)
  int line = 0;                  // where the check starts (1-based)
  int col = 0;
};

struct Scenario {
  int version = kScenarioVersion;
  std::string name;  // [A-Za-z0-9._-]{1,64}; recorded in run.json
  std::string description;
  Defaults defaults;
  Budget budget;
  Expectations expect;
  std::vector<Prefix> allow;  // targets the probe may send to (checked after resolution/synthesis)
  std::vector<Check> checks;

  std::string source_file;  // as given to the loader (used in error messages)
  std::string source_text;  // exact bytes loaded; the bundle stores them as scenario.yaml
  std::string sha256;       // lowercase hex SHA-256 of source_text; run.json records it

  /// True when `a` lies in one of the allow prefixes.
  [[nodiscard]] bool allows(const IpAddr& a) const;
  [[nodiscard]] const Check* find_check(std::string_view id) const;
};

/// Parse scenario text. `file` is only used in error messages and kept in source_file.
Expected<Scenario, ConfigError> load_scenario_text(std::string_view text, std::string_view file,
                                                   const CheckSchemaRegistry& registry);
/// Read and parse a file (a read error is a ConfigError at 0:0).
Expected<Scenario, ConfigError> load_scenario_file(const std::filesystem::path& path,
                                                   const CheckSchemaRegistry& registry);

}  // namespace v6r::scenario
