#pragma once
// Declarative check-parameter schemas (docs/conventions.md §4, §5): each check kind declares its params
// (name, type, required/default, doc, constraints); validation turns a YAML map into typed
// ParamValues or a ConfigError naming file:line:col and the key path. The same field machinery
// validates the scenario's own sections (core/scenario.cpp), and render_markdown() generates the
// reference in scenarios/README.md so the docs never drift from the code.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/expected.hpp"
#include "core/ip.hpp"
#include "core/scenario_error.hpp"
#include "core/suggest.hpp"

namespace YAML {
class Node;
}

namespace v6r::scenario {

enum class FieldType {
  string,
  integer,      // int64 with min/max
  boolean,      // true|false
  duration_ms,  // non-negative integer milliseconds, or "250ms" / "2s"
  ip_address,   // either family
  ipv6_address,
  ipv4_address,
  ip_prefix,      // either family, host bits zero
  pref64_prefix,  // IPv6, RFC 6052 length, u-octet zero
  dns_name,       // LDH(+'_') labels <= 63, total <= 253, optional trailing dot
  port,           // 1..65535
  enumeration,    // one of `allowed`
  url,            // http:// or https:// with a host
  string_list,
  ip_address_list,
  prefix_list,
  string_map,  // map<string,string>, e.g. HTTP headers
};
std::string_view to_string(FieldType t);  // "int", "list<ip_address>", ...

/// One parameter. Built fluently: Field::integer("port").min(1).max(65535).def("80").doc("...").
struct Field {
  std::string name;
  FieldType type = FieldType::string;
  bool required = false;
  std::optional<std::string> default_text;  // YAML text, validated like user input at registration
  std::string doc;
  std::optional<std::int64_t> min_value, max_value;  // integer, duration_ms
  std::vector<std::string> allowed;                  // enumeration

  static Field of(std::string name, FieldType t);
  static Field string(std::string n) { return of(std::move(n), FieldType::string); }
  static Field integer(std::string n) { return of(std::move(n), FieldType::integer); }
  static Field boolean(std::string n) { return of(std::move(n), FieldType::boolean); }
  static Field duration_ms(std::string n) { return of(std::move(n), FieldType::duration_ms); }
  static Field ip_address(std::string n) { return of(std::move(n), FieldType::ip_address); }
  static Field ipv6_address(std::string n) { return of(std::move(n), FieldType::ipv6_address); }
  static Field ipv4_address(std::string n) { return of(std::move(n), FieldType::ipv4_address); }
  static Field ip_prefix(std::string n) { return of(std::move(n), FieldType::ip_prefix); }
  static Field pref64_prefix(std::string n) { return of(std::move(n), FieldType::pref64_prefix); }
  static Field dns_name(std::string n) { return of(std::move(n), FieldType::dns_name); }
  static Field port(std::string n) { return of(std::move(n), FieldType::port); }
  static Field enumeration(std::string n, std::vector<std::string> values);
  static Field url(std::string n) { return of(std::move(n), FieldType::url); }
  static Field string_list(std::string n) { return of(std::move(n), FieldType::string_list); }
  static Field ip_address_list(std::string n) { return of(std::move(n), FieldType::ip_address_list); }
  static Field prefix_list(std::string n) { return of(std::move(n), FieldType::prefix_list); }
  static Field string_map(std::string n) { return of(std::move(n), FieldType::string_map); }

  Field& req() & {
    required = true;
    return *this;
  }
  Field&& req() && {
    required = true;
    return std::move(*this);
  }
  Field&& def(std::string yaml_text) && {
    default_text = std::move(yaml_text);
    return std::move(*this);
  }
  Field&& describe(std::string text) && {
    doc = std::move(text);
    return std::move(*this);
  }
  Field&& min(std::int64_t v) && {
    min_value = v;
    return std::move(*this);
  }
  Field&& max(std::int64_t v) && {
    max_value = v;
    return std::move(*this);
  }
};

using ParamValue =
    std::variant<std::monostate, std::string, std::int64_t, bool, IpAddr, Prefix, std::vector<std::string>,
                 std::vector<IpAddr>, std::vector<Prefix>, std::map<std::string, std::string>>;

struct SourceLoc {
  int line = 0;
  int col = 0;
};

/// Validated, typed parameters. Getters of a field the schema declares required or defaulted never
/// fail; a getter called with an undeclared name or the wrong type throws std::logic_error
/// (a programming error in the check, not a config error).
class ParamValues {
 public:
  [[nodiscard]] bool has(std::string_view name) const;
  [[nodiscard]] const std::string& get_string(std::string_view name) const;  // string, enum, dns_name, url
  [[nodiscard]] std::int64_t get_int(std::string_view name) const;           // integer, port, duration_ms
  [[nodiscard]] bool get_bool(std::string_view name) const;
  [[nodiscard]] std::chrono::milliseconds get_duration(std::string_view name) const;
  [[nodiscard]] const IpAddr& get_ip(std::string_view name) const;  // ip/ipv4/ipv6_address
  [[nodiscard]] const Prefix& get_prefix(std::string_view name) const;
  [[nodiscard]] const std::vector<std::string>& get_list(std::string_view name) const;
  [[nodiscard]] const std::vector<IpAddr>& get_ip_list(std::string_view name) const;
  [[nodiscard]] const std::vector<Prefix>& get_prefix_list(std::string_view name) const;
  [[nodiscard]] const std::map<std::string, std::string>& get_map(std::string_view name) const;
  /// Where the value was written (0:0 for defaults).
  [[nodiscard]] SourceLoc loc(std::string_view name) const;
  [[nodiscard]] const ParamValue* find(std::string_view name) const;
  [[nodiscard]] std::size_t size() const { return values_.size(); }

  void set(std::string name, ParamValue v, SourceLoc where = {});

 private:
  const ParamValue& at(std::string_view name) const;
  std::map<std::string, ParamValue, std::less<>> values_;
  std::map<std::string, SourceLoc, std::less<>> locs_;
};

/// The `resolver` parameter of every kind that resolves names (docs/architecture.md "Check kinds",
/// "Per-check resolver"): the DNS server this check asks instead of the run's own. The run engine
/// reads it (every kind declares it with resolver_field()); it must lie inside the scenario's allow
/// list, checked before any traffic.
inline constexpr std::string_view kResolverParam = "resolver";
Field resolver_field();

struct CheckSchema {
  std::string kind;     // "dns64.synthesis"
  std::string summary;  // one line
  std::vector<std::string> rfcs;
  std::vector<Field> fields;
  /// Groups of which exactly one field must be given, e.g. {"host", "address"}.
  std::vector<std::vector<std::string>> exactly_one_of;

  CheckSchema() = default;
  CheckSchema(std::string k, std::string s) : kind(std::move(k)), summary(std::move(s)) {}
  CheckSchema&& rfc(std::string r) && {
    rfcs.push_back(std::move(r));
    return std::move(*this);
  }
  CheckSchema&& field(Field f) && {
    fields.push_back(std::move(f));
    return std::move(*this);
  }
  CheckSchema&& one_of(std::vector<std::string> g) && {
    exactly_one_of.push_back(std::move(g));
    return std::move(*this);
  }
  [[nodiscard]] const Field* find(std::string_view name) const;
};

class CheckSchemaRegistry {
 public:
  /// Throws std::logic_error on a duplicate kind, a duplicate field or an invalid default
  /// (programming errors, caught by the registry unit test).
  void add(CheckSchema schema);
  [[nodiscard]] const CheckSchema* find(std::string_view kind) const;
  [[nodiscard]] std::vector<std::string> kinds() const;  // sorted
  [[nodiscard]] std::size_t size() const { return schemas_.size(); }
  [[nodiscard]] auto begin() const { return schemas_.begin(); }
  [[nodiscard]] auto end() const { return schemas_.end(); }

 private:
  std::map<std::string, CheckSchema, std::less<>> schemas_;
};

/// Validates a YAML map (a null node means "empty") against `fields`. Unknown keys, duplicate keys,
/// wrong types, violated constraints and missing required keys are errors; absent defaulted fields
/// take their default. `path` prefixes the key paths ("checks[2].params"); `passthrough` keys are
/// skipped (the caller handles them).
Expected<ParamValues, ConfigError> validate_fields(const YAML::Node& map, const std::vector<Field>& fields,
                                                   const std::string& file, const std::string& path,
                                                   const std::vector<std::string>& passthrough = {});
/// validate_fields + the schema's exactly_one_of groups.
Expected<ParamValues, ConfigError> validate_params(const CheckSchema& schema, const YAML::Node& params,
                                                   const std::string& file, const std::string& path);

// suggest() (did-you-mean for keys, values and kinds) is in core/suggest.hpp.

/// Markdown reference: one section per kind with summary, RFCs and a params table.
std::string render_markdown(const CheckSchemaRegistry& registry);

}  // namespace v6r::scenario
