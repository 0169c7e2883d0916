#pragma once
// Internal helper for the bundle records (result.cpp, run_info.cpp): strict, non-throwing reads of
// JSON object members. The first problem is recorded as {field path, message}; later calls are no-ops.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time_util.hpp"

namespace v6r::bundle::detail {

struct FieldProblem {
  std::string field;  // dotted path, e.g. "evidence.flows[0].sport"
  std::string message;
};

class JsonFields {
 public:
  JsonFields(const nlohmann::json& obj, std::string prefix, std::optional<FieldProblem>& problem);

  [[nodiscard]] bool ok() const { return !problem_.has_value(); }
  [[nodiscard]] std::string path(std::string_view key) const;
  bool fail(std::string field, std::string message);

  bool string(std::string_view key, std::string& out, bool allow_empty = false);
  bool opt_string(std::string_view key, std::optional<std::string>& out);
  bool u64(std::string_view key, std::uint64_t& out,
           std::uint64_t max = std::numeric_limits<std::uint64_t>::max());
  bool non_negative(std::string_view key, double& out);
  bool time(std::string_view key, UtcMs& out);
  /// Member must be present and have the given type; out points into the object.
  bool object(std::string_view key, const nlohmann::json*& out);
  bool array(std::string_view key, const nlohmann::json*& out);
  /// Every member must be one of `known` (docs/conventions.md §5: unknown keys are errors).
  bool only(std::initializer_list<std::string_view> known);

 private:
  const nlohmann::json* member(std::string_view key);
  const nlohmann::json& obj_;
  std::string prefix_;
  std::optional<FieldProblem>& problem_;
};

/// Value checks shared by the records.
bool is_ip_address(std::string_view s);
/// Maximum nesting of [] / {} in a line, ignoring brackets inside strings (iterative, so a hostile
/// line cannot exhaust the stack before nlohmann's recursive destructor/dump ever see it).
std::size_t json_nesting_depth(std::string_view text);
inline constexpr std::size_t kMaxJsonDepth = 64;

/// "not valid JSON (line 3, column 17)": where the parser stopped, never any of the text (an error
/// message must not carry bytes of a file it could not read: they may not be what the probe wrote).
std::string json_syntax_error(std::string_view text);
/// A value or key from a record, as an error may quote it: short (40 characters at most) and escaped
/// (JSON string syntax, ASCII only), e.g. "\"PASS\"".
std::string shown(std::string_view value);

}  // namespace v6r::bundle::detail
