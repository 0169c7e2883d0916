#pragma once
// The end of `v6probe run`: what a person reads after the run (stderr) and what a script reads
// (--json on stdout). Both name each check that did not pass (fail, error, warn) with its one-line
// reason, known OpenSSL and errno failures said in a plain sentence with the raw text after it
// (core/known_errors.hpp), and the bundle path. Every value from outside (ids and targets from the
// scenario, reasons built from DNS answers and server replies) is escaped for its medium:
// escape::terminal for the text (then wrapped, never cut: core/text_wrap.hpp), escape::json for the
// JSON. The formatting is pure; the CLI (probes/engine/run_command.cpp) writes it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/run_info.hpp"

namespace v6r::probe {

/// A check that did not pass, as the summary names it.
struct SummaryCheck {
  std::uint64_t seq = 0;
  std::string id;
  std::string kind;
  std::string target;
  Verdict verdict = Verdict::error;
  std::string reason;      ///< known_errors::explain()ed
  std::string raw_reason;  ///< as in results.jsonl
};

struct RunSummary {
  std::vector<SummaryCheck> checks;  ///< fail, error, warn, in the order they finished
  VerdictCounts counts;
  std::chrono::milliseconds elapsed{0};
  RunStatus status = RunStatus::complete;
  std::optional<std::string> partial_reason;
  std::string bundle;  ///< the finished bundle's path ("" when none was written)
  int exit_code = 0;

  /// Keeps `r` when its verdict is fail, error or warn.
  void add(const CheckResult& r);
};

/// Terminal text (already escaped; the caller wraps it to the terminal width):
///   v6probe: 6 checks in 1.3 s: 2 pass, 3 fail, 1 warn; run complete, exit 1
///     FAIL  dns-a (dns64.synthesis v4only.lab.test): no DNS answer asking ...
///     WARN  ...
///   bundle: /var/lib/v6probe/bundles/...
/// Failed and errored checks first, then warnings, each group in finishing order.
std::string format_summary_text(const RunSummary& s);

/// The --json object: bundle, status, exit_code, elapsed_ms, counts, partial_reason (when partial),
/// and "checks": [{seq, id, kind, target, status, reason, raw_reason}] for every check that did not pass
/// (status is the verdict: fail, error or warn).
/// The name and version of `v6probe run --json`'s object (its first key, `schema`): a reader checks
/// it before trusting the other keys; a change that is not an addition bumps the number.
inline constexpr const char* kRunSummarySchema = "v6ready.run-summary/1";

nlohmann::json summary_json(const RunSummary& s);

/// The JSON text of `j` as one line: invalid UTF-8 replaced (U+FFFD), every hidden character still raw
/// written as a \u escape (escape::json), so no byte from outside reaches the terminal raw.
std::string json_line(const nlohmann::json& j);

}  // namespace v6r::probe
