// gen_sweeps TEMPLATE.json OUT_DIR SWEEPS SITES [FIRST_DAY]: weekly sweeps for the archive tests and bench,
// made from a real findings.json (tests/archive/data/lab-findings.json: the lab demo's four communes) by
// rewriting site and time. Sweep w (0-based) is dated FIRST_DAY (default 2026-01-05) + w weeks, 02:00 UTC;
// site i is province/district-<i % 9>/commune-<i>, and takes one of the template's sites, ordered from the
// lowest level up, by a deterministic walk: a per-site start and pace, and an occasional one-week regression.
// Its required level is the template plan's target for the sweep's year and class, and plan_verdict is
// meets for level >= required, below under it, not_assessed without a level, not_in_plan without a target
// (the generator does not re-derive which checks a level relies on). Each site's
// bundle gets a fresh name and run id, and a regenerated MANIFEST.sha256 in OUT_DIR/bundles/<name>/
// (digests of synthetic content: the bundles' files are not written). The document's rollup is the
// template's (the archive does not read it). Writes OUT_DIR/sweep-NNN/findings.json, bundle paths
// "../bundles/<name>" (relative to the findings file).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/bundle.hpp"
#include "core/findings.hpp"
#include "core/manifest.hpp"
#include "core/sha256.hpp"
#include "core/time_util.hpp"
#include "tests/core/sweep_template.hpp"

namespace {

using namespace v6r;

using testgen::mix;

int usage() {
  std::fputs("usage: gen_sweeps TEMPLATE.json OUT_DIR SWEEPS SITES [FIRST_DAY]\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) return usage();
  const auto n_sweeps = testgen::count_arg(argv[3]), n_sites = testgen::count_arg(argv[4]);
  if (!n_sweeps || !n_sites) return usage();
  const int sweeps = *n_sweeps, sites = *n_sites;
  const auto tpl = testgen::load_template("gen_sweeps", argv[1]);
  if (!tpl) return 2;
  std::vector<findings::Site> order = tpl->sites;
  std::stable_sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
    return findings::level_rank(x.level) < findings::level_rank(y.level);
  });
  const std::filesystem::path out(argv[2]);
  std::filesystem::create_directories(out / "bundles");
  const auto first = parse_rfc3339_ms(std::string(argc == 6 ? argv[5] : "2026-01-05") + "T02:00:00.000Z");
  if (!first) return usage();
  const auto t0 = *first;
  const int n_tpl = static_cast<int>(order.size());

  for (int w = 0; w < sweeps; ++w) {
    const UtcMs when = t0 + std::chrono::weeks(w);
    const std::int64_t year =
        static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(when)).year());
    findings::Document d = *tpl;
    d.generated_utc = when + std::chrono::hours(1);
    d.sweep.label = format_rfc3339_ms(when).substr(0, 10);
    d.sweep.sites = d.sweep.bundle_count = static_cast<std::uint64_t>(sites);
    d.plan.year = year;
    d.sites.clear();
    for (int i = 0; i < sites; ++i) {
      const auto h = mix(static_cast<std::uint64_t>(i) * 1000003ULL);
      // Starts spread over the template's levels; over 260 weeks each site climbs one to two and a half
      // places.
      const double start = static_cast<double>(h % 1000) / 1000.0 * (n_tpl - 1);
      const double pace = (1.0 + 1.5 * static_cast<double>((h >> 20) % 1000) / 1000.0) / 260.0;
      int idx = static_cast<int>(start + pace * w);
      if (mix(h ^ static_cast<std::uint64_t>(w)) % 23 == 0) idx -= 1;  // a bad week
      idx = std::clamp(idx, 0, n_tpl - 1);
      findings::Site s = order[static_cast<std::size_t>(idx)];
      s.site = "province/district-" + std::to_string(i % 9) + "/commune-" + std::to_string(i);
      s.required_level.reset();
      for (const auto& t : d.plan_targets)
        if (t.year == year && t.site_class == s.site_class) s.required_level = t.level;
      using findings::PlanVerdict;
      s.plan_verdict = !s.required_level ? PlanVerdict::not_in_plan
                       : !s.level        ? PlanVerdict::not_assessed
                       : findings::level_number(*s.level) >= findings::level_number(*s.required_level)
                           ? PlanVerdict::meets
                           : PlanVerdict::below;
      auto& b = s.bundle;
      const UtcMs started = when + std::chrono::seconds(10 * i);
      b.run_id = to_hex(sha256(std::span(reinterpret_cast<const std::uint8_t*>(&h), sizeof h))).substr(0, 4) +
                 to_hex(sha256(std::span(reinterpret_cast<const std::uint8_t*>(&w), sizeof w))).substr(0, 4);
      b.stopped_utc = started + (b.stopped_utc - b.started_utc);
      b.started_utc = started;
      b.name = bundle::bundle_name(s.site, std::chrono::floor<std::chrono::seconds>(started), b.run_id);
      b.path = "../bundles/" + b.name;
      int n = 0;
      for (auto& f : s.findings) {
        f.id = s.site + "#" + std::to_string(++n);
        if (f.evidence.bundle) f.evidence.bundle = b.name;
      }
      std::vector<bundle::ManifestEntry> m;
      for (const char* file : {"capture.pcapng", "results.jsonl", "run.json", "scenario.yaml"})
        m.push_back({sha256_hex(b.name + "/" + file), file});
      auto text = bundle::format_manifest(m);
      if (!text) {
        std::fprintf(stderr, "gen_sweeps: %s\n", text.error().c_str());
        return 3;
      }
      const auto dir = out / "bundles" / b.name;
      std::filesystem::create_directories(dir);
      std::ofstream(dir / bundle::kManifestFile, std::ios::binary) << *text;
      if (b.capture) b.capture->sha256 = m[0].sha256;
      d.sites.push_back(std::move(s));
    }
    char name[32];
    std::snprintf(name, sizeof name, "sweep-%03d", w);
    std::filesystem::create_directories(out / name);
    std::ofstream(out / name / "findings.json", std::ios::binary) << findings::to_json_text(d);
  }
  return 0;
}
