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
#include "analyzers/score/plan.hpp"
#include "analyzers/score/rollup.hpp"
#include "core/bundle.hpp"
#include "core/time_util.hpp"
#include "core/version.hpp"

namespace v6r::analyze {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_bundle_tar(const fs::path& p) {
  if (p.extension() != ".tar") return false;
  return bundle::parse_bundle_name(p.stem().string()).has_value();
}

void walk(const fs::path& dir, std::vector<std::string>& out, int depth) {
  if (depth > 8) return;
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    const auto name = p.filename().string();
    if (!name.empty() && name[0] == '.') continue;  // .<name>.tmp: unfinished runs
    if (fs::is_directory(p, ec)) {
      // Named like a bundle and holding run.json or MANIFEST.sha256: a bundle, even without run.json
      // (BundleReader::open then says what is wrong and the analysis is partial). Named like a bundle
      // with neither: still being shipped (v6ready-ship sends those two files last): skipped, and said.
      const bool named = bundle::parse_bundle_name(name).has_value();
      if (fs::exists(p / bundle::kRunJson, ec) || (named && fs::exists(p / bundle::kManifestFile, ec)))
        out.push_back(p.string());
      else if (named)
        std::fprintf(
            stderr,
            "v6analyze: skipping %s: no run.json or MANIFEST.sha256 yet (a bundle still being shipped)\n",
            p.string().c_str());
      else
        walk(p, out, depth + 1);
    } else if (is_bundle_tar(p)) {
      out.push_back(p.string());
    }
  }
}

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

Expected<std::vector<std::string>, std::string> find_bundles(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    const fs::path p(in);
    if (!fs::exists(p, ec)) return Unexpected{in + ": no such file or directory"};
    if (fs::is_directory(p, ec)) {
      const auto name = (p.filename().empty() ? p.parent_path() : p).filename().string();
      if (fs::exists(p / "run.json", ec) || bundle::parse_bundle_name(name)) {
        out.push_back(in);
      } else {
        const auto before = out.size();
        walk(p, out, 0);
        if (out.size() == before)
          return Unexpected{in + ": no bundle (directory with run.json, or bundle .tar) found"};
      }
    } else {
      out.push_back(in);  // a .tar (BundleReader says if it is not one)
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

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
  std::vector<json> previous;
  for (const auto& f : opt.previous) {
    std::ifstream in(f);
    if (!in) return Unexpected{f + ": cannot read"};
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("schema", "") != "v6ready.findings/1")
      return Unexpected{f + ": not a v6ready.findings/1 document"};
    previous.push_back(std::move(j));
  }
  auto paths = find_bundles(opt.inputs);
  if (!paths) return Unexpected{paths.error()};

  json problems = json::array();
  bool partial = false, refused = false;
  std::map<std::string, SiteAnalysis> by_site;  // newest bundle per site
  std::size_t bundle_count = 0, i = 0;
  std::string newest;
  for (const auto& path : *paths) {
    ++i;
    if (opt.progress) std::fprintf(stderr, "[%zu/%zu] %s\n", i, paths->size(), path.c_str());
    auto br = bundle::BundleReader::open(path);
    if (!br) {
      partial = true;
      problems.push_back(
          {{"bundle", fs::path(path).filename().string()}, {"path", path}, {"message", br.error()}});
      continue;
    }
    ++bundle_count;
    BundleTrust trust;
    auto vr = br->verify();
    if (!vr) {
      trust.problems.push_back(vr.error());
    } else if (!vr->ok()) {
      for (const auto& f : vr->mismatched) trust.problems.push_back("mismatched: " + f);
      for (const auto& f : vr->missing) trust.problems.push_back("missing: " + f);
      for (const auto& f : vr->unlisted) trust.problems.push_back("unlisted: " + f);
    } else {
      trust.verified = true;
    }
    if (!trust.verified) {
      std::string why;
      for (const auto& p : trust.problems) why += (why.empty() ? "" : "; ") + p;
      if (!opt.allow_unverified) {
        refused = true;
        problems.push_back({{"bundle", br->name()},
                            {"path", path},
                            {"file", "MANIFEST.sha256"},
                            {"message", "refused: bundle does not match its manifest (" + why +
                                            "); use --allow-unverified to analyse it anyway"}});
        continue;
      }
      problems.push_back({{"bundle", br->name()},
                          {"path", path},
                          {"file", "MANIFEST.sha256"},
                          {"message", "analysed although unverified (--allow-unverified): " + why}});
    }
    SiteAnalysis sa = analyze_bundle(*br, path, plan, year, trust);
    partial = partial || sa.partial;
    for (auto& p : sa.problems) problems.push_back(std::move(p));
    newest = std::max(newest, sa.started_utc);
    auto it = by_site.find(br->run_info().site);
    if (it == by_site.end() || it->second.started_utc < sa.started_utc)
      by_site[br->run_info().site] = std::move(sa);
  }

  json sites = json::array();
  bool any_fail = false;
  for (auto& [site, sa] : by_site) {
    if (!sa.site.value("meets_plan", true)) any_fail = true;
    for (const auto& f : sa.site["findings"])
      if (f.value("severity", "") == "fail") any_fail = true;
    sites.push_back(std::move(sa.site));
  }
  json doc;
  doc["schema"] = "v6ready.findings/1";
  doc["generated_utc"] = format_rfc3339_ms(now_utc_ms());
  doc["tool"] = {{"name", "v6analyze"}, {"version", kToolVersion}, {"git_commit", kGitCommit}};
  doc["status"] = partial ? "partial" : "complete";
  doc["problems"] = problems;
  doc["plan"] = {{"file", plan.file.empty() ? json(nullptr) : json(plan.file)},
                 {"sha256", plan.sha256.empty() ? json(nullptr) : json(plan.sha256)},
                 {"name", plan.name},
                 {"year", year}};
  doc["sweep"] = {{"label", opt.label.empty() ? (newest.empty() ? std::string("empty") : newest.substr(0, 10))
                                              : opt.label},
                  {"bundle_count", bundle_count},
                  {"sites", sites.size()},
                  {"refused", refused},
                  {"allow_unverified", opt.allow_unverified}};
  doc["levels"] = json::array({{{"id", "L0"}, {"title", "IPv4-dependent"}},
                               {{"id", "L1"}, {"title", "dual-stack"}},
                               {{"id", "L2"}, {"title", "IPv6-only via DNS64/NAT64 works"}},
                               {{"id", "L3"}, {"title", "IPv6-only clean"}},
                               {{"id", "L4"}, {"title", "native IPv6 for every service"}}});
  doc["sites"] = std::move(sites);
  doc["rollup"] = rollup(doc["sites"], plan);
  json targets = json::array();
  for (const auto& [cls, years] : plan.targets)
    for (const auto& [y, l] : years)
      targets.push_back({{"year", y}, {"site_class", cls}, {"level", level_id(l)}});
  doc["plan_targets"] = targets;
  if (!previous.empty()) {
    json trend = json::array();
    for (const auto& p : previous) trend.push_back(trend_entry(p));
    trend.push_back(trend_entry(doc));
    std::stable_sort(trend.begin(), trend.end(), [](const json& a, const json& b) {
      return a.value("generated_utc", "") < b.value("generated_utc", "");
    });
    doc["trend"] = trend;
  }
  AnalyzeOutput out;
  out.exit_code = partial ? 3 : (any_fail || refused) ? 1 : 0;
  out.summary_text = summary_text(doc);
  out.findings = std::move(doc);
  return out;
}

std::string summary_text(const json& doc) {
  std::string s;
  const auto& sweep = doc.value("sweep", json::object());
  const auto& plan = doc.value("plan", json::object());
  s += "v6analyze: sweep " + sweep.value("label", "") + ": " + std::to_string(sweep.value("sites", 0)) +
       " site(s) from " + std::to_string(sweep.value("bundle_count", 0)) + " bundle(s); plan " +
       plan.value("name", "") + " year " + std::to_string(plan.value("year", 0)) + "; status " +
       doc.value("status", "") + "\n";
  for (const auto& site : doc.value("sites", json::array())) {
    int fails = 0, warns = 0;
    for (const auto& f : site["findings"]) {
      if (f.value("severity", "") == "fail") ++fails;
      if (f.value("severity", "") == "warn") ++warns;
    }
    const auto req =
        site["required_level"].is_string() ? site["required_level"].get<std::string>() : std::string("-");
    s += "  " + site.value("site", "") + "  " + site.value("level", "") + " (plan " + req + ", " +
         (site.value("meets_plan", true) ? "ok" : "BELOW PLAN") + ")  " + std::to_string(fails) + " fail, " +
         std::to_string(warns) + " warn" + (site["bundle"].value("verified", true) ? "" : "  [UNVERIFIED]") +
         "\n";
    std::set<std::string> shown;
    for (const auto& f : site["findings"]) {
      const auto sev = f.value("severity", "");
      if (sev == "info") continue;
      const auto key = f.value("rule", "") + f.value("check_id", "");
      if (!shown.insert(key).second || shown.size() > 8) continue;
      s += "      " + sev + " " + f.value("rule", "") + ": " + f.value("explanation", "").substr(0, 160) +
           "\n";
    }
    const auto& reasons = site["level_reasons"];
    if (!reasons.empty()) s += "      why: " + reasons.back().get<std::string>().substr(0, 200) + "\n";
  }
  const auto& r = doc.value("rollup", json::object());
  if (r.contains("levels")) {
    s += "levels:";
    for (auto& [k, v] : r["levels"].items()) s += " " + k + "=" + std::to_string(v.get<int>());
    s += "; meets plan " + std::to_string(r.value("meets_plan", 0)) + ", below plan " +
         std::to_string(r.value("below_plan", 0)) + "\n";
  }
  for (const auto& p : doc.value("problems", json::array()))
    s += "problem: " + p.value("bundle", "") + ": " + p.value("message", "") + "\n";
  return s;
}

}  // namespace v6r::analyze
