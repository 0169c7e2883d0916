#include "core/yaml_strict.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace v6r::yaml_strict {
namespace {

bool is_plain(const YAML::Node& n) {
  return n.Tag() != "!";
}

std::string comma_list(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

std::string bound(std::optional<std::int64_t> v, const char* none) {
  return v ? std::to_string(*v) : std::string(none);
}

}  // namespace

std::string describe(const YAML::Node& n) {
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

std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  const std::size_t digits = !s.empty() && s[0] == '-' ? 1 : 0;
  if (digits == s.size()) return std::nullopt;
  for (std::size_t i = digits; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;  // overflow
  return v;
}

std::optional<double> parse_number(std::string_view s) {
  // from_chars alone would take "inf", "nan" and "infinity": allow only the characters of a decimal.
  bool digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '+' || c == '-') {
      if (i != 0 && s[i - 1] != 'e' && s[i - 1] != 'E') return std::nullopt;
      if (i == 0 && c == '+') return std::nullopt;
    } else if (c != '.' && c != 'e' && c != 'E') {
      return std::nullopt;
    }
  }
  if (!digit) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

void Reader::fail(const YAML::Mark& at, std::string path, std::string message) const {
  throw Failure(ConfigError{file_, line_of(at), col_of(at), std::move(path), std::move(message)});
}

void Reader::keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& known,
                  const std::vector<std::string>& passthrough, bool null_ok, Collector* collect) const {
  if (null_ok && map.IsNull()) return;
  if (!map.IsMap()) fail(map, path, "expected a map, got " + describe(map));
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    auto one = [&] {
      if (!it->first.IsScalar())
        fail(it->first, path, "keys must be plain strings, got " + describe(it->first));
      const std::string& key = it->first.Scalar();
      const std::string kp = join_path(path, key);
      if (!seen.insert(key).second) fail(it->first, kp, "duplicate key");
      if (std::find(known.begin(), known.end(), key) != known.end() ||
          std::find(passthrough.begin(), passthrough.end(), key) != passthrough.end())
        return;
      std::vector<std::string> all = known;
      all.insert(all.end(), passthrough.begin(), passthrough.end());
      const std::string hint = suggest(key, all);
      const std::string why = !hint.empty() ? "did you mean '" + hint + "'?"
                              : all.empty() ? std::string("this kind takes no parameters")
                                            : std::string(wording_.known_keys) + comma_list(all);
      if (wording_.quote_unknown_key) fail(it->first, "", "unknown key '" + kp + "' (" + why + ")");
      fail(it->first, kp, "unknown key (" + why + ")");
    };
    if (collect)
      collect->attempt(one);
    else
      one();
  }
}

void Collector::add(const ConfigError& e) {
  ConfigError first = e;
  first.more.clear();
  errors_.push_back(std::move(first));
  for (const auto& m : e.more) add(m);
}

void Collector::throw_if_any() const {
  if (errors_.empty()) return;
  ConfigError e = errors_.front();
  e.more.assign(errors_.begin() + 1, errors_.end());
  throw Failure(std::move(e));
}

YAML::Node Reader::child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Null);
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  return YAML::Node(YAML::NodeType::Null);
}

bool Reader::has(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return false;
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return true;
  return false;
}

YAML::Node Reader::required(const YAML::Node& map, const std::string& path, std::string_view key) const {
  if (!has(map, key)) fail(map, join_path(path, std::string(key)), "missing required key");
  return child(map, key);
}

const std::string& Reader::scalar(const YAML::Node& n, const std::string& path, std::string_view what) const {
  if (!n.IsScalar()) fail(n, path, "expected " + std::string(what) + ", got " + describe(n));
  return n.Scalar();
}

std::int64_t Reader::in_range(const YAML::Node& n, const std::string& path, std::int64_t v,
                              std::optional<std::int64_t> lo, std::optional<std::int64_t> hi) const {
  if ((lo && v < *lo) || (hi && v > *hi))
    fail(n, path,
         "value " + std::to_string(v) + " out of range " + bound(lo, "-inf") + ".." + bound(hi, "inf"));
  return v;
}

std::int64_t Reader::integer(const YAML::Node& n, const std::string& path, std::optional<std::int64_t> lo,
                             std::optional<std::int64_t> hi) const {
  const std::string& s = scalar(n, path, "an integer");
  const auto v = is_plain(n) ? parse_int(s) : std::nullopt;
  if (!v) fail(n, path, "expected an integer, got " + describe(n));
  return in_range(n, path, *v, lo, hi);
}

double Reader::number(const YAML::Node& n, const std::string& path, double lo, double hi) const {
  const std::string& s = scalar(n, path, "a number");
  const auto v = is_plain(n) ? parse_number(s) : std::nullopt;
  if (!v) fail(n, path, "expected a number, got " + describe(n));
  if (*v < lo || *v > hi) fail(n, path, fmt::format("value {} out of range {}..{}", *v, lo, hi));
  return *v;
}

bool Reader::boolean(const YAML::Node& n, const std::string& path) const {
  if (n.IsScalar() && is_plain(n)) {
    if (n.Scalar() == "true") return true;
    if (n.Scalar() == "false") return false;
  }
  fail(n, path,
       wording_.bool_names_value ? "expected true or false, got " + describe(n)
                                 : std::string("expected true or false"));
}

std::int64_t Reader::duration_ms(const YAML::Node& n, const std::string& path, std::optional<std::int64_t> lo,
                                 std::optional<std::int64_t> hi) const {
  const std::string& s = scalar(n, path, "a duration in milliseconds");
  std::optional<std::int64_t> v;
  if (is_plain(n)) v = parse_int(s);
  if (!v && s.size() > 2 && s.ends_with("ms")) {
    v = parse_int(std::string_view(s).substr(0, s.size() - 2));
  } else if (!v && s.size() > 1 && s.back() == 's') {
    v = parse_int(std::string_view(s).substr(0, s.size() - 1));
    if (v && (*v > 1'000'000'000 || *v < -1'000'000'000)) v.reset();
    if (v) *v *= 1000;
  }
  if (!v)
    fail(n, path, "expected a duration in milliseconds (e.g. 3000, \"250ms\", \"2s\"), got " + describe(n));
  return in_range(n, path, *v, lo ? lo : std::optional<std::int64_t>(0), hi);
}

const std::string& Reader::enumeration(const YAML::Node& n, const std::string& path,
                                       const std::vector<std::string>& allowed) const {
  const std::string& s = scalar(n, path, "one of the allowed values");
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    const std::string hint = suggest(s, allowed);
    fail(n, path,
         "invalid value '" + s + "' (" +
             (hint.empty() ? "expected one of: " + comma_list(allowed) : "did you mean '" + hint + "'?") +
             ")");
  }
  return s;
}

Expected<std::string, ConfigError> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{ConfigError{path, 0, 0, "", "cannot read file"}};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace v6r::yaml_strict
