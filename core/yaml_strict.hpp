#pragma once
// The one strict-YAML toolkit of the tree, shared by every configuration reader: the scenario
// (core/scenario.cpp, core/check_schema.cpp), the readiness plan (analyzers/score/plan.cpp) and the
// gate policies (reports/gate_policy.cpp). Every error is a ConfigError naming file:line:col
// (1-based) and the key path. Rules, the same for every reader:
//  - keys are plain strings, each at most once; an unknown key is an error with a did-you-mean hint;
//  - integers are plain scalars of decimal digits with an optional '-' and no overflow ("12abc",
//    "+5", " 7", "0x10", a quoted "80" and 2^63 are errors); numbers are decimal (no hex, inf, nan);
//  - booleans are exactly `true` or `false` (YAML 1.2 core schema: no yes/no/on/off);
//  - durations are integer milliseconds, "250ms" or "2s"; enumerations name one allowed value.
// Readers throw Failure from inside read_document(), which turns it and every yaml-cpp exception
// into an Expected (exceptions stay inside configuration loading).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/scenario_error.hpp"
#include "core/suggest.hpp"

namespace v6r::yaml_strict {

using scenario::ConfigError;

struct Failure : std::runtime_error {
  ConfigError error;
  explicit Failure(ConfigError e) : std::runtime_error(e.message), error(std::move(e)) {}
};

/// Gathers the errors of a reader that goes on past an error (the scenario: one run names them all).
/// attempt() runs one independent part (a section, a key, a check) and keeps its Failure, with the
/// errors that Failure carries in `more`, instead of letting it end the read.
class Collector {
 public:
  /// Runs `f`; true when it threw no Failure.
  template <class F>
  bool attempt(F&& f) {
    try {
      f();
      return true;
    } catch (const Failure& e) {
      add(e.error);
      return false;
    }
  }
  /// Keeps `e` and every error in e.more, in order.
  void add(const ConfigError& e);
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  /// Throws Failure(first error, more = the others) when any was kept.
  void throw_if_any() const;

 private:
  std::vector<ConfigError> errors_;
};

/// yaml-cpp marks are 0-based (and -1 for a null mark); ours are 1-based.
inline int line_of(const YAML::Mark& m) {
  return m.line < 0 ? 1 : m.line + 1;
}
inline int col_of(const YAML::Mark& m) {
  return m.column < 0 ? 1 : m.column + 1;
}

/// "a map", "a list", "nothing (null)", "'x'", "the quoted string 'x'" (long scalars cut at 40).
std::string describe(const YAML::Node& n);
/// "checks[2]" + "id" -> "checks[2].id"; "" + "id" -> "id".
std::string join_path(const std::string& base, const std::string& key);

// Scalar syntax, without a node (also for callers that have only text).
/// [-]digits, fits int64; nothing else (no '+', spaces, hex, exponent).
std::optional<std::int64_t> parse_int(std::string_view s);
/// [-]digits[.digits][e[+-]digits] or [-].digits...; finite. No hex, inf, nan, '+', spaces.
std::optional<double> parse_number(std::string_view s);

/// The few phrasings in which the readers differ. Each one's tests and docs quote its messages, so
/// they are kept; everything else is worded here once.
struct Wording {
  /// Before the list of known keys when no key is close: "unknown key (expected one of: a, b)".
  std::string_view known_keys = "expected one of: ";
  /// "unknown key 'a.b' (...)" with no key path in front (gate policies) instead of "a.b: unknown key (...)".
  bool quote_unknown_key = false;
  /// "expected true or false, got 'maybe'" (false: without the ", got ..." part, as the plan says it).
  bool bool_names_value = true;
};

/// A reader of one file: every method either returns a valid value or throws Failure.
class Reader {
 public:
  explicit Reader(std::string file, Wording wording = {}) : file_(std::move(file)), wording_(wording) {}
  [[nodiscard]] const std::string& file() const { return file_; }

  [[noreturn]] void fail(const YAML::Mark& at, std::string path, std::string message) const;
  [[noreturn]] void fail(const YAML::Node& at, std::string path, std::string message) const {
    fail(at.Mark(), std::move(path), std::move(message));
  }

  /// `map` must be a map (or null when `null_ok`: an absent section) whose keys are plain strings,
  /// each once, each in `known` or in `passthrough` (keys the caller reads itself, also offered as
  /// suggestions). `known` is listed in the order given when no key is close.
  /// With `collect`, each unknown or duplicate key is kept there and the others are still looked at
  /// (a map that is not a map still throws).
  void keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& known,
            const std::vector<std::string>& passthrough = {}, bool null_ok = false,
            Collector* collect = nullptr) const;
  /// The value under the plain string `key`, or a null node (absent, or `map` not a map).
  static YAML::Node child(const YAML::Node& map, std::string_view key);
  static bool has(const YAML::Node& map, std::string_view key);
  /// child(), or "missing required key" at the map.
  YAML::Node required(const YAML::Node& map, const std::string& path, std::string_view key) const;

  /// A scalar, or "expected <what>, got <describe>".
  const std::string& scalar(const YAML::Node& n, const std::string& path, std::string_view what) const;
  const std::string& string(const YAML::Node& n, const std::string& path) const {
    return scalar(n, path, "a string");
  }
  /// A plain integer in [lo, hi] ("value 7 out of range 1..5").
  std::int64_t integer(const YAML::Node& n, const std::string& path, std::optional<std::int64_t> lo = {},
                       std::optional<std::int64_t> hi = {}) const;
  /// A plain decimal number in [lo, hi].
  double number(const YAML::Node& n, const std::string& path, double lo, double hi) const;
  bool boolean(const YAML::Node& n, const std::string& path) const;
  /// Milliseconds: a plain integer, or "<n>ms" / "<n>s"; in [lo (default 0), hi].
  std::int64_t duration_ms(const YAML::Node& n, const std::string& path, std::optional<std::int64_t> lo = {},
                           std::optional<std::int64_t> hi = {}) const;
  /// One of `allowed` ("invalid value 'x' (did you mean 'y'?)" / "(expected one of: ...)").
  const std::string& enumeration(const YAML::Node& n, const std::string& path,
                                 const std::vector<std::string>& allowed) const;
  /// A list; each item read by `one(item, "path[i]")`.
  template <class F>
  auto list(const YAML::Node& n, const std::string& path, F&& one) const {
    using T = decltype(one(n, path));
    if (!n.IsSequence()) fail(n, path, "expected a list, got " + describe(n));
    std::vector<T> out;
    std::size_t i = 0;
    for (const auto& item : n) out.push_back(one(item, path + "[" + std::to_string(i++) + "]"));
    return out;
  }
  std::vector<std::string> string_list(const YAML::Node& n, const std::string& path) const {
    return list(n, path, [this](const YAML::Node& i, const std::string& p) { return string(i, p); });
  }

 private:
  std::int64_t in_range(const YAML::Node& n, const std::string& path, std::int64_t v,
                        std::optional<std::int64_t> lo, std::optional<std::int64_t> hi) const;
  std::string file_;
  Wording wording_;
};

/// Parses `text` as one YAML document and returns `read(root)`. A YAML syntax error becomes
/// "<file>:<line>:<col>: <syntax_prefix><yaml-cpp's message>"; another exception "cannot load <what>: ...".
template <class T, class F>
Expected<T, ConfigError> read_document(std::string_view text, const std::string& file, std::string_view what,
                                       std::string_view syntax_prefix, F&& read) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    return read(root);
  } catch (const Failure& f) {
    return Unexpected{f.error};
  } catch (const YAML::Exception& e) {
    return Unexpected{
        ConfigError{file, line_of(e.mark), col_of(e.mark), "", std::string(syntax_prefix) + e.msg}};
  } catch (const std::exception& e) {
    return Unexpected{ConfigError{file, 1, 1, "", "cannot load " + std::string(what) + ": " + e.what()}};
  }
}

/// The whole file as text, or a ConfigError at 0:0 ("cannot read file").
Expected<std::string, ConfigError> read_file(const std::string& path);

}  // namespace v6r::yaml_strict
