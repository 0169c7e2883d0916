#pragma once
// Internal to the HTML report (html.cpp, html_tree.cpp, html_data.cpp): the escapers and the small
// pieces every section shares. Escaping rules: see html.cpp's header comment and docs/output-escaping.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/escape.hpp"
#include "core/findings.hpp"
#include "core/i18n.hpp"
#include "reports/report.hpp"

namespace v6r::report::html {

/// An attribute value, <title> or SVG text.
inline std::string h(std::string_view s) {
  return escape::html(s);
}
/// Untrusted text in the page's flow.
inline std::string u(std::string_view s) {
  return escape::html_isolated(s);
}
/// The catalogue's message `id` (reports/i18n.hpp) as HTML: its own words escaped with h(), each
/// {placeholder} replaced by the HTML fragment given for it (markup the renderer wrote, values it
/// escaped), so a translation can move the placeholders and the markup moves with them.
std::string fill(const i18n::Catalog& cat, std::string_view id, const std::vector<i18n::Arg>& html_args = {});
/// The message as plain text (its arguments raw values), escaped with h() as a whole.
inline std::string t(const i18n::Catalog& cat, std::string_view id, const std::vector<i18n::Arg>& args = {}) {
  return h(cat.text(id, args));
}

/// A verdict as a CSS class suffix: only the known verdicts, so no network text reaches a class name.
std::string vclass(const std::string& v);

/// Level colours: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies),
/// L0..L4, then "not assessed". Every use also carries the level's name as text (a label, a title, or
/// the bar's own text), and odd levels are hatched in the HTML bars (class "hatch"): colour is never
/// the only cue.
const char* level_colour(std::size_t i);
/// The slot of a level in level_colour(): 0..4, 5 for not assessed.
std::size_t level_slot(const std::optional<findings::Level>& l);

/// A horizontal stacked bar of level counts (L0..L4, not assessed), as HTML (legible at any width: the
/// text is the page's, never scaled like an SVG's). `big` draws the summary's bar, else a mini bar.
std::string level_bar(const i18n::Catalog& cat, const findings::LevelCounts& c, bool big);

/// Frame numbers as ranges: {3,4,5,9} → "3–5, 9" (sorted, duplicates dropped).
std::string frame_ranges(std::vector<std::uint64_t> frames);

/// The drill-down: province → district → commune (any depth, core/site_path.hpp), each node with its
/// sites' level bar, worst first. `site_anchor(i)` gives the href of site i's detail.
std::string drill_down(const i18n::Catalog& cat, const findings::Document& doc);

/// The sites' detail as compact JSON for the page's script (lazy mode), gzip-compressed and base64
/// encoded; the script inflates it with the browser's DecompressionStream and renders a site's detail
/// when it is opened. Every human word the script shows comes from the catalogue (labels(), in
/// html_data.cpp), in the report's language, and so do the finding titles in the data.
std::string lazy_data_base64(const i18n::Catalog& cat, const findings::Document& doc);

/// One district's line chart of the plan projection (html_plan_chart.cpp): a <figure> with its title,
/// an SVG drawn at its own size (never scaled down on a phone) and the status in words.
std::string plan_chart_svg(const i18n::Catalog& cat, const PlanChart& c);

}  // namespace v6r::report::html
