// HTML: one self-contained file (inline CSS, inline SVG, a few lines of plain JS, no external fetch):
// province summary with a bar chart, site × check matrix, per-site sections with every finding and its
// evidence, the trend against the plan, and the methodology (hashes, tool versions, clocks, verification).
#include <algorithm>
#include <cstdio>
#include <map>

#include "reports/escape.hpp"
#include "reports/html_assets.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {
namespace {

using findings::Document;

std::string h(std::string_view s) {
  return html_escape(s);
}

/// A verdict as a CSS class suffix: only the known verdicts, so no network text reaches a class name.
std::string vclass(const std::string& v) {
  const auto& known = verdicts();
  return std::find(known.begin(), known.end(), v) != known.end() ? v : "other";
}

std::string fmt(double v, const char* f = "%.0f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string text(Verdict v) {
  return std::string(to_string(v));
}
std::string text(findings::Level l) {
  return std::string(findings::to_string(l));
}

const char* const kLevelColours[] = {"#b3261e", "#d97706", "#ca8a04", "#2f855a", "#0969da", "#6e7781"};
const char* level_colour(std::size_t i) {
  return kLevelColours[std::min<std::size_t>(i, 5)];
}

std::string verdict_cell(const std::string& v) {
  return "<span aria-hidden=\"true\">" + std::string(verdict_symbol(v)) + "</span><span class=\"vt\">" +
         h(v) + "</span>";
}

void header(std::string& o, const Document& doc) {
  std::string title = "v6ready readiness report";
  if (!doc.sweep.label.empty()) title += " — " + doc.sweep.label;
  o +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n<title>" +
      h(title) + "</title>\n<style>" + html_assets::kCss + "</style>\n<script>" + html_assets::kErrorJs +
      "</script>\n</head>\n<body>\n";
  o += "<header>\n<h1>" + h(title) + "</h1>\n<p class=\"meta\">Generated " +
       h(format_rfc3339_ms(doc.generated_utc)) + " by " + h(doc.tool.name) + " " + h(doc.tool.version);
  if (!doc.tool.git_commit.empty()) o += " (" + h(doc.tool.git_commit) + ")";
  if (!doc.plan.name.empty()) o += " · plan " + h(doc.plan.name);
  o += " · year " + h(std::to_string(doc.plan.year));
  o += " · analysis <strong>" + h(to_string(doc.status)) + "</strong></p>\n";
  o += "<nav><a href=\"#summary\">Summary</a><a href=\"#matrix-section\">Matrix</a>";
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
  std::size_t unknown = 0, meets = 0, below = 0;
  for (const auto& s : sites) {
    const auto it = std::find(ids.begin(), ids.end(), text(s.level));
    if (it == ids.end())
      ++unknown;
    else
      ++counts[static_cast<std::size_t>(it - ids.begin())];
    (s.meets_plan ? meets : below)++;
  }
  o += "<section id=\"summary\">\n<h2>Province summary</h2>\n<p><strong>" + std::to_string(sites.size()) +
       "</strong> sites · <span class=\"ok\">\u2714 " + std::to_string(meets) + " meet the plan</span> · " +
       "<span class=\"bad\">\u2716 " + std::to_string(below) + " below the plan</span></p>\n";
  // Horizontal bar chart: one bar per level.
  const std::size_t max = std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
  const int row = 30, label_w = 260, bar_w = 300;
  o += "<svg class=\"chart\" role=\"img\" aria-label=\"Sites per readiness level\" width=\"" +
       std::to_string(label_w + bar_w + 40) + "\" viewBox=\"0 0 " + std::to_string(label_w + bar_w + 40) +
       " " + std::to_string(static_cast<int>(ids.size()) * row + 6) + "\">\n";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const int y = static_cast<int>(i) * row + 4;
    const double w = static_cast<double>(counts[i]) * bar_w / static_cast<double>(max);
    std::string label = ids[i] + (titles[ids[i]].empty() ? "" : " " + titles[ids[i]]);
    if (label.size() > 40) label = label.substr(0, 38) + "…";
    o += "<text x=\"0\" y=\"" + std::to_string(y + 17) + "\">" + h(label) +
         "</text>"
         "<rect x=\"" +
         std::to_string(label_w) + "\" y=\"" + std::to_string(y) + "\" width=\"" + fmt(w, "%.1f") +
         "\" height=\"22\" fill=\"" + level_colour(i) + "\"><title>" + h(ids[i]) + ": " +
         std::to_string(counts[i]) + " sites</title></rect><text x=\"" + fmt(label_w + w + 6, "%.1f") +
         "\" y=\"" + std::to_string(y + 17) + "\" data-level=\"" + h(ids[i]) + "\">" +
         std::to_string(counts[i]) + "</text>\n";
  }
  o +=
      "</svg>\n<div "
      "class=\"scroll\"><table><thead><tr><th>level</th><th>meaning</th><th>sites</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < ids.size(); ++i)
    o += "<tr><td><span class=\"sw\" style=\"background:" + std::string(level_colour(i)) + "\"></span>" +
         h(ids[i]) + "</td><td>" + h(titles[ids[i]]) + "</td><td class=\"level-count\" data-level=\"" +
         h(ids[i]) + "\">" + std::to_string(counts[i]) + "</td></tr>\n";
  if (unknown) o += "<tr><td>?</td><td>no level</td><td>" + std::to_string(unknown) + "</td></tr>\n";
  o += "</tbody></table></div>\n";
  const auto& by_prefix = doc.rollup.by_prefix;
  if (!by_prefix.empty()) {
    o += "<h3>By district</h3><div class=\"scroll\"><table><thead><tr><th>prefix</th><th>sites</th>";
    for (const auto& id : ids) o += "<th>" + h(id) + "</th>";
    o += "<th>below plan</th></tr></thead><tbody>\n";
    for (const auto& p : by_prefix) {
      o += "<tr><td>" + h(p.prefix) + "</td><td>" + h(std::to_string(p.sites)) + "</td>";
      for (const auto& id : ids) o += "<td>" + h(std::to_string(level_count(p.levels, id))) + "</td>";
      o += "<td>" + h(std::to_string(p.below_plan)) + "</td></tr>\n";
    }
    o += "</tbody></table></div>\n";
  }
  if (!doc.problems.empty()) {
    o += "<h3 class=\"bad\">Problems reading the input</h3><ul>\n";
    for (const auto& p : doc.problems) {
      o += "<li><code>" + h(p.bundle) + (p.file && !p.file->empty() ? "/" + h(*p.file) : "") + "</code>";
      if (p.frame) o += " frame " + h(std::to_string(*p.frame));
      o += ": " + h(p.message) + "</li>\n";
    }
    o += "</ul>\n";
  }
  o += "</section>\n";
}

void matrix(std::string& o, const Document& doc, const std::vector<Column>& cols) {
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
       "<div class=\"scroll\"><table id=\"matrix\"><thead><tr><th scope=\"col\">site</th><th "
       "scope=\"col\">level</th>";
  for (const auto& c : cols)
    o += "<th scope=\"col\" title=\"" + h(c.kind) + "\" data-check=\"" + h(c.check_id) + "\">" +
         h(c.check_id) + "</th>";
  o += "</tr></thead><tbody>\n";
  std::size_t i = 0;
  for (const auto& site : doc.sites) {
    const auto& name = site.site;
    const auto level = text(site.level);
    o += "<tr data-site=\"" + h(name) + "\"><td data-k=\"" + h(name) + "\"><a href=\"#site-" +
         std::to_string(i) + "\">" + h(name) + "</a></td><td data-k=\"" + h(level) + "\">" + h(level) +
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
  o += "</tbody></table></div>\n<div id=\"v6r-dom-summary\" hidden></div>\n</section>\n";
}

void trend(std::string& o, const Document& doc) {
  if (!doc.trend || doc.trend->size() < 2) return;
  const auto& tr = *doc.trend;
  const auto ids = level_ids(doc);
  // Plan target per year (first site class listed for that year; the table lists them all).
  std::map<std::string, std::string> target_by_year;
  for (const auto& t : doc.plan_targets) target_by_year.emplace(std::to_string(t.year), text(t.level));
  double max_sites = 1;
  for (const auto& e : tr) {
    double total = 0;
    for (const auto& id : ids) total += static_cast<double>(level_count(e.levels, id));
    max_sites = std::max({max_sites, total, static_cast<double>(e.sites)});
  }
  const int bar = 46, gap = 34, top = 10, height = 180, left = 34;
  const int width = left + static_cast<int>(tr.size()) * (bar + gap) + 10;
  o += "<section id=\"trend\">\n<h2>Trend against the 2026–2030 plan</h2>\n"
       "<svg class=\"chart\" role=\"img\" aria-label=\"Sites per level over sweeps\" width=\"" +
       std::to_string(width) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
       std::to_string(top + height + 44) + "\">\n";
  o += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + height) + "\" x2=\"" +
       std::to_string(width) + "\" y2=\"" + std::to_string(top + height) +
       "\" stroke=\"#8c959f\"/>"
       "<text x=\"0\" y=\"" +
       std::to_string(top + 10) + "\">" + fmt(max_sites) + "</text><text x=\"0\" y=\"" +
       std::to_string(top + height) + "\">0</text>\n";
  std::string meets_line;
  for (std::size_t i = 0; i < tr.size(); ++i) {
    const auto& e = tr[i];
    const int x = left + static_cast<int>(i) * (bar + gap) + gap / 2;
    double y = top + height;
    for (std::size_t l = 0; l < ids.size(); ++l) {
      const double n = static_cast<double>(level_count(e.levels, ids[l]));
      if (n <= 0) continue;
      const double hgt = n * height / max_sites;
      y -= hgt;
      o += "<rect x=\"" + std::to_string(x) + "\" y=\"" + fmt(y, "%.1f") + "\" width=\"" +
           std::to_string(bar) + "\" height=\"" + fmt(hgt, "%.1f") + "\" fill=\"" + level_colour(l) +
           "\"><title>" + h(e.label) + ": " + h(ids[l]) + " " + fmt(n) + "</title></rect>";
    }
    const double my = top + height - static_cast<double>(e.meets_plan) * height / max_sites;
    meets_line += (meets_line.empty() ? "" : " ") + std::to_string(x + bar / 2) + "," + fmt(my, "%.1f");
    const std::string& label = e.label;
    const std::string year =
        label.size() >= 4 ? label.substr(0, 4) : format_rfc3339_ms(e.generated_utc).substr(0, 4);
    const auto target = target_by_year.find(year);
    o += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height + 16) + "\">" + h(label) +
         "</text>";
    if (target != target_by_year.end())
      o += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + height + 32) +
           "\">target \u2265" + h(target->second) + "</text>";
    o += "\n";
  }
  o += "<polyline points=\"" + meets_line +
       "\" fill=\"none\" stroke=\"#1f2328\" stroke-width=\"2\" "
       "stroke-dasharray=\"5 3\"><title>sites meeting the plan</title></polyline>\n</svg>\n<p "
       "class=\"legend\">";
  for (std::size_t l = 0; l < ids.size(); ++l)
    o += "<span><span class=\"sw\" style=\"background:" + std::string(level_colour(l)) + "\"></span>" +
         h(ids[l]) + "</span>";
  o += "<span>- - - sites meeting the plan</span></p>\n<div "
       "class=\"scroll\"><table><thead><tr><th>sweep</th><th>sites</th>";
  for (const auto& id : ids) o += "<th>" + h(id) + "</th>";
  o += "<th>meet plan</th></tr></thead><tbody>\n";
  for (const auto& e : tr) {
    o += "<tr><td>" + h(e.label) + "</td><td>" + h(std::to_string(e.sites)) + "</td>";
    for (const auto& id : ids) o += "<td>" + h(std::to_string(level_count(e.levels, id))) + "</td>";
    o += "<td>" + h(std::to_string(e.meets_plan)) + "</td></tr>\n";
  }
  o += "</tbody></table></div>\n";
  if (!doc.plan_targets.empty()) {
    o += "<h3>Plan targets</h3><div class=\"scroll\"><table><thead><tr><th>year</th><th>site "
         "class</th><th>level</th>"
         "</tr></thead><tbody>\n";
    for (const auto& t : doc.plan_targets)
      o += "<tr><td>" + h(std::to_string(t.year)) + "</td><td>" + h(t.site_class) + "</td><td>" +
           h(text(t.level)) + "</td></tr>\n";
    o += "</tbody></table></div>\n";
  }
  o += "</section>\n";
}

void evidence(std::string& o, const findings::Evidence& ev) {
  o += "<p class=\"meta\">Evidence: bundle <code>" + h(ev.bundle.value_or("")) + "</code>";
  if (ev.capture && !ev.capture->empty()) o += " · capture <code>" + h(*ev.capture) + "</code>";
  if (!ev.frames.empty()) o += " · frames <code>" + h(join(ev.frames, ", ")) + "</code>";
  if (ev.capture_sha256 && !ev.capture_sha256->empty())
    o += " · sha256 <code>" + h(*ev.capture_sha256) + "</code>";
  o += "</p>\n";
}

void site_section(std::string& o, const findings::Site& site, std::size_t i) {
  const auto idx = std::to_string(i);
  o += "<section class=\"site\" id=\"site-" + idx + "\" data-site=\"" + h(site.site) + "\">\n<h3>" +
       h(site.site) + " <span class=\"badge\">" + h(text(site.level)) + "</span></h3>\n<p>";
  if (!site.site_class.empty()) o += "Class " + h(site.site_class) + " · ";
  o += "required " + h(site.required_level ? text(*site.required_level) : "–") + " · ";
  o += site.meets_plan ? "<span class=\"ok\">\u2714 meets the plan</span>"
                       : "<span class=\"bad\">\u2716 below the plan</span>";
  if (!site.bundle.verified) o += " · <span class=\"bad\">\u2716 bundle not verified</span>";
  o += "</p>\n";
  if (!site.level_reasons.empty()) {
    o += "<ul>";
    for (const auto& r : site.level_reasons) o += "<li>" + h(r) + "</li>";
    o += "</ul>\n";
  }
  o += "<h4>Findings (" + std::to_string(site.findings.size()) + ")</h4>\n";
  if (site.findings.empty()) o += "<p class=\"meta\">None.</p>\n";
  for (const auto& f : site.findings) {
    const std::string sev(findings::to_string(f.severity));
    o += "<div class=\"finding v-" + vclass(sev) + "\" data-finding=\"" + h(f.id) + "\"><strong>" +
         verdict_cell(sev) + " " + h(f.title) + "</strong> <code>" + h(f.rule) + "</code>";
    if (f.check_id && !f.check_id->empty()) o += " · check <code>" + h(*f.check_id) + "</code>";
    if (f.rfc && !f.rfc->empty()) o += " · " + h(*f.rfc);
    o += " · from " + h(findings::to_string(f.source));
    o += "<p>" + h(f.explanation) + "</p>\n";
    if (!f.addresses.empty())
      o += "<p class=\"meta\">Addresses: <code>" + h(join(f.addresses, ", ")) + "</code></p>\n";
    evidence(o, f.evidence);
    o += "</div>\n";
  }
  o += "<h4>Checks (" + std::to_string(site.checks.size()) +
       ")</h4>\n<div class=\"scroll\"><table><thead><tr><th>check</th>"
       "<th>kind</th><th>target</th><th>verdict</th><th>reason</th><th>addresses</th><th>cross-check</"
       "th><th>frames</th>"
       "</tr></thead><tbody>\n";
  std::size_t k = 0;
  for (const auto& c : site.checks) {
    const auto v = text(c.verdict);
    const auto& a = c.addresses;
    std::string addrs;
    if (a.local && !a.local->empty()) addrs += "local " + *a.local + "\n";
    if (a.resolver && !a.resolver->empty()) addrs += "resolver " + *a.resolver + "\n";
    if (!a.remote.empty()) addrs += "remote " + join(a.remote, ", ");
    o += "<tr id=\"site-" + idx + "-check-" + std::to_string(k++) + "\"><td>" + h(c.check_id) + "</td><td>" +
         h(c.kind) + "</td><td><code>" + h(c.target) + "</code></td><td class=\"v-" + vclass(v) + "\">" +
         verdict_cell(v) + "</td><td>" + h(c.reason) +
         (c.rfc && !c.rfc->empty() ? " <span class=\"meta\">(" + h(*c.rfc) + ")</span>" : "") +
         "</td><td class=\"mono\" style=\"white-space:pre-line\">" + h(addrs) + "</td><td>" +
         h(findings::to_string(c.cross_check)) + "</td><td class=\"mono\">" + h(join(c.frames, ", ")) +
         "</td></tr>\n";
  }
  o += "</tbody></table></div>\n";
  if (!site.anomalies.empty()) {
    o += "<h4>Capture anomalies</h4><ul>";
    for (const auto& a : site.anomalies)
      o += "<li><code>" + h(a.name) + "</code> × " + h(std::to_string(a.count)) + " (first frames " +
           h(join(a.first_frames, ", ")) + ")</li>";
    o += "</ul>\n";
  }
  const auto& m = site.metrics;
  o += "<p class=\"meta\">Capture: " + h(std::to_string(m.frames)) + " frames, " +
       h(std::to_string(m.ipv4_frames)) + " IPv4, " + h(std::to_string(m.arp_frames)) + " ARP, " +
       h(std::to_string(m.dhcpv4_frames)) + " DHCPv4, " + h(std::to_string(m.ptb_seen)) +
       " Packet Too Big · RA PREF64 " + h(m.ra_pref64.empty() ? "none" : join(m.ra_pref64, ", ")) +
       " · DNS " + h(std::to_string(m.dns.transactions)) + " transactions, " +
       h(std::to_string(m.dns.unanswered)) + " unanswered, p95 " + h(number_text(m.dns.latency_ms_p95)) +
       " ms</p>\n";
  o += "</section>\n";
}

void methodology(std::string& o, const Document& doc) {
  const auto& plan = doc.plan;
  const auto& tool = doc.tool;
  o += "<section id=\"methodology\">\n<h2>Methodology</h2>\n<p>Analyzer " + h(tool.name) + " " +
       h(tool.version) + " " + h(tool.git_commit) + " read " + h(std::to_string(doc.sweep.bundle_count)) +
       " bundles; status <strong>" + h(to_string(doc.status)) + "</strong>. Plan <code>" +
       h(plan.file.value_or("")) + "</code> sha256 <code>" + h(plan.sha256.value_or("")) +
       "</code>. Every finding names its bundle, capture file, "
       "frame numbers and the capture's SHA-256: check a bundle with <code>sha256sum -c "
       "MANIFEST.sha256</code> and "
       "open the frames in Wireshark.</p>\n<div "
       "class=\"scroll\"><table><thead><tr><th>site</th><th>bundle</th>"
       "<th>verified</th><th>status</th><th>scenario</th><th>probe</th><th>clock</th><th>run</"
       "th><th>capture</th>"
       "</tr></thead><tbody>\n";
  for (const auto& site : doc.sites) {
    const auto& b = site.bundle;
    std::string vcell =
        b.verified ? "<span class=\"ok\">\u2714 yes</span>" : "<span class=\"bad\">\u2716 no</span>";
    if (!b.verify_problems.empty()) vcell += " " + h(join(b.verify_problems, ", "));
    const auto& cap = b.capture;
    o += "<tr><td>" + h(site.site) + "</td><td class=\"mono\">" + h(b.name) + "</td><td>" + vcell +
         "</td><td>" + h(to_string(b.status)) + "</td><td>" + h(b.scenario.name) + "<br><code>" +
         h(b.scenario.sha256) + "</code></td><td>" + h(b.tool.name) + " " + h(b.tool.version) + " " +
         h(b.tool.git_commit) + "<br>" + h(b.probe_id) + " on " + h(b.host) + " " + h(b.interface) +
         "</td><td>" +
         (!b.clock.synced   ? "unknown"
          : *b.clock.synced ? "<span class=\"ok\">\u2714 synced</span>"
                            : "<span class=\"bad\">\u26A0 not synced</span>") +
         " " + h(b.clock.detail) + "</td><td>" + h(format_rfc3339_ms(b.started_utc)) + " – " +
         h(format_rfc3339_ms(b.stopped_utc)) + " (run " + h(b.run_id) + ")</td><td>" +
         h(cap ? cap->file : "") + ", " + h(cap ? std::to_string(cap->frames) : "") + " frames" +
         (cap && cap->partial ? ", <strong>partial</strong>" : "") + "<br><code>" +
         h(cap ? cap->sha256 : "") + "</code></td></tr>\n";
  }
  o += "</tbody></table></div>\n</section>\n";
}

}  // namespace

std::string render_html(const Document& doc) {
  std::string o;
  o.reserve(64 * 1024);
  const auto cols = check_columns(doc);
  header(o, doc);
  o += "<main>\n";
  summary(o, doc);
  matrix(o, doc, cols);
  trend(o, doc);
  o += "<section id=\"sites\">\n<h2>Sites</h2>\n";
  std::size_t i = 0;
  for (const auto& site : doc.sites) site_section(o, site, i++);
  o += "</section>\n";
  methodology(o, doc);
  o += "</main>\n<script>" + std::string(html_assets::kMatrixJs) + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace v6r::report
