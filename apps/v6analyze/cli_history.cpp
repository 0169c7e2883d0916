// `v6analyze history ARCHIVE.db [query] [--json|--csv]`: questions over time, answered from the sweep
// archive (analyzers/archive/history.hpp, docs/archive.md "Queries").
#include <CLI/CLI.hpp>

#include <memory>

#include "analyzers/archive/history.hpp"
#include "analyzers/archive/schema.hpp"
#include "apps/v6analyze/cli.hpp"
#include "apps/v6analyze/cli_history_text.hpp"
#include "core/term_print.hpp"

namespace v6r::app {

namespace {

struct HistoryOptions {
  std::string db;
  std::string site;
  bool findings = false;
  std::vector<std::string> changes;
  int below_plan = 0;
  bool failing_checks = false;
  bool districts = false;
  bool plan = false;
  int pace = 13;
  std::string district;
  std::string since, until;
  int top = 20;
  bool json = false, csv = false;
  std::string lang;
};

int run_history(const HistoryOptions& o) {
  const int queries = (o.site.empty() ? 0 : 1) + (o.changes.empty() ? 0 : 1) + (o.below_plan > 0 ? 1 : 0) +
                      (o.failing_checks ? 1 : 0) + (o.districts ? 1 : 0) + (o.plan ? 1 : 0);
  if (queries > 1) {
    term::print(
        stderr,
        "v6analyze history: one query at a time: --site, --changes, --below-plan, --failing-checks or "
        "--districts or --plan\n");
    return kExitUsage;
  }
  if (o.json && o.csv) {
    term::print(stderr, "v6analyze history: --json or --csv, not both\n");
    return kExitUsage;
  }
  archive::Period p;
  for (auto [arg, name, dst] :
       {std::tuple{&o.since, "--since", &p.since}, std::tuple{&o.until, "--until", &p.until}}) {
    if (arg->empty()) continue;
    auto d = archive::check_date(*arg);
    if (!d) {
      term::print(stderr, "v6analyze history: {}: {}\n", std::string(name), d.error());
      return kExitUsage;
    }
    *dst = *d;
  }
  auto db = archive::open_archive(o.db, archive::Access::read);
  if (!db) {
    term::print(stderr, "v6analyze history: {}\n", db.error());
    return kExitUsage;
  }
  Expected<archive::Table, std::string> t = Unexpected{std::string()};
  if (!o.site.empty())
    t = archive::query_site(*db, o.site, o.findings, p);
  else if (!o.changes.empty())
    t = archive::query_changes(*db, o.changes[0], o.changes[1]);
  else if (o.below_plan > 0)
    t = archive::query_below_plan(*db, o.below_plan);
  else if (o.failing_checks)
    t = archive::query_failing_checks(*db, p, o.top);
  else if (o.plan)
    t = archive::query_plan(*db, p, o.pace);
  else if (o.districts)
    t = archive::query_districts(*db, p,
                                 o.district.empty() ? std::nullopt : std::optional<std::string>(o.district));
  else
    t = archive::query_sweeps(*db, p);
  if (!t) {
    term::print(stderr, "v6analyze history: {}\n", t.error());
    return kExitUsage;  // unknown site or sweep, or a damaged archive
  }
  // The terminal table in the reader's language; CSV and JSON keep their English keys and values (they
  // are read by programs). Every cell is escaped for its medium by the renderer; write it as it is.
  std::string text;
  if (o.json || o.csv) {
    text = archive::render(*t, o.json ? archive::Format::json : archive::Format::csv);
  } else {
    const auto& cat = i18n::Catalog::get(i18n::choose_lang(i18n::parse_lang(o.lang), std::nullopt));
    text = archive::render_terminal(localize_history(std::move(*t), cat), 60, history_no_rows(cat));
  }
  if (!term::write_raw(stdout, text)) return kExitPartial;
  return kExitOk;
}

}  // namespace

void add_history(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* sub =
      app.add_subcommand("history",
                         "Questions over time from a sweep archive (`v6analyze archive add`, `analyze "
                         "--archive`); one query at a "
                         "time, the list of sweeps without one. Sweeps are named by #id, label or UTC date "
                         "YYYY-MM-DD (the newest "
                         "sweep on or before it). Output: a table, or --json / --csv. Exit 0 answered (also "
                         "with no rows), 2 usage, "
                         "unknown site or sweep, or an archive that is missing, foreign, damaged or newer");
  sub->add_option("archive", o->db, "archive file (SQLite)")->required();
  sub->add_option("--site", o->site,
                  "one site (path) over time: level, plan, fails, warns, findings per sweep");
  sub->add_flag("--findings", o->findings, "with --site: the site's findings per sweep, one row each");
  sub->add_option("--changes", o->changes, "sites whose level changed between two sweeps: FROM TO")
      ->expected(2);
  sub->add_option("--below-plan", o->below_plan, "sites below the plan in each of the last N sweeps")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--failing-checks", o->failing_checks,
                "the most frequent failing probe checks in the period");
  sub->add_flag("--districts", o->districts, "per sweep and district: share of sites at each level");
  sub->add_flag("--plan", o->plan,
                "per district and class: share of sites at each plan target still ahead, pace, and a naive "
                "projection of when it reaches 100 % (newest sweep, or the newest up to --until)");
  sub->add_option("--pace", o->pace,
                  "with --plan: the pace over the last N sweeps (default 13, a quarter of weekly sweeps)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--district", o->district, "with --districts: only this district (path)");
  sub->add_option("--since", o->since, "first day of the period (UTC date YYYY-MM-DD, inclusive)");
  sub->add_option("--until", o->until, "last day of the period (UTC date YYYY-MM-DD, inclusive)");
  sub->add_option("--top", o->top, "with --failing-checks: how many (default 20)")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--json", o->json, "JSON instead of a table");
  sub->add_flag("--csv", o->csv, "CSV (RFC 4180) instead of a table");
  sub->add_option("--lang", o->lang,
                  "language of the table: en or vi (default: vi when LC_ALL/LC_MESSAGES/LANG starts with vi, "
                  "else en); --json and --csv stay English")
      ->check(CLI::IsMember({"en", "vi"}));
  sub->callback([o, &exit_code] { exit_code = run_history(*o); });
}

}  // namespace v6r::app
