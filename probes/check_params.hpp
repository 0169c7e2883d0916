#pragma once
// Reading a kind's typed parameters from its validated ParamValues (the `params` function of its
// block, probes/check_kind.hpp). The values were validated against the kind's schema at load time,
// so a getter never meets a wrong type; an optional parameter reads as std::optional.
//
// Enumerations are written once per enum as a table of {value, scenario spelling}: the schema lists
// the spellings (enum_names), params() turns the validated text into the value (enum_param), and a
// result that records the value uses enum_name.
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_schema.hpp"
#include "core/ip.hpp"

namespace v6r::probe {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

template <class E, std::size_t N>
using EnumTable = std::array<EnumName<E>, N>;

/// The spellings, in table order, for Field::enumeration().
template <class E, std::size_t N>
std::vector<std::string> enum_names(const EnumTable<E, N>& table) {
  std::vector<std::string> out;
  for (const auto& e : table) out.emplace_back(e.name);
  return out;
}

/// The scenario spelling of `value`.
template <class E, std::size_t N>
std::string_view enum_name(const EnumTable<E, N>& table, E value) {
  for (const auto& e : table)
    if (e.value == value) return e.name;
  return "?";
}

/// The value of the validated enumeration parameter `param` (a spelling outside the table is a
/// programming error: the schema and the table disagree).
template <class E, std::size_t N>
E enum_param(const scenario::ParamValues& v, std::string_view param, const EnumTable<E, N>& table) {
  const std::string& text = v.get_string(param);
  for (const auto& e : table)
    if (e.name == text) return e.value;
  throw std::logic_error("parameter '" + std::string(param) + "': '" + text + "' is not in its enum table");
}

inline std::optional<std::string> optional_string(const scenario::ParamValues& v, std::string_view param) {
  return v.has(param) ? std::optional<std::string>(v.get_string(param)) : std::nullopt;
}
inline std::optional<Prefix> optional_prefix(const scenario::ParamValues& v, std::string_view param) {
  return v.has(param) ? std::optional<Prefix>(v.get_prefix(param)) : std::nullopt;
}
inline std::optional<IpAddr> optional_ip(const scenario::ParamValues& v, std::string_view param) {
  return v.has(param) ? std::optional<IpAddr>(v.get_ip(param)) : std::nullopt;
}
inline std::map<std::string, std::string> optional_map(const scenario::ParamValues& v,
                                                       std::string_view param) {
  return v.has(param) ? v.get_map(param) : std::map<std::string, std::string>{};
}
inline std::vector<std::string> optional_list(const scenario::ParamValues& v, std::string_view param) {
  return v.has(param) ? v.get_list(param) : std::vector<std::string>{};
}

}  // namespace v6r::probe
