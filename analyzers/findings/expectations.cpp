#include "analyzers/findings/expectations.hpp"

#include <yaml-cpp/yaml.h>

#include "core/check_schema.hpp"
#include "core/run_info.hpp"

namespace v6r::analyze {

const Prefix* SiteExpectations::for_check(const std::string& id) const {
  if (auto it = checks.find(id); it != checks.end()) return &it->second;
  return pref64 ? &*pref64 : nullptr;
}

Expected<std::optional<Prefix>, std::string> scenario_expect_pref64(const std::string& text) {
  const std::string file(bundle::kScenarioFile);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Unexpected{file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                      ": " + e.msg};
  }
  if (!root.IsMap()) return Unexpected{file + ": not a scenario (the top level is not a map)"};
  const YAML::Node expect = root["expect"];
  if (!expect) return std::optional<Prefix>{};
  auto v = scenario::validate_fields(expect, {scenario::Field::pref64_prefix("pref64")}, file, "expect");
  if (!v) return Unexpected{v.error().to_string()};
  if (!v->has("pref64")) return std::optional<Prefix>{};
  return std::optional<Prefix>{v->get_prefix("pref64")};
}

SiteExpectations site_expectations(const bundle::BundleReader& b, const std::vector<CheckResult>& results) {
  SiteExpectations e;
  for (const auto& r : results) {
    if (r.kind != "dns64.discovery") continue;
    auto it = r.observed.find("prefixes");
    if (it == r.observed.end() || !it->is_array()) continue;
    for (const auto& p : *it)
      if (p.is_string())
        if (auto pre = Prefix::parse(p.get<std::string>())) e.probe_discovered.push_back(*pre);
  }
  const auto& recorded = b.run_info().expect;
  std::string suffix;
  if (recorded) {
    e.pref64 = recorded->pref64;
    e.checks = recorded->check_prefixes;
    if (e.pref64) e.source = kFromScenario;
  } else if (auto text = b.read_file(bundle::kScenarioFile)) {
    auto p = scenario_expect_pref64(*text);
    if (p) {
      e.pref64 = *p;
      if (e.pref64) e.source = kFromScenarioFile;
    } else {
      e.problem = "run.json records no expectations and " + p.error();
    }
    suffix = p ? kOldRunJsonDiscovery : kOldRunJsonUnreadable;
  }
  if (!e.pref64 && !e.probe_discovered.empty()) {
    e.pref64 = e.probe_discovered.front();
    e.source = kFromDiscovery + suffix;
  }
  return e;
}

}  // namespace v6r::analyze
