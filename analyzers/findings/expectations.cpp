#include "analyzers/findings/expectations.hpp"

#include "core/check_kind.hpp"
#include "core/check_schema.hpp"
#include "core/run_info.hpp"
#include "core/utf8.hpp"
#include "core/yaml_strict.hpp"

namespace v6r::analyze {

const Prefix* SiteExpectations::for_check(const std::string& id) const {
  if (auto it = checks.find(id); it != checks.end()) return &it->second;
  return pref64 ? &*pref64 : nullptr;
}

Expected<std::optional<Prefix>, std::string> scenario_expect_pref64(const std::string& text) {
  const std::string file(bundle::kScenarioFile);
  auto r = yaml_strict::read_document<std::optional<Prefix>>(
      text, file, "scenario", "", [&file](const YAML::Node& root) -> std::optional<Prefix> {
        const yaml_strict::Reader rd(file);
        if (!root.IsMap())
          rd.fail(root, "", "expected a scenario (a map), got " + yaml_strict::describe(root));
        const YAML::Node expect = yaml_strict::Reader::child(root, "expect");
        if (!expect) return std::nullopt;
        // The scenario loader's own field rules for expect.pref64 (RFC 6052 lengths, u-octet zero).
        auto v =
            scenario::validate_fields(expect, {scenario::Field::pref64_prefix("pref64")}, file, "expect");
        if (!v) throw yaml_strict::Failure(v.error());
        if (!v->has("pref64")) return std::nullopt;
        return v->get_prefix("pref64");
      });
  if (!r) return Unexpected{r.error().to_string()};
  return *r;
}

std::optional<std::string> scenario_description(const bundle::BundleReader& b) {
  if (!b.vouched(bundle::kScenarioFile)) return std::nullopt;
  auto text = b.read_file(bundle::kScenarioFile);
  if (!text) return std::nullopt;
  try {
    const YAML::Node root = YAML::Load(*text);
    if (!root.IsMap()) return std::nullopt;
    const YAML::Node d = root["description"];
    if (!d || !d.IsScalar()) return std::nullopt;
    std::string s = d.as<std::string>();
    if (s.empty()) return std::nullopt;
    return utf8::truncate(s, 500);
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

SiteExpectations site_expectations(const bundle::BundleReader& b, const std::vector<CheckResult>& results) {
  SiteExpectations e;
  for (const auto& r : results) {
    if (r.kind != check_kind::kDns64Discovery) continue;
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
      // Quote the YAML error only when the manifest vouches for the file (the probe wrote it).
      e.problem = "run.json records no expectations and " +
                  (b.vouched(bundle::kScenarioFile)
                       ? p.error()
                       : std::string(bundle::kScenarioFile) +
                             ": not a valid scenario (details not shown: it does not match MANIFEST.sha256)");
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
