// gen_national TEMPLATE.json OUT.json SITES: one national-scale sweep for the scale test
// (tests/reports/scale.sh), made from a real findings.json (scale.sh gives the main job's,
// tests/reports/data/main-job-findings.json: six lab communes) by rewriting each site. Site i takes template
// site mix(i) % n and gets a path of 1 to 6 segments: mostly province-P/district-D/commune-I (63 provinces,
// about 11 districts each), some province-level services (2 segments), national portals (1), schools under a
// commune (4), and a few deeper ones (5, 6). So that the sweep is not 3,321 copies of four sites (which any
// dictionary or compressor would fold away), every string of the site that names its template site, its
// bundle or its own IPv6 prefix (2001:db8:1:…) is rewritten with the new path, a fresh bundle name, run id
// and capture digest, and a per-site prefix 2001:db8:<i>:…. The roll-up is computed from the new sites with
// the analyzer's own code (analyzers/score/rollup.hpp) and the built-in plan's weights.
#include <cstdio>
#include <fstream>
#include <string>

#include "analyzers/score/rollup.hpp"
#include "core/bundle.hpp"
#include "core/findings.hpp"
#include "core/sha256.hpp"
#include "core/site_path.hpp"
#include "tests/core/sweep_template.hpp"

namespace {

using namespace v6r;

using testgen::mix;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

/// Every string in `j`, rewritten by `f`.
template <class F>
void walk_strings(nlohmann::json& j, const F& f) {
  if (j.is_string())
    f(j.get_ref<std::string&>());
  else if (j.is_array() || j.is_object())
    for (auto& v : j) walk_strings(v, f);
}

std::string site_path_for(int i) {
  const auto h = mix(static_cast<std::uint64_t>(i));
  const std::string prov = "province-" + std::to_string(h % 63);
  const std::string dist = prov + "/district-" + std::to_string((h >> 8) % 11);
  const std::string commune = dist + "/commune-" + std::to_string(i);
  switch (i % 97) {
    case 0:
      return "portal-" + std::to_string(i);  // 1 segment
    case 1:
    case 2:
      return prov + "/service-" + std::to_string(i);  // 2
    case 3:
    case 4:
    case 5:
      return commune + "/school-1";  // 4
    case 6:
      return commune + "/school-1/lab-2";  // 5
    case 7:
      return commune + "/school-1/lab-2/ap-3";  // 6
    default:
      return commune;  // 3
  }
}

int usage() {
  std::fputs("usage: gen_national TEMPLATE.json OUT.json SITES\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return usage();
  const auto n_sites = testgen::count_arg(argv[3]);
  if (!n_sites) return usage();
  const int sites = *n_sites;
  const auto tpl = testgen::load_template("gen_national", argv[1]);
  if (!tpl) return 2;
  findings::Document d = *tpl;
  d.sites.clear();
  d.trend.reset();
  d.sweep.label = "national-sweep";
  d.sweep.sites = d.sweep.bundle_count = static_cast<std::uint64_t>(sites);
  const auto n_tpl = tpl->sites.size();
  for (int i = 0; i < sites; ++i) {
    const auto h = mix(static_cast<std::uint64_t>(i) * 1000003ULL);
    const auto& from = tpl->sites[h % n_tpl];
    const std::string path = site_path_for(i);
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "2001:db8:%x:", 0x1000 + i);
    const std::string run_id = sha256_hex("run-" + std::to_string(i)).substr(0, 8);
    const std::string name =
        bundle::bundle_name(path, from.bundle.started_utc + std::chrono::seconds(i), run_id);
    const std::string digest = sha256_hex("capture-" + std::to_string(i));
    const std::string old_digest = from.bundle.capture ? from.bundle.capture->sha256 : std::string();
    findings::Document one;
    one.sites = {from};
    auto j = findings::to_json(one)["sites"][0];
    walk_strings(j, [&](std::string& s) {
      replace_all(s, from.bundle.name, name);
      replace_all(s, from.bundle.run_id, run_id);
      replace_all(s, from.site, path);
      replace_all(s, site_path::to_bundle_form(from.site), site_path::to_bundle_form(path));
      replace_all(s, old_digest, digest);
      replace_all(s, "2001:db8:1:", prefix);
    });
    nlohmann::json doc = findings::to_json(findings::Document{});
    doc["sites"] = nlohmann::json::array({j});
    auto back = findings::read_document(doc);
    if (!back) {
      std::fprintf(stderr, "gen_national: site %d: %s\n", i, back.error().c_str());
      return 3;
    }
    d.sites.push_back(std::move(back->sites[0]));
  }
  d.rollup = analyze::rollup(d.sites, analyze::builtin_plan());
  std::ofstream out(argv[2], std::ios::binary);
  out << findings::to_json_text(d);
  return out ? 0 : 3;
}
