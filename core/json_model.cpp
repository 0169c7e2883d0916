#include "core/json_model.hpp"

#include <cmath>

namespace v6r::jsonmodel {

std::string_view to_string(Presence p) {
  switch (p) {
    case Presence::required:
      return "required";
    case Presence::optional:
      return "optional";
    case Presence::nullable:
      return "nullable";
  }
  return "required";
}

bool Reader::fail(const std::string& path, const std::string& message) {
  if (!error_) error_ = path + ": " + message;
  return false;
}

std::string show(const json& v) {
  constexpr std::size_t kMax = 40;
  std::string s;
  switch (v.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    default:
      // ensure_ascii: every control and non-ASCII character becomes \uXXXX; invalid UTF-8 is replaced.
      s = v.dump(-1, ' ', true, json::error_handler_t::replace);
  }
  if (s.size() > kMax) s = s.substr(0, kMax - 3) + "...";
  return s;
}

std::string key_path(const std::string& base, std::string_view key) {
  bool plain = !key.empty();
  for (const char c : key)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-');
  const std::string k = plain ? std::string(key) : show(json(std::string(key)));
  return base.empty() ? k : base + "." + k;
}

bool read_value(Reader& r, const json& j, const std::string& path, std::string& out) {
  if (!j.is_string()) return r.fail(path, "expected a string, got " + show(j));
  out = j.get_ref<const std::string&>();
  return true;
}

bool read_value(Reader& r, const json& j, const std::string& path, bool& out) {
  if (!j.is_boolean()) return r.fail(path, "expected true or false, got " + show(j));
  out = j.get<bool>();
  return true;
}

bool read_value(Reader& r, const json& j, const std::string& path, std::uint64_t& out) {
  // Parsed text gives an unsigned integer for n >= 0; a document built in memory may hold a signed one.
  if (!j.is_number_integer() || (!j.is_number_unsigned() && j.get<std::int64_t>() < 0))
    return r.fail(path, "expected an integer >= 0, got " + show(j));
  out = j.get<std::uint64_t>();
  return true;
}

bool read_value(Reader& r, const json& j, const std::string& path, std::int64_t& out) {
  if (!j.is_number_integer() ||
      (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)))
    return r.fail(path, "expected an integer, got " + show(j));
  out = j.get<std::int64_t>();
  return true;
}

bool read_value(Reader& r, const json& j, const std::string& path, double& out) {
  if (!j.is_number() || !std::isfinite(j.get<double>()))
    return r.fail(path, "expected a number, got " + show(j));
  out = j.get<double>();
  return true;
}

bool read_value(Reader& r, const json& j, const std::string& path, UtcMs& out) {
  const auto t = j.is_string() ? parse_rfc3339_ms(j.get_ref<const std::string&>()) : std::nullopt;
  if (!t) return r.fail(path, "expected an RFC 3339 UTC time like 2026-11-23T12:00:00.000Z, got " + show(j));
  out = *t;
  return true;
}

json write_value(const std::string& v) {
  return v;
}
json write_value(bool v) {
  return v;
}
json write_value(std::uint64_t v) {
  return v;
}
json write_value(std::int64_t v) {
  return v;
}
json write_value(double v) {
  return v;
}
json write_value(UtcMs v) {
  return format_rfc3339_ms(v);
}

}  // namespace v6r::jsonmodel
