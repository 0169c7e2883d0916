#include "core/scenario.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/rfc6052.hpp"
#include "core/scenario_yaml.hpp"

namespace v6r::scenario {
namespace {

using detail::describe;
using detail::fail_at;

bool valid_ident(std::string_view s, bool allow_upper) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
                    (allow_upper && c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}

// Sections are validated by the same field machinery as check params.
const std::vector<Field>& top_fields() {
  static const std::vector<Field> f = {
      Field::integer("version").req(),
      Field::string("name").req(),
      Field::string("description").def("\"\""),
  };
  return f;
}
const std::vector<Field>& defaults_fields() {
  static const std::vector<Field> f = {
      Field::duration_ms("deadline_ms").min(1).max(600000).def("3000"),
      Field::integer("retries").min(0).max(10).def("1"),
      Field::ip_address("resolver"),
  };
  return f;
}
const std::vector<Field>& budget_fields() {
  static const std::vector<Field> f = {
      Field::integer("run_deadline_s").min(1).max(86400).def("300"),
      Field::integer("concurrency").min(1).max(256).def("8"),
  };
  return f;
}
const std::vector<Field>& rate_fields() {
  static const std::vector<Field> f = {
      Field::integer("global_per_s").min(1).max(10000).def("20"),
      Field::integer("per_target_per_s").min(1).max(1000).def("5"),
      Field::integer("burst").min(1).max(1000).def("5"),
  };
  return f;
}
const std::vector<Field>& expect_fields() {
  static const std::vector<Field> f = {Field::pref64_prefix("pref64")};
  return f;
}
const std::vector<Field>& check_fields() {
  static const std::vector<Field> f = {
      Field::string("id").req(),
      Field::string("kind").req(),
      Field::duration_ms("deadline_ms").min(1).max(600000),
      Field::integer("retries").min(0).max(10),
  };
  return f;
}

template <class T>
T unwrap(Expected<T, ConfigError> e) {
  if (!e) throw detail::ConfigFailure(std::move(e).error());
  return std::move(e).value();
}

YAML::Node child(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Null);
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  return YAML::Node(YAML::NodeType::Null);
}

bool has_key(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return false;
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return true;
  return false;
}

Scenario parse(const YAML::Node& root, const std::string& file, const CheckSchemaRegistry& registry) {
  if (!root.IsMap())
    fail_at(file, root.Mark(), "", "a scenario must be a map of keys, got " + describe(root));
  Scenario s;
  const auto top = unwrap(
      validate_fields(root, top_fields(), file, "", {"defaults", "budget", "expect", "allow", "checks"}));
  if (top.get_int("version") != kScenarioVersion)
    fail_at(file, child(root, "version").Mark(), "version",
            "unsupported scenario version " + std::to_string(top.get_int("version")) +
                " (this tool reads version 1)");
  s.name = top.get_string("name");
  if (!valid_ident(s.name, true))
    fail_at(file, child(root, "name").Mark(), "name",
            "invalid name '" + s.name + "' (use 1-64 of A-Z a-z 0-9 . _ -)");
  s.description = top.get_string("description");

  const auto d = unwrap(validate_fields(child(root, "defaults"), defaults_fields(), file, "defaults"));
  s.defaults.deadline_ms = d.get_int("deadline_ms");
  s.defaults.retries = static_cast<int>(d.get_int("retries"));
  if (d.has("resolver")) s.defaults.resolver = d.get_ip("resolver");

  const YAML::Node budget = child(root, "budget");
  const auto b = unwrap(validate_fields(budget, budget_fields(), file, "budget", {"rate"}));
  s.budget.run_deadline_s = b.get_int("run_deadline_s");
  s.budget.concurrency = static_cast<int>(b.get_int("concurrency"));
  const auto r = unwrap(validate_fields(child(budget, "rate"), rate_fields(), file, "budget.rate"));
  s.budget.rate.global_per_s = static_cast<int>(r.get_int("global_per_s"));
  s.budget.rate.per_target_per_s = static_cast<int>(r.get_int("per_target_per_s"));
  s.budget.rate.burst = static_cast<int>(r.get_int("burst"));

  const auto e = unwrap(validate_fields(child(root, "expect"), expect_fields(), file, "expect"));
  if (e.has("pref64")) s.expect.pref64 = e.get_prefix("pref64");

  if (has_key(root, "allow")) {
    const YAML::Node list = child(root, "allow");
    if (!list.IsSequence()) fail_at(file, list.Mark(), "allow", "expected a list, got " + describe(list));
    std::size_t i = 0;
    for (const auto& item : list) {
      const std::string path = "allow[" + std::to_string(i++) + "]";
      if (!item.IsScalar()) fail_at(file, item.Mark(), path, "expected an IP prefix, got " + describe(item));
      auto p = Prefix::parse(item.Scalar());
      if (!p) fail_at(file, item.Mark(), path, "invalid prefix '" + item.Scalar() + "': " + p.error());
      s.allow.push_back(*p);
    }
  }

  if (!has_key(root, "checks")) fail_at(file, root.Mark(), "checks", "missing required key");
  const YAML::Node checks = child(root, "checks");
  if (!checks.IsSequence())
    fail_at(file, checks.Mark(), "checks", "expected a list of checks, got " + describe(checks));
  if (checks.size() == 0) fail_at(file, checks.Mark(), "checks", "a scenario needs at least one check");
  const std::int64_t budget_ms = s.budget.run_deadline_s * 1000;
  std::map<std::string, YAML::Mark> ids;
  std::size_t i = 0;
  for (const auto& node : checks) {
    const std::string path = "checks[" + std::to_string(i++) + "]";
    if (!node.IsMap())
      fail_at(file, node.Mark(), path,
              "expected a check (a map with id, kind, params), got " + describe(node));
    const auto c = unwrap(validate_fields(node, check_fields(), file, path, {"params"}));
    Check check;
    check.line = detail::line_of(node.Mark());
    check.col = detail::col_of(node.Mark());
    check.id = c.get_string("id");
    const YAML::Node id_node = child(node, "id");
    if (!valid_ident(check.id, false))
      fail_at(file, id_node.Mark(), path + ".id",
              "invalid check id '" + check.id + "' (use 1-64 of a-z 0-9 . _ -)");
    if (auto [it, fresh] = ids.emplace(check.id, id_node.Mark()); !fresh)
      fail_at(file, id_node.Mark(), path + ".id",
              "duplicate check id '" + check.id + "' (first defined at " +
                  std::to_string(detail::line_of(it->second)) + ":" +
                  std::to_string(detail::col_of(it->second)) + ")");
    check.kind = c.get_string("kind");
    const CheckSchema* schema = registry.find(check.kind);
    if (schema == nullptr) {
      const std::string hint = suggest(check.kind, registry.kinds());
      fail_at(
          file, child(node, "kind").Mark(), path + ".kind",
          "unknown check kind '" + check.kind + "'" +
              (hint.empty() ? " (v6probe list-checks shows the kinds)" : " (did you mean '" + hint + "'?)"));
    }
    check.deadline_ms =
        std::min(c.has("deadline_ms") ? c.get_int("deadline_ms") : s.defaults.deadline_ms, budget_ms);
    check.retries = c.has("retries") ? static_cast<int>(c.get_int("retries")) : s.defaults.retries;
    if (has_key(node, "params")) {
      check.params = unwrap(validate_params(*schema, child(node, "params"), file, path + ".params"));
    } else {
      // No params map: errors (a missing required param) point at the check itself.
      auto v = validate_params(*schema, YAML::Node(YAML::NodeType::Null), file, path + ".params");
      if (!v) {
        ConfigError err = std::move(v).error();
        err.line = check.line;
        err.col = check.col;
        throw detail::ConfigFailure(std::move(err));
      }
      check.params = std::move(v).value();
    }
    s.checks.push_back(std::move(check));
  }
  return s;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xf];
  }
  return out;
}

bool Scenario::allows(const IpAddr& a) const {
  return std::any_of(allow.begin(), allow.end(), [&](const Prefix& p) { return p.contains(a); });
}

const Check* Scenario::find_check(std::string_view id) const {
  for (const auto& c : checks)
    if (c.id == id) return &c;
  return nullptr;
}

Expected<Scenario, ConfigError> load_scenario_text(std::string_view text, std::string_view file_view,
                                                   const CheckSchemaRegistry& registry) {
  const std::string file(file_view);
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    Scenario s = parse(root, file, registry);
    s.source_file = file;
    s.source_text = std::string(text);
    s.sha256 = sha256_hex(text);
    return s;
  } catch (const detail::ConfigFailure& e) {
    return Unexpected{e.error};
  } catch (const YAML::Exception& e) {
    return Unexpected{ConfigError{file, detail::line_of(e.mark), detail::col_of(e.mark), "",
                                  "YAML syntax error: " + e.msg}};
  } catch (const std::exception& e) {
    return Unexpected{ConfigError{file, 1, 1, "", std::string("cannot load scenario: ") + e.what()}};
  }
}

Expected<Scenario, ConfigError> load_scenario_file(const std::filesystem::path& path,
                                                   const CheckSchemaRegistry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{ConfigError{path.string(), 0, 0, "", "cannot read file"}};
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_scenario_text(ss.str(), path.string(), registry);
}

}  // namespace v6r::scenario
