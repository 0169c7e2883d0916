#include "core/scenario.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/rfc6052.hpp"
#include "core/sha256.hpp"
#include "core/yaml_strict.hpp"

namespace v6r::scenario {
namespace {

using yaml_strict::describe;
using yaml_strict::Reader;

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
  if (!e) throw yaml_strict::Failure(std::move(e).error());
  return std::move(e).value();
}

YAML::Node child(const YAML::Node& map, const char* key) {
  return Reader::child(map, key);
}
bool has_key(const YAML::Node& map, const char* key) {
  return Reader::has(map, key);
}

// The scenario is read on past an error: each section, each allow entry, each check and each key is
// looked at, and every error is kept (yaml_strict::Collector), so one run names them all
// (docs/engineer-guide.md "Scenario errors"). Only a document that is not a map stops at once.
Scenario parse(const YAML::Node& root, const std::string& file, const CheckSchemaRegistry& registry) {
  const Reader reader(file);
  if (!root.IsMap()) reader.fail(root, "", "a scenario must be a map of keys, got " + describe(root));
  yaml_strict::Collector errors;
  Scenario s;
  errors.attempt([&] {
    const auto top = unwrap(
        validate_fields(root, top_fields(), file, "", {"defaults", "budget", "expect", "allow", "checks"}));
    s.name = top.get_string("name");
    s.description = top.get_string("description");
    errors.attempt([&] {
      if (top.get_int("version") != kScenarioVersion)
        reader.fail(child(root, "version"), "version",
                    "unsupported scenario version " + std::to_string(top.get_int("version")) +
                        " (this tool reads version 1)");
    });
    errors.attempt([&] {
      if (!valid_ident(s.name, true))
        reader.fail(child(root, "name"), "name",
                    "invalid name '" + s.name + "' (use 1-64 of A-Z a-z 0-9 . _ -)");
    });
  });

  errors.attempt([&] {
    const auto d = unwrap(validate_fields(child(root, "defaults"), defaults_fields(), file, "defaults"));
    s.defaults.deadline_ms = d.get_int("deadline_ms");
    s.defaults.retries = static_cast<int>(d.get_int("retries"));
    if (d.has("resolver")) s.defaults.resolver = d.get_ip("resolver");
  });

  const YAML::Node budget = child(root, "budget");
  errors.attempt([&] {
    const auto b = unwrap(validate_fields(budget, budget_fields(), file, "budget", {"rate"}));
    s.budget.run_deadline_s = b.get_int("run_deadline_s");
    s.budget.concurrency = static_cast<int>(b.get_int("concurrency"));
  });
  errors.attempt([&] {
    const auto r = unwrap(validate_fields(child(budget, "rate"), rate_fields(), file, "budget.rate"));
    s.budget.rate.global_per_s = static_cast<int>(r.get_int("global_per_s"));
    s.budget.rate.per_target_per_s = static_cast<int>(r.get_int("per_target_per_s"));
    s.budget.rate.burst = static_cast<int>(r.get_int("burst"));
  });

  errors.attempt([&] {
    const auto e = unwrap(validate_fields(child(root, "expect"), expect_fields(), file, "expect"));
    if (e.has("pref64")) s.expect.pref64 = e.get_prefix("pref64");
  });

  if (has_key(root, "allow")) {
    const YAML::Node list = child(root, "allow");
    if (!list.IsSequence()) {
      errors.attempt([&] { reader.fail(list, "allow", "expected a list, got " + describe(list)); });
    } else {
      std::size_t i = 0;
      for (const auto& item : list) {
        const std::string path = "allow[" + std::to_string(i++) + "]";
        errors.attempt([&] {
          if (!item.IsScalar()) reader.fail(item, path, "expected an IP prefix, got " + describe(item));
          auto p = Prefix::parse(item.Scalar());
          if (!p) reader.fail(item, path, "invalid prefix '" + item.Scalar() + "': " + p.error());
          s.allow.push_back(*p);
        });
      }
    }
  }

  const YAML::Node checks = child(root, "checks");
  // A misspelt "checks" ("chekcs") is already reported as an unknown key with its did-you-mean.
  bool misspelt_checks = false;
  for (auto it = root.begin(); it != root.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() != "checks" &&
        suggest(it->first.Scalar(), {"checks"}) == "checks")
      misspelt_checks = true;
  const bool have_checks = !misspelt_checks && errors.attempt([&] {
    if (!has_key(root, "checks")) reader.fail(root, "checks", "missing required key");
    if (!checks.IsSequence())
      reader.fail(checks, "checks", "expected a list of checks, got " + describe(checks));
    if (checks.size() == 0) reader.fail(checks, "checks", "a scenario needs at least one check");
  });
  const std::int64_t budget_ms = s.budget.run_deadline_s * 1000;
  std::map<std::string, YAML::Mark> ids;
  std::size_t i = 0;
  for (const auto& node : have_checks ? checks : YAML::Node()) {
    const std::string path = "checks[" + std::to_string(i++) + "]";
    if (!node.IsMap()) {
      errors.attempt([&] {
        reader.fail(node, path, "expected a check (a map with id, kind, params), got " + describe(node));
      });
      continue;
    }
    Check check;
    check.line = yaml_strict::line_of(node.Mark());
    check.col = yaml_strict::col_of(node.Mark());
    // The check's own keys; when they have an error, its id and kind are still read where they are
    // plain scalars, so the params are checked too.
    std::optional<ParamValues> c;
    errors.attempt([&] { c = unwrap(validate_fields(node, check_fields(), file, path, {"params"})); });
    const YAML::Node id_node = child(node, "id");
    const YAML::Node kind_node = child(node, "kind");
    const bool id_given = c || (id_node.IsScalar() && id_node.Tag() != "!");
    const bool kind_given = c || (kind_node.IsScalar() && kind_node.Tag() != "!");
    check.id = c ? c->get_string("id") : id_given ? id_node.Scalar() : "";
    check.kind = c ? c->get_string("kind") : kind_given ? kind_node.Scalar() : "";
    if (id_given) {
      errors.attempt([&] {
        if (!valid_ident(check.id, false))
          reader.fail(id_node, path + ".id",
                      "invalid check id '" + check.id + "' (use 1-64 of a-z 0-9 . _ -)");
        if (auto [it, fresh] = ids.emplace(check.id, id_node.Mark()); !fresh)
          reader.fail(id_node, path + ".id",
                      "duplicate check id '" + check.id + "' (first defined at " +
                          std::to_string(yaml_strict::line_of(it->second)) + ":" +
                          std::to_string(yaml_strict::col_of(it->second)) + ")");
      });
    }
    const CheckSchema* schema = kind_given ? registry.find(check.kind) : nullptr;
    if (kind_given && schema == nullptr) {
      errors.attempt([&] {
        const std::string hint = suggest(check.kind, registry.kinds());
        reader.fail(kind_node, path + ".kind",
                    "unknown check kind '" + check.kind + "'" +
                        (hint.empty() ? " (v6probe list-checks shows the kinds)"
                                      : " (did you mean '" + hint + "'?)"));
      });
    }
    if (c) {
      check.deadline_ms =
          std::min(c->has("deadline_ms") ? c->get_int("deadline_ms") : s.defaults.deadline_ms, budget_ms);
      check.retries = c->has("retries") ? static_cast<int>(c->get_int("retries")) : s.defaults.retries;
    }
    if (schema == nullptr) continue;  // no kind: its params cannot be checked
    errors.attempt([&] {
      if (has_key(node, "params")) {
        check.params = unwrap(validate_params(*schema, child(node, "params"), file, path + ".params"));
      } else {
        // No params map: errors (a missing required param) point at the check itself.
        auto v = validate_params(*schema, YAML::Node(YAML::NodeType::Null), file, path + ".params");
        if (!v) {
          ConfigError err = std::move(v).error();
          err.line = check.line;
          err.col = check.col;
          for (auto& m : err.more) {
            m.line = check.line;
            m.col = check.col;
          }
          throw yaml_strict::Failure(std::move(err));
        }
        check.params = std::move(v).value();
      }
    });
    s.checks.push_back(std::move(check));
  }
  errors.throw_if_any();
  return s;
}

}  // namespace

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
  return yaml_strict::read_document<Scenario>(text, file, "scenario",
                                              "YAML syntax error: ", [&](const YAML::Node& root) {
                                                Scenario s = parse(root, file, registry);
                                                s.source_file = file;
                                                s.source_text = std::string(text);
                                                s.sha256 = sha256_hex(text);
                                                return s;
                                              });
}

Expected<Scenario, ConfigError> load_scenario_file(const std::filesystem::path& path,
                                                   const CheckSchemaRegistry& registry) {
  auto text = yaml_strict::read_file(path.string());
  if (!text) return Unexpected{text.error()};
  return load_scenario_text(*text, path.string(), registry);
}

}  // namespace v6r::scenario
