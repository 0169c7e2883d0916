// The plan projection per district (`report --archive`, docs/archive.md "Plan tracking"): one small line
// chart per district and class of site — the share of its sites at the level of the class's next target
// in each archived sweep (solid), the naive projection at the pace of the last sweeps (dashed) up to
// 100 %, and the target's deadline (31 December of its year) as a vertical line. Each chart is an SVG
// drawn at its own size (340 × 200 user units, never wider than its box): on a 390-px phone it is not
// scaled down, so its 12-px labels stay 12 px. Every number on its way into the SVG is range-checked
// (chart_coord), every text is escaped (h()), the words come from the catalogue (html.plan_chart.*).
#include <algorithm>
#include <chrono>
#include <cmath>

#include "reports/html_parts.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report::html {
namespace {

constexpr int kW = 340, kH = 200, kLeft = 44, kRight = 12, kTop = 22, kBottom = 40;
constexpr double kPlotW = kW - kLeft - kRight, kPlotH = kH - kTop - kBottom;

std::string month_text(const i18n::Catalog& cat, UtcMs t) {
  const auto iso = format_rfc3339_ms(t);  // 2026-11-23T...
  return cat.text("html.plan_chart.month", {{"year", iso.substr(0, 4)}, {"month", iso.substr(5, 2)}});
}
std::string day_text(const i18n::Catalog& cat, UtcMs t) {
  const auto iso = format_rfc3339_ms(t);
  return cat.text("html.plan_chart.day",
                  {{"year", iso.substr(0, 4)}, {"month", iso.substr(5, 2)}, {"day", iso.substr(8, 2)}});
}

double seconds(UtcMs t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

std::string plan_chart_svg(const i18n::Catalog& cat, const PlanChart& c) {
  if (c.points.empty()) return {};
  const UtcMs deadline{std::chrono::sys_days(
      std::chrono::year(static_cast<int>(std::clamp<std::int64_t>(c.year, 1970, 9999))) / 12 / 31)};
  const UtcMs first = c.points.front().first, last = c.points.back().first;
  // The time axis: the first sweep to the deadline (or the last sweep), and the projected day when it
  // falls within a year after that.
  double t0 = seconds(first), t1 = std::max(seconds(deadline), seconds(last));
  if (c.projected && seconds(*c.projected) <= t1 + 366 * 86400.0) t1 = std::max(t1, seconds(*c.projected));
  if (!(t1 > t0)) t1 = t0 + 86400;
  const auto x = [&](double t) {
    return chart_coord(kLeft + (t - t0) / (t1 - t0) * kPlotW, kLeft, kLeft + kPlotW);
  };
  const auto y = [&](double share) {
    return chart_coord(kTop + (100.0 - share) / 100.0 * kPlotH, kTop, kTop + kPlotH);
  };
  const std::string title = cat.text("html.plan_chart.title", {{"district", c.district},
                                                               {"class", c.site_class},
                                                               {"level", c.level},
                                                               {"year", std::to_string(c.year)}});
  const double now = chart_clamp(c.points.back().second, 0, 100);
  std::string status;
  const std::string share = cat.decimal(now, 1);
  if (c.reached)
    status = cat.text("html.plan_chart.reached", {{"share", share}, {"level", c.level}});
  else if (c.projected)
    status = cat.text(c.on_track ? "html.plan_chart.on_track" : "html.plan_chart.late",
                      {{"share", share}, {"level", c.level}, {"date", day_text(cat, *c.projected)}});
  else
    status = cat.text("html.plan_chart.not_at_pace", {{"share", share}, {"level", c.level}});
  std::string o = "<figure class=\"pchart\"><figcaption><bdi>" + h(title) + "</bdi></figcaption>";
  o += "<svg class=\"pchart\" width=\"" + std::to_string(kW) + "\" height=\"" + std::to_string(kH) +
       "\" viewBox=\"0 0 " + std::to_string(kW) + " " + std::to_string(kH) + "\" role=\"img\" aria-label=\"" +
       h(title + ": " + status) + "\">";
  // Axes and the 0 / 50 / 100 % grid.
  for (const int p : {0, 50, 100})
    o += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
         std::to_string(kLeft + static_cast<int>(kPlotW)) + "\" y1=\"" + y(p) + "\" y2=\"" + y(p) +
         "\" stroke=\"" + (p == 0 ? "#8c959f" : "#d0d7de") + "\"/><text x=\"" + std::to_string(kLeft - 4) +
         "\" y=\"" + y(p) + "\" dy=\"4\" text-anchor=\"end\">" +
         t(cat, "html.plan_chart.percent", {{"n", std::to_string(p)}}) + "</text>";
  // The deadline.
  const std::string xd = x(seconds(deadline));
  o += "<line x1=\"" + xd + "\" x2=\"" + xd + "\" y1=\"" + std::to_string(kTop) + "\" y2=\"" + y(0) +
       "\" stroke=\"#d55e00\" stroke-width=\"2\"/><text x=\"" + xd + "\" y=\"" + std::to_string(kTop - 6) +
       "\" text-anchor=\"end\" class=\"dl\">" +
       t(cat, "html.plan_chart.deadline", {{"year", std::to_string(c.year)}, {"level", c.level}}) + "</text>";
  // What was observed, one point per sweep.
  std::string pts;
  for (const auto& [when, v] : c.points)
    pts += (pts.empty() ? "" : " ") + x(seconds(when)) + "," + y(chart_clamp(v, 0, 100));
  o += "<polyline class=\"obs\" points=\"" + pts +
       "\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2.5\"/>";
  o += "<circle cx=\"" + x(seconds(last)) + "\" cy=\"" + y(now) + "\" r=\"3.5\" fill=\"#0072b2\"/>";
  // The projection: to 100 % on the projected day (cut at the chart's edge), or flat when the share
  // does not grow.
  if (!c.reached) {
    double te = t1, ve = now;
    if (c.projected) {
      const double tp = seconds(*c.projected), tl = seconds(last);
      te = std::min(tp, t1);
      ve = tp > tl ? now + (100.0 - now) * (te - tl) / (tp - tl) : 100.0;
    }
    o += "<line class=\"proj\" x1=\"" + x(seconds(last)) + "\" y1=\"" + y(now) + "\" x2=\"" + x(te) +
         "\" y2=\"" + y(chart_clamp(ve, 0, 100)) +
         "\" stroke=\"#1f2328\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>";
  }
  // The time axis: the first sweep, and the right edge.
  o += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(kH - kBottom + 16) + "\">" +
       h(month_text(cat, first)) + "</text><text x=\"" + std::to_string(kLeft + static_cast<int>(kPlotW)) +
       "\" y=\"" + std::to_string(kH - kBottom + 16) + "\" text-anchor=\"end\">" +
       h(month_text(cat, UtcMs(std::chrono::milliseconds(static_cast<std::int64_t>(t1 * 1000))))) + "</text>";
  // The legend: the line styles, in words.
  o += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kLeft + 18) + "\" y1=\"" +
       std::to_string(kH - 8) + "\" y2=\"" + std::to_string(kH - 8) +
       "\" stroke=\"#0072b2\" stroke-width=\"2.5\"/><text x=\"" + std::to_string(kLeft + 22) + "\" y=\"" +
       std::to_string(kH - 4) + "\">" + t(cat, "html.plan_chart.observed") + "</text><line x1=\"" +
       std::to_string(kLeft + 150) + "\" x2=\"" + std::to_string(kLeft + 168) + "\" y1=\"" +
       std::to_string(kH - 8) + "\" y2=\"" + std::to_string(kH - 8) +
       "\" stroke=\"#1f2328\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"" +
       std::to_string(kLeft + 172) + "\" y=\"" + std::to_string(kH - 4) + "\">" +
       t(cat, "html.plan_chart.projection") + "</text>";
  o += "</svg><p class=\"meta\">" + h(status) + "</p></figure>\n";
  return o;
}

}  // namespace v6r::report::html
