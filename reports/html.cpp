// HTML: one self-contained file (inline CSS, inline SVG, a few lines of plain JS, no external fetch):
// province summary with a bar chart, site × check matrix, per-site sections with every finding and its
// evidence, the trend against the plan, and the methodology (hashes, tool versions, clocks, verification).
// Escaping (core/escape.hpp, docs/output-escaping.md): every string from the document is u() in text
// (escaped, hidden characters shown, inside <bdi> so right-to-left text cannot reorder the page) or
// h() in an attribute value, <title> and SVG text; class names and attribute names come only from
// fixed words (vclass), and every number on its way into the SVG charts is range-checked (chart_coord).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/utf8.hpp"
#include "reports/html_assets.hpp"
#include "reports/html_parts.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {
namespace html {

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

std::string level_bar(const findings::LevelCounts& c, bool big) {
  double total = 0;
  for (const auto n : c.n) total += static_cast<double>(n);
  std::string tip, o;
  for (std::size_t i = 0; i < c.n.size(); ++i) {
    if (!c.n[i]) continue;
    const std::string name =
        i < 5 ? findings::level_text(findings::level_at(static_cast<int>(i))) : "not assessed";
    tip += (tip.empty() ? "" : " · ") + name + " " + std::to_string(c.n[i]);
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
using html::h;
using html::level_colour;
using html::u;
using html::vclass;

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
std::string text(const std::optional<findings::Level>& l) {
  return findings::level_text(l);
}

/// The plan verdict as a short badge (the same words as the Markdown summary).
std::string plan_badge(findings::PlanVerdict v) {
  switch (v) {
    case findings::PlanVerdict::meets:
      return "<span class=\"ok\">\u2714 meets the plan</span>";
    case findings::PlanVerdict::below:
      return "<span class=\"bad\">\u2716 below the plan</span>";
    case findings::PlanVerdict::not_assessed:
      return "<span class=\"bad\">? not assessed against the plan</span>";
    case findings::PlanVerdict::not_in_plan:
      return "<span>\u2013 not in the plan</span>";
  }
  return "";
}

std::string verdict_cell(const std::string& v) {
  return "<span aria-hidden=\"true\">" + std::string(verdict_symbol(v)) + "</span><span class=\"vt\">" +
         h(v) + "</span>";
}

/// Lines of untrusted text in one cell.
std::string lines_cell(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "<br>") + u(l);
  return out;
}

/// A check's sub-verdicts on one line under its reason: "✔ prefix · ℹ ttl", each clause's reason and
/// RFC section as its tooltip (core/result.hpp Clause; attribute values escaped with h()).
std::string clause_line(const findings::CheckRow& c) {
  if (!c.clauses || c.clauses->empty()) return {};
  std::string o = "<div class=\"meta clauses\">";
  for (std::size_t i = 0; i < c.clauses->size(); ++i) {
    const auto& cl = (*c.clauses)[i];
    const auto v = text(cl.verdict);
    if (i) o += " · ";
    o += "<span class=\"v-" + vclass(v) + "\" data-clause=\"" + h(cl.clause) + "\" title=\"" + h(v) + ": " +
         h(cl.reason) + (cl.rfc ? " (" + h(*cl.rfc) + ")" : std::string()) + "\">" +
         std::string(verdict_symbol(v)) + " " + u(cl.clause) + "</span>";
  }
  return o + "</div>";
}

void header(std::string& o, const Document& doc) {
  const std::string title = "v6ready readiness report";
  const std::string label = doc.sweep.label.empty() ? "" : " — " + doc.sweep.label;
  o +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n<title>" +
      h(title + label) + "</title>\n<style>" + html_assets::kCss + "</style>\n<script>" +
      html_assets::kErrorJs + "</script>\n</head>\n<body>\n";
  o += "<header>\n<h1>" + h(title) + (doc.sweep.label.empty() ? "" : " — " + u(doc.sweep.label)) +
       "</h1>\n<p class=\"meta\">Generated " + h(format_rfc3339_ms(doc.generated_utc)) + " by " +
       u(doc.tool.name) + " " + u(doc.tool.version);
  if (!doc.tool.git_commit.empty()) o += " (" + u(doc.tool.git_commit) + ")";
  if (!doc.plan.name.empty()) o += " · plan " + u(doc.plan.name);
  o += " · year " + h(std::to_string(doc.plan.year));
  o += " · analysis <strong>" + h(to_string(doc.status)) + "</strong></p>\n";
  o += "<nav><a href=\"#summary\">Summary</a><a href=\"#worst\">Worst sites</a><a href=\"#drill\">By "
       "place</a><a href=\"#matrix-section\">Matrix</a>";
  if (doc.trend && doc.trend->size() >= 2) o += "<a href=\"#trend\">Trend</a>";
  o += "<a href=\"#sites\">Sites</a><a href=\"#methodology\">Methodology</a></nav>\n</header>\n"
       "<pre id=\"v6r-errors\" hidden></pre>\n";
}

void summary(std::string& o, const Document& doc) {
  const auto& sites = doc.sites;
  const auto ids = level_ids(doc);
  std::map<std::string, std::string> titles;
  for (const auto& l : doc.levels) titles[text(l.id)] = l.title;
  std::vector<std::size_t> counts(ids.size(), 0);
  std::size_t unknown = 0;
  findings::PlanCounts plan;
  for (const auto& s : sites) {
    const auto it = std::find(ids.begin(), ids.end(), text(s.level));
    if (it == ids.end())
      ++unknown;
    else
      ++counts[static_cast<std::size_t>(it - ids.begin())];
    plan.add(s.plan_verdict);
  }
  o += "<section id=\"summary\">\n<h2>Province summary</h2>\n<p><strong>" + std::to_string(sites.size()) +
       "</strong> sites · <span class=\"ok\">\u2714 " + std::to_string(plan.meets) +
       " meet the plan</span> · " + "<span class=\"bad\">\u2716 " + std::to_string(plan.below) +
       " below the plan</span> · " + "<span class=\"bad\">? " + std::to_string(plan.not_assessed) +
       " not assessed against it</span> · " + "<span>\u2013 " + std::to_string(plan.not_in_plan) +
       " not in the plan</span></p>\n";
  // Horizontal bars, one per level, in HTML (the text keeps the page's size on a phone; an SVG would
  // scale it down). Each bar has its level's name beside it and its count after it: colour is not the
  // only cue.
  const std::size_t max = std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
  o += "<div class=\"lchart\" role=\"img\" aria-label=\"Sites per readiness level\">\n";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // Cut by characters, never inside a UTF-8 sequence or a grapheme cluster.
    const std::string label =
        utf8::truncate(ids[i] + (titles[ids[i]].empty() ? "" : " " + titles[ids[i]]), 40);
    const double w = chart_clamp(static_cast<double>(counts[i]) * 100.0 / static_cast<double>(max), 0, 100);
    o += "<div class=\"lrow\"><span class=\"lname\">" + h(label) +
         "</span><span class=\"ltrack\"><span class=\"lv" + std::to_string(std::min<std::size_t>(i, 5)) +
         "\" style=\"width:" + chart_coord(w, 0, 100) + "%\" title=\"" + h(ids[i]) + ": " +
         std::to_string(counts[i]) +
         " sites\"></span></span><span class=\"lnum\" "
         "data-level=\"" +
         h(ids[i]) + "\">" + std::to_string(counts[i]) + "</span></div>\n";
  }
  o +=
      "</div>\n<div "
      "class=\"scroll\"><table><thead><tr><th>level</th><th>meaning</th><th>sites</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < ids.size(); ++i)
    o += "<tr><td><span class=\"sw lv" + std::to_string(std::min<std::size_t>(i, 5)) + "\"></span>" +
         h(ids[i]) + "</td><td>" + u(titles[ids[i]]) + "</td><td class=\"level-count\" data-level=\"" +
         h(ids[i]) + "\">" + std::to_string(counts[i]) + "</td></tr>\n";
  if (unknown)
    o += "<tr><td>?</td><td>not assessed: the scenario cannot judge even L1</td><td>" +
         std::to_string(unknown) + "</td></tr>\n";
  o += "</tbody></table></div>\n";
  if (!doc.problems.empty()) {
    o += "<h3 class=\"bad\">Problems reading the input</h3><ul>\n";
    for (const auto& p : doc.problems) {
      o += "<li><code>" + u(p.bundle) + (p.file && !p.file->empty() ? "/" + u(*p.file) : "") + "</code>";
      if (p.frame) o += " frame " + h(std::to_string(*p.frame));
      o += ": " + u(p.message) + "</li>\n";
    }
    o += "</ul>\n";
  }
  o += "</section>\n";
}

/// The worst sites and the checks that fail at the most sites (the document's roll-up), then the
/// drill-down by place: what a province's engineer reads first.
void worst_first(std::string& o, const Document& doc) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < doc.sites.size(); ++i) index.emplace(doc.sites[i].site, i);
  const auto& r = doc.rollup;
  o += "<section id=\"worst\">\n<h2>Worst sites and failing checks</h2>\n<div class=\"cols\">\n<div>"
       "<h3>Worst sites</h3>";
  if (r.worst_sites.empty())
    o += "<p class=\"meta\">None.</p>";
  else {
    o += "<div class=\"scroll\"><table id=\"worst-sites\"><thead><tr><th>site</th><th>level</th><th>\u2716 "
         "fail</th><th>\u26A0 warn</th><th>score</th></tr></thead><tbody>\n";
    for (const auto& w : r.worst_sites) {
      const auto it = index.find(w.site);
      const std::string name = u(w.site);
      o += "<tr><td>" +
           (it == index.end() ? name
                              : "<a href=\"#site-" + std::to_string(it->second) + "\">" + name + "</a>") +
           "</td><td><span class=\"badge lv" + std::to_string(html::level_slot(w.level)) + "\">" +
           h(text(w.level)) + "</span></td><td>" + std::to_string(w.fails) + "</td><td>" +
           std::to_string(w.warns) + "</td><td>" + std::to_string(w.score) + "</td></tr>\n";
    }
    o += "</tbody></table></div>";
  }
  o += "</div>\n<div><h3>Checks failing at the most sites</h3>";
  if (r.top_failing_checks.empty())
    o += "<p class=\"meta\">None.</p>";
  else {
    const double total = static_cast<double>(std::max<std::size_t>(1, doc.sites.size()));
    o +=
        "<div class=\"scroll\"><table id=\"top-failing\"><thead><tr><th>check</th><th>kind</th><th>sites</th>"
        "</tr></thead><tbody>\n";
    for (const auto& c : r.top_failing_checks)
      o += "<tr><td><code>" + u(c.check_id) + "</code></td><td>" + u(c.kind) +
           "</td><td><span class=\"share\">"
           "<span style=\"width:" +
           chart_coord(static_cast<double>(c.sites) * 100.0 / total, 0, 100) + "%\"></span></span> " +
           std::to_string(c.sites) + "</td></tr>\n";
    o += "</tbody></table></div>";
  }
  o += "</div>\n</div>\n</section>\n<section id=\"drill\">\n<h2>By place</h2>\n<p class=\"meta\">Province "
       "\u2192 "
       "district \u2192 commune, the worst first; each bar shows the sites per level (L0 to L4, then not "
       "assessed; hover for the counts). Open a place to see its sites.</p>\n" +
       html::drill_down(doc) + "</section>\n";
}

/// The site × check matrix. Inline: every row written here. Lazy: the rows come from the embedded data,
/// the worst first, a few hundred at a time (html_assets.hpp kLazyJs).
void matrix(std::string& o, const Document& doc, const std::vector<Column>& cols, bool lazy) {
  o += "<section id=\"matrix-section\">\n<h2>Site × check matrix</h2>\n"
       "<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"Filter sites…\" "
       "aria-label=\"Filter sites\"><select id=\"only\" aria-label=\"Show sites with\"><option "
       "value=\"\">all sites"
       "</option><option value=\"fail\">with \u2716 fail</option><option value=\"error\">with \u203C "
       "error</option>"
       "<option value=\"warn\">with \u26A0 warn</option></select></div>\n"
       "<p class=\"meta\">\u2714 pass · \u2139 info · \u26A0 warn · \u2716 fail · \u203C error · \u2013 "
       "skipped · "
       "· not run. Click a column header to sort.</p>\n"
       "<div class=\"scroll\" id=\"matrix-wrap\"><table id=\"matrix\"><thead><tr><th "
       "scope=\"col\">site</th><th "
       "scope=\"col\">level</th>";
  for (const auto& c : cols)
    o += "<th scope=\"col\" class=\"vh\" title=\"" + h(c.kind) + "\" data-check=\"" + h(c.check_id) +
         "\"><span>" + u(c.check_id) + "</span></th>";
  o += "</tr></thead><tbody>\n";
  std::size_t i = 0;
  for (const auto& site : doc.sites) {
    if (lazy) break;
    const auto& name = site.site;
    const auto level = text(site.level);
    o += "<tr data-site=\"" + h(name) + "\"><td data-k=\"" + h(name) + "\"><a href=\"#site-" +
         std::to_string(i) + "\">" + u(name) + "</a></td><td data-k=\"" + h(level) + "\">" + h(level) +
         "</td>";
    for (const auto& c : cols) {
      const auto ch = std::find_if(site.checks.begin(), site.checks.end(),
                                   [&](const findings::CheckRow& r) { return r.check_id == c.check_id; });
      if (ch == site.checks.end()) {
        o += "<td class=\"v-none\" title=\"not run\">·</td>";
        continue;
      }
      const auto v = text(ch->verdict);
      const auto found = static_cast<std::size_t>(ch - site.checks.begin());
      o += "<td class=\"c v-" + vclass(v) + "\" data-v=\"" + h(v) + "\" title=\"" + h(c.check_id + ": " + v) +
           "\"><a href=\"#site-" + std::to_string(i) + "-check-" + std::to_string(found) + "\">" +
           verdict_cell(v) + "</a></td>";
    }
    o += "</tr>\n";
    ++i;
  }
  o += "</tbody></table></div>\n<p id=\"matrix-more\" class=\"meta\"></p><div id=\"v6r-dom-summary\" "
       "hidden></div>\n"
       "</section>\n";
}

void trend(std::string& o, const Document& doc) {
  if (!doc.trend || doc.trend->size() < 2) return;
  const auto& tr = *doc.trend;
  const auto ids = level_ids(doc);
  // Plan target per year (first site class listed for that year; the table lists them all).
  std::map<std::string, std::string> target_by_year;
  for (const auto& t : doc.plan_targets) target_by_year.emplace(std::to_string(t.year), text(t.level));
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
  o += "<section id=\"trend\">\n<h2>Trend against the 2026–2030 plan</h2>\n"
       "<div class=\"scroll\"><svg class=\"chart fixed\" role=\"img\" aria-label=\"Sites per level over "
       "sweeps\" width=\"" +
       std::to_string(width) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
       std::to_string(top + height + 44) + "\">\n";
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
      o += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height + 32) +
           "\">target \u2265" + h(target->second) + "</text>";
    o += "\n";
  }
  o += "<polyline points=\"" + meets_line +
       "\" fill=\"none\" stroke=\"#1f2328\" stroke-width=\"2\" "
       "stroke-dasharray=\"5 3\"><title>sites meeting the plan</title></polyline>\n</svg></div>\n<p "
       "class=\"legend\">";
  for (std::size_t l = 0; l < ids.size(); ++l)
    o += "<span><span class=\"sw lv" + std::to_string(std::min<std::size_t>(l, 5)) + "\"></span>" +
         h(ids[l]) + "</span>";
  o += "<span>- - - sites meeting the plan</span></p>\n<div "
       "class=\"scroll\"><table><thead><tr><th>sweep</th><th>sites</th>";
  for (const auto& id : ids) o += "<th>" + h(id) + "</th>";
  o += "<th>meet plan</th></tr></thead><tbody>\n";
  for (const auto& e : tr) {
    o += "<tr><td>" + u(e.label) + "</td><td>" + h(std::to_string(e.sites)) + "</td>";
    for (const auto& id : ids) o += "<td>" + h(std::to_string(level_count(e.levels, id))) + "</td>";
    o += "<td>" + h(std::to_string(e.plan.meets)) + "</td></tr>\n";
  }
  o += "</tbody></table></div>\n";
  if (!doc.plan_targets.empty()) {
    o += "<h3>Plan targets</h3><div class=\"scroll\"><table><thead><tr><th>year</th><th>site "
         "class</th><th>level</th>"
         "</tr></thead><tbody>\n";
    for (const auto& t : doc.plan_targets)
      o += "<tr><td>" + h(std::to_string(t.year)) + "</td><td>" + u(t.site_class) + "</td><td>" +
           h(text(t.level)) + "</td></tr>\n";
    o += "</tbody></table></div>\n";
  }
  o += "</section>\n";
}

/// A finding's evidence: its frames as ranges; its bundle, capture and digest only when they are not the
/// site's own (shown once in the site's header).
void evidence(std::string& o, const findings::Evidence& ev, const findings::BundleInfo& b) {
  const std::string cap = b.capture ? b.capture->file : std::string();
  const std::string sha = b.capture ? b.capture->sha256 : std::string();
  const bool own = (!ev.bundle || *ev.bundle == b.name) && (!ev.capture || *ev.capture == cap) &&
                   (!ev.capture_sha256 || *ev.capture_sha256 == sha);
  if (own && ev.frames.empty()) return;
  o += "<p class=\"meta\">";
  if (!own) {
    o += "Evidence: bundle <code>" + u(ev.bundle.value_or("")) + "</code>";
    if (ev.capture && !ev.capture->empty()) o += " · capture <code>" + u(*ev.capture) + "</code>";
    if (ev.capture_sha256 && !ev.capture_sha256->empty())
      o += " · sha256 <code>" + u(*ev.capture_sha256) + "</code>";
    if (!ev.frames.empty()) o += " · ";
  }
  if (!ev.frames.empty()) o += "frames <code>" + h(html::frame_ranges(ev.frames)) + "</code>";
  o += "</p>\n";
}

/// Rung → requirement → kinds → present / missing / could not judge (docs/findings-schema.md "Coverage").
void coverage_table(std::string& o, const findings::Site& site) {
  if (site.coverage.empty()) return;
  o += "<details class=\"coverage\"><summary>Coverage: which checks prove each rung";
  if (site.not_assessed_from)
    o += " (L\u2265" + h(text(*site.not_assessed_from)).substr(1) + " not assessed)";
  o += "</summary><div class=\"scroll\"><table><thead><tr><th>rung</th><th>requirement</th><th>kinds</th>"
       "<th>state</th><th>checks</th></tr></thead><tbody>\n";
  for (const auto& r : site.coverage) {
    const std::string state(findings::to_string(r.state));
    o += "<tr><td>" + h(text(r.level)) + "</td><td>" + u(r.requirement) + "</td><td><code>" +
         u(r.kinds.empty() ? std::string("capture") : join(r.kinds, ", ")) + "</code></td><td class=\"cov-" +
         (r.state == findings::CoverageState::present ? "ok" : "gap") + "\">" + h(state) + "</td><td>" +
         u(join(r.checks, ", ")) + "</td></tr>\n";
  }
  o += "</tbody></table></div></details>\n";
}

void site_section(std::string& o, const findings::Site& site, std::size_t i) {
  const auto idx = std::to_string(i);
  o += "<section class=\"site\" id=\"site-" + idx + "\" data-site=\"" + h(site.site) + "\">\n<h3>" +
       u(site.site) + " <span class=\"badge\">" + h(text(site.level)) + "</span></h3>\n<p>";
  if (!site.site_class.empty()) o += "Class " + u(site.site_class) + " · ";
  o += "required " + h(site.required_level ? text(*site.required_level) : "–") + " · ";
  o += plan_badge(site.plan_verdict);
  if (!site.bundle.verified) o += " · <span class=\"bad\">\u2716 bundle not verified</span>";
  if (signature_flagged(site.bundle.signature))
    o += " · <span class=\"bad\">\u26A0 " + h(signature_text(site.bundle.signature)) + "</span>";
  o += "</p>\n<p class=\"level-summary\"><strong>" + u(site.level_summary) +
       "</strong></p>\n<p class=\"meta\">" + u(site.plan_reason) + " · access mode <strong>" +
       h(findings::to_string(site.access.mode)) + "</strong>";
  if (site.access.missing) o += " (" + u(*site.access.missing) + ")";
  o += "</p>\n";
  if (!site.level_reasons.empty() || !site.access.evidence.empty()) {
    o += "<ul>";
    for (const auto& r : site.level_reasons) o += "<li>" + u(r) + "</li>";
    for (const auto& e : site.access.evidence) o += "<li class=\"meta\">" + u(e) + "</li>";
    o += "</ul>\n";
  }
  {
    const auto& b = site.bundle;
    o += "<p class=\"meta\">Evidence: bundle <code>" + u(b.name) + "</code>";
    if (b.capture)
      o += " · capture <code>" + u(b.capture->file) + "</code> · sha256 <code>" + u(b.capture->sha256) +
           "</code>";
    o += "</p>\n";
  }
  coverage_table(o, site);
  o += "<h4>Findings (" + std::to_string(site.findings.size()) + ")</h4>\n";
  if (site.findings.empty()) o += "<p class=\"meta\">None.</p>\n";
  for (const auto& f : site.findings) {
    const std::string sev(findings::to_string(f.severity));
    o += "<div class=\"finding v-" + vclass(sev) + "\" data-finding=\"" + h(f.id) + "\"><strong>" +
         verdict_cell(sev) + " " + u(f.title) + "</strong> <code>" + u(f.rule) + "</code>";
    if (f.check_id && !f.check_id->empty()) o += " · check <code>" + u(*f.check_id) + "</code>";
    if (f.rfc && !f.rfc->empty()) o += " · " + u(*f.rfc);
    o += " · from " + h(findings::to_string(f.source));
    o += "<p>" + u(f.explanation) + "</p>\n";
    if (!f.addresses.empty())
      o += "<p class=\"meta\">Addresses: <code>" + u(join(f.addresses, ", ")) + "</code></p>\n";
    evidence(o, f.evidence, site.bundle);
    o += "</div>\n";
  }
  o += "<details class=\"checks\"><summary>Checks (" + std::to_string(site.checks.size()) +
       ")</summary>\n<div class=\"scroll\"><table><thead><tr><th>check</th>"
       "<th>kind</th><th>target</th><th>verdict</th><th>reason</th><th>addresses</th><th>cross-check</"
       "th><th>frames</th>"
       "</tr></thead><tbody>\n";
  std::size_t k = 0;
  for (const auto& c : site.checks) {
    const auto v = text(c.verdict);
    const auto& a = c.addresses;
    std::vector<std::string> addrs;
    if (a.local && !a.local->empty()) addrs.push_back("local " + *a.local);
    if (a.resolver && !a.resolver->empty()) addrs.push_back("resolver " + *a.resolver);
    if (!a.remote.empty()) addrs.push_back("remote " + join(a.remote, ", "));
    o += "<tr id=\"site-" + idx + "-check-" + std::to_string(k++) + "\"><td>" + u(c.check_id) + "</td><td>" +
         u(c.kind) + "</td><td><code>" + u(c.target) + "</code></td><td class=\"v-" + vclass(v) + "\">" +
         verdict_cell(v) + "</td><td>" + u(c.reason) +
         (c.rfc && !c.rfc->empty() ? " <span class=\"meta\">(" + u(*c.rfc) + ")</span>" : "") +
         clause_line(c) + "</td><td class=\"mono\">" + lines_cell(addrs) + "</td><td>" +
         h(findings::to_string(c.cross_check)) +
         (c.cross_check_note ? " <span class=\"meta\">(" + u(*c.cross_check_note) + ")</span>" : "") +
         "</td><td class=\"mono\">" + h(html::frame_ranges(c.frames)) + "</td></tr>\n";
  }
  o += "</tbody></table></div></details>\n";
  if (!site.anomalies.empty()) {
    o += "<h4>Capture anomalies</h4><ul>";
    for (const auto& a : site.anomalies)
      o += "<li><code>" + u(a.name) + "</code> × " + h(std::to_string(a.count)) + " (first frames " +
           h(html::frame_ranges(a.first_frames)) + ")</li>";
    o += "</ul>\n";
  }
  const auto& m = site.metrics;
  o += "<p class=\"meta\">Capture: " + h(std::to_string(m.frames)) + " frames, " +
       h(std::to_string(m.ipv4_frames)) + " IPv4, " + h(std::to_string(m.arp_frames)) + " ARP, " +
       h(std::to_string(m.dhcpv4_frames)) + " DHCPv4, " + h(std::to_string(m.ptb_seen)) +
       " Packet Too Big · RA PREF64 " + (m.ra_pref64.empty() ? "none" : u(join(m.ra_pref64, ", "))) +
       " · DNS " + h(std::to_string(m.dns.transactions)) + " transactions, " +
       h(std::to_string(m.dns.unanswered)) + " unanswered, p95 " + h(number_text(m.dns.latency_ms_p95)) +
       " ms</p>\n";
  o += "</section>\n";
}

void methodology(std::string& o, const Document& doc, bool lazy) {
  const auto& plan = doc.plan;
  const auto& tool = doc.tool;
  o += "<section id=\"methodology\">\n<h2>Methodology</h2>\n<p>Analyzer " + u(tool.name) + " " +
       u(tool.version) + " " + u(tool.git_commit) + " read " + h(std::to_string(doc.sweep.bundle_count)) +
       " bundles; status <strong>" + h(to_string(doc.status)) + "</strong>. Plan <code>" +
       u(plan.file.value_or("")) + "</code> sha256 <code>" + u(plan.sha256.value_or("")) +
       "</code>. Every finding names its bundle, capture file, "
       "frame numbers and the capture's SHA-256: check a bundle with <code>sha256sum -c "
       "MANIFEST.sha256</code> and "
       "open the frames in Wireshark.</p>\n";
  if (lazy) {  // each site's bundle, scenario, probe, clock and capture are in its detail
    o += "<p class=\"meta\">Each site's bundle, scenario, probe, clock and capture are listed in its "
         "detail.</p>\n"
         "</section>\n";
    return;
  }
  o += "<div "
       "class=\"scroll\"><table><thead><tr><th>site</th><th>bundle</th>"
       "<th>verified</th><th>status</th><th>scenario</th><th>probe</th><th>clock</th><th>run</"
       "th><th>capture</th>"
       "</tr></thead><tbody>\n";
  for (const auto& site : doc.sites) {
    const auto& b = site.bundle;
    std::string vcell =
        b.verified ? "<span class=\"ok\">\u2714 yes</span>" : "<span class=\"bad\">\u2716 no</span>";
    if (!b.verify_problems.empty()) vcell += " " + u(join(b.verify_problems, ", "));
    if (b.signature)
      vcell += "<br>" +
               std::string(signature_flagged(b.signature) ? "<span class=\"bad\">\u26A0 " : "<span>") +
               h(signature_text(b.signature)) + "</span>";
    const auto& cap = b.capture;
    o +=
        "<tr><td>" + u(site.site) + "</td><td class=\"mono\">" + u(b.name) + "</td><td>" + vcell +
        "</td><td>" + h(to_string(b.status)) + "</td><td>" + u(b.scenario.name) + "<br><code>" +
        u(b.scenario.sha256) + "</code></td><td>" + u(b.tool.name) + " " + u(b.tool.version) + " " +
        u(b.tool.git_commit) + "<br>" + u(b.probe_id) + " on " + u(b.host) + " " + u(b.interface) +
        "</td><td>" +
        (!b.clock.synced   ? "unknown"
         : *b.clock.synced ? "<span class=\"ok\">\u2714 synced</span>"
                           : "<span class=\"bad\">\u26A0 not synced</span>") +
        " " + u(b.clock.detail) + "</td><td>" + h(format_rfc3339_ms(b.started_utc)) + " – " +
        h(format_rfc3339_ms(b.stopped_utc)) + " (run " + u(b.run_id) + ")</td><td>" +
        (cap ? u(cap->file) + ", " + h(std::to_string(cap->frames)) + " frames" : std::string("no capture")) +
        (cap && cap->partial ? ", <strong>partial</strong>" : "") + "<br><code>" +
        (cap ? u(cap->sha256) : "") + "</code></td></tr>\n";
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

std::string render_html(const Document& doc, const HtmlOptions& opt) {
  const bool lazy = opt.detail == HtmlDetail::lazy ||
                    (opt.detail == HtmlDetail::automatic && doc.sites.size() > opt.inline_max_sites);
  std::string o;
  o.reserve(lazy ? 4 * 1024 * 1024 : 64 * 1024);
  const auto cols = check_columns(doc);
  header(o, doc);
  o += "<main>\n";
  summary(o, doc);
  worst_first(o, doc);
  matrix(o, doc, cols, lazy);
  trend(o, doc);
  if (lazy) {
    o += "<section id=\"sites\">\n<h2>Site detail</h2>\n<div id=\"site-detail\" data-mode=\"lazy\"><p "
         "class=\"meta\">Reading the report's data\u2026</p><p id=\"v6r-nostream\" class=\"bad\" hidden>This "
         "browser "
         "cannot read the report's compressed data (it needs DecompressionStream: Chromium 80, Firefox 113, "
         "Safari 16.4 or newer). findings.json has every detail.</p><noscript><p class=\"bad\">The sites' "
         "detail "
         "and the matrix need JavaScript; the summary, the worst sites and the drill-down above do not. "
         "findings.json has every detail.</p></noscript></div>\n</section>\n";
  } else {
    o += "<section id=\"sites\">\n<h2>Sites</h2>\n";
    std::size_t i = 0;
    for (const auto& site : doc.sites) site_section(o, site, i++);
    o += "</section>\n";
  }
  methodology(o, doc, lazy);
  o += "</main>\n";
  if (lazy)  // JSON data, gzip, base64: only [A-Za-z0-9+/=], nothing that could end the element
    o += "<script type=\"application/octet-stream\" id=\"v6r-data\">" + html::lazy_data_base64(doc) +
         "</script>\n";
  o += "<script>" + std::string(lazy ? html_assets::kLazyJs : html_assets::kMatrixJs) +
       html_assets::kTimingJs + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace v6r::report
