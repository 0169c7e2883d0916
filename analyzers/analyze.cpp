// analyze(): bundles → findings.json (docs/findings-schema.md). Each bundle is verified against its
// manifest, read, its capture analysed in one streaming pass (findings/site_analysis.cpp), scored
// (score/levels.cpp) and rolled up (score/rollup.cpp).
#include "analyzers/analyze.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "analyzers/findings/site_analysis.hpp"
#include "analyzers/score/levels.hpp"
#include "analyzers/score/plan.hpp"
#include "analyzers/score/rollup.hpp"
#include "core/bundle.hpp"
#include "core/escape.hpp"
#include "core/safe_open.hpp"
#include "core/term_print.hpp"
#include "core/time_util.hpp"
#include "core/version.hpp"

namespace v6r::analyze {
namespace fs = std::filesystem;

namespace {

/// Plan: explicit file, else <repo>/scenarios/plan-2026-2030.yaml or
/// <prefix>/share/v6ready/plan-2026-2030.yaml (searched upwards from the current directory and from the
/// executable's directory), else built-in.
Expected<Plan, std::string> load_plan(const std::optional<std::string>& file) {
  if (file) {
    auto p = load_plan_file(*file);
    if (!p) return Unexpected{p.error().to_string()};
    return std::move(p).value();
  }
  std::vector<fs::path> starts{fs::current_path()};
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  for (auto dir : starts) {
    for (int i = 0; i < 8 && !dir.empty(); ++i) {
      // A source tree (scenarios/) or an installed prefix (share/v6ready/, cmake --install and the .deb).
      for (const auto& cand :
           {dir / "scenarios" / "plan-2026-2030.yaml", dir / "share" / "v6ready" / "plan-2026-2030.yaml"}) {
        if (!fs::exists(cand, ec)) continue;
        auto p = load_plan_file(cand.string());
        if (!p) return Unexpected{p.error().to_string()};
        return std::move(p).value();
      }
      if (dir == dir.parent_path()) break;
      dir = dir.parent_path();
    }
  }
  return builtin_plan();
}

int current_utc_year() {
  const auto now = std::chrono::system_clock::now();
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  return static_cast<int>(ymd.year());
}

}  // namespace

namespace {

findings::Problem bundle_problem(std::string bundle, const std::string& path, std::string message,
                                 std::optional<std::string> file = std::nullopt) {
  findings::Problem p;
  p.bundle = std::move(bundle);
  p.path = path;
  p.file = std::move(file);
  p.message = std::move(message);
  return p;
}

/// Every bundle verified, read and analysed; the newest bundle of each site kept.
struct SweepRun {
  std::map<std::string, SiteAnalysis> by_site;
  std::vector<findings::Problem> problems;
  std::size_t bundle_count = 0;
  bool partial = false, refused = false;
  UtcMs newest{};
  bool any = false;
};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

/// The problem for a bundle that cannot be used: refused (hostile or tampered) or unreadable (partial).
void record_open_error(const bundle::OpenError& e, const std::string& path, SweepRun& sw) {
  const std::string name = e.name.empty() ? fs::path(path).filename().string() : e.name;
  if (!e.refused) {
    sw.partial = true;
    sw.problems.push_back(bundle_problem(name, path, e.message));
    return;
  }
  ++sw.bundle_count;
  sw.refused = true;
  std::string msg;
  if (!e.unverified) {
    msg = "refused: " + e.message;  // a link, special file or subdirectory: --allow-unverified does not help
  } else {
    const auto problems = e.verification ? e.verification->problems() : std::vector<std::string>{};
    const bool files_only = std::none_of(problems.begin(), problems.end(), [](const std::string& p) {
      return p.starts_with(bundle::kSignatureFile) || p.starts_with("unsigned") || p.starts_with("signed");
    });
    // --allow-unverified admits unsigned bundles only: a signed bundle that fails is never analysed.
    msg = std::string(files_only ? "refused: bundle does not match its manifest ("
                                 : "refused: bundle fails its manifest or signature check (") +
          joined(problems) +
          (e.allow_unverified_admits ? "); use --allow-unverified to analyse it anyway"
                                     : "); signed bundles that fail a check are not analysed, not even "
                                       "with --allow-unverified");
  }
  sw.problems.push_back(
      bundle_problem(name, path, msg, e.file.empty() ? std::nullopt : std::optional(e.file)));
}

SweepRun analyse_bundles(const std::vector<bundle::BundleLocation>& found, const AnalyzeOptions& opt,
                         const bundle::TrustPolicy& trust_policy, const Plan& plan, int year) {
  SweepRun sw;
  std::size_t i = 0;
  const bundle::OpenOptions open_opts{opt.allow_unverified, trust_policy};
  for (const auto& loc : found) {
    ++i;
    const std::string path = loc.path();
    if (opt.progress) term::print(stderr, "[{}/{}] {}\n", i, found.size(), path);
    auto br = bundle::BundleReader::open(loc, open_opts);
    if (!br) {
      record_open_error(br.error(), path, sw);
      continue;
    }
    const BundleTrust trust = bundle_trust(*br);
    if (!trust.verified)
      sw.problems.push_back(bundle_problem(
          br->name(), path, "analysed although unverified (--allow-unverified): " + joined(trust.problems),
          std::string(bundle::kManifestFile)));
    SiteAnalysis sa = analyze_bundle(*br, path, plan, year, trust);
    // The analysis used the mapped files: if any changed on disk since they were verified, what was
    // analysed may not be what was verified. Refuse the bundle rather than report it.
    if (auto changed = br->changed()) {
      ++sw.bundle_count;
      sw.refused = true;
      sw.problems.push_back(
          bundle_problem(br->name(), path, "refused: " + *changed + " after it was verified"));
      continue;
    }
    ++sw.bundle_count;
    sw.partial = sw.partial || sa.partial;
    for (auto& p : sa.problems) sw.problems.push_back(std::move(p));
    if (!sw.any || sw.newest < sa.started_utc) sw.newest = sa.started_utc;
    sw.any = true;
    auto it = sw.by_site.find(br->run_info().site);
    if (it == sw.by_site.end() || it->second.started_utc < sa.started_utc)
      sw.by_site[br->run_info().site] = std::move(sa);
  }
  return sw;
}

}  // namespace

Expected<AnalyzeOutput, std::string> analyze(const AnalyzeOptions& opt) {
  if (opt.inputs.empty())
    return Unexpected{std::string("no input: give bundle directories, .tar files or a spool tree")};
  auto plan_r = load_plan(opt.plan_file);
  if (!plan_r) return Unexpected{plan_r.error()};
  const Plan plan = std::move(plan_r).value();
  int year = opt.year;
  if (year == 0) year = std::clamp(current_utc_year(), plan.first_year, plan.last_year);
  if (year < plan.first_year || year > plan.last_year)
    return Unexpected{"--year " + std::to_string(year) + " is outside the plan's years " +
                      std::to_string(plan.first_year) + ".." + std::to_string(plan.last_year)};
  std::vector<findings::Document> previous;
  for (const auto& f : opt.previous) {
    auto d = findings::load_document(f);
    if (!d) return Unexpected{"--previous " + d.error()};
    previous.push_back(std::move(d).value());
  }
  const auto keys = bundle::load_trusted_keys(opt.keys_dir);
  if (!keys) return Unexpected{keys.error()};
  auto found = find_bundles(opt.inputs);
  if (!found) return Unexpected{found.error()};
  for (const auto& n : found->notes) term::print(stderr, "v6analyze: {}\n", n);

  SweepRun sw = analyse_bundles(found->bundles, opt, keys->policy(), plan, year);
  findings::Document doc;
  bool any_fail = false;
  for (auto& [site, sa] : sw.by_site) {
    // Below the plan, or its level for the plan not assessed: the sweep does not show the plan met.
    // A site that is not in the plan changes nothing here (it is counted apart).
    const auto v = sa.site.plan_verdict;
    if (v == findings::PlanVerdict::below || v == findings::PlanVerdict::not_assessed) any_fail = true;
    for (const auto& f : sa.site.findings)
      if (f.severity == findings::Severity::fail) any_fail = true;
    doc.sites.push_back(std::move(sa.site));
  }
  doc.generated_utc = now_utc_ms();
  doc.tool = {"v6analyze", std::string(kToolVersion), std::string(kGitCommit)};
  doc.status = sw.partial ? RunStatus::partial : RunStatus::complete;
  doc.problems = std::move(sw.problems);
  if (!plan.file.empty()) doc.plan.file = plan.file;
  if (!plan.sha256.empty()) doc.plan.sha256 = plan.sha256;
  doc.plan.name = plan.name;
  doc.plan.description = plan.description;
  doc.plan.lang = plan.lang;
  doc.plan.year = year;
  doc.sweep.label = !opt.label.empty() ? opt.label
                    : sw.any           ? format_rfc3339_ms(sw.newest).substr(0, 10)
                                       : "empty";
  doc.sweep.bundle_count = sw.bundle_count;
  doc.sweep.sites = doc.sites.size();
  doc.sweep.refused = sw.refused;
  doc.sweep.allow_unverified = opt.allow_unverified;
  doc.levels = level_titles();
  doc.rollup = rollup(doc.sites, plan);
  for (const auto& [cls, years] : plan.targets)
    for (const auto& [y, l] : years) doc.plan_targets.push_back({y, cls, findings::level_at(l)});
  if (!previous.empty()) {
    std::vector<findings::TrendEntry> trend;
    for (const auto& p : previous) trend.push_back(trend_entry(p));
    trend.push_back(trend_entry(doc));
    std::stable_sort(trend.begin(), trend.end(),
                     [](const auto& a, const auto& b) { return a.generated_utc < b.generated_utc; });
    doc.trend = std::move(trend);
  }
  AnalyzeOutput out;
  out.exit_code = sw.partial ? 3 : (any_fail || sw.refused) ? 1 : 0;
  out.findings = std::move(doc);
  return out;
}

}  // namespace v6r::analyze
