#pragma once
// Internal to the scenario loader and check_schema.cpp: yaml-cpp helpers. Loading code throws
// ConfigFailure freely; the public entry points catch it (and every yaml-cpp exception) and return
// Expected<..., ConfigError>. Not for use outside core/scenario*.cpp and core/check_schema*.cpp.
#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <string>

#include "core/scenario_error.hpp"

namespace v6r::scenario::detail {

struct ConfigFailure : std::runtime_error {
  ConfigError error;
  explicit ConfigFailure(ConfigError e) : std::runtime_error(e.message), error(std::move(e)) {}
};

/// yaml-cpp marks are 0-based (and -1 for a null mark); ours are 1-based.
inline int line_of(const YAML::Mark& m) {
  return m.line < 0 ? 1 : m.line + 1;
}
inline int col_of(const YAML::Mark& m) {
  return m.column < 0 ? 1 : m.column + 1;
}

[[noreturn]] inline void fail_at(const std::string& file, const YAML::Mark& m, std::string path,
                                 std::string message) {
  throw ConfigFailure(ConfigError{file, line_of(m), col_of(m), std::move(path), std::move(message)});
}

/// "a map", "a sequence", "null", "a string 'x'".
inline std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Scalar: {
      std::string s = n.Scalar();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return (n.Tag() == "!" ? "the quoted string '" : "'") + s + "'";
    }
    default:
      return "an undefined value";
  }
}

inline std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

}  // namespace v6r::scenario::detail
