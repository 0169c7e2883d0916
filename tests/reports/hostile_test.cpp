// The hostile-strings corpus (tests/fuzz/corpus/core_escape/hostile-*, tests/fuzz/make_hostile_strings.py)
// through every renderer of `report` and `gate` and through `analyze`'s terminal summary, injected into
// every free-text field of a typed findings document (tests/reports/hostile_doc.hpp); huge and negative
// numbers into the charts and JUnit times. The same checks through the binaries, xmllint and Chromium:
// tests/reports/hostile.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <regex>

#include "analyzers/analyze.hpp"
#include "reports/summary_text.hpp"
#include "tests/reports/hostile_doc.hpp"

namespace v6r::report {
namespace {

namespace fs = std::filesystem;
using namespace hostile;

struct Hostile {
  std::string name, text;
};

std::vector<Hostile> corpus() {
  std::vector<Hostile> out;
  for (const auto& e :
       fs::directory_iterator(fs::path(V6READY_SOURCE_DIR) / "tests/fuzz/corpus/core_escape")) {
    const auto name = e.path().filename().string();
    if (name.rfind("hostile-", 0) != 0) continue;
    std::ifstream in(e.path(), std::ios::binary);
    out.push_back({name, std::string(std::istreambuf_iterator<char>(in), {})});
  }
  std::sort(out.begin(), out.end(), [](const Hostile& a, const Hostile& b) { return a.name < b.name; });
  return out;
}

findings::Document with(const std::string& s) {
  auto d = base();
  inject(d, s);
  return d;
}

TEST(Hostile, CorpusIsThere) {
  EXPECT_GE(corpus().size(), 30U);
}

TEST(Hostile, EveryRendererKeepsItsInvariantsAndShape) {
  for (const auto& h : corpus()) {
    SCOPED_TRACE(h.name);
    const auto out = render(with(h.text));
    for (const auto& p : problems(out)) ADD_FAILURE() << p;
    EXPECT_TRUE(shape(out) == shape(render(with(neutral_text(h.text)))))
        << "a string changed the structure of an output";
    // Only our own elements: two scripts, no image, no injected SVG (the trend chart is ours: 1; the
    // level chart is HTML).
    EXPECT_EQ(count(out.html, "<script"), 2U);
    EXPECT_EQ(count(out.html, "<img"), 0U);
    EXPECT_EQ(count(out.html, "<svg"), 1U);
    EXPECT_EQ(count(out.html, "<style"), 1U);
    EXPECT_EQ(count(out.junit, "<testsuite "), 2U);
  }
}

TEST(Hostile, AnalyzeSummaryIsOneLinePerValue) {
  const auto lines = [](const std::string& s) { return count(s, "\n"); };
  const auto neutral = report::summary_text(with("x"));
  for (const auto& h : corpus()) {
    SCOPED_TRACE(h.name);
    const auto text = report::summary_text(with(h.text));
    EXPECT_EQ(clean("summary", text, "\n"), "");
    EXPECT_EQ(lines(text), lines(neutral));
  }
}

TEST(Hostile, RightToLeftOverrideIsShownNotObeyed) {
  const auto out = render(with("commune-\u202etxt.exe"));
  for (const auto* text : {&out.html, &out.markdown, &out.csv, &out.junit, &out.prometheus, &out.gate_text})
    EXPECT_EQ(text->find("\u202e"), std::string::npos);
  for (const auto* text : {&out.html, &out.csv, &out.junit, &out.gate_text})
    EXPECT_NE(text->find("commune-\\u202etxt.exe"), std::string::npos);
  // Markdown and Prometheus escape the backslash of the shown form once more: the reader sees \u202e.
  EXPECT_NE(out.markdown.find("commune-\\\\u202etxt.exe"), std::string::npos);
  EXPECT_NE(out.prometheus.find("commune-\\\\u202etxt.exe"), std::string::npos);
  EXPECT_NE(out.html.find("<bdi>commune-\\u202etxt.exe</bdi>"), std::string::npos);
  EXPECT_NE(report::summary_text(with("commune-\u202etxt.exe")).find("  commune-\\u202etxt.exe  L0"),
            std::string::npos);
}

// The terminal shows up to three frame lines under a finding (escaped: they come from the capture) and
// counts the rest.
TEST(Hostile, FrameLinesOnTheTerminalAreEscapedAndCapped) {
  auto d = base();
  const auto text = report::summary_text(d);
  EXPECT_NE(text.find("4  0.500000 s  2001:db8::1 → 2001:db8::53  DNS AAAA? www.lab.test."),
            std::string::npos)
      << text;
  auto& site = d.sites[0];
  for (auto& f : site.findings) f.evidence.frames = {4, 5, 6, 7, 8};
  for (std::uint64_t n = 6; n <= 8; ++n) {
    site.frame_summaries->push_back(site.frame_summaries->front());
    site.frame_summaries->back().frame = n;
  }
  (*site.frame_summaries)[1].args[1] = "evil\x1b[32m\u202e.";
  const auto capped = report::summary_text(d);
  EXPECT_EQ(capped.find("\x1b"), std::string::npos);
  EXPECT_EQ(capped.find("\u202e"), std::string::npos);
  EXPECT_NE(capped.find("evil\\x1b[32m\\u202e."), std::string::npos) << capped;
  EXPECT_EQ(capped.find("  7  "), std::string::npos) << "more than three lines under a finding";
  EXPECT_NE(capped.find("+2 more frame(s): in the report and the capture"), std::string::npos) << capped;
  const auto vi = report::summary_text(d, i18n::Catalog::get(i18n::Lang::vi));
  EXPECT_NE(vi.find("còn 2 khung nữa"), std::string::npos) << vi;
}

TEST(Hostile, NulNoLongerCutsTheSummary) {
  const auto text = report::summary_text(with(std::string("a\0b", 3)));
  EXPECT_NE(text.find("  a\\x00b  L0 (plan L2, BELOW PLAN)"), std::string::npos);
  EXPECT_NE(text.find("levels: L0=1"), std::string::npos);  // the lines after it are still there
}

TEST(Hostile, LevelTitlesAreCutByCharacters) {
  auto d = base();
  for (auto& l : d.levels) l.title = "Sẵn sàng IPv6 hoàn toàn ở mọi dịch vụ của xã Hà Nội";
  const auto html = render_html(d);
  const std::regex label(R"(<span class="lname">(L[^<]*)</span>)");
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), label); it != std::sregex_iterator(); ++it) {
    const std::string t = (*it)[1];
    EXPECT_TRUE(utf8::valid(t)) << t;
    EXPECT_LE(utf8::count_chars(t), 40U) << t;
    ++n;
  }
  EXPECT_EQ(n, 5U);
  EXPECT_NE(html.find(">L3 Sẵn sàng IPv6 hoàn toàn ở mọi dịch v…</span>"), std::string::npos);
}

/// Every number attribute of the SVG charts and the JUnit times: finite, not negative, within the chart.
void numbers_in_range(const std::string& html, const std::string& junit) {
  for (const auto* bad : {"inf", "nan", "=\"-"}) {
    EXPECT_EQ(html.find(std::string("height=\"") + bad), std::string::npos) << bad;
    EXPECT_EQ(html.find(std::string("width=\"") + bad), std::string::npos) << bad;
    EXPECT_EQ(html.find(std::string("y=\"") + bad), std::string::npos) << bad;
  }
  const std::regex rect(R"RE(<rect x="[0-9.]+" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)")RE");
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), rect); it != std::sregex_iterator(); ++it) {
    EXPECT_LE(std::stod((*it)[1]), 400.0);
    EXPECT_LE(std::stod((*it)[2]), 300.0);
    EXPECT_LE(std::stod((*it)[3]), 180.0);
    ++n;
  }
  EXPECT_GT(n, 0U);
  const std::regex time(R"RE( time="([^"]*)")RE");
  for (auto it = std::sregex_iterator(junit.begin(), junit.end(), time); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(std::regex_match(std::string((*it)[1]), std::regex(R"(\d{1,10}\.\d{3})"))) << (*it)[1];
}

TEST(Hostile, HugeAndNegativeNumbersStayInTheCharts) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  auto d = base();
  for (auto& e : *d.trend) {
    for (auto& n : e.levels.n) n = kMax;
    e.plan.meets = kMax;
    e.sites = 1;
  }
  (*d.trend)[0].plan.meets = 0;
  for (auto& s : d.sites)
    for (auto& c : s.checks) c.duration_ms = std::numeric_limits<double>::max();
  d.sites[0].checks[0].duration_ms = -std::numeric_limits<double>::max();
  d.sites[0].metrics.frames = kMax;
  const auto html = render_html(d);
  const auto junit = render_junit(d);
  numbers_in_range(html, junit);
  EXPECT_TRUE(test::xml_wellformed(junit).empty());
  EXPECT_NE(html.find("Capture: 18,446,744,073,709,551,615 frames"), std::string::npos);
  EXPECT_EQ(html.find("-1 frames"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(html, m, std::regex(R"RE(<polyline points="(\d+),([0-9.]+) (\d+),([0-9.]+)")RE")));
  EXPECT_EQ(m[2].str(), "190.0");  // 0 meet the plan: the bottom of the chart
  // 2^64-1 of 6 × (2^64-1) sites (L0..L4 and "not assessed"): a sixth of the height, not "inf"
  EXPECT_EQ(m[4].str(), "160.0");
  d.sites[0].checks[0].duration_ms = std::numeric_limits<double>::infinity();
  const auto prom = render_prometheus(d);
  EXPECT_NE(prom.find("v6ready_check_duration_seconds{site=\"" + d.sites[0].site), std::string::npos);
  EXPECT_NE(prom.find("} +Inf\n"), std::string::npos);
}

}  // namespace
}  // namespace v6r::report
