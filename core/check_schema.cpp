#include "core/check_schema.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/rfc6052.hpp"
#include "core/yaml_strict.hpp"

namespace v6r::scenario {
namespace {

using yaml_strict::describe;
using yaml_strict::join_path;
using yaml_strict::Reader;

bool valid_dns_name(std::string_view s) {
  if (s.empty()) return false;
  if (s == ".") return true;
  if (s.back() == '.') s.remove_suffix(1);
  if (s.size() > 253) return false;
  std::size_t label = 0;
  for (char c : s) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || ++label > 63) return false;
  }
  return label > 0;
}

bool valid_url(std::string_view s) {
  std::string_view rest;
  if (s.rfind("http://", 0) == 0) {
    rest = s.substr(7);
  } else if (s.rfind("https://", 0) == 0) {
    rest = s.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == ':') return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f) return false;
  return true;
}

IpAddr parse_ip(const Reader& r, const YAML::Node& n, const std::string& path, FieldType t) {
  const std::string& s = r.scalar(n, path, "an IP address");
  auto a = IpAddr::parse(s);
  if (!a) r.fail(n, path, "invalid IP address '" + s + "'");
  if (t == FieldType::ipv6_address && !a->is_v6())
    r.fail(n, path, "expected an IPv6 address, got '" + s + "'");
  if (t == FieldType::ipv4_address && !a->is_v4())
    r.fail(n, path, "expected an IPv4 address, got '" + s + "'");
  return *a;
}

Prefix parse_prefix(const Reader& r, const YAML::Node& n, const std::string& path, bool pref64) {
  const std::string& s = r.scalar(n, path, pref64 ? "a Pref64::/n prefix" : "an IP prefix");
  auto p = Prefix::parse(s);
  if (!p) r.fail(n, path, "invalid prefix '" + s + "': " + p.error());
  if (pref64) {
    auto ok = addr::validate_pref64(*p);
    if (!ok) r.fail(n, path, "invalid Pref64 '" + s + "': " + ok.error().message);
  }
  return *p;
}

ParamValue parse_value(const Reader& r, const Field& f, const YAML::Node& n, const std::string& path) {
  switch (f.type) {
    case FieldType::string:
      return r.string(n, path);
    case FieldType::integer:
      return r.integer(n, path, f.min_value, f.max_value);
    case FieldType::port:
      return r.integer(n, path, 1, 65535);
    case FieldType::duration_ms:
      return r.duration_ms(n, path, f.min_value, f.max_value);
    case FieldType::boolean:
      return r.boolean(n, path);
    case FieldType::ip_address:
    case FieldType::ipv6_address:
    case FieldType::ipv4_address:
      return parse_ip(r, n, path, f.type);
    case FieldType::ip_prefix:
      return parse_prefix(r, n, path, false);
    case FieldType::pref64_prefix:
      return parse_prefix(r, n, path, true);
    case FieldType::dns_name: {
      const std::string& s = r.scalar(n, path, "a DNS name");
      if (!valid_dns_name(s)) r.fail(n, path, "invalid DNS name '" + s + "'");
      return s;
    }
    case FieldType::enumeration:
      return r.enumeration(n, path, f.allowed);
    case FieldType::url: {
      const std::string& s = r.scalar(n, path, "a URL");
      if (!valid_url(s))
        r.fail(n, path, "invalid URL '" + s + "' (expected http://HOST/... or https://HOST/...)");
      return s;
    }
    case FieldType::string_list:
      return r.string_list(n, path);
    case FieldType::ip_address_list:
      return r.list(n, path, [&](const YAML::Node& i, const std::string& p) {
        return parse_ip(r, i, p, FieldType::ip_address);
      });
    case FieldType::prefix_list:
      return r.list(n, path,
                    [&](const YAML::Node& i, const std::string& p) { return parse_prefix(r, i, p, false); });
    case FieldType::string_map: {
      if (!n.IsMap()) r.fail(n, path, "expected a map of strings, got " + describe(n));
      std::map<std::string, std::string> out;
      for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string& k = r.scalar(it->first, path, "a string key");
        const std::string kp = join_path(path, k);
        if (out.count(k) != 0) r.fail(it->first, kp, "duplicate key");
        out[k] = r.string(it->second, kp);
      }
      return out;
    }
  }
  return std::monostate{};
}

ParamValues validate_fields_or_throw(const YAML::Node& map, const std::vector<Field>& fields,
                                     const std::string& file, const std::string& path,
                                     const std::vector<std::string>& passthrough) {
  // Every key is looked at, each error kept (yaml_strict::Collector), so one run names them all.
  const Reader r(file);
  yaml_strict::Collector errors;
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  r.keys(map, path, names, passthrough, /*null_ok=*/true, &errors);
  ParamValues out;
  std::set<std::string> misspelt;  // known names that an unknown key is a near miss of
  if (map.IsMap()) {
    std::vector<std::string> all = names;
    all.insert(all.end(), passthrough.begin(), passthrough.end());
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) continue;  // keys() reported it
      const std::string& key = it->first.Scalar();
      auto f = std::find_if(fields.begin(), fields.end(), [&](const Field& x) { return x.name == key; });
      if (f == fields.end()) {  // a passthrough key, or an unknown one (reported by keys())
        if (std::find(all.begin(), all.end(), key) == all.end()) misspelt.insert(suggest(key, all));
        continue;
      }
      if (out.has(key)) continue;  // a duplicate (reported by keys())
      errors.attempt([&] {
        out.set(key, parse_value(r, *f, it->second, join_path(path, key)),
                SourceLoc{yaml_strict::line_of(it->second.Mark()), yaml_strict::col_of(it->second.Mark())});
      });
    }
  }
  for (const auto& f : fields) {
    if (out.has(f.name)) continue;
    // A required key that an unknown key misspells is that key's error already ("did you mean").
    if (f.required && misspelt.count(f.name) == 0)
      errors.attempt([&] { r.fail(map, join_path(path, f.name), "missing required key"); });
    if (f.default_text) {
      YAML::Node d = YAML::Load(*f.default_text);
      out.set(f.name, parse_value(r, f, d, join_path(path, f.name)));
    }
  }
  errors.throw_if_any();
  return out;
}

}  // namespace

std::string_view to_string(FieldType t) {
  switch (t) {
    case FieldType::string:
      return "string";
    case FieldType::integer:
      return "int";
    case FieldType::boolean:
      return "bool";
    case FieldType::duration_ms:
      return "duration_ms";
    case FieldType::ip_address:
      return "ip_address";
    case FieldType::ipv6_address:
      return "ipv6_address";
    case FieldType::ipv4_address:
      return "ipv4_address";
    case FieldType::ip_prefix:
      return "ip_prefix";
    case FieldType::pref64_prefix:
      return "pref64_prefix";
    case FieldType::dns_name:
      return "dns_name";
    case FieldType::port:
      return "port";
    case FieldType::enumeration:
      return "enum";
    case FieldType::url:
      return "url";
    case FieldType::string_list:
      return "list<string>";
    case FieldType::ip_address_list:
      return "list<ip_address>";
    case FieldType::prefix_list:
      return "list<ip_prefix>";
    case FieldType::string_map:
      return "map<string,string>";
  }
  return "?";
}

Field Field::of(std::string n, FieldType t) {
  Field f;
  f.name = std::move(n);
  f.type = t;
  return f;
}

Field Field::enumeration(std::string n, std::vector<std::string> values) {
  Field f = of(std::move(n), FieldType::enumeration);
  f.allowed = std::move(values);
  return f;
}

// ---- ParamValues

bool ParamValues::has(std::string_view name) const {
  return values_.find(name) != values_.end();
}

const ParamValue* ParamValues::find(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

const ParamValue& ParamValues::at(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("ParamValues: no value for '" + std::string(name) + "'");
  return it->second;
}

namespace {
template <class T>
const T& typed(const ParamValue& v, std::string_view name) {
  if (const T* p = std::get_if<T>(&v)) return *p;
  throw std::logic_error("ParamValues: '" + std::string(name) + "' has another type");
}
}  // namespace

const std::string& ParamValues::get_string(std::string_view n) const {
  return typed<std::string>(at(n), n);
}
std::int64_t ParamValues::get_int(std::string_view n) const {
  return typed<std::int64_t>(at(n), n);
}
bool ParamValues::get_bool(std::string_view n) const {
  return typed<bool>(at(n), n);
}
std::chrono::milliseconds ParamValues::get_duration(std::string_view n) const {
  return std::chrono::milliseconds(typed<std::int64_t>(at(n), n));
}
const IpAddr& ParamValues::get_ip(std::string_view n) const {
  return typed<IpAddr>(at(n), n);
}
const Prefix& ParamValues::get_prefix(std::string_view n) const {
  return typed<Prefix>(at(n), n);
}
const std::vector<std::string>& ParamValues::get_list(std::string_view n) const {
  return typed<std::vector<std::string>>(at(n), n);
}
const std::vector<IpAddr>& ParamValues::get_ip_list(std::string_view n) const {
  return typed<std::vector<IpAddr>>(at(n), n);
}
const std::vector<Prefix>& ParamValues::get_prefix_list(std::string_view n) const {
  return typed<std::vector<Prefix>>(at(n), n);
}
const std::map<std::string, std::string>& ParamValues::get_map(std::string_view n) const {
  return typed<std::map<std::string, std::string>>(at(n), n);
}
SourceLoc ParamValues::loc(std::string_view name) const {
  auto it = locs_.find(name);
  return it == locs_.end() ? SourceLoc{} : it->second;
}
void ParamValues::set(std::string name, ParamValue v, SourceLoc where) {
  locs_[name] = where;
  values_[std::move(name)] = std::move(v);
}

// ---- schemas and registry

const Field* CheckSchema::find(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

void CheckSchemaRegistry::add(CheckSchema schema) {
  if (schema.kind.empty()) throw std::logic_error("check schema without a kind");
  if (schemas_.count(schema.kind) != 0) throw std::logic_error("check kind registered twice: " + schema.kind);
  std::set<std::string> names;
  for (const auto& f : schema.fields) {
    if (!names.insert(f.name).second)
      throw std::logic_error(schema.kind + ": field declared twice: " + f.name);
    if (f.type == FieldType::enumeration && f.allowed.empty())
      throw std::logic_error(schema.kind + "." + f.name + ": enum without values");
    if (f.default_text) {
      const std::string file = "<default of " + schema.kind + ">";
      try {
        (void)parse_value(Reader(file), f, YAML::Load(*f.default_text), f.name);
      } catch (const std::exception& e) {
        throw std::logic_error(schema.kind + "." + f.name + ": invalid default '" + *f.default_text +
                               "': " + e.what());
      }
    }
  }
  for (const auto& g : schema.exactly_one_of)
    for (const auto& n : g)
      if (names.count(n) == 0) throw std::logic_error(schema.kind + ": one_of names unknown field " + n);
  std::string kind = schema.kind;
  schemas_.emplace(std::move(kind), std::move(schema));
}

const CheckSchema* CheckSchemaRegistry::find(std::string_view kind) const {
  auto it = schemas_.find(kind);
  return it == schemas_.end() ? nullptr : &it->second;
}

std::vector<std::string> CheckSchemaRegistry::kinds() const {
  std::vector<std::string> out;
  for (const auto& [k, s] : schemas_) out.push_back(k);
  return out;
}

// ---- validation

Expected<ParamValues, ConfigError> validate_fields(const YAML::Node& map, const std::vector<Field>& fields,
                                                   const std::string& file, const std::string& path,
                                                   const std::vector<std::string>& passthrough) {
  try {
    return validate_fields_or_throw(map, fields, file, path, passthrough);
  } catch (const yaml_strict::Failure& e) {
    return Unexpected{e.error};
  } catch (const YAML::Exception& e) {
    return Unexpected{
        ConfigError{file, yaml_strict::line_of(e.mark), yaml_strict::col_of(e.mark), path, e.msg}};
  }
}

Expected<ParamValues, ConfigError> validate_params(const CheckSchema& schema, const YAML::Node& params,
                                                   const std::string& file, const std::string& path) {
  auto v = validate_fields(params, schema.fields, file, path);
  if (!v) return v;
  for (const auto& group : schema.exactly_one_of) {
    std::size_t given = 0;
    std::string names;
    for (const auto& n : group) {
      given += v->has(n) ? 1 : 0;
      names += (names.empty() ? "'" : ", '") + n + "'";
    }
    if (given != 1) {
      const YAML::Mark m = params.Mark();
      return Unexpected{ConfigError{file, yaml_strict::line_of(m), yaml_strict::col_of(m), path,
                                    (given == 0 ? "exactly one of " + names + " is required"
                                                : "only one of " + names + " may be given")}};
    }
  }
  return v;
}

Field resolver_field() {
  return Field::ip_address(std::string(kResolverParam))
      .describe(
          "DNS resolver this check asks instead of the run's (e.g. a secondary DNS64); must be "
          "inside the scenario's allow list; results record it as addresses.resolver");
}

std::string render_markdown(const CheckSchemaRegistry& registry) {
  auto esc = [](std::string s) {
    std::string out;
    for (char ch : s) {
      if (ch == '|') out += '\\';
      out += ch;
    }
    return out;
  };
  std::string md;
  for (const auto& [kind, s] : registry) {
    md += "### `" + kind + "`\n\n" + s.summary + "\n";
    if (!s.rfcs.empty()) {
      md += "\nReferences: ";
      for (std::size_t i = 0; i < s.rfcs.size(); ++i) md += (i ? ", " : "") + s.rfcs[i];
      md += ".\n";
    }
    for (const auto& g : s.exactly_one_of) {
      md += "\nExactly one of ";
      for (std::size_t i = 0; i < g.size(); ++i) md += (i ? ", `" : "`") + g[i] + "`";
      md += " must be given.\n";
    }
    if (s.fields.empty()) {
      md += "\nNo parameters.\n\n";
      continue;
    }
    md += "\n| param | type | required | default | description |\n|---|---|---|---|---|\n";
    for (const auto& f : s.fields) {
      std::string type(to_string(f.type));
      if (f.type == FieldType::enumeration) {
        type = "enum: ";
        for (std::size_t i = 0; i < f.allowed.size(); ++i) type += (i ? " \\| " : "") + f.allowed[i];
      } else if (f.min_value || f.max_value) {
        type += " (" + (f.min_value ? std::to_string(*f.min_value) : std::string()) + ".." +
                (f.max_value ? std::to_string(*f.max_value) : std::string()) + ")";
      }
      md += "| `" + f.name + "` | " + type + " | " + (f.required ? "yes" : "no") + " | " +
            (f.default_text ? "`" + esc(*f.default_text) + "`" : std::string("—")) + " | " + esc(f.doc) +
            " |\n";
    }
    md += "\n";
  }
  return md;
}

}  // namespace v6r::scenario
