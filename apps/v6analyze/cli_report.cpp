// `v6analyze report FINDINGS.json [--out DIR] [--format LIST] [--lang en|vi]`: the renderers of reports/ over
// a findings.json read strictly (core/findings.hpp): a file that does not match the schema is refused with
// the key path and exit 2, never rendered as blanks.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <tuple>

#include "analyzers/archive/history.hpp"
#include "analyzers/archive/schema.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/findings.hpp"
#include "core/term_print.hpp"
#include "reports/report.hpp"

namespace v6r::app {
namespace {

/// The most sweeps the trend chart shows (a year of weekly sweeps); the archive's plan tracking and
/// `v6analyze history FILE.db` cover all of them.
constexpr std::size_t kTrendSweeps = 52;

std::string cell_text(const archive::Cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&c)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", *d);
    return buf;
  }
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  return "\u2014";  // null: not known (e.g. no earlier sweep to measure a pace against)
}

std::int64_t cell_int(const archive::Cell& c) {
  const auto* i = std::get_if<std::int64_t>(&c);
  return i && *i > 0 ? *i : 0;
}

/// `report --archive`: the trend over the archive's sweeps (the last kTrendSweeps, replacing the
/// --previous trend of the document) and the plan-tracking table. The archive is opened read-only.
Expected<std::monostate, std::string> from_archive(const ReportOptions& opt, findings::Document& doc,
                                                   report::HtmlOptions& html, const i18n::Catalog& cat) {
  auto db = archive::open_archive(opt.archive, archive::Access::read);
  if (!db) return Unexpected{db.error()};
  auto sweeps = archive::query_sweeps(*db, {});
  if (!sweeps) return Unexpected{opt.archive + ": " + sweeps.error()};
  // Columns: sweep, label, swept_utc, sites, one per level L0..L4, meets_plan, detail.
  std::vector<findings::TrendEntry> trend;
  const std::size_t first = sweeps->rows.size() > kTrendSweeps ? sweeps->rows.size() - kTrendSweeps : 0;
  for (std::size_t r = first; r < sweeps->rows.size(); ++r) {
    const auto& row = sweeps->rows[r];
    if (row.size() != static_cast<std::size_t>(4 + findings::kLevelCount + 2))
      return Unexpected{opt.archive + ": unexpected sweep row"};
    findings::TrendEntry e;
    e.label = cell_text(row[1]);
    if (const auto t = parse_rfc3339_ms(cell_text(row[2]))) e.generated_utc = *t;
    e.sites = static_cast<std::uint64_t>(cell_int(row[3]));
    std::uint64_t with_level = 0;
    for (int l = 0; l < findings::kLevelCount; ++l) {
      e.levels.n[static_cast<std::size_t>(l)] = static_cast<std::uint64_t>(cell_int(row[4 + l]));
      with_level += e.levels.n[static_cast<std::size_t>(l)];
    }
    e.levels[std::nullopt] = e.sites > with_level ? e.sites - with_level : 0;
    e.plan.meets = static_cast<std::uint64_t>(cell_int(row[4 + findings::kLevelCount]));
    trend.push_back(std::move(e));
  }
  doc.trend = std::move(trend);
  auto plan = archive::query_plan(*db, {}, opt.pace);
  if (!plan) return Unexpected{opt.archive + ": " + plan.error()};
  // Words from the catalogue: the headings by column key, and the archive's fixed values
  // (plan_progress.cpp: yes, no, reached, not at this pace); districts and classes are data.
  report::HtmlTable t;
  t.title = cat.text("html.plan_tracking.title");
  t.note = cat.text("html.plan_tracking.note",
                    {{"pace", std::to_string(opt.pace)}, {"sweeps", cat.integer(sweeps->rows.size())}});
  for (std::size_t i = 0; i < plan->columns.size(); ++i) {
    const auto& key = plan->columns[i].key;
    t.headings.push_back(cat.find("html.plan_tracking.col." + key).value_or(plan->columns[i].heading));
    if (key == "share") t.bar_column = i;
  }
  static const std::map<std::string, std::string, std::less<>> kValues{
      {"yes", "yes"}, {"no", "no"}, {"reached", "reached"}, {"not at this pace", "not_at_pace"}};
  for (const auto& row : plan->rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) {
      auto text = cell_text(c);
      if (const auto* d = std::get_if<double>(&c); d != nullptr) text = cat.decimal(*d, 1);  // 1,5 in vi
      if (const auto* s = std::get_if<std::string>(&c); s != nullptr)
        if (const auto v = kValues.find(*s); v != kValues.end())
          text = cat.text("html.plan_tracking.value." + v->second);
      cells.push_back(std::move(text));
    }
    t.rows.push_back(std::move(cells));
  }
  html.plan_tracking = std::move(t);
  // The projection per district as line charts: each (district, class)'s share at its next target's
  // level over the archived sweeps, with the plan table's projection of that target.
  auto series = archive::query_plan_series(*db, {}, kTrendSweeps);
  if (!series) return Unexpected{opt.archive + ": " + series.error()};
  // Columns: district, class, year, target, swept_utc, sites, share.
  std::map<std::tuple<std::string, std::string, std::int64_t>, report::PlanChart> charts;
  for (const auto& row : series->rows) {
    if (row.size() != 7) return Unexpected{opt.archive + ": unexpected plan series row"};
    const auto* year = std::get_if<std::int64_t>(&row[2]);
    const auto* share = std::get_if<double>(&row[6]);
    const auto when = parse_rfc3339_ms(cell_text(row[4]));
    if (!year || !share || !when) continue;
    auto& c = charts[{cell_text(row[0]), cell_text(row[1]), *year}];
    c.district = cell_text(row[0]);
    c.site_class = cell_text(row[1]);
    c.year = *year;
    c.level = cell_text(row[3]);
    c.points.emplace_back(*when, *share);
  }
  // Columns of the plan table: district, class, year, target, sites, share, share_before, pace,
  // projected, on_track.
  for (const auto& row : plan->rows) {
    if (row.size() != 10) continue;
    const auto* year = std::get_if<std::int64_t>(&row[2]);
    if (!year) continue;
    const auto it = charts.find({cell_text(row[0]), cell_text(row[1]), *year});
    if (it == charts.end()) continue;
    const std::string projected = cell_text(row[8]);
    it->second.reached = projected == "reached";
    if (const auto day = parse_rfc3339_ms(projected + "T00:00:00.000Z")) it->second.projected = *day;
    it->second.on_track = cell_text(row[9]) == "yes";
  }
  for (auto& [key, c] : charts) html.plan_charts.push_back(std::move(c));
  html.plan_pace = opt.pace;
  return std::monostate{};
}

}  // namespace

int run_report(const ReportOptions& opt, std::FILE* out, std::FILE* err) {
  auto formats = report::parse_formats(opt.formats);
  if (!formats) {
    term::print(err, "v6analyze report: {}\n", formats.error());
    return kExitUsage;
  }
  auto detail = report::parse_html_detail(opt.html_detail);
  if (!detail) {
    term::print(err, "v6analyze report: {}\n", detail.error());
    return kExitUsage;
  }
  auto junit = report::parse_junit_evidence(opt.junit_evidence);
  if (!junit) {
    term::print(err, "v6analyze report: {}\n", junit.error());
    return kExitUsage;
  }
  auto doc = findings::load_document(opt.findings);
  if (!doc) {
    term::print(err, "v6analyze report: {}\n", doc.error());
    return kExitUsage;
  }
  report::HtmlOptions html;
  html.detail = *detail;
  if (opt.pace < 1) {
    term::print(err, "v6analyze report: --pace needs at least 1 sweep, got {}\n", opt.pace);
    return kExitUsage;
  }
  if (!opt.archive.empty()) {
    if (auto r = from_archive(opt, *doc, html, output_catalog(opt.lang, *doc)); !r) {
      term::print(err, "v6analyze report: {}\n", r.error());
      return kExitUsage;
    }
  }
  auto written =
      report::render_all(*doc, opt.out_dir, *formats, html, output_catalog(opt.lang, *doc), *junit);
  if (!written) {
    term::print(err, "v6analyze report: {}\n", written.error());
    return kExitPartial;
  }
  for (const auto& p : *written) term::print(out, "{}\n", p.string());
  return kExitOk;
}

void add_report(CLI::App& app, int& exit_code) {
  auto ropt = std::make_shared<ReportOptions>();
  CLI::App* rep = app.add_subcommand(
      "report", "Render findings.json as HTML, Markdown, CSV, JUnit XML and Prometheus text");
  rep->add_option("findings", ropt->findings, "findings.json (schema v6ready.findings/1), or - for stdin")
      ->required();
  rep->add_option("--out,-o", ropt->out_dir,
                  "output directory (created if missing; files replaced atomically)")
      ->capture_default_str();
  rep->add_option("--format,-f", ropt->formats, "comma-separated: html,md,csv,junit,prom or all")
      ->capture_default_str();
  rep->add_option("--html-detail", ropt->html_detail,
                  "each site's detail in report.html: inline, lazy (compressed data the page renders on "
                  "demand; what keeps thousands of sites small and fast), or auto (lazy above 150 sites)")
      ->capture_default_str();
  add_lang_option(*rep, ropt->lang);
  rep->add_option("--archive", ropt->archive,
                  "sweep archive (.db, read only): report.html shows the trend over its last 52 sweeps and "
                  "the progress against the plan's yearly targets with a projection");
  rep->add_option("--pace", ropt->pace, "with --archive: the sweeps the projection's pace is measured over")
      ->capture_default_str();
  add_junit_evidence_option(*rep, ropt->junit_evidence);
  rep->callback([ropt, &exit_code] { exit_code = run_report(*ropt, stdout, stderr); });
}

void add_junit_evidence_option(CLI::App& cmd, std::string& value) {
  cmd.add_option("--junit-evidence", value,
                 "where a check's evidence goes in JUnit: case (the testcase's <system-out>: Jenkins and "
                 "GitLab show it with the case) or suite (the site's <system-out>: valid for Ant's JUnit "
                 "schema, which has no <system-out> in a testcase)")
      ->capture_default_str();
}

}  // namespace v6r::app
