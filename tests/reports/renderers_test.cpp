// Each renderer over the sample and a hostile variant: counts, structure, escaping.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "core/escape.hpp"
#include "reports/html_parts.hpp"
#include "reports/realtime.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"
#include "tests/reports/test_util.hpp"

namespace v6r::report {
namespace {

using nlohmann::json;
using test::count;
using test::hostile;
using test::hostile_json;
using test::kHostile;
using test::sample;
using test::sample_json;
using test::typed;

std::size_t total(const json& doc, const char* list) {
  std::size_t n = 0;
  for (const auto& s : doc["sites"]) n += s[list].size();
  return n;
}

std::string join(const json& a, const char* sep) {
  std::string out;
  for (const auto& v : a) out += (out.empty() ? "" : sep) + (v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

std::string verdict_at(const json& site, const std::string& check_id) {
  for (const auto& c : site["checks"])
    if (c["check_id"] == check_id) return c["verdict"];
  return "";
}

TEST(Formats, Parse) {
  EXPECT_EQ(*parse_formats("all"), static_cast<unsigned>(kAllFormats));
  EXPECT_EQ(*parse_formats("html,md"), static_cast<unsigned>(kHtml | kMarkdown));
  EXPECT_FALSE(parse_formats("pdf").has_value());
  EXPECT_FALSE(parse_formats("").has_value());
}

TEST(Renderers, MinimalDocumentRendersEverything) {  // every optional field unset, lists empty
  findings::Document doc;
  findings::Site site;
  site.site = "x";
  findings::CheckRow c;
  c.check_id = "c";
  site.checks.push_back(c);
  doc.sites.push_back(site);
  EXPECT_NE(render_html(doc).find("</html>"), std::string::npos);
  EXPECT_NE(render_markdown(doc).find("| x |"), std::string::npos);
  EXPECT_EQ(test::parse_csv(render_csv(doc)).size(), 1U);
  EXPECT_NE(render_junit(doc).find("name=\"c ()\""), std::string::npos);
  EXPECT_NE(
      render_prometheus(doc).find("v6ready_check_duration_seconds{site=\"x\",check_id=\"c\",kind=\"\"} 0\n"),
      std::string::npos);
  EXPECT_NE(render_html(findings::Document{}).find("</html>"), std::string::npos);
}

TEST(Html, PlanTrackingFromOutsideIsEscapedAndItsBarsBounded) {  // `report --archive` (archive content)
  HtmlOptions opt;
  HtmlTable t;
  t.title = "Plan tracking";
  t.headings = {"district", "at target %"};
  t.rows = {{"<script>alert(1)</script>", "150"}, {"d2", "-5"}, {"d3", "nan"}, {"d4", "42.4"}};
  t.bar_column = 1;
  opt.plan_tracking = t;
  const auto html = render_html(sample(), opt);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#plan-tracking\">"), std::string::npos);
  EXPECT_EQ(count(html, "class=\"pbar\""), 4U);
  EXPECT_NE(html.find("<rect width=\"100\" height=\"10\" fill=\"#0072b2\"/>"),
            std::string::npos);                                                      // 150 → 100
  EXPECT_EQ(count(html, "<rect width=\"0\" height=\"10\" fill=\"#0072b2\"/>"), 2U);  // -5, nan → 0
  EXPECT_NE(html.find("<rect width=\"42\" height=\"10\" fill=\"#0072b2\"/>"), std::string::npos);
  EXPECT_EQ(render_html(sample()).find("id=\"plan-tracking\""), std::string::npos);  // only when asked
  // A decimal comma (Vietnamese) draws the same bar.
  t.rows = {{"d4", "42,4"}};
  opt.plan_tracking = t;
  EXPECT_NE(render_html(sample(), opt).find("<rect width=\"42\" height=\"10\" fill=\"#0072b2\"/>"),
            std::string::npos);
}

// The plan projection per district (`report --archive`): a line chart per district, furthest from the
// target first, at most kMaxPlanCharts; values out of range stay inside the chart; words in the
// report's language; a hostile district name escaped.
TEST(Html, PlanProjectionChartsPerDistrict) {
  HtmlOptions opt;
  opt.plan_tracking = HtmlTable{"Plan tracking", "", {"district"}, {{"d"}}, std::string::npos};
  opt.plan_pace = 13;
  const auto day = [](int d) {
    return UtcMs(std::chrono::sys_days(std::chrono::year(2026) / 9 / 1) + std::chrono::days(d));
  };
  PlanChart late{"province/<script>x</script>",
                 "commune",
                 "L2",
                 2027,
                 {{day(0), 10}, {day(7), 20}, {day(14), 150}},
                 day(900),
                 false,
                 false};
  PlanChart ok{"province/district-b",         "commune", "L2",  2027,
               {{day(0), 40}, {day(14), 60}}, day(120),  false, true};
  PlanChart done{"province/district-c",          "commune",    "L2", 2027,
                 {{day(0), 90}, {day(14), 100}}, std::nullopt, true, true};
  PlanChart flat{"province/district-d",         "commune",    "L2",  2027,
                 {{day(0), 30}, {day(14), -5}}, std::nullopt, false, false};
  opt.plan_charts = {ok, done, late, flat};
  const auto html = render_html(sample(), opt);
  EXPECT_EQ(count(html, "<figure class=\"pchart\">"), 4U);
  EXPECT_EQ(html.find("<script>x"), std::string::npos);
  const auto a = html.find("province/&lt;script&gt;x&lt;/script&gt; · commune: L2 by the end of 2027");
  const auto d = html.find("province/district-d · commune");
  const auto b = html.find("province/district-b · commune");
  ASSERT_NE(a, std::string::npos);
  EXPECT_LT(d, a) << "not on track, lowest share first";
  EXPECT_LT(a, b);
  EXPECT_NE(html.find("100 % by 2029-02-17 at this pace: after the target"), std::string::npos);
  EXPECT_NE(html.find("100 % by 2026-12-30 at this pace: on track"), std::string::npos);
  EXPECT_NE(html.find("100.0 % at L2 or above: the target is reached"), std::string::npos);
  EXPECT_NE(html.find("never 100 % at this pace"), std::string::npos);
  EXPECT_EQ(count(html, "class=\"proj\""), 3U) << "no projection once reached";
  // Every coordinate inside the plot (a share of 150 % or -5 % is drawn at the edge).
  const std::regex pts("<polyline class=\"obs\" points=\"([^\"]*)\"");
  std::size_t lines = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pts); it != std::sregex_iterator();
       ++it, ++lines) {
    std::istringstream in((*it)[1].str());
    std::string p;
    while (in >> p) {
      const double x = std::stod(p.substr(0, p.find(','))), y = std::stod(p.substr(p.find(',') + 1));
      EXPECT_TRUE(x >= 44 && x <= 328 && y >= 22 && y <= 160) << p;
    }
  }
  EXPECT_EQ(lines, 4U);
  // At most kMaxPlanCharts, and how many more the table lists.
  opt.plan_charts.assign(30, ok);
  const auto many = render_html(sample(), opt);
  EXPECT_EQ(count(many, "<figure class=\"pchart\">"), kMaxPlanCharts);
  EXPECT_NE(many.find("6 more district(s) in the table above"), std::string::npos);
  const auto vi = render_html(sample(), opt, i18n::Catalog::get(i18n::Lang::vi));
  EXPECT_NE(vi.find("<h3>Dự báo theo huyện</h3>"), std::string::npos);
  EXPECT_NE(vi.find("đạt 100 % vào 30/12/2026: đúng tiến độ"), std::string::npos);
  EXPECT_NE(vi.find(">09/2026</text>"), std::string::npos) << "months as Vietnamese writes them";
}

TEST(Html, SummaryHeadingSaysProvinceOnlyForOneProvince) {
  auto doc = sample();
  ASSERT_GE(doc.sites.size(), 2U);
  for (auto& s : doc.sites) s.site = "province-a/district/" + s.site.substr(s.site.rfind('/') + 1);
  EXPECT_NE(render_html(doc).find("<h2>Province summary</h2>"), std::string::npos);
  doc.sites[1].site = "province-b/district/commune";  // a national sweep
  const auto html = render_html(doc);
  EXPECT_EQ(html.find("<h2>Province summary</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Sweep summary</h2>"), std::string::npos);
}

TEST(Html, SelfContainedWithEverySiteAndCheck) {
  const auto doc = sample_json();
  const auto html = render_html(typed(doc));
  EXPECT_FALSE(std::regex_search(
      html, std::regex(R"((src|href|action)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  for (const auto& s : doc["sites"]) {
    EXPECT_NE(html.find(s["site"].get<std::string>()), std::string::npos);
    for (const auto& c : s["checks"])
      EXPECT_NE(html.find(c["check_id"].get<std::string>()), std::string::npos);
    EXPECT_NE(html.find(s["bundle"]["capture"]["sha256"].get<std::string>()), std::string::npos);
    EXPECT_NE(html.find(s["bundle"]["scenario"]["sha256"].get<std::string>()), std::string::npos);
  }
  EXPECT_EQ(count(html, "<section class=\"site\""), doc["sites"].size());
  EXPECT_EQ(count(html, "<div class=\"finding "), total(doc, "findings"));
  EXPECT_NE(html.find("id=\"trend\""), std::string::npos);  // 2 trend entries
  auto one = typed(doc);
  one.trend->resize(1);
  EXPECT_EQ(render_html(one).find("id=\"trend\""), std::string::npos);
}

// Each site shows what was observed in one line, its plan verdict with the reason, its access mode and
// its coverage table; a site without a level and one outside the plan are named as such.
TEST(Html, LevelSummaryPlanVerdictAndCoverage) {
  auto doc = sample();
  const auto html = render_html(doc);
  for (const auto& s : doc.sites) {
    EXPECT_NE(html.find(escape::html_isolated(s.level_summary)), std::string::npos) << s.site;
    EXPECT_NE(html.find(escape::html_isolated(s.plan_reason)), std::string::npos) << s.site;
  }
  EXPECT_EQ(count(html, "<details class=\"coverage\">"), doc.sites.size());
  // The coverage state and the access mode in the catalogue's words (reports/i18n/en.yaml).
  EXPECT_NE(html.find("<td class=\"cov-gap\">no check in the scenario</td>"), std::string::npos);
  EXPECT_NE(html.find("access mode <strong>IPv6-only</strong>"), std::string::npos);
  doc.sites[0].level.reset();
  doc.sites[0].plan_verdict = findings::PlanVerdict::not_in_plan;
  doc.sites[1].plan_verdict = findings::PlanVerdict::not_assessed;
  const auto h2 = render_html(doc);
  EXPECT_NE(h2.find("<span class=\"badge\">not assessed</span>"), std::string::npos);
  EXPECT_NE(h2.find("\u2013 not in the plan</span>"), std::string::npos);
  EXPECT_NE(h2.find("? not assessed against the plan</span>"), std::string::npos);
  const auto md = render_markdown(doc);
  EXPECT_NE(md.find(", 1 not assessed against it, 1 not in the plan (counted apart)"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| not assessed | 1 |"), std::string::npos) << md;
}

TEST(Html, HostileTextIsEscaped) {
  const auto html = render_html(hostile());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(count(html, "<script>"), 2U);  // only our own two scripts
}

TEST(Markdown, ShortAndEscaped) {
  const auto md = render_markdown(hostile());
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_LT(count(md, "\n"), 60U);
  const auto plain = render_markdown(sample());
  EXPECT_NE(plain.find("1 meet the plan, 3 below"), std::string::npos);
  EXPECT_NE(plain.find("dns64.unexpected\\_prefix"), std::string::npos);
}

/// The lazy report's data: base64, gzip, JSON (reports/html_data.cpp).
json lazy_json(const std::string& b64) {
  std::string bin;
  unsigned v = 0;
  int bits = 0;
  for (const char c : b64) {
    const auto p =
        std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").find(c);
    if (p == std::string_view::npos) continue;
    v = (v << 6) | static_cast<unsigned>(p);
    if ((bits += 6) >= 8) bin += static_cast<char>((v >> (bits -= 8)) & 0xFF);
  }
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 22, '\0');
  z.next_in = reinterpret_cast<Bytef*>(bin.data());
  z.avail_in = static_cast<uInt>(bin.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return json::parse(out);
}

// Frame summaries (docs/findings-schema.md "Frame summaries"): each finding shows the lines of its
// frames, once per frame and in the finding's order, with how many of its frames have none; in both
// languages; a hostile value in a line is escaped like any other.
TEST(FrameLines, UnderEachFindingInHtmlAndMarkdown) {
  auto j = sample_json();
  auto& args = j["sites"][2]["frame_summaries"][1]["args"];
  args[1] = kHostile;  // a DNS name from a hostile (edited) document
  const auto doc = typed(j);
  const auto html = render_html(doc, HtmlOptions{.detail = HtmlDetail::inline_all});
  // commune-dualstack: dns64.discovery cites 1, 2 (both have a line); v6only.leak 20, 21, 22 (22 has none).
  EXPECT_NE(html.find("<li data-frame=\"1\"><bdi>1  0.000210 s  2001:db8:11::100 → 2001:db8:11::1  DNS AAAA? "
                      "ipv4only.arpa.</bdi></li>"),
            std::string::npos);
  EXPECT_NE(
      html.find("<li data-frame=\"21\"><bdi>21  2.501377 s  192.0.2.1 → 192.0.2.100  DHCPv4 OFFER</bdi></li>"
                "<li class=\"meta\">1 more frame(s) without a line here (open them in the capture)</li>"),
      std::string::npos);
  EXPECT_NE(
      html.find("<li data-frame=\"57\"><bdi>57  3.402000 s  2001:db8:64::c000:20a → 2001:db8:13::100  TCP "
                "80 → 50000 [ACK] len 1428</bdi></li>"),
      std::string::npos);
  EXPECT_EQ(count(html, "<li data-frame="), 2U + 1U + 2U + 2U + 3U) << "a line per finding that cites it";
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("DNS AAAA? &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), std::string::npos);
  const auto md = render_markdown(doc);
  EXPECT_NE(
      md.find("\n  - 40  1.200000 s  2001:db8:13::100 → 2001:db8:64::c000:20a  TCP 50000 → 80 \\[SYN\\] "
              "len 0 MSS 1440\n"),
      std::string::npos)
      << md;
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  const auto vi = render_markdown(doc, i18n::Catalog::get(i18n::Lang::vi));
  EXPECT_NE(
      vi.find("  - 57  3,402000 s  2001:db8:64::c000:20a → 2001:db8:13::100  TCP 80 → 50000 \\[ACK\\] độ dài "
              "1428\n"),
      std::string::npos)
      << vi;
  // The lazy report's data carries each line once per site, in its language; findings name them.
  const auto data = lazy_json(html::lazy_data_base64(i18n::Catalog::get(i18n::Lang::vi), doc));
  const auto& site = data["sites"][1];
  ASSERT_EQ(site["pk"].size(), 5U) << site.dump();
  EXPECT_EQ(site["pk"][3], "21  2,501377 s  192.0.2.1 → 192.0.2.100  DHCPv4 OFFER");
  EXPECT_EQ(site["f"][1]["pl"], json::array({2, 3}));
  EXPECT_EQ(site["f"][1]["pm"], "1");
  EXPECT_FALSE(data["sites"][0].contains("pk"));
  EXPECT_NE(data["L"]["pkt_more"].get<std::string>().find("{0}"), std::string::npos);
}

/// The sample with sub-verdicts on its first check (a dns64.synthesis result, core/result.hpp Clause).
nlohmann::json with_clauses(const std::string& ttl_reason) {
  auto doc = sample_json();
  doc["sites"][0]["checks"][0]["clauses"] = {
      {{"clause", "prefix"},
       {"verdict", "pass"},
       {"reason", "under 2001:db8:64::/96"},
       {"rfc", "RFC 6147 §5.1.5"}},
      {{"clause", "ttl"}, {"verdict", "info"}, {"reason", ttl_reason}}};
  return doc;
}

TEST(Html, EveryClauseIsShownWithItsReason) {
  const auto html = render_html(typed(with_clauses("TTL not judged: the cache hides the difference")));
  EXPECT_EQ(count(html, "data-clause=\""), 2U);
  EXPECT_NE(html.find("data-clause=\"prefix\" title=\"pass: under 2001:db8:64::/96 (RFC 6147 §5.1.5)\""),
            std::string::npos);
  EXPECT_NE(html.find("title=\"info: TTL not judged: the cache hides the difference\""), std::string::npos);
  EXPECT_EQ(count(render_html(sample()), "data-clause=\""), 0U);  // none without clauses
  const auto hostile_html = render_html(typed(with_clauses(kHostile)));
  EXPECT_EQ(hostile_html.find("<script>alert"), std::string::npos);
}

TEST(Markdown, ClausesListedWithTheReasonsOfThoseAbovePass) {
  const auto md = render_markdown(typed(with_clauses("TTL not judged")));
  const auto at = md.find("### Clauses");
  ASSERT_NE(at, std::string::npos) << md;
  const auto line =
      md.substr(md.find("\n- ", at) + 1, md.find('\n', md.find("\n- ", at) + 1) - md.find("\n- ", at) - 1);
  EXPECT_NE(line.find(" prefix"), std::string::npos) << line;
  EXPECT_EQ(line.find("under 2001:db8:64::/96"), std::string::npos) << line;  // a pass clause: name only
  EXPECT_NE(line.find(" ttl (info: TTL not judged)"), std::string::npos) << line;
  EXPECT_EQ(render_markdown(sample()).find("### Clauses"), std::string::npos);
  EXPECT_EQ(render_markdown(typed(with_clauses(kHostile))).find("<script>"), std::string::npos);
}

/// The sample's first site with real-time results: mapping (its class typed), filtering warned,
/// hairpin failed, UDP lifetime skipped (a lower bound only), ICMP errors that could not judge one
/// clause; TCP lifetime and fragments not run. The second site runs none.
findings::Document with_realtime() {
  auto doc = sample();
  auto row = [](std::string id, std::string kind, Verdict v, std::string reason) {
    findings::CheckRow c;
    c.check_id = std::move(id);
    c.kind = std::move(kind);
    c.verdict = v;
    c.reason = std::move(reason);
    return c;
  };
  auto& checks = doc.sites.at(0).checks;
  auto mapping = row("rt.m", "nat64.mapping", Verdict::pass, "endpoint-independent mapping through NAT64: x");
  mapping.nat_class = check_kind::NatClass::endpoint_independent;
  checks.push_back(mapping);
  auto filtering = row("rt.f", "nat64.filtering", Verdict::warn, "filtering through NAT64: reworded");
  filtering.nat_class = check_kind::NatClass::address_and_port_dependent;
  checks.push_back(filtering);
  checks.push_back(row("rt.h", "nat64.hairpin", Verdict::fail, "no hairpinning " + kHostile));
  checks.push_back(row("rt.u", "nat64.udp_lifetime", Verdict::skipped, "lower bound 125 s"));
  auto icmp =
      row("rt.i", "nat64.icmp_errors", Verdict::error, "cannot judge port unreachable: no ICMPv6 error");
  icmp.clauses = std::vector<Clause>{{"port_unreachable", Verdict::error, "silence", std::nullopt},
                                     {"time_exceeded", Verdict::pass, "translated", std::nullopt}};
  checks.push_back(icmp);
  return doc;
}

TEST(Markdown, RealtimeReadinessPerSiteWithNotRunAndCannotJudge) {
  const auto doc = with_realtime();
  const auto md = render_markdown(doc);
  const auto at = md.find("### Real-time readiness");
  ASSERT_NE(at, std::string::npos) << md;
  EXPECT_NE(md.find("| site | mapping | filtering | hairpinning | UDP lifetime | TCP lifetime | fragments | "
                    "ICMP errors |",
                    at),
            std::string::npos)
      << md.substr(at);
  const auto row_at = md.find("\n| " + escape::markdown(doc.sites[0].site) + " | ", at);
  ASSERT_NE(row_at, std::string::npos) << md.substr(at);
  const auto line = md.substr(row_at + 1, md.find('\n', row_at + 1) - row_at - 1);
  EXPECT_NE(
      line.find(
          "| ✔ pass · endpoint-independent | ⚠ warn · address-and-port-dependent | ✖ fail | – not judged | "
          "– not run | – not run | ‼ cannot judge (‼ port unreachable, ✔ Time Exceeded) |"),
      std::string::npos)
      << line;
  EXPECT_EQ(line.find("<script>"), std::string::npos);  // a reason never reaches the table
  // Only the site that ran a real-time kind has a row.
  EXPECT_EQ(md.find("\n| " + escape::markdown(doc.sites[1].site) + " | ", at), std::string::npos);
  EXPECT_EQ(render_markdown(sample()).find("Real-time readiness"), std::string::npos);
  // Vietnamese: the catalogue's words.
  const auto vi = render_markdown(doc, i18n::Catalog::get(i18n::Lang::vi));
  EXPECT_NE(vi.find("độc lập điểm cuối"), std::string::npos);
  EXPECT_NE(vi.find("chưa chạy"), std::string::npos);
  EXPECT_NE(vi.find("không thể đánh giá"), std::string::npos);
  EXPECT_EQ(vi.find("endpoint-independent"), std::string::npos);
  EXPECT_EQ(vi.find("cannot judge |"), std::string::npos);
}

// The class comes from the row's typed nat_class, never from the reason's words: a reason that starts
// with another class (or is in another language) does not change it, and a row without a class shows
// none even when its reason begins with one.
TEST(Markdown, RealtimeClassIsTheTypedFieldNotTheReason) {
  auto doc = with_realtime();
  auto& checks = doc.sites.at(0).checks;
  for (auto& c : checks)
    if (c.kind == "nat64.mapping") {
      c.reason = "address-dependent, said a reason written before the class was typed";
      c.nat_class = check_kind::NatClass::address_dependent;
    } else if (c.kind == "nat64.filtering") {
      c.reason = "endpoint-independent filtering through NAT64";
      c.nat_class.reset();
    }
  const auto md = render_markdown(doc);
  const auto at =
      md.find("\n| " + escape::markdown(doc.sites[0].site) + " | ", md.find("### Real-time readiness"));
  ASSERT_NE(at, std::string::npos) << md;
  const auto line = md.substr(at + 1, md.find('\n', at + 1) - at - 1);
  EXPECT_NE(line.find("| ✔ pass · address-dependent | ⚠ warn | ✖ fail |"), std::string::npos) << line;
  EXPECT_EQ(line.find("endpoint-independent"), std::string::npos) << line;
  const auto vi = render_markdown(doc, i18n::Catalog::get(i18n::Lang::vi));
  EXPECT_NE(vi.find("phụ thuộc địa chỉ |"), std::string::npos);
}

TEST(Html, RealtimeReadinessInTheSiteSection) {
  const auto html = render_html(with_realtime());
  EXPECT_EQ(count(html, "<table class=\"realtime\">"), 1U);
  EXPECT_NE(
      html.find(
          "data-kind=\"nat64.mapping\" title=\"endpoint-independent mapping through NAT64: x\">✔ pass · "
          "endpoint-independent</td>"),
      std::string::npos);
  EXPECT_NE(html.find("data-kind=\"nat64.tcp_lifetime\">– not run</td>"), std::string::npos);
  EXPECT_EQ(html.find("no hairpinning <script>"), std::string::npos);  // the reason escaped in its title
  EXPECT_EQ(count(render_html(sample()), "class=\"realtime\""), 0U);
}

// The cell's tooltip is the result's reason in the report's language (its catalogue message), and the
// lazy report carries the same table in its data: its script builds it when a site is opened.
TEST(Html, RealtimeTooltipInTheReportsLanguageAndInTheLazyData) {
  auto doc = with_realtime();
  for (auto& c : doc.sites.at(0).checks)
    if (c.kind == "nat64.hairpin")
      c.reason_message =
          MessageRef{"check.hairpin.pass", {{"b", "192.0.2.7:40000"}, {"a", "192.0.2.7:40001"}}};
  const auto& vi = i18n::Catalog::get(i18n::Lang::vi);
  const auto html = render_html(doc, HtmlOptions{}, vi);
  EXPECT_NE(
      html.find("data-kind=\"nat64.hairpin\" title=\"quay vòng (hairpinning) qua NAT64: datagram của socket "
                "A gửi tới địa chỉ ánh xạ 192.0.2.7:40000"),
      std::string::npos);
  EXPECT_EQ(html.find("no hairpinning <script>"), std::string::npos);
  const auto data = lazy_json(html::lazy_data_base64(vi, doc));
  ASSERT_EQ(data["L"]["rt_cols"].size(), 7U) << data["L"].dump();
  EXPECT_EQ(data["L"]["rt_cols"][0], vi.text("rt.col.mapping"));
  EXPECT_EQ(data["L"]["realtime"], vi.text("html.site.realtime"));
  const auto& rt = data["sites"][0]["rt"];
  ASSERT_EQ(rt.size(), 7U) << rt.dump();
  const auto cells = realtime_cells(vi, doc.sites[0]);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(rt[i][0], cells[i].verdict ? std::string(to_string(*cells[i].verdict)) : std::string()) << i;
    EXPECT_EQ(rt[i][1], cells[i].text) << i;
    EXPECT_EQ(rt[i][2], cells[i].reason) << i;
    EXPECT_EQ(rt[i][3], std::string(cells[i].kind)) << i;
  }
  EXPECT_EQ(rt[2][0], "fail");
  EXPECT_NE(rt[2][2].get<std::string>().find("quay vòng"), std::string::npos);
  EXPECT_EQ(rt[4][0], "");  // TCP lifetime: not run
  EXPECT_FALSE(data["sites"][1].contains("rt"));
}

// A cell reads as the value with its hidden characters shown (CR and LF too: one record per line).
std::string cell(const json& v) {
  return escape::visible(v.get<std::string>());
}

TEST(Csv, RoundTripsEveryFinding) {
  for (const auto& doc : {sample_json(), hostile_json()}) {
    const auto rows = test::parse_csv(render_csv(typed(doc)));
    ASSERT_EQ(rows.size(), total(doc, "findings") + 1);
    const auto& head = rows[0];
    auto col = [&head](const std::string& n) {
      return static_cast<std::size_t>(std::find(head.begin(), head.end(), n) - head.begin());
    };
    std::size_t r = 1;
    for (const auto& s : doc["sites"]) {
      for (const auto& f : s["findings"]) {
        const auto& row = rows[r++];
        ASSERT_EQ(row.size(), head.size());
        EXPECT_EQ(row[col("site")], cell(s["site"]));
        EXPECT_EQ(row[col("finding_id")], cell(f["id"]));
        EXPECT_EQ(row[col("severity")], f["severity"]);
        EXPECT_EQ(row[col("rule")], cell(f["rule"]));
        EXPECT_EQ(row[col("title")], cell(f["title"]));
        EXPECT_EQ(row[col("explanation")], cell(f["explanation"]));
        EXPECT_EQ(row[col("addresses")], escape::visible(join(f["addresses"], " ")));
        EXPECT_EQ(row[col("evidence_frames")], join(f["evidence"]["frames"], " "));
        EXPECT_EQ(row[col("evidence_bundle")], cell(f["evidence"]["bundle"]));
        if (f.contains("check_id")) {
          EXPECT_EQ(row[col("check_id")], cell(f["check_id"]));
          EXPECT_EQ(row[col("check_verdict")], verdict_at(s, f["check_id"].get<std::string>()));
        }
      }
    }
  }
}

TEST(Junit, OneCasePerSiteCheckWithFailuresErrorsSkipped) {
  const auto doc = sample_json();
  const auto xml = render_junit(typed(doc));
  std::size_t fails = 0, errors = 0, skipped = 0;
  for (const auto& s : doc["sites"])
    for (const auto& c : s["checks"]) {
      fails += c["verdict"] == "fail";
      errors += c["verdict"] == "error";
      skipped += c["verdict"] == "skipped";
    }
  EXPECT_EQ(count(xml, "<testsuite "), doc["sites"].size());
  EXPECT_EQ(count(xml, "<testcase "), total(doc, "checks"));
  EXPECT_EQ(count(xml, "<failure "), fails);
  EXPECT_EQ(count(xml, "<error "), errors);
  EXPECT_EQ(count(xml, "<skipped "), skipped);
  // <testsuites> bare (Ant's aggregated document has no attribute there); each suite has its counts,
  // Ant's required attributes, and properties, system-out, system-err in that order.
  EXPECT_NE(xml.find("\n<testsuites>\n"), std::string::npos);
  EXPECT_EQ(count(xml, "<properties>"), doc["sites"].size());
  EXPECT_EQ(count(xml, "    <system-err></system-err>\n  </testsuite>"), doc["sites"].size());
  EXPECT_EQ(count(xml, "\" timestamp=\""), doc["sites"].size());
  EXPECT_EQ(count(xml, "\" hostname=\""), doc["sites"].size());
  // Every failing or erroring testcase has its evidence in its own <system-out>.
  EXPECT_EQ(count(xml, "</failure>\n      <system-out>bundle: "), fails);
  EXPECT_EQ(count(xml, "</error>\n      <system-out>bundle: "), errors);
  EXPECT_NE(xml.find("<testcase classname=\"province/district-b/commune-brokendns64\" name=\"synth-v4only "
                     "(dns64.synthesis)\""),
            std::string::npos);
  EXPECT_NE(xml.find("message=\"AAAA 2001:db8:65::c000:20a is under 2001:db8:65::/96"), std::string::npos);
  const auto extra =
      render_junit(typed(doc), {{"gate: p", {{"min_level", {}}, {"max_severity", {"2 violations", "x"}}}}});
  EXPECT_EQ(count(extra, "<testsuite "), doc["sites"].size() + 1);
  EXPECT_EQ(count(extra, "<failure "), fails + 1);
}

TEST(Junit, SuiteSystemOutAndAntsRequiredValues) {
  auto d = typed(sample_json());
  d.sites[0].bundle.host = " \t ";  // blank: Ant wants a non-empty hostname, "localhost" when unknown
  const auto xml = render_junit(d);
  EXPECT_EQ(count(xml, "hostname=\"localhost\""), 1U);
  const auto& s = d.sites[1];
  // The suite's own (a failing testcase's starts with the bundle and capture too, but has no
  // bundle_verified line).
  std::string out;
  for (auto at = xml.find("<system-out>bundle: " + s.bundle.path + "\n"); at != std::string::npos;
       at = xml.find("<system-out>bundle: " + s.bundle.path + "\n", at + 1)) {
    const auto block = xml.substr(at, xml.find("</system-out>", at) - at);
    if (block.find("\nbundle_verified: ") != std::string::npos) out = block;
  }
  ASSERT_FALSE(out.empty());
  ASSERT_TRUE(s.bundle.capture.has_value());
  EXPECT_NE(out.find("\ncapture_sha256: " + s.bundle.capture->sha256 + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nscenario: " + s.bundle.scenario.name + " sha256 " + s.bundle.scenario.sha256 + "\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\nlevel: " + findings::level_text(s.level)), std::string::npos) << out;
  EXPECT_NE(out.find("\nplan_verdict: " + std::string(findings::to_string(s.plan_verdict))),
            std::string::npos)
      << out;
  // The gate's suite: the policy and its outcome as lines, and its own properties.
  const auto gate = render_junit(d, {{"gate: p",
                                      {{"min_level", {"1 violation(s) of min_level", "x"}}},
                                      {{"policy_file", "p.yaml"}},
                                      {"policy: p.yaml", "result: does not hold"}}});
  EXPECT_NE(gate.find("<property name=\"policy_file\" value=\"p.yaml\"/>"), std::string::npos);
  EXPECT_NE(gate.find("<system-out>policy: p.yaml\nresult: does not hold</system-out>"), std::string::npos);
}

TEST(Junit, HostileTextIsEscaped) {
  const auto xml = render_junit(hostile());
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;"), std::string::npos);
}

TEST(Junit, EvidencePerSuiteLeavesNoTestcaseOutput) {
  const auto d = typed(sample_json());
  const auto per_case = render_junit(d);
  const auto xml = render_junit(d, {}, JunitEvidence::per_suite);
  // No testcase holds a <system-out> (Ant's schema has none there): one per suite, no more.
  EXPECT_EQ(count(xml, "<system-out>"), d.sites.size());
  EXPECT_GT(count(per_case, "<system-out>"), d.sites.size());
  EXPECT_EQ(count(xml, "<testcase "), count(per_case, "<testcase "));
  EXPECT_EQ(count(xml, "<failure "), count(per_case, "<failure "));
  // Each site's evidence and warn/info reasons are in its suite's <system-out>, after the site's own
  // lines, under the check's name.
  std::size_t with_lines = 0;
  for (const auto& s : d.sites) {
    const auto at =
        xml.find("<system-out>bundle: " + (s.bundle.path.empty() ? s.bundle.name : s.bundle.path));
    ASSERT_NE(at, std::string::npos) << s.site;
    const auto out = xml.substr(at, xml.find("</system-out>", at) - at);
    for (const auto& c : s.checks) {
      const auto head = out.find("\ncheck: " + c.check_id + " (" + c.kind + ")\n");
      if (c.verdict == Verdict::fail || c.verdict == Verdict::error) {
        ASSERT_NE(head, std::string::npos) << s.site << " " << c.check_id << "\n" << out;
        EXPECT_NE(out.find("\n  frames: " + join(c.frames, " "), head), std::string::npos) << out;
        ++with_lines;
      } else if (c.verdict == Verdict::warn || c.verdict == Verdict::info) {
        ASSERT_NE(head, std::string::npos) << s.site << " " << c.check_id << "\n" << out;
        EXPECT_NE(out.find("\n  " + std::string(to_string(c.verdict)) + ": ", head), std::string::npos);
        ++with_lines;
      } else {
        EXPECT_EQ(head, std::string::npos) << "a " << to_string(c.verdict) << " check has no lines";
      }
    }
  }
  EXPECT_GT(with_lines, 0U);
  // The bundle and capture are named once per suite, not again under every check.
  std::size_t captures = 0;
  for (const auto& s : d.sites) captures += s.bundle.capture && !s.bundle.capture->sha256.empty();
  ASSERT_GT(captures, 0U);
  EXPECT_EQ(count(xml, "capture_sha256: "), captures);
  EXPECT_EQ(count(xml, "\n  bundle: "), 0U);
  EXPECT_GT(count(per_case, "capture_sha256: "), captures);
  // Hostile text stays escaped when it moves to the suite.
  const auto h = render_junit(hostile(), {}, JunitEvidence::per_suite);
  EXPECT_EQ(h.find("<script>"), std::string::npos);
  EXPECT_EQ(count(h, "<system-out>"), hostile().sites.size());
  // The CLI's spelling.
  EXPECT_EQ(parse_junit_evidence("case").value(), JunitEvidence::per_case);
  EXPECT_EQ(parse_junit_evidence("suite").value(), JunitEvidence::per_suite);
  EXPECT_FALSE(parse_junit_evidence("ant").has_value());
}

/// The text exposition format: HELP/TYPE before each family's samples, families contiguous, label
/// syntax, no duplicate series.
void check_prometheus(const std::string& text) {
  static const std::regex sample_re(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$)");
  static const std::regex help_re(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
  static const std::regex type_re(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped)$)");
  std::set<std::string> done, series;
  std::string current, typed;
  std::istringstream in(text);
  std::string line;
  ASSERT_EQ(text.back(), '\n');
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, help_re)) {
      ASSERT_TRUE(done.insert(m[1]).second) << "family written twice: " << line;
      current = m[1];
    } else if (std::regex_match(line, m, type_re)) {
      ASSERT_EQ(m[1], current) << line;
      typed = current;
    } else {
      ASSERT_TRUE(std::regex_match(line, m, sample_re)) << "bad sample line: " << line;
      ASSERT_EQ(m[1], typed) << "sample outside its family: " << line;
      const auto key = line.substr(0, line.rfind(' '));
      ASSERT_TRUE(series.insert(key).second) << "duplicate series: " << key;
    }
  }
}

TEST(Prometheus, FormatAndValues) {
  const auto doc = sample_json();
  const auto text = render_prometheus(typed(doc));
  check_prometheus(text);
  EXPECT_NE(text.find("v6ready_site_level{site=\"province/district-a/commune-ready\",district=\"province/"
                      "district-a\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("v6ready_site_meets_plan{site=\"province/district-b/"
                      "commune-brokendns64\",district=\"province/district-b\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("v6ready_check_result{site=\"province/district-b/"
                      "commune-pmtu\",check_id=\"pmtu-big\",kind=\"nat64.pmtu\",verdict=\"fail\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "v6ready_site_findings{site=\"province/district-b/commune-brokendns64\",severity=\"fail\"} 3\n"),
      std::string::npos);
  // promtool: a gauge has no _total suffix; node_exporter: no series without a site label
  EXPECT_EQ(text.find("_total"), std::string::npos);
  EXPECT_EQ(text.find("v6ready_report_generated_timestamp_seconds"), std::string::npos);
  // the run's end (2026-11-23T12:00:04.512Z), for "stale site" alerts
  EXPECT_NE(text.find("v6ready_site_last_run_timestamp_seconds{site=\"province/district-a/commune-ready\"} "
                      "1795435204.512\n"),
            std::string::npos);
  // blackbox_exporter style per check: success 0 on fail, 1 on warn, none when it did not judge
  const std::string pmtu =
      "{site=\"province/district-b/commune-pmtu\",check_id=\"pmtu-big\",kind=\"nat64.pmtu\"}";
  EXPECT_NE(text.find("v6ready_check_success" + pmtu + " 0\n"), std::string::npos);
  EXPECT_NE(text.find("v6ready_check_duration_seconds" + pmtu + " 5\n"), std::string::npos);
  EXPECT_NE(
      text.find("v6ready_check_success{site=\"province/district-a/commune-dualstack\",check_id=\"ra-pref64\","
                "kind=\"ra.pref64\"} 1\n"),
      std::string::npos);
  EXPECT_EQ(
      text.find(
          "v6ready_check_success{site=\"province/district-a/commune-dualstack\",check_id=\"http-v4only\""),
      std::string::npos);
  EXPECT_EQ(count(text, "v6ready_check_result{"), total(doc, "checks"));
  EXPECT_EQ(count(text, "v6ready_check_duration_seconds{"), total(doc, "checks"));
}

TEST(Prometheus, ARepeatedSiteIsWrittenOnce) {  // a hostile findings file; node_exporter refuses duplicates
  auto doc = sample();
  doc.sites.push_back(doc.sites.front());
  doc.sites.back().level = findings::Level::L0;
  const auto text = render_prometheus(doc);
  check_prometheus(text);
  EXPECT_EQ(count(text, "v6ready_site_level{site=\"province/district-a/commune-ready\""), 1U);
  EXPECT_NE(text.find("v6ready_site_level{site=\"province/district-a/commune-ready\",district=\"province/"
                      "district-a\"} 3\n"),
            std::string::npos);
}

TEST(Prometheus, HostileLabelsStayOneLine) {
  auto doc = hostile();
  doc.sites[1].checks.push_back(doc.sites[1].checks[0]);  // a duplicate check id is written once
  check_prometheus(render_prometheus(doc));
}

TEST(RenderAll, WritesEveryFileAtomically) {
  const auto dir = std::filesystem::temp_directory_path() / ("v6r-render-all-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto written = render_all(sample(), dir / "sub", kAllFormats);
  ASSERT_TRUE(written.has_value()) << written.error();
  EXPECT_EQ(written->size(), 5U);
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir / "sub"))
    names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"report.html", "summary.md", "findings.csv", "junit.xml",
                                          "v6ready.prom"}));
  auto only = render_all(sample(), dir / "prom", kPrometheus);
  ASSERT_TRUE(only.has_value());
  EXPECT_EQ(only->size(), 1U);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace v6r::report
