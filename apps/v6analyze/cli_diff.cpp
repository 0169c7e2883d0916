// `v6analyze diff OLD NEW`: what improved and what regressed between two sweeps, per site and check.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>

#include "analyzers/analyze.hpp"
#include "analyzers/score/rollup.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/escape.hpp"
#include "core/fs_util.hpp"
#include "core/term_print.hpp"

namespace v6r::app {
namespace {

/// A findings.json file (read strictly: a file that does not match the schema is refused with the key
/// path), or bundles analysed on the fly (unverified bundles allowed and flagged).
Expected<findings::Document, std::string> load_side(const std::string& in,
                                                    const std::optional<std::string>& plan) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(in, ec) && std::filesystem::path(in).extension() == ".json")
    return findings::load_document(in);
  analyze::AnalyzeOptions o;
  o.inputs = {in};
  o.plan_file = plan;
  o.allow_unverified = true;
  auto r = analyze::analyze(o);
  if (!r) return Unexpected{r.error()};
  return std::move(r->findings);
}

/// One terminal line: every value from the two sides escaped (escape::terminal).
std::string line(const sweepdiff::Change& c) {
  using escape::terminal;
  std::string s = "  " + terminal(c.site) + ": ";
  switch (c.what) {
    case sweepdiff::What::check:
      s += terminal(c.kind.value_or("")) + " " + terminal(c.check_id.value_or("")) + " ";
      break;
    case sweepdiff::What::finding:
      s += "finding " + terminal(c.rule.value_or("")) + " ";
      break;
    case sweepdiff::What::level:
    case sweepdiff::What::plan_verdict:
      s += std::string(jsonmodel::enum_text(c.what)) + " ";
      break;
  }
  return s + terminal(c.old_value) + " -> " + terminal(c.new_value) + "\n";
}

}  // namespace

void add_diff(CLI::App& app, int& exit_code) {
  auto old_in = std::make_shared<std::string>(), new_in = std::make_shared<std::string>();
  auto fail_on = std::make_shared<bool>(false);
  auto json_out = std::make_shared<std::string>();
  auto plan = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "diff",
      "Compare two sweeps (findings.json or bundle directories): improved/regressed per site and check. "
      "Exit 0 (1 with --fail-on-regression and a regression), 2 usage");
  sub->add_option("old", *old_in, "older sweep: findings.json or directory of bundles")->required();
  sub->add_option("new", *new_in, "newer sweep: findings.json or directory of bundles")->required();
  sub->add_flag("--fail-on-regression", *fail_on, "exit 1 when anything regressed");
  sub->add_option("--json", *json_out, "also write the diff as JSON to this file");
  sub->add_option("--plan", *plan, "plan file when a side is a directory of bundles");
  sub->callback([=, &exit_code] {
    std::optional<std::string> pf;
    if (!plan->empty()) pf = *plan;
    auto o = load_side(*old_in, pf);
    auto n =
        o ? load_side(*new_in, pf) : Expected<findings::Document, std::string>(Unexpected{std::string()});
    if (!o || !n) {
      term::print(stderr, "v6analyze diff: {}\n", !o ? o.error() : n.error());
      exit_code = kExitUsage;
      return;
    }
    const sweepdiff::Document d = analyze::diff_findings(*o, *n);
    std::string text = "improved (" + std::to_string(d.improved.size()) + "):\n";
    for (const auto& c : d.improved) text += line(c);
    text += "regressed (" + std::to_string(d.regressed.size()) + "):\n";
    for (const auto& c : d.regressed) text += line(c);
    for (const auto& a : d.sites_added)
      text += "new site: " + escape::terminal(a.site) + " " + escape::terminal(a.level) + "\n";
    for (const auto& r : d.sites_removed) text += "site gone: " + escape::terminal(r) + "\n";
    text += "unchanged sites: " + std::to_string(d.unchanged_sites) + "\n";
    term::write(stdout, text);
    if (!json_out->empty()) {
      if (auto err = write_atomic(*json_out, sweepdiff::to_json_text(d), ParentDirs::create)) {
        term::print(stderr, "v6analyze diff: {}\n", *err);
        exit_code = kExitPartial;
        return;
      }
    }
    exit_code = (*fail_on && !d.regressed.empty()) ? kExitFailed : kExitOk;
  });
}

}  // namespace v6r::app
