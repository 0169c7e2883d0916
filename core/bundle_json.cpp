#include "core/bundle_json.hpp"

#include <arpa/inet.h>

#include <cmath>

#include "core/json_model.hpp"

namespace v6r::bundle::detail {

using nlohmann::json;

JsonFields::JsonFields(const json& obj, std::string prefix, std::optional<FieldProblem>& problem)
    : obj_(obj), prefix_(std::move(prefix)), problem_(problem) {
  if (!obj_.is_object() && ok()) fail(prefix_.empty() ? "(record)" : prefix_, "must be a JSON object");
}

std::string JsonFields::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

bool JsonFields::fail(std::string field, std::string message) {
  if (ok()) problem_ = FieldProblem{std::move(field), std::move(message)};
  return false;
}

const json* JsonFields::member(std::string_view key) {
  if (!ok() || !obj_.is_object()) return nullptr;
  auto it = obj_.find(key);
  if (it == obj_.end()) {
    fail(path(key), "missing");
    return nullptr;
  }
  return &*it;
}

bool JsonFields::string(std::string_view key, std::string& out, bool allow_empty) {
  const json* v = member(key);
  if (v == nullptr) return false;
  if (!v->is_string()) return fail(path(key), "must be a string");
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty() && !allow_empty) return fail(path(key), "must not be empty");
  out = s;
  return true;
}

bool JsonFields::opt_string(std::string_view key, std::optional<std::string>& out) {
  if (!ok() || !obj_.is_object()) return false;
  out.reset();
  if (!obj_.contains(key)) return true;
  std::string s;
  if (!string(key, s)) return false;
  out = std::move(s);
  return true;
}

bool JsonFields::u64(std::string_view key, std::uint64_t& out, std::uint64_t max) {
  const json* v = member(key);
  if (v == nullptr) return false;
  // Parsed text gives unsigned for n >= 0; JSON built in memory from an int gives a signed integer.
  if (!v->is_number_integer() || (!v->is_number_unsigned() && v->get<std::int64_t>() < 0))
    return fail(path(key), "must be a non-negative integer");
  auto n = v->get<std::uint64_t>();
  if (n > max) return fail(path(key), "must be at most " + std::to_string(max));
  out = n;
  return true;
}

bool JsonFields::non_negative(std::string_view key, double& out) {
  const json* v = member(key);
  if (v == nullptr) return false;
  if (!v->is_number()) return fail(path(key), "must be a number");
  auto d = v->get<double>();
  if (!std::isfinite(d) || d < 0) return fail(path(key), "must be a finite number >= 0");
  out = d;
  return true;
}

bool JsonFields::time(std::string_view key, UtcMs& out) {
  std::string s;
  if (!string(key, s)) return false;
  auto t = parse_rfc3339_ms(s);
  if (!t) return fail(path(key), "must be an RFC 3339 UTC timestamp like 2024-05-01T12:34:56.789Z");
  out = *t;
  return true;
}

bool JsonFields::object(std::string_view key, const json*& out) {
  const json* v = member(key);
  if (v == nullptr) return false;
  if (!v->is_object()) return fail(path(key), "must be an object");
  out = v;
  return true;
}

bool JsonFields::array(std::string_view key, const json*& out) {
  const json* v = member(key);
  if (v == nullptr) return false;
  if (!v->is_array()) return fail(path(key), "must be an array");
  out = v;
  return true;
}

bool JsonFields::only(std::initializer_list<std::string_view> known) {
  if (!ok() || !obj_.is_object()) return false;
  for (const auto& [k, v] : obj_.items()) {
    bool found = false;
    for (auto n : known) found = found || (n == k);
    if (!found) return fail(path(jsonmodel::key_path("", k)), "unknown key");
  }
  return true;
}

std::string json_syntax_error(std::string_view text) {
  try {
    [[maybe_unused]] auto again = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte: 1-based index of the last character read.
    const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return "not valid JSON (line " + std::to_string(line) + ", column " + std::to_string(col) + ")";
  } catch (const json::exception&) {  // out_of_range: a number too large
    return "not valid JSON (a number out of range)";
  }
  return "not valid JSON";
}

std::string shown(std::string_view value) {
  return jsonmodel::show(json(std::string(value)));
}

bool is_ip_address(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  std::string z(s);
  unsigned char buf[16];
  return inet_pton(AF_INET6, z.c_str(), buf) == 1 || inet_pton(AF_INET, z.c_str(), buf) == 1;
}

std::size_t json_nesting_depth(std::string_view text) {
  std::size_t depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

}  // namespace v6r::bundle::detail
