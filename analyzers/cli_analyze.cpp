// `v6analyze analyze`: bundles → DIR/findings.json + a plain text summary (analyzers/analyze.hpp).
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "analyzers/analyze.hpp"
#include "analyzers/cli.hpp"

namespace v6r::analyze::cli {

bool write_atomic(const std::string& path, const std::string& text, std::string& error) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const fs::path tmp =
      target.parent_path() / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      error = tmp.string() + ": cannot write";
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    error = path + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

void add_analyze(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<AnalyzeOptions>();
  auto out_dir = std::make_shared<std::string>(".");
  auto quiet = std::make_shared<bool>(false);
  auto plan = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "analyze",
      "Analyse run bundles (dirs, .tar, or spool trees): cross-check results with captures, findings, "
      "levels, "
      "roll-up → DIR/findings.json. Exit 0 all sites meet the plan and no fail finding, 1 otherwise (or a "
      "bundle refused as tampered), 2 usage/config, 3 partial (a corrupt capture or bundle)");
  sub->add_option("inputs", opt->inputs,
                  "bundle directories, bundle .tar files, or directories containing them")
      ->required();
  sub->add_option("--plan", *plan,
                  "plan file (default: scenarios/plan-2026-2030.yaml if found, else built-in)");
  sub->add_option("--year", opt->year, "plan year (default: current UTC year clamped to the plan)");
  sub->add_option("--out", *out_dir, "output directory for findings.json (default: .)");
  sub->add_flag("--allow-unverified", opt->allow_unverified,
                "analyse bundles that do not match their manifest (flagged in the report)");
  sub->add_option("--label", opt->label, "sweep label (default: date of the newest bundle)");
  sub->add_option("--previous", opt->previous, "earlier findings.json files (trend)");
  sub->add_flag("--quiet,-q", *quiet, "no summary on stdout, no progress on stderr");
  sub->callback([opt, out_dir, quiet, plan, &exit_code] {
    if (!plan->empty()) opt->plan_file = *plan;
    opt->progress = !*quiet;
    auto r = analyze(*opt);
    if (!r) {
      std::fprintf(stderr, "v6analyze analyze: %s\n", r.error().c_str());
      exit_code = kExitUsage;
      return;
    }
    const std::string path = (std::filesystem::path(*out_dir) / "findings.json").string();
    std::string err;
    if (!write_atomic(path, r->findings.dump(2) + "\n", err)) {
      std::fprintf(stderr, "v6analyze analyze: %s\n", err.c_str());
      exit_code = kExitPartial;
      return;
    }
    if (!*quiet) std::fputs(r->summary_text.c_str(), stdout);
    if (!*quiet) std::fprintf(stdout, "wrote %s\n", path.c_str());
    exit_code = r->exit_code;
  });
}

}  // namespace v6r::analyze::cli
