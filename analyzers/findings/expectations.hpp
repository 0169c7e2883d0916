#pragma once
// What a site's capture and results are judged against: the expected Pref64::/n and, per check, its own
// expected_prefix. A bundle's run.json carries them (RunInfo::expect, written by the probe from the
// scenario). Bundles from probes that did not record them yet still work: the `expect` section of the
// bundle's scenario.yaml is read strictly instead, else what dns64.discovery found; `source` says which.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bundle.hpp"
#include "core/ip.hpp"
#include "core/result.hpp"

namespace v6r::analyze {

struct SiteExpectations {
  std::optional<Prefix> pref64;
  std::string source;                    ///< where pref64 came from (quoted in findings); "" without one
  std::map<std::string, Prefix> checks;  ///< check id → the check's own expected_prefix, where set
  std::vector<Prefix> probe_discovered;  ///< prefixes the dns64.discovery results report
  std::optional<std::string> problem;    ///< the old-bundle fallback could not read scenario.yaml's expect

  /// The Pref64::/n that classifies the path of check `id`: its own expected_prefix, else the site's.
  [[nodiscard]] const Prefix* for_check(const std::string& id) const;
};

/// Source texts (docs/findings-schema.md, `bundle.expected_pref64.source`; quoted in findings).
inline constexpr const char* kFromScenario = "scenario expect.pref64";
inline constexpr const char* kFromScenarioFile =
    "scenario.yaml expect.pref64, as run.json records no expectations";
inline constexpr const char* kFromDiscovery = "dns64.discovery result";
inline constexpr const char* kOldRunJsonDiscovery =
    ", as run.json records no expectations and scenario.yaml no expect.pref64";
inline constexpr const char* kOldRunJsonUnreadable =
    ", as run.json records no expectations and scenario.yaml's expect is unreadable";

SiteExpectations site_expectations(const bundle::BundleReader& b, const std::vector<CheckResult>& results);

/// The `expect.pref64` of a scenario text, validated like the scenario loader validates it (strict:
/// unknown keys under `expect`, a bad prefix → "scenario.yaml:3:11: expect.pref64: ..."). The rest of the
/// scenario is not validated here (its check kinds belong to the probe).
Expected<std::optional<Prefix>, std::string> scenario_expect_pref64(const std::string& text);

/// The scenario's top-level `description` (any language, at most 500 characters), shown in the reports;
/// nullopt when the bundle's scenario.yaml has none, is not vouched for by the manifest, or does not parse.
std::optional<std::string> scenario_description(const bundle::BundleReader& b);

}  // namespace v6r::analyze
