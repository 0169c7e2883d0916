#pragma once
// The analyzer's public API: bundles in, one findings.json document out (docs/findings-schema.md).
// Used by `v6analyze analyze`, `diff` and `gate` (apps/v6analyze/).
#include <optional>
#include <string>
#include <vector>

#include "analyzers/spool_walk.hpp"
#include "core/expected.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

struct AnalyzeOptions {
  std::vector<std::string> inputs;  // bundle dirs, bundle .tar files, or directories containing bundles
                                    // (recursively: a spool tree of many sites)
  std::optional<std::string>
      plan_file;  // default: <repo>/scenarios/plan-2026-2030.yaml if found, else built-in defaults
  int year = 0;   // 0 = current UTC year clamped to the plan's range
  bool allow_unverified = false;
  /// --keys DIR: trusted probe keys; a bundle must be signed by one of them (an unknown signer is
  /// refused, an unsigned bundle needs allow_unverified). "" = /etc/v6ready/keys when it exists, to the
  /// same effect. core/bundle_verify.hpp, "Admission".
  std::string keys_dir;
  std::string label;                  // sweep label (default: date of the newest bundle)
  std::vector<std::string> previous;  // earlier findings.json files → "trend" (read strictly)
  bool progress = false;              // progress lines on stderr (many bundles)
};

struct AnalyzeOutput {
  findings::Document findings;
  int exit_code;  // 0 no site below the plan or not assessed against it, and no fail finding (sites not in
                  // the plan do not count); 1 otherwise; 3 partial
};

/// Error = usage/config problem (exit 2): no input, no bundle found, bad plan file, a --previous file
/// that is not a valid findings document (the message names the file and the key path), a bad --keys.
Expected<AnalyzeOutput, std::string> analyze(const AnalyzeOptions&);

// The terminal summary of the document is reports/summary_text.hpp (in the output's language).

}  // namespace v6r::analyze
