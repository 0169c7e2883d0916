// HTML: one self-contained file (inline CSS, inline SVG, a few lines of plain JS, no external fetch):
// province summary with a bar chart, site × check matrix, per-site sections with every finding and its
// evidence, the trend against the plan, and the methodology (hashes, tool versions, clocks, verification).
// Escaping (core/escape.hpp, docs/output-escaping.md): every string from the document is u() in text
// (escaped, hidden characters shown, inside <bdi> so right-to-left text cannot reorder the page) or
// h() in an attribute value, <title> and SVG text; class names and attribute names come only from
// fixed words (vclass), and every number on its way into the SVG charts is range-checked (chart_coord).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/utf8.hpp"
#include "reports/html_assets.hpp"
#include "reports/html_parts.hpp"
#include "reports/realtime.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"
#include "reports/root_cause_text.hpp"
#include "reports/sentences.hpp"
#include "reports/words.hpp"

namespace v6r::report {
namespace html {

std::string fill(const i18n::Catalog& cat, std::string_view id, const std::vector<i18n::Arg>& html_args) {
  const auto& own = cat.messages();
  const auto& en = i18n::Catalog::get(i18n::Lang::en).messages();
  auto it = own.find(id);
  if (it == own.end()) it = en.find(id);  // as Catalog::text: English, then "[id]"
  if (it == en.end()) return h("[" + std::string(id) + "]");
  const std::string_view text = it->second;
  std::string out, words;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const auto end = text.find('}', i + 1);
      if (end != std::string_view::npos) {
        const auto name = text.substr(i + 1, end - i - 1);
        const auto arg = std::find_if(html_args.begin(), html_args.end(),
                                      [&](const i18n::Arg& a) { return a.name == name; });
        if (arg != html_args.end()) {
          out += h(words) + arg->value;
          words.clear();
          i = end;
          continue;
        }
      }
    }
    words += text[i];
  }
  return out + h(words);
}

std::string vclass(const std::string& v) {
  const auto& known = verdicts();
  return std::find(known.begin(), known.end(), v) != known.end() ? v : "other";
}

const char* level_colour(std::size_t i) {
  // Okabe & Ito, "Color Universal Design" (2008): vermillion, orange, yellow, bluish green, blue; grey.
  static const char* const kLevelColours[] = {"#d55e00", "#e69f00", "#f0e442",
                                              "#009e73", "#0072b2", "#999999"};
  return kLevelColours[std::min<std::size_t>(i, 5)];
}

std::size_t level_slot(const std::optional<findings::Level>& l) {
  return l ? static_cast<std::size_t>(findings::level_number(*l)) : 5;
}

std::string level_bar(const i18n::Catalog& cat, const findings::LevelCounts& c, bool big) {
  double total = 0;
  for (const auto n : c.n) total += static_cast<double>(n);
  std::string tip, o;
  for (std::size_t i = 0; i < c.n.size(); ++i) {
    if (!c.n[i]) continue;
    const std::string name = i < 5 ? findings::level_text(findings::level_at(static_cast<int>(i)))
                                   : cat.text("level.not_assessed");
    tip += (tip.empty() ? "" : " · ") + name + " " + cat.integer(c.n[i]);
    o += "<span class=\"lv" + std::to_string(i) + "\" style=\"width:" +
         chart_coord(static_cast<double>(c.n[i]) * 100.0 / std::max(total, 1.0), 0, 100) + "%\"></span>";
  }
  return std::string("<span class=\"") + (big ? "lb" : "mb") + "\" role=\"img\" title=\"" + h(tip) +
         "\" aria-label=\"" + h(tip) + "\">" + o + "</span>";
}

std::string frame_ranges(std::vector<std::uint64_t> frames) {
  std::sort(frames.begin(), frames.end());
  frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
  std::string o;
  for (std::size_t i = 0; i < frames.size();) {
    std::size_t j = i;
    while (j + 1 < frames.size() && frames[j + 1] == frames[j] + 1) ++j;
    o += (o.empty() ? "" : ", ") + std::to_string(frames[i]);
    if (j > i) o += "\u2013" + std::to_string(frames[j]);
    i = j + 1;
  }
  return o;
}

}  // namespace html

namespace {

using findings::Document;
using html::fill;
using html::h;
using html::level_colour;
using html::t;
using html::u;
using html::vclass;
using i18n::Catalog;

/// A count shown in a chart ("12"); never "inf" or "nan".
std::string count_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", chart_clamp(v, 0, 1e300));
  return buf;
}

std::string text(Verdict v) {
  return std::string(to_string(v));
}
std::string text(findings::Level l) {
  return std::string(findings::to_string(l));
}
/// "L3", or "not assessed" in the report's language.
std::string text(const Catalog& cat, const std::optional<findings::Level>& l) {
  return level_name(cat, l);
}
/// A number a person reads, with the language's digit grouping.
std::string num(const Catalog& cat, std::uint64_t n) {
  return h(cat.integer(n));
}
/// A verdict or severity word ("pass", "đạt") from its machine name ("pass").
std::string word(const Catalog& cat, std::string_view prefix, std::string_view name) {
  const std::string id = std::string(prefix) + std::string(name);
  return cat.has(id) || Catalog::get(i18n::Lang::en).has(id) ? cat.text(id) : std::string(name);
}

/// The plan verdict as a short badge (the same words as the Markdown summary).
std::string plan_badge(const Catalog& cat, findings::PlanVerdict v) {
  const std::string id = "html.site." + std::string(findings::to_string(v));
  switch (v) {
    case findings::PlanVerdict::meets:
      return "<span class=\"ok\">" + t(cat, id) + "</span>";
    case findings::PlanVerdict::below:
    case findings::PlanVerdict::not_assessed:
      return "<span class=\"bad\">" + t(cat, id) + "</span>";
    case findings::PlanVerdict::not_in_plan:
      return "<span>" + t(cat, id) + "</span>";
  }
  return "";
}

/// A verdict's symbol and its word; `v` is the machine name (the symbol), `shown` the word.
std::string verdict_cell(const std::string& v, const std::string& shown) {
  return "<span aria-hidden=\"true\">" + std::string(verdict_symbol(v)) + "</span><span class=\"vt\">" +
         h(shown) + "</span>";
}

/// Lines of untrusted text in one cell.
std::string lines_cell(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "<br>") + u(l);
  return out;
}

/// A check's sub-verdicts on one line under its reason: "✔ prefix · ℹ ttl", each clause's reason and
/// RFC section as its tooltip (core/result.hpp Clause; attribute values escaped with h()).
std::string clause_line(const Catalog& cat, const findings::CheckRow& c) {
  if (!c.clauses || c.clauses->empty()) return {};
  std::string o = "<div class=\"meta clauses\">";
  for (std::size_t i = 0; i < c.clauses->size(); ++i) {
    const auto& cl = (*c.clauses)[i];
    const auto v = text(cl.verdict);
    if (i) o += " · ";
    o += "<span class=\"v-" + vclass(v) + "\" data-clause=\"" + h(cl.clause) + "\" title=\"" +
         h(verdict_word(cat, cl.verdict)) + ": " + h(clause_reason(cat, cl)) +
         (cl.rfc ? " (" + h(*cl.rfc) + ")" : std::string()) + "\">" + std::string(verdict_symbol(v)) + " " +
         u(cl.clause) + "</span>";
  }
  return o + "</div>";
}

void header(std::string& o, const Document& doc, const Catalog& cat, bool plan_tracking) {
  const std::string title = cat.text("html.title");
  const std::string label = doc.sweep.label.empty() ? "" : " — " + doc.sweep.label;
  o +=
      "<!DOCTYPE html>\n<html lang=\"" + std::string(i18n::code(cat.lang())) +
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n<title>" +
      h(title + label) + "</title>\n<style>" + html_assets::kCss + "</style>\n<script>" +
      html_assets::kErrorJs + "</script>\n</head>\n<body>\n";
  std::string tool = u(doc.tool.name) + " " + u(doc.tool.version);
  if (!doc.tool.git_commit.empty()) tool += " (" + u(doc.tool.git_commit) + ")";
  o += "<header>\n<h1>" + h(title) + (doc.sweep.label.empty() ? "" : " — " + u(doc.sweep.label)) +
       "</h1>\n<p class=\"meta\">" +
       fill(cat, "html.generated", {{"date", h(cat.date_time(doc.generated_utc))}, {"tool", tool}});
  if (!doc.plan.name.empty()) o += " · " + fill(cat, "html.plan", {{"plan", u(doc.plan.name)}});
  o += " · " + fill(cat, "html.year", {{"year", h(std::to_string(doc.plan.year))}});
  o += " · " +
       fill(cat, "html.analysis",
            {{"status", "<strong>" + t(cat, "status." + std::string(to_string(doc.status))) + "</strong>"}}) +
       "</p>\n";
  // The plan's and the scenarios' own descriptions, in whatever language they were written.
  if (doc.plan.description)
    o += "<p class=\"meta\">" +
         fill(cat, "html.description.plan",
              {{"name", u(doc.plan.name)}, {"description", u(*doc.plan.description)}}) +
         "</p>\n";
  std::map<std::string, std::string> scenarios;
  for (const auto& s : doc.sites)
    if (s.bundle.scenario.description)
      scenarios.emplace(s.bundle.scenario.name, *s.bundle.scenario.description);
  for (const auto& [name, d] : scenarios)
    o += "<p class=\"meta\">" +
         fill(cat, "html.description.scenario", {{"name", u(name)}, {"description", u(d)}}) + "</p>\n";
  o += "<nav><a href=\"#summary\">" + t(cat, "html.nav.summary") + "</a><a href=\"#worst\">" +
       t(cat, "html.nav.worst") + "</a><a href=\"#drill\">" + t(cat, "html.nav.drill") +
       "</a><a href=\"#matrix-section\">" + t(cat, "html.nav.matrix") + "</a>";
  if (doc.trend && doc.trend->size() >= 2) o += "<a href=\"#trend\">" + t(cat, "html.nav.trend") + "</a>";
  if (plan_tracking) o += "<a href=\"#plan-tracking\">" + t(cat, "html.nav.plan_tracking") + "</a>";
  o += "<a href=\"#sites\">" + t(cat, "html.nav.sites") + "</a><a href=\"#methodology\">" +
       t(cat, "html.nav.methodology") + "</a></nav>\n</header>\n<pre id=\"v6r-errors\" hidden></pre>\n";
}

/// The level's meaning: in English the document's own (the analyzer's ladder, docs/findings-schema.md);
/// in another language the catalogue's title for a level it knows, else the document's.
std::string level_meaning(const Catalog& cat, const std::string& id, const std::string& doc_title) {
  const std::string key = "level." + id + ".title";
  return cat.lang() != i18n::Lang::en && cat.has(key) ? cat.text(key) : doc_title;
}

void summary(std::string& o, const Document& doc, const Catalog& cat) {
  const auto& sites = doc.sites;
  const auto ids = level_ids(doc);
  std::map<std::string, std::string> titles;
  for (const auto& l : doc.levels) titles[text(l.id)] = level_meaning(cat, text(l.id), l.title);
  std::vector<std::size_t> counts(ids.size(), 0);
  std::size_t unknown = 0;
  findings::PlanCounts plan;
  for (const auto& s : sites) {
    const auto it = std::find(ids.begin(), ids.end(), findings::level_text(s.level));
    if (it == ids.end())
      ++unknown;
    else
      ++counts[static_cast<std::size_t>(it - ids.begin())];
    plan.add(s.plan_verdict);
  }
  // "Province summary" when the sites are one province's (one first path component), else a neutral
  // heading (a national sweep: several provinces).
  std::set<std::string> tops;
  for (const auto& s : sites) tops.insert(s.site.substr(0, s.site.find('/')));
  o += "<section id=\"summary\">\n<h2>" +
       t(cat, tops.size() > 1 ? "html.summary.title_sweep" : "html.summary.title") + "</h2>\n<p>" +
       fill(cat, "html.summary.sites", {{"n", "<strong>" + num(cat, sites.size()) + "</strong>"}}) +
       " · <span class=\"ok\">" + fill(cat, "html.summary.meets", {{"n", num(cat, plan.meets)}}) +
       "</span> · <span class=\"bad\">" + fill(cat, "html.summary.below", {{"n", num(cat, plan.below)}}) +
       "</span> · <span class=\"bad\">" +
       fill(cat, "html.summary.not_assessed", {{"n", num(cat, plan.not_assessed)}}) + "</span> · <span>" +
       fill(cat, "html.summary.not_in_plan", {{"n", num(cat, plan.not_in_plan)}}) + "</span></p>\n";
  // Horizontal bars, one per level, in HTML (the text keeps the page's size on a phone; an SVG would
  // scale it down). Each bar has its level's name beside it and its count after it: colour is not the
  // only cue.
  const std::size_t max = std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
  o += "<div class=\"lchart\" role=\"img\" aria-label=\"" + t(cat, "html.summary.chart") + "\">\n";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // Cut by characters, never inside a UTF-8 sequence or a grapheme cluster.
    const std::string label =
        utf8::truncate(ids[i] + (titles[ids[i]].empty() ? "" : " " + titles[ids[i]]), 40);
    const double w = chart_clamp(static_cast<double>(counts[i]) * 100.0 / static_cast<double>(max), 0, 100);
    o += "<div class=\"lrow\"><span class=\"lname\">" + h(label) +
         "</span><span class=\"ltrack\"><span class=\"lv" + std::to_string(std::min<std::size_t>(i, 5)) +
         "\" style=\"width:" + chart_coord(w, 0, 100) + "%\" title=\"" +
         t(cat, "html.summary.bar", {{"level", ids[i]}, {"n", cat.integer(counts[i])}}) +
         "\"></span></span><span class=\"lnum\" data-level=\"" + h(ids[i]) + "\">" +
         std::to_string(counts[i]) + "</span></div>\n";
  }
  o += "</div>\n<div class=\"scroll\"><table><thead><tr><th>" + t(cat, "html.col.level") + "</th><th>" +
       t(cat, "html.col.meaning") + "</th><th>" + t(cat, "html.col.sites") + "</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < ids.size(); ++i)
    o += "<tr><td><span class=\"sw lv" + std::to_string(std::min<std::size_t>(i, 5)) + "\"></span>" +
         h(ids[i]) + "</td><td>" + u(titles[ids[i]]) + "</td><td class=\"level-count\" data-level=\"" +
         h(ids[i]) + "\">" + std::to_string(counts[i]) + "</td></tr>\n";
  if (unknown)
    o += "<tr><td>?</td><td>" + t(cat, "html.summary.unknown") + "</td><td>" + std::to_string(unknown) +
         "</td></tr>\n";
  o += "</tbody></table></div>\n";
  if (!doc.problems.empty()) {
    o += "<h3 class=\"bad\">" + t(cat, "html.problems") + "</h3><ul>\n";
    for (const auto& p : doc.problems) {
      o += "<li><code>" + u(p.bundle) + (p.file && !p.file->empty() ? "/" + u(*p.file) : "") + "</code>";
      if (p.frame) o += " " + t(cat, "html.problems.frame", {{"n", std::to_string(*p.frame)}});
      o += ": " + u(p.message) + "</li>\n";
    }
    o += "</ul>\n";
  }
  o += "</section>\n";
}

/// The worst sites and the checks that fail at the most sites (the document's roll-up), then the
/// drill-down by place: what a province's engineer reads first.
void worst_first(std::string& o, const Document& doc, const Catalog& cat) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < doc.sites.size(); ++i) index.emplace(doc.sites[i].site, i);
  const auto& r = doc.rollup;
  o += "<section id=\"worst\">\n<h2>" + t(cat, "html.worst.title") +
       "</h2>\n<div class=\"cols\">\n<div><h3>" + t(cat, "html.worst.sites") + "</h3>";
  if (r.worst_sites.empty())
    o += "<p class=\"meta\">" + t(cat, "html.none") + "</p>";
  else {
    o += "<div class=\"scroll\"><table id=\"worst-sites\"><thead><tr><th>" + t(cat, "html.col.site") +
         "</th><th>" + t(cat, "html.col.level") + "</th><th>" + t(cat, "html.col.fail") + "</th><th>" +
         t(cat, "html.col.warn") + "</th><th>" + t(cat, "html.col.score") + "</th></tr></thead><tbody>\n";
    for (const auto& w : r.worst_sites) {
      const auto it = index.find(w.site);
      const std::string name = u(w.site);
      o += "<tr><td>" +
           (it == index.end() ? name
                              : "<a href=\"#site-" + std::to_string(it->second) + "\">" + name + "</a>") +
           "</td><td><span class=\"badge lv" + std::to_string(html::level_slot(w.level)) + "\">" +
           h(text(cat, w.level)) + "</span></td><td>" + std::to_string(w.fails) + "</td><td>" +
           std::to_string(w.warns) + "</td><td>" + std::to_string(w.score) + "</td></tr>\n";
    }
    o += "</tbody></table></div>";
  }
  o += "</div>\n<div><h3>" + t(cat, "html.worst.checks") + "</h3>";
  if (r.top_failing_checks.empty())
    o += "<p class=\"meta\">" + t(cat, "html.none") + "</p>";
  else {
    const double total = static_cast<double>(std::max<std::size_t>(1, doc.sites.size()));
    o += "<div class=\"scroll\"><table id=\"top-failing\"><thead><tr><th>" + t(cat, "html.col.check") +
         "</th><th>" + t(cat, "html.col.kind") + "</th><th>" + t(cat, "html.col.sites") +
         "</th></tr></thead><tbody>\n";
    for (const auto& c : r.top_failing_checks)
      o += "<tr><td><code>" + u(c.check_id) + "</code></td><td>" + u(c.kind) +
           "</td><td><span class=\"share\"><span style=\"width:" +
           chart_coord(static_cast<double>(c.sites) * 100.0 / total, 0, 100) + "%\"></span></span> " +
           std::to_string(c.sites) + "</td></tr>\n";
    o += "</tbody></table></div>";
  }
  o += "</div>\n</div>\n</section>\n<section id=\"drill\">\n<h2>" + t(cat, "html.drill.title") +
       "</h2>\n<p class=\"meta\">" + t(cat, "html.drill.help") + "</p>\n" + html::drill_down(cat, doc) +
       "</section>\n";
}

/// The site × check matrix. Inline: every row written here. Lazy: the rows come from the embedded data,
/// the worst first, a few hundred at a time (html_assets.hpp kLazyJs).
void matrix(std::string& o, const Document& doc, const Catalog& cat, const std::vector<Column>& cols,
            bool lazy) {
  auto vw = [&](std::string_view v) { return word(cat, "verdict.", v); };
  o += "<section id=\"matrix-section\">\n<h2>" + t(cat, "html.matrix.title") +
       "</h2>\n<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"" +
       t(cat, "html.matrix.filter") + "\" aria-label=\"" + t(cat, "html.matrix.filter_label") +
       "\"><select id=\"only\" aria-label=\"" + t(cat, "html.matrix.only_label") + "\"><option value=\"\">" +
       t(cat, "html.matrix.all") + "</option><option value=\"fail\">" + t(cat, "html.matrix.with_fail") +
       "</option><option value=\"error\">" + t(cat, "html.matrix.with_error") +
       "</option><option value=\"warn\">" + t(cat, "html.matrix.with_warn") + "</option></select></div>\n" +
       "<p class=\"meta\">\u2714 " + h(vw("pass")) + " · \u2139 " + h(vw("info")) + " · \u26A0 " +
       h(vw("warn")) + " · \u2716 " + h(vw("fail")) + " · \u203C " + h(vw("error")) + " · \u2013 " +
       h(vw("skipped")) + " · · " + t(cat, "html.matrix.not_run") + ". " + t(cat, "html.matrix.sort") +
       "</p>\n<div class=\"scroll\" id=\"matrix-wrap\"><table id=\"matrix\"><thead><tr><th scope=\"col\">" +
       t(cat, "html.col.site") + "</th><th scope=\"col\">" + t(cat, "html.col.level") + "</th>";
  for (const auto& c : cols)
    o += "<th scope=\"col\" class=\"vh\" title=\"" + h(c.kind) + "\" data-check=\"" + h(c.check_id) +
         "\"><span>" + u(c.check_id) + "</span></th>";
  o += "</tr></thead><tbody>\n";
  const std::string not_run = t(cat, "html.matrix.not_run");
  std::size_t i = 0;
  for (const auto& site : doc.sites) {
    if (lazy) break;
    const auto& name = site.site;
    const auto level = text(cat, site.level);
    o += "<tr data-site=\"" + h(name) + "\"><td data-k=\"" + h(name) + "\"><a href=\"#site-" +
         std::to_string(i) + "\">" + u(name) + "</a></td><td data-k=\"" + h(level) + "\">" + h(level) +
         "</td>";
    for (const auto& c : cols) {
      const auto ch = std::find_if(site.checks.begin(), site.checks.end(),
                                   [&](const findings::CheckRow& r) { return r.check_id == c.check_id; });
      if (ch == site.checks.end()) {
        o += "<td class=\"v-none\" title=\"" + not_run + "\">·</td>";
        continue;
      }
      const auto v = text(ch->verdict);
      const auto shown = vw(v);
      const auto found = static_cast<std::size_t>(ch - site.checks.begin());
      o += "<td class=\"c v-" + vclass(v) + "\" data-v=\"" + h(v) + "\" title=\"" +
           h(c.check_id + ": " + shown) + "\"><a href=\"#site-" + std::to_string(i) + "-check-" +
           std::to_string(found) + "\">" + verdict_cell(v, shown) + "</a></td>";
    }
    o += "</tr>\n";
    ++i;
  }
  o += "</tbody></table></div>\n<p id=\"matrix-more\" class=\"meta\"></p><div id=\"v6r-dom-summary\" "
       "hidden></div>\n"
       "</section>\n";
}

/// The projection per district (html_plan_chart.cpp): the districts furthest from their target first
/// (not on track, then the lowest share), at most kMaxPlanCharts.
void plan_charts(std::string& o, const HtmlOptions& opt, const Catalog& cat) {
  std::vector<const PlanChart*> charts;
  for (const auto& c : opt.plan_charts)
    if (!c.points.empty()) charts.push_back(&c);
  if (charts.empty()) return;
  std::stable_sort(charts.begin(), charts.end(), [](const PlanChart* a, const PlanChart* b) {
    const bool a_ok = a->reached || a->on_track, b_ok = b->reached || b->on_track;
    if (a_ok != b_ok) return !a_ok;
    return a->points.back().second < b->points.back().second;
  });
  const std::size_t shown = std::min(charts.size(), kMaxPlanCharts);
  o += "<h3>" + t(cat, "html.plan_chart.heading") + "</h3>\n<p class=\"meta\">" +
       t(cat, "html.plan_chart.note", {{"pace", std::to_string(opt.plan_pace)}}) +
       "</p>\n<div class=\"pcharts\">";
  for (std::size_t i = 0; i < shown; ++i) o += html::plan_chart_svg(cat, *charts[i]);
  o += "</div>\n";
  if (charts.size() > shown)
    o += "<p class=\"meta\">" +
         t(cat, "html.plan_chart.omitted",
           {{"n", cat.integer(charts.size() - shown)}, {"shown", cat.integer(shown)}}) +
         "</p>\n";
}

/// The archive's plan tracking (`report --archive`): one row per district, class and target year, the
/// share at the target level drawn as a bar beside its number.
void plan_tracking(std::string& o, const HtmlTable& table, const HtmlOptions& opt, const Catalog& cat) {
  o += "<section id=\"plan-tracking\">\n<h2>" + h(table.title) + "</h2>\n";
  if (!table.note.empty()) o += "<p class=\"meta\">" + h(table.note) + "</p>\n";
  if (table.rows.empty()) {
    o += "<p>" + t(cat, "html.plan_tracking.none") + "</p>\n</section>\n";
    return;
  }
  o += "<div class=\"scroll\"><table class=\"plan-tracking\"><thead><tr>";
  for (const auto& c : table.headings) o += "<th>" + h(c) + "</th>";
  o += "</tr></thead><tbody>\n";
  for (const auto& row : table.rows) {
    o += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      o += "<td>" + h(row[i]);
      if (i == table.bar_column) {
        double v = 0;
        std::string num = row[i];  // "42.4", or "42,4" in a language with a decimal comma
        std::replace(num.begin(), num.end(), ',', '.');
        if (std::from_chars(num.data(), num.data() + num.size(), v).ec != std::errc{} || !std::isfinite(v))
          v = 0;
        const int w = static_cast<int>(std::lround(std::clamp(v, 0.0, 100.0)));
        o += " <svg class=\"pbar\" width=\"100\" height=\"10\" role=\"img\" aria-label=\"" + h(row[i]) +
             " %\"><rect width=\"100\" height=\"10\" fill=\"#eaeef2\"/><rect width=\"" + std::to_string(w) +
             "\" height=\"10\" fill=\"#0072b2\"/></svg>";
      }
      o += "</td>";
    }
    o += "</tr>\n";
  }
  o += "</tbody></table></div>\n";
  plan_charts(o, opt, cat);
  o += "</section>\n";
}

void trend(std::string& o, const Document& doc, const Catalog& cat) {
  if (!doc.trend || doc.trend->size() < 2) return;
  const auto& tr = *doc.trend;
  const auto ids = level_ids(doc);
  // Plan target per year (first site class listed for that year; the table lists them all).
  std::map<std::string, std::string> target_by_year;
  for (const auto& tg : doc.plan_targets) target_by_year.emplace(std::to_string(tg.year), text(tg.level));
  // The scale: the tallest stack, site count or meets-plan count (all from the document: unbounded).
  double max_sites = 1;
  for (const auto& e : tr) {
    double total = 0;
    for (const auto& id : ids) total += static_cast<double>(level_count(e.levels, id));
    total += static_cast<double>(e.levels[std::nullopt]);  // sites without a level
    max_sites = std::max({max_sites, total, static_cast<double>(e.sites), static_cast<double>(e.plan.meets)});
  }
  max_sites = chart_clamp(max_sites, 1, 1e300);
  const int bar = 46, gap = 34, top = 10, height = 180, left = 34;
  const int width = left + static_cast<int>(tr.size()) * (bar + gap) + 10;
  const std::string meeting = t(cat, "html.trend.meeting");
  o += "<section id=\"trend\">\n<h2>" + t(cat, "html.trend.title") +
       "</h2>\n<div class=\"scroll\"><svg class=\"chart fixed\" role=\"img\" aria-label=\"" +
       t(cat, "html.trend.chart") + "\" width=\"" + std::to_string(width) + "\" viewBox=\"0 0 " +
       std::to_string(width) + " " + std::to_string(top + height + 44) + "\">\n";
  o += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + height) + "\" x2=\"" +
       std::to_string(width) + "\" y2=\"" + std::to_string(top + height) +
       "\" stroke=\"#8c959f\"/>"
       "<text x=\"0\" y=\"" +
       std::to_string(top + 10) + "\">" + count_text(max_sites) + "</text><text x=\"0\" y=\"" +
       std::to_string(top + height) + "\">0</text>\n";
  std::string meets_line;
  for (std::size_t i = 0; i < tr.size(); ++i) {
    const auto& e = tr[i];
    const int x = left + static_cast<int>(i) * (bar + gap) + gap / 2;
    double y = top + height;
    for (std::size_t l = 0; l < ids.size(); ++l) {
      const double n = static_cast<double>(level_count(e.levels, ids[l]));
      if (n <= 0) continue;
      const double hgt = chart_clamp(n * height / max_sites, 0, y - top);
      y -= hgt;
      o += "<rect x=\"" + std::to_string(x) + "\" y=\"" + chart_coord(y, top, top + height) + "\" width=\"" +
           std::to_string(bar) + "\" height=\"" + chart_coord(hgt, 0, height) + "\" fill=\"" +
           level_colour(l) + "\"><title>" + h(e.label) + ": " + h(ids[l]) + " " + count_text(n) +
           "</title></rect>";
      // The level's name on its segment when there is room: colour is not the only cue.
      if (hgt >= 14)
        o += "<text class=\"seg" + std::string(l == 2 ? "" : " inv") + "\" x=\"" + std::to_string(x + 4) +
             "\" y=\"" + chart_coord(y + hgt / 2 + 4, top, top + height) + "\">" +
             h(utf8::truncate(ids[l], 4)) + "</text>";
    }
    const double my = top + height - static_cast<double>(e.plan.meets) * height / max_sites;
    meets_line += (meets_line.empty() ? "" : " ") + std::to_string(x + bar / 2) + "," +
                  chart_coord(my, top, top + height);
    const std::string& label = e.label;
    const std::string year =
        label.size() >= 4 ? label.substr(0, 4) : format_rfc3339_ms(e.generated_utc).substr(0, 4);
    const auto target = target_by_year.find(year);
    o += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height + 16) + "\">" +
         h(utf8::truncate(label, 12)) + "</text>";
    if (target != target_by_year.end())
      o += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height + 32) + "\">" +
           t(cat, "html.trend.target", {{"level", target->second}}) + "</text>";
    o += "\n";
  }
  o += "<polyline points=\"" + meets_line +
       "\" fill=\"none\" stroke=\"#1f2328\" stroke-width=\"2\" "
       "stroke-dasharray=\"5 3\"><title>" +
       meeting + "</title></polyline>\n</svg></div>\n<p class=\"legend\">";
  for (std::size_t l = 0; l < ids.size(); ++l)
    o += "<span><span class=\"sw lv" + std::to_string(std::min<std::size_t>(l, 5)) + "\"></span>" +
         h(ids[l]) + "</span>";
  o += "<span>- - - " + meeting + "</span></p>\n<div class=\"scroll\"><table><thead><tr><th>" +
       t(cat, "html.col.sweep") + "</th><th>" + t(cat, "html.col.sites") + "</th>";
  for (const auto& id : ids) o += "<th>" + h(id) + "</th>";
  o += "<th>" + t(cat, "html.col.meet_plan") + "</th></tr></thead><tbody>\n";
  for (const auto& e : tr) {
    o += "<tr><td>" + u(e.label) + "</td><td>" + num(cat, e.sites) + "</td>";
    for (const auto& id : ids) o += "<td>" + num(cat, level_count(e.levels, id)) + "</td>";
    o += "<td>" + num(cat, e.plan.meets) + "</td></tr>\n";
  }
  o += "</tbody></table></div>\n";
  if (!doc.plan_targets.empty()) {
    o += "<h3>" + t(cat, "html.trend.targets") + "</h3><div class=\"scroll\"><table><thead><tr><th>" +
         t(cat, "html.col.year") + "</th><th>" + t(cat, "html.col.site_class") + "</th><th>" +
         t(cat, "html.col.level") + "</th></tr></thead><tbody>\n";
    for (const auto& tg : doc.plan_targets)
      o += "<tr><td>" + h(std::to_string(tg.year)) + "</td><td>" + u(tg.site_class) + "</td><td>" +
           h(text(tg.level)) + "</td></tr>\n";
    o += "</tbody></table></div>\n";
  }
  o += "</section>\n";
}

/// A finding's evidence: its frames as ranges; its bundle, capture and digest only when they are not the
/// site's own (shown once in the site's header).
void evidence(std::string& o, const Catalog& cat, const findings::Evidence& ev,
              const findings::BundleInfo& b) {
  const std::string cap = b.capture ? b.capture->file : std::string();
  const std::string sha = b.capture ? b.capture->sha256 : std::string();
  const bool own = (!ev.bundle || *ev.bundle == b.name) && (!ev.capture || *ev.capture == cap) &&
                   (!ev.capture_sha256 || *ev.capture_sha256 == sha);
  if (own && ev.frames.empty()) return;
  o += "<p class=\"meta\">";
  if (!own) {
    o += fill(cat, "html.site.evidence", {{"bundle", "<code>" + u(ev.bundle.value_or("")) + "</code>"}});
    if (ev.capture && !ev.capture->empty())
      o += " · " +
           fill(cat, "html.site.evidence_capture", {{"capture", "<code>" + u(*ev.capture) + "</code>"}});
    if (ev.capture_sha256 && !ev.capture_sha256->empty())
      o += " · " +
           fill(cat, "html.site.evidence_sha", {{"sha256", "<code>" + u(*ev.capture_sha256) + "</code>"}});
    if (!ev.frames.empty()) o += " · ";
  }
  if (!ev.frames.empty())
    o += fill(cat, "html.site.frames", {{"frames", "<code>" + h(html::frame_ranges(ev.frames)) + "</code>"}});
  o += "</p>\n";
}

/// A finding's frames in one line each (docs/findings-schema.md "Frame summaries"), then how many of
/// its frames have no line; nothing when none of them has one.
void frame_lines(std::string& o, const Catalog& cat, const findings::Site& site, const findings::Finding& f) {
  const auto ff = finding_frames(site, f);
  if (ff.lines.empty()) return;
  o += "<ul class=\"pkts\">";
  for (const auto* l : ff.lines)
    o += "<li data-frame=\"" + std::to_string(l->frame) + "\">" + u(frame_line(cat, *l)) + "</li>";
  if (ff.without_line > 0)
    o += "<li class=\"meta\">" + t(cat, "pkt.more", {{"n", cat.integer(ff.without_line)}}) + "</li>";
  o += "</ul>\n";
}

/// Rung → requirement → kinds → present / missing / could not judge (docs/findings-schema.md "Coverage").
void coverage_table(std::string& o, const Catalog& cat, const findings::Site& site) {
  if (site.coverage.empty()) return;
  o += "<details class=\"coverage\"><summary>" + t(cat, "html.site.coverage");
  if (site.not_assessed_from)
    o += " " + t(cat, "html.site.coverage_from", {{"n", text(*site.not_assessed_from).substr(1)}});
  o += "</summary><div class=\"scroll\"><table><thead><tr><th>" + t(cat, "html.col.rung") + "</th><th>" +
       t(cat, "html.col.requirement") + "</th><th>" + t(cat, "html.col.kinds") + "</th><th>" +
       t(cat, "html.col.state") + "</th><th>" + t(cat, "html.col.checks") + "</th></tr></thead><tbody>\n";
  for (const auto& r : site.coverage) {
    o += "<tr><td>" + h(text(r.level)) + "</td><td>" + u(coverage_requirement(cat, r)) + "</td><td><code>" +
         u(r.kinds.empty() ? std::string("capture") : join(r.kinds, ", ")) + "</code></td><td class=\"cov-" +
         (r.state == findings::CoverageState::present ? "ok" : "gap") + "\">" +
         h(word(cat, "coverage.", findings::to_string(r.state))) + "</td><td>" + u(join(r.checks, ", ")) +
         "</td></tr>\n";
  }
  o += "</tbody></table></div></details>\n";
}

/// The site's root causes (docs/findings-schema.md "Root causes"): each cause, the facts that show it,
/// the findings it explains and how to fix it, before the full list of findings.
void root_causes_block(std::string& o, const Catalog& cat, const findings::Site& site) {
  if (!site.root_causes || site.root_causes->empty()) return;
  o += "<h4>" + t(cat, "rootcause.heading") + "</h4>\n";
  for (const auto& rc : *site.root_causes) {
    const std::string sev(findings::to_string(rc.severity));
    o += "<div class=\"cause v-" + vclass(sev) + "\" data-cause=\"" + h(findings::to_string(rc.cause)) +
         "\"><strong>" + verdict_cell(sev, severity_word(cat, rc.severity)) + " " +
         u(root_cause_title(cat, rc)) + "</strong> <span class=\"meta\">" +
         t(cat, "rootcause.explains", {{"count", cat.integer(rc.checks.size())}}) + "</span><ul>";
    for (const auto& e : root_cause_evidence(cat, rc))
      o += "<li>" + u(cat.text("rootcause.evidence", {{"fact", e}})) + "</li>";
    for (const auto& f : site.findings)
      if (std::find(rc.findings.begin(), rc.findings.end(), f.id) != rc.findings.end())
        o += "<li class=\"meta\">" + h(severity_word(cat, f.severity)) + " <code>" + u(f.rule) + "</code> " +
             u(finding_title(cat, f, &site)) + "</li>";
    o += "</ul><p class=\"advice\">" +
         t(cat, "rootcause.how_to_fix", {{"advice", root_cause_advice(cat, rc.cause)}}) + "</p>";
    if (!rc.frames.empty())
      o += "<p class=\"meta\">" +
           fill(cat, "html.site.frames",
                {{"frames", "<code>" + h(html::frame_ranges(rc.frames)) + "</code>"}}) +
           "</p>";
    o += "</div>\n";
  }
}

/// The site's real-time readiness (reports/realtime.hpp), when it ran any NAT64 behaviour kind: one
/// cell per kind, the result's reason as the cell's tooltip.
void realtime_table(std::string& o, const Catalog& cat, const findings::Site& site) {
  if (!has_realtime(site)) return;
  o += "<h4>" + t(cat, "html.site.realtime") +
       "</h4>\n<div class=\"scroll\"><table class=\"realtime\"><thead><tr>";
  for (const auto kind : realtime_kinds()) o += "<th>" + h(realtime_label(cat, kind)) + "</th>";
  o += "</tr></thead><tbody><tr>";
  for (const auto& cell : realtime_cells(cat, site)) {
    const std::string v = cell.verdict ? std::string(to_string(*cell.verdict)) : "skipped";
    o += "<td class=\"v-" + vclass(v) + "\" data-kind=\"" + h(cell.kind) + "\"" +
         (cell.reason.empty() ? std::string() : " title=\"" + h(cell.reason) + "\"") + ">" + h(cell.text) +
         "</td>";
  }
  o += "</tr></tbody></table></div>\n";
}

void site_section(std::string& o, const Catalog& cat, const findings::Site& site, std::size_t i) {
  const auto idx = std::to_string(i);
  o += "<section class=\"site\" id=\"site-" + idx + "\" data-site=\"" + h(site.site) + "\">\n<h3>" +
       u(site.site) + " <span class=\"badge\">" + h(text(cat, site.level)) + "</span></h3>\n<p>";
  if (!site.site_class.empty()) o += fill(cat, "html.site.class", {{"class", u(site.site_class)}}) + " · ";
  o += t(cat, "html.site.required", {{"level", site.required_level ? text(*site.required_level) : "–"}}) +
       " · ";
  o += plan_badge(cat, site.plan_verdict);
  if (!site.bundle.verified) o += " · <span class=\"bad\">" + t(cat, "html.site.unverified") + "</span>";
  if (signature_flagged(site.bundle.signature))
    o += " · <span class=\"bad\">\u26A0 " + h(signature_words(cat, site.bundle.signature)) + "</span>";
  o += "</p>\n<p class=\"level-summary\"><strong>" + u(level_summary(cat, site)) +
       "</strong></p>\n<p class=\"meta\">" + u(plan_reason(cat, site)) + " · " +
       fill(cat, "html.site.access",
            {{"mode", "<strong>" + h(access_word(cat, site.access.mode)) + "</strong>"}});
  if (const auto m = access_missing(cat, site.access)) o += " (" + u(*m) + ")";
  o += "</p>\n";
  if (!site.level_reasons.empty() || !site.access.evidence.empty()) {
    o += "<ul>";
    for (const auto& r : level_reasons(cat, site)) o += "<li>" + u(r) + "</li>";
    for (const auto& e : access_evidence(cat, site.access)) o += "<li class=\"meta\">" + u(e) + "</li>";
    o += "</ul>\n";
  }
  {
    const auto& b = site.bundle;
    o += "<p class=\"meta\">" +
         fill(cat, "html.site.evidence", {{"bundle", "<code>" + u(b.name) + "</code>"}});
    if (b.capture)
      o += " · " +
           fill(cat, "html.site.evidence_capture", {{"capture", "<code>" + u(b.capture->file) + "</code>"}}) +
           " · " +
           fill(cat, "html.site.evidence_sha", {{"sha256", "<code>" + u(b.capture->sha256) + "</code>"}});
    o += "</p>\n";
  }
  realtime_table(o, cat, site);
  coverage_table(o, cat, site);
  root_causes_block(o, cat, site);
  o += "<h4>" + t(cat, "html.site.findings", {{"n", cat.integer(site.findings.size())}}) + "</h4>\n";
  if (site.findings.empty()) o += "<p class=\"meta\">" + t(cat, "html.none") + "</p>\n";
  for (const auto& f : site.findings) {
    const std::string sev(findings::to_string(f.severity));
    o += "<div class=\"finding v-" + vclass(sev) + "\" data-finding=\"" + h(f.id) + "\"><strong>" +
         verdict_cell(sev, severity_word(cat, f.severity)) + " " + u(finding_title(cat, f, &site)) +
         "</strong> <code>" + u(f.rule) + "</code>";
    if (f.check_id && !f.check_id->empty())
      o += " · " + fill(cat, "html.site.check", {{"check", "<code>" + u(*f.check_id) + "</code>"}});
    if (f.rfc && !f.rfc->empty()) o += " · " + u(*f.rfc);
    o += " · " + t(cat, "html.site.from", {{"source", word(cat, "source.", findings::to_string(f.source))}});
    o += "<p>" + u(finding_explanation(cat, f)) + "</p>\n";
    if (const auto a = advice(cat, f.rule))
      o += "<p class=\"advice\">" + t(cat, "html.site.advice", {{"advice", *a}}) + "</p>\n";
    if (!f.addresses.empty())
      o += "<p class=\"meta\">" +
           fill(cat, "html.site.addresses",
                {{"addresses", "<code>" + u(join(f.addresses, ", ")) + "</code>"}}) +
           "</p>\n";
    evidence(o, cat, f.evidence, site.bundle);
    frame_lines(o, cat, site, f);
    o += "</div>\n";
  }
  o += "<details class=\"checks\"><summary>" +
       t(cat, "html.site.checks", {{"n", cat.integer(site.checks.size())}}) +
       "</summary>\n<div class=\"scroll\"><table><thead><tr><th>" + t(cat, "html.col.check") + "</th><th>" +
       t(cat, "html.col.kind") + "</th><th>" + t(cat, "html.col.target") + "</th><th>" +
       t(cat, "html.col.verdict") + "</th><th>" + t(cat, "html.col.reason") + "</th><th>" +
       t(cat, "html.col.addresses") + "</th><th>" + t(cat, "html.col.cross_check") + "</th><th>" +
       t(cat, "html.col.frames") + "</th></tr></thead><tbody>\n";
  std::size_t k = 0;
  for (const auto& c : site.checks) {
    const auto v = text(c.verdict);
    const auto& a = c.addresses;
    std::vector<std::string> addrs;
    if (a.local && !a.local->empty()) addrs.push_back(cat.text("html.site.local", {{"address", *a.local}}));
    if (a.resolver && !a.resolver->empty())
      addrs.push_back(cat.text("html.site.resolver", {{"address", *a.resolver}}));
    if (!a.remote.empty()) addrs.push_back(cat.text("html.site.remote", {{"address", join(a.remote, ", ")}}));
    o += "<tr id=\"site-" + idx + "-check-" + std::to_string(k++) + "\"><td>" + u(c.check_id) + "</td><td>" +
         u(c.kind) + "</td><td><code>" + u(c.target) + "</code></td><td class=\"v-" + vclass(v) + "\">" +
         verdict_cell(v, verdict_word(cat, c.verdict)) + "</td><td>" + u(check_reason(cat, c)) +
         (c.rfc && !c.rfc->empty() ? " <span class=\"meta\">(" + u(*c.rfc) + ")</span>" : "") +
         clause_line(cat, c) + "</td><td class=\"mono\">" + lines_cell(addrs) + "</td><td>" +
         h(word(cat, "cross_check.", findings::to_string(c.cross_check))) +
         (c.cross_check_note ? " <span class=\"meta\">(" + u(*cross_check_note(cat, c)) + ")</span>" : "") +
         "</td><td class=\"mono\">" + h(html::frame_ranges(c.frames)) + "</td></tr>\n";
  }
  o += "</tbody></table></div></details>\n";
  if (!site.anomalies.empty()) {
    o += "<h4>" + t(cat, "html.site.anomalies") + "</h4><ul>";
    for (const auto& a : site.anomalies)
      o += "<li>" +
           fill(cat, "html.site.anomaly",
                {{"name", "<code>" + u(a.name) + "</code>"},
                 {"count", num(cat, a.count)},
                 {"frames", h(html::frame_ranges(a.first_frames))}}) +
           "</li>";
    o += "</ul>\n";
  }
  const auto& m = site.metrics;
  o += "<p class=\"meta\">" +
       fill(cat, "html.site.capture_line",
            {{"frames", num(cat, m.frames)},
             {"ipv4", num(cat, m.ipv4_frames)},
             {"arp", num(cat, m.arp_frames)},
             {"dhcpv4", num(cat, m.dhcpv4_frames)},
             {"ptb", num(cat, m.ptb_seen)},
             {"pref64", m.ra_pref64.empty() ? t(cat, "html.none_word") : u(join(m.ra_pref64, ", "))},
             {"dns", num(cat, m.dns.transactions)},
             {"unanswered", num(cat, m.dns.unanswered)},
             {"p95", h(number_text(m.dns.latency_ms_p95))}}) +
       "</p>\n";
  o += "</section>\n";
}

void methodology(std::string& o, const Document& doc, const Catalog& cat, bool lazy) {
  const auto& plan = doc.plan;
  const auto& tool = doc.tool;
  o += "<section id=\"methodology\">\n<h2>" + t(cat, "html.method.title") + "</h2>\n<p>" +
       fill(cat, "html.method.text",
            {{"tool", u(tool.name) + " " + u(tool.version) + " " + u(tool.git_commit)},
             {"bundles", num(cat, doc.sweep.bundle_count)},
             {"status", "<strong>" + t(cat, "status." + std::string(to_string(doc.status))) + "</strong>"},
             {"file", "<code>" + u(plan.file.value_or("")) + "</code>"},
             {"sha256", "<code>" + u(plan.sha256.value_or("")) + "</code>"},
             {"command", "<code>sha256sum -c MANIFEST.sha256</code>"}}) +
       "</p>\n";
  if (lazy) {  // each site's bundle, scenario, probe, clock and capture are in its detail
    o += "<p class=\"meta\">" + t(cat, "html.method.lazy") + "</p>\n</section>\n";
    return;
  }
  o += "<div class=\"scroll\"><table><thead><tr>";
  for (const char* col :
       {"site", "bundle", "verified", "status", "scenario", "probe", "clock", "run", "capture"})
    o += "<th>" + t(cat, "html.col." + std::string(col)) + "</th>";
  o += "</tr></thead><tbody>\n";
  for (const auto& site : doc.sites) {
    const auto& b = site.bundle;
    std::string vcell = b.verified ? "<span class=\"ok\">" + t(cat, "html.method.yes") + "</span>"
                                   : "<span class=\"bad\">" + t(cat, "html.method.no") + "</span>";
    if (!b.verify_problems.empty()) vcell += " " + u(join(b.verify_problems, ", "));
    if (b.signature)
      vcell += "<br>" +
               std::string(signature_flagged(b.signature) ? "<span class=\"bad\">\u26A0 " : "<span>") +
               h(signature_words(cat, b.signature)) + "</span>";
    const auto& cap = b.capture;
    const std::string clock = !b.clock.synced ? t(cat, "clock.unknown")
                              : *b.clock.synced
                                  ? "<span class=\"ok\">\u2714 " + t(cat, "clock.synced") + "</span>"
                                  : "<span class=\"bad\">\u26A0 " + t(cat, "clock.not_synced") + "</span>";
    o += "<tr><td>" + u(site.site) + "</td><td class=\"mono\">" + u(b.name) + "</td><td>" + vcell +
         "</td><td>" + t(cat, "status." + std::string(to_string(b.status))) + "</td><td>" +
         u(b.scenario.name) + "<br><code>" + u(b.scenario.sha256) + "</code></td><td>" + u(b.tool.name) +
         " " + u(b.tool.version) + " " + u(b.tool.git_commit) + "<br>" +
         fill(cat, "html.method.probe_on",
              {{"probe", u(b.probe_id)}, {"host", u(b.host)}, {"interface", u(b.interface)}}) +
         "</td><td>" + clock + " " + u(b.clock.detail) + "</td><td>" + h(format_rfc3339_ms(b.started_utc)) +
         " – " + h(format_rfc3339_ms(b.stopped_utc)) + " " +
         fill(cat, "html.method.run", {{"run", u(b.run_id)}}) + "</td><td>" +
         (cap ? fill(cat, "html.method.frames", {{"file", u(cap->file)}, {"frames", num(cat, cap->frames)}})
              : t(cat, "html.method.no_capture")) +
         (cap && cap->partial ? ", <strong>" + t(cat, "html.method.partial") + "</strong>" : "") +
         "<br><code>" + (cap ? u(cap->sha256) : "") + "</code></td></tr>\n";
  }
  o += "</tbody></table></div>\n</section>\n";
}

}  // namespace

Expected<HtmlDetail, std::string> parse_html_detail(std::string_view s) {
  if (s == "auto") return HtmlDetail::automatic;
  if (s == "inline") return HtmlDetail::inline_all;
  if (s == "lazy") return HtmlDetail::lazy;
  return Unexpected{"--html-detail: expected auto, inline or lazy, got \"" + escape::terminal(s) + "\""};
}

std::string render_html(const Document& doc) {
  return render_html(doc, HtmlOptions{});
}

std::string render_html(const Document& doc, const HtmlOptions& opt, const i18n::Catalog& cat) {
  const bool lazy = opt.detail == HtmlDetail::lazy ||
                    (opt.detail == HtmlDetail::automatic && doc.sites.size() > opt.inline_max_sites);
  std::string o;
  o.reserve(lazy ? 4 * 1024 * 1024 : 64 * 1024);
  const auto cols = check_columns(doc);
  header(o, doc, cat, opt.plan_tracking.has_value());
  o += "<main>\n";
  summary(o, doc, cat);
  worst_first(o, doc, cat);
  matrix(o, doc, cat, cols, lazy);
  trend(o, doc, cat);
  if (opt.plan_tracking) plan_tracking(o, *opt.plan_tracking, opt, cat);
  if (lazy) {
    o += "<section id=\"sites\">\n<h2>" + t(cat, "html.detail.title") +
         "</h2>\n<div id=\"site-detail\" data-mode=\"lazy\"><p class=\"meta\">" +
         t(cat, "html.detail.reading") + "</p><p id=\"v6r-nostream\" class=\"bad\" hidden>" +
         t(cat, "html.detail.nostream") + "</p><noscript><p class=\"bad\">" + t(cat, "html.detail.noscript") +
         "</p></noscript></div>\n</section>\n";
  } else {
    o += "<section id=\"sites\">\n<h2>" + t(cat, "html.sites.title") + "</h2>\n";
    std::size_t i = 0;
    for (const auto& site : doc.sites) site_section(o, cat, site, i++);
    o += "</section>\n";
  }
  methodology(o, doc, cat, lazy);
  o += "</main>\n";
  if (lazy)  // JSON data, gzip, base64: only [A-Za-z0-9+/=], nothing that could end the element
    o += "<script type=\"application/octet-stream\" id=\"v6r-data\">" + html::lazy_data_base64(cat, doc) +
         "</script>\n";
  o += "<script>" + std::string(lazy ? html_assets::kLazyJs : html_assets::kMatrixJs) +
       html_assets::kTimingJs + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace v6r::report
