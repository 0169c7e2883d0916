#pragma once
// Typed JSON documents described once (docs/conventions.md §13). Each struct gets one Members<T>
// specialisation that lists its keys: the JSON key, the member it fills and how it appears (required,
// optional, nullable). One strict reader (read_value) and one writer (write_value) walk that list, so what is
// written and what is accepted cannot drift apart, and describe() lists every key path for the schema
// document's drift test.
//
// Reading refuses unknown keys, missing keys and wrong types, and never throws: the first problem is
// kept as "sites[2].findings[0].severity: expected one of fail|warn|info, got \"bad\"". Values quoted in
// messages are JSON-escaped ASCII, so nothing from the input reaches a terminal unescaped.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time_util.hpp"

namespace v6r::jsonmodel {

using nlohmann::json;

/// How a key appears in the JSON text.
enum class Presence {
  required,  ///< always written; a missing key is refused
  optional,  ///< std::optional member: written only when set; absent = unset; null is refused
  nullable,  ///< std::optional member: always written, null when unset; a missing key is refused
};
std::string_view to_string(Presence p);

template <class C, class M>
struct Member {
  std::string_view key;
  M C::*ptr;
  Presence presence;
};

template <class C, class M>
constexpr Member<C, M> req(std::string_view key, M C::*ptr) {
  return {key, ptr, Presence::required};
}
template <class C, class M>
constexpr Member<C, std::optional<M>> opt(std::string_view key, std::optional<M> C::*ptr) {
  return {key, ptr, Presence::optional};
}
template <class C, class M>
constexpr Member<C, std::optional<M>> nullable(std::string_view key, std::optional<M> C::*ptr) {
  return {key, ptr, Presence::nullable};
}

/// Specialise with `static constexpr auto list = std::tuple{req("key", &T::member), ...};`.
template <class T>
struct Members;
template <class T>
concept Described = requires {
  Members<T>::list;
};

/// Specialise with `static constexpr std::array<std::string_view, N> names{...}`, indexed by the
/// enumerator's value (0..N-1).
template <class E>
struct EnumNames;
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::names;
};

/// A type with its own JSON shape: specialise with static read(Reader&, const json&, const std::string&,
/// T&), write(const T&) -> json and `static constexpr std::string_view type_name`.
template <class T>
struct Codec;
template <class T>
concept CustomCodec = requires {
  Codec<T>::type_name;
};

template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
template <class T>
inline constexpr bool kIsVector = false;
template <class T>
inline constexpr bool kIsVector<std::vector<T>> = true;

/// Keeps the first problem of a read.
class Reader {
 public:
  /// Records "path: message" unless a problem is already recorded. Returns false.
  bool fail(const std::string& path, const std::string& message);
  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }

 private:
  std::optional<std::string> error_;
};

/// A value for a message: JSON text, ASCII only (control and non-ASCII bytes escaped), at most ~40
/// characters.
std::string show(const json& v);
/// "base.key" ("key" at the top); a key that is not [A-Za-z0-9_.-]+ is written as a JSON string.
std::string key_path(const std::string& base, std::string_view key);

// ---- reading ----------------------------------------------------------------------------------
bool read_value(Reader& r, const json& j, const std::string& path, std::string& out);
bool read_value(Reader& r, const json& j, const std::string& path, bool& out);
bool read_value(Reader& r, const json& j, const std::string& path, std::uint64_t& out);
bool read_value(Reader& r, const json& j, const std::string& path, std::int64_t& out);
bool read_value(Reader& r, const json& j, const std::string& path, double& out);
bool read_value(Reader& r, const json& j, const std::string& path, UtcMs& out);
template <NamedEnum E>
bool read_value(Reader& r, const json& j, const std::string& path, E& out);
template <CustomCodec T>
bool read_value(Reader& r, const json& j, const std::string& path, T& out);
template <class T>
bool read_value(Reader& r, const json& j, const std::string& path, std::vector<T>& out);
template <Described T>
bool read_value(Reader& r, const json& j, const std::string& path, T& out);

// ---- writing ----------------------------------------------------------------------------------
json write_value(const std::string& v);
json write_value(bool v);
json write_value(std::uint64_t v);
json write_value(std::int64_t v);
json write_value(double v);
json write_value(UtcMs v);
template <NamedEnum E>
json write_value(E v);
template <CustomCodec T>
json write_value(const T& v);
template <class T>
json write_value(const std::vector<T>& v);
template <Described T>
json write_value(const T& v);

// ---- describing -------------------------------------------------------------------------------
/// One key path of a document: "sites[].findings[].severity", "one of fail, warn, info", "required".
struct FieldRow {
  std::string path;
  std::string type;
  std::string presence;
  bool operator==(const FieldRow&) const = default;
};
template <class T>
std::string type_name();
template <class T>
void describe(std::vector<FieldRow>& out, const std::string& path);

// ---- enums --------------------------------------------------------------------------------------
template <NamedEnum E>
constexpr std::string_view enum_text(E v) {
  const auto i = static_cast<std::size_t>(v);
  return i < EnumNames<E>::names.size() ? EnumNames<E>::names[i] : std::string_view("?");
}
template <NamedEnum E>
constexpr std::optional<E> enum_from_text(std::string_view s) {
  for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i)
    if (EnumNames<E>::names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}
/// "fail|warn|info" (sep "|") or "fail, warn, info".
template <NamedEnum E>
std::string enum_choices(std::string_view sep) {
  std::string s;
  for (const auto n : EnumNames<E>::names) s += (s.empty() ? "" : std::string(sep)) + std::string(n);
  return s;
}

// ---- definitions --------------------------------------------------------------------------------
template <NamedEnum E>
bool read_value(Reader& r, const json& j, const std::string& path, E& out) {
  const auto v = j.is_string() ? enum_from_text<E>(j.get_ref<const std::string&>()) : std::nullopt;
  if (!v) return r.fail(path, "expected one of " + enum_choices<E>("|") + ", got " + show(j));
  out = *v;
  return true;
}

template <CustomCodec T>
bool read_value(Reader& r, const json& j, const std::string& path, T& out) {
  return Codec<T>::read(r, j, path, out);
}

template <class T>
bool read_value(Reader& r, const json& j, const std::string& path, std::vector<T>& out) {
  if (!j.is_array()) return r.fail(path, "expected a list, got " + show(j));
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    T v{};
    if (!read_value(r, j[i], path + "[" + std::to_string(i) + "]", v)) return false;
    out.push_back(std::move(v));
  }
  return true;
}

template <class C, class M>
bool read_member(Reader& r, const json& j, const std::string& path, C& obj, const Member<C, M>& m) {
  const auto p = key_path(path, m.key);
  const auto it = j.find(std::string(m.key));
  if constexpr (kIsOptional<M>) {
    auto& dst = obj.*m.ptr;
    dst.reset();
    if (it == j.end()) return m.presence == Presence::optional || r.fail(p, "missing (null when not known)");
    if (it->is_null() && m.presence == Presence::nullable) return true;
    typename M::value_type v{};
    if (!read_value(r, *it, p, v)) return false;
    dst = std::move(v);
    return true;
  } else {
    if (it == j.end()) return r.fail(p, "missing");
    return read_value(r, *it, p, obj.*m.ptr);
  }
}

template <Described T>
bool known_key(std::string_view key) {
  return std::apply([&](const auto&... m) { return ((m.key == key) || ...); }, Members<T>::list);
}

template <Described T>
bool read_value(Reader& r, const json& j, const std::string& path, T& out) {
  if (!j.is_object()) return r.fail(path, "expected an object, got " + show(j));
  for (const auto& [k, v] : j.items())
    if (!known_key<T>(k)) return r.fail(key_path(path, k), "unknown field");
  return std::apply([&](const auto&... m) { return (read_member(r, j, path, out, m) && ...); },
                    Members<T>::list);
}

template <NamedEnum E>
json write_value(E v) {
  return std::string(enum_text(v));
}

template <CustomCodec T>
json write_value(const T& v) {
  return Codec<T>::write(v);
}

template <class T>
json write_value(const std::vector<T>& v) {
  json a = json::array();
  for (const auto& e : v) a.push_back(write_value(e));
  return a;
}

template <class C, class M>
void write_member(json& o, const C& obj, const Member<C, M>& m) {
  const auto& v = obj.*m.ptr;
  if constexpr (kIsOptional<M>) {
    if (v)
      o[std::string(m.key)] = write_value(*v);
    else if (m.presence == Presence::nullable)
      o[std::string(m.key)] = nullptr;
  } else {
    o[std::string(m.key)] = write_value(v);
  }
}

template <Described T>
json write_value(const T& v) {
  json o = json::object();
  std::apply([&](const auto&... m) { (write_member(o, v, m), ...); }, Members<T>::list);
  return o;
}

template <class T>
std::string type_name() {
  if constexpr (std::is_same_v<T, std::string>)
    return "string";
  else if constexpr (std::is_same_v<T, bool>)
    return "boolean";
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return "integer >= 0";
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return "integer";
  else if constexpr (std::is_same_v<T, double>)
    return "number";
  else if constexpr (std::is_same_v<T, UtcMs>)
    return "time (RFC 3339 UTC, ms)";
  else if constexpr (NamedEnum<T>)
    return "one of " + enum_choices<T>(", ");
  else if constexpr (CustomCodec<T>)
    return std::string(Codec<T>::type_name);
  else if constexpr (kIsVector<T>)
    return "list of " + type_name<typename T::value_type>();
  else
    return "object";
}

template <class T>
void describe(std::vector<FieldRow>& out, const std::string& path) {
  // A recursive type (a message whose list argument holds messages, core/message.hpp) is listed twice
  // down its own path, then its key stops: the rows below it repeat.
  static const char tag = 0;
  thread_local std::vector<const void*> describing;
  if (std::count(describing.begin(), describing.end(), &tag) >= 2) return;
  describing.push_back(&tag);
  std::apply(
      [&](const auto&... m) {
        (
            [&](const auto& mem) {
              using M = std::remove_cvref_t<decltype(std::declval<T>().*(mem.ptr))>;
              using V = typename std::conditional_t<kIsOptional<M>, M, std::optional<M>>::value_type;
              const std::string p = path.empty() ? std::string(mem.key) : path + "." + std::string(mem.key);
              out.push_back({p, type_name<V>(), std::string(to_string(mem.presence))});
              if constexpr (Described<V>) {
                describe<V>(out, p);
              } else if constexpr (kIsVector<V>) {
                if constexpr (Described<typename V::value_type>)
                  describe<typename V::value_type>(out, p + "[]");
              }
            }(m),
            ...);
      },
      Members<T>::list);
  describing.pop_back();
}

}  // namespace v6r::jsonmodel
