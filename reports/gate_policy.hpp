#pragma once
// Gate policies (scenarios/policy-*.yaml): which conditions a sweep must meet for `v6analyze gate` to
// exit 0. Strict YAML: unknown keys and mistyped values are errors naming file:line:column
// (docs/conventions.md §5).
#include <optional>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace v6r::report {

struct AllChecksPass {
  std::string scenario;            ///< only sites whose bundle ran this scenario ("" = all)
  std::vector<std::string> kinds;  ///< only checks of these kinds (empty = all)
  std::vector<std::string> allow = {"pass", "info"};  ///< verdicts that count as passing
};

struct Policy {
  std::string file;
  std::string name;
  std::string description;
  std::optional<AllChecksPass> all_checks_pass;
  std::optional<int> min_level;             ///< 0..4: no site below L<n>
  bool no_regression = false;               ///< needs --baseline
  std::optional<std::string> max_severity;  ///< "info" | "warn" | "fail": no finding above it
  std::vector<std::string> forbid_rules;    ///< no finding with one of these rule ids
  bool require_verified = true;             ///< every bundle matched its manifest
  bool require_complete = true;             ///< the analysis and every bundle are complete
  /// every site's bundle is signed by a trusted key (signature status `signed`, docs/auditor-guide.md);
  /// off by default, so unsigned lab bundles still gate
  bool require_signed = false;
};

/// The policy keys, for messages and docs.
const std::vector<std::string>& policy_keys();

/// Parses policy YAML; errors read "FILE:LINE:COL: message".
Expected<Policy, std::string> parse_policy(const std::string& yaml_text, const std::string& file);
/// Reads and parses a policy file.
Expected<Policy, std::string> load_policy(const std::string& file);

}  // namespace v6r::report
