#pragma once
// The one error type of configuration loading: where (file:line:col, 1-based, from yaml-cpp's
// Mark), which key (path like "checks[2].params.expected_prefix") and what.
#include <string>

namespace v6r::scenario {

struct ConfigError {
  std::string file;
  int line = 0;
  int col = 0;
  std::string path;  // empty for document-level errors (YAML syntax)
  std::string message;

  /// "commune.yaml:12:5: checks[2].params.expected_prefx: unknown key (did you mean 'expected_prefix'?)"
  [[nodiscard]] std::string to_string() const {
    std::string s = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
    if (!path.empty()) s += path + ": ";
    return s + message;
  }
};

}  // namespace v6r::scenario
