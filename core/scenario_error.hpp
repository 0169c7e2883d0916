#pragma once
// The one error type of configuration loading: where (file:line:col, 1-based, from yaml-cpp's
// Mark), which key (path like "checks[2].params.expected_prefix") and what.
#include <cstddef>
#include <string>
#include <vector>

namespace v6r::scenario {

struct ConfigError {
  std::string file;
  int line = 0;
  int col = 0;
  std::string path;  // empty for document-level errors (YAML syntax)
  std::string message;
  /// The other errors found in the same file, in the order they were found (the scenario loader reads
  /// on past an error, so one run names them all: core/yaml_strict.hpp Collector). Empty for a reader
  /// that stops at the first.
  std::vector<ConfigError> more{};

  /// This error alone: "commune.yaml:12:5: checks[2].params.expected_prefx: unknown key (did you mean
  /// 'expected_prefix'?)"
  [[nodiscard]] std::string to_string() const {
    std::string s = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
    if (!path.empty()) s += path + ": ";
    return s + message;
  }
  /// This error and those in `more`: 1 + more.size().
  [[nodiscard]] std::size_t count() const { return 1 + more.size(); }
};

/// At most this many errors are listed; the rest are counted ("and 7 more errors").
inline constexpr std::size_t kMaxErrorsListed = 20;

/// Every error of `e` (itself, then `more`), one per line (no final LF), at most `max` of them, then
/// "and N more errors (fix these and check again)" when there are more.
inline std::string format_errors(const ConfigError& e, std::size_t max = kMaxErrorsListed) {
  std::string s = e.to_string();
  std::size_t listed = 1;
  for (const auto& m : e.more) {
    if (listed >= max) break;
    s += "\n" + m.to_string();
    ++listed;
  }
  if (e.count() > listed)
    s += "\nand " + std::to_string(e.count() - listed) + " more errors (fix these and check again)";
  return s;
}

}  // namespace v6r::scenario
