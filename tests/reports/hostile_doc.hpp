#pragma once
// The hostile-strings checks of every renderer, shared by tests/reports/hostile_test.cpp (over the
// corpus tests/fuzz/corpus/core_escape/hostile-*) and the reports_render fuzz target (over anything):
//  - base(): a typed findings document that reaches every part of every renderer (two sites, every
//    verdict and severity, problems, trend, plan targets, anomalies, services, both clock states, the
//    real-time row with a behaviour class, clauses and a cross-check note);
//  - inject(doc, s): `s` in every free-text field the typed model accepts (verdicts, levels, severities
//    are enumerations: the model refuses anything else, see tests/reports/hostile.sh), and in the kind
//    of every check but the NAT64 behaviour ones, whose kinds turn the real-time row on;
//  - render(doc[, which]): every output (HTML, Markdown, CSV, JUnit from report and from the gate,
//    Prometheus, the gate's terminal text), or those named by `which`;
//  - problems(out): what breaks the invariants: not valid UTF-8, a hidden character (core/escape.hpp)
//    other than the writer's own line ends, JUnit not well-formed XML or holding a file-link marker;
//  - shape(out): the structure (markup and line counts, CSV records and fields) that must not depend
//    on the text inside: the hostile document must have the shape of the same document holding "x"
//    (neutral_text: "x" but for the text's site-path places, which the HTML tree shows by design).
#include <algorithm>
#include <string>
#include <vector>

#include "core/check_kind.hpp"
#include "core/escape.hpp"
#include "core/findings.hpp"
#include "core/site_path.hpp"
#include "core/utf8.hpp"
#include "reports/gate.hpp"
#include "reports/realtime.hpp"
#include "reports/report.hpp"
#include "reports/words.hpp"
#include "tests/fuzz/oracle.hpp"
#include "tests/fuzz/xml_wellformed.hpp"

namespace v6r::report::hostile {

inline UtcMs at_ms(std::int64_t ms) {
  return UtcMs{std::chrono::milliseconds{ms}};
}

V6R_ORACLE inline findings::Document base() {
  using namespace findings;
  Document d;
  d.generated_utc = at_ms(1790000000000);
  d.tool = {"v6analyze", "0.1.0", "abc123"};
  d.status = RunStatus::partial;
  d.problems.push_back({"b1", std::string("/spool/b1"), std::string("results.jsonl"), 3, 7, 99, "bad line"});
  d.plan = {std::string("plan.yaml"), std::string("ab12"), "plan", 2027, std::nullopt, std::nullopt};
  d.sweep = {"2026-09-21", 2, 2, false, true};
  for (int i = 0; i < kLevelCount; ++i) d.levels.push_back({level_at(i), "title " + std::to_string(i)});
  for (int n = 0; n < 2; ++n) {
    Site s;
    s.site = "province/district/commune-" + std::to_string(n);
    s.site_class = "commune";
    s.level = level_at(n * 3);
    s.level_summary = "summary";
    s.level_reasons = {"reason a", "reason b"};
    if (n == 0) s.not_assessed_from = Level::L3;
    s.access = Access{AccessMode::ipv6_only, false, true, true, {"evidence"}, std::string("missing")};
    s.coverage = {CoverageRow{Level::L3, "requirement", {"nat64.pmtu"}, CoverageState::missing, {"check-0"}}};
    if (n == 0) s.required_level = Level::L2;
    s.plan_verdict = n == 1 ? PlanVerdict::meets : PlanVerdict::below;
    s.plan_reason = "plan reason";
    auto& b = s.bundle;
    b.name = "bundle-" + std::to_string(n);
    b.path = "/spool/bundle-" + std::to_string(n);
    b.verified = n == 1;
    if (n == 0) b.verify_problems = {"mismatched: results.jsonl"};
    b.status = n == 0 ? RunStatus::partial : RunStatus::complete;
    b.run_id = "run";
    b.probe_id = "probe";
    b.host = "host";
    b.interface = "eth0";
    b.started_utc = at_ms(1790000000000);
    b.stopped_utc = at_ms(1790000060000);
    b.scenario = {"scenario", "cd34", std::nullopt};
    b.tool = {"v6probe", "0.1.0", "abc123"};
    if (n == 0) b.clock = {true, "chrony"};
    b.partial_reason = "interrupted";
    b.capture = CaptureRef{"capture.pcapng", "ef56", 10, n == 0};
    b.expected_pref64 = ExpectedPref64{"2001:db8:64::/96", "run.json"};
    const Verdict verdicts[] = {Verdict::pass, Verdict::info,  Verdict::warn,
                                Verdict::fail, Verdict::error, Verdict::skipped};
    std::uint64_t seq = 0;
    for (const Verdict v : verdicts) {
      CheckRow c;
      c.check_id = "check-" + std::to_string(seq);
      c.kind = "dns64.synthesis";
      c.target = "v4only.lab.test";
      c.verdict = v;
      c.reason = "reason";
      c.duration_ms = 12.5;
      c.seq = seq++;
      c.rfc = "RFC 6147 §5.1";
      c.addresses = {std::string("2001:db8:1::10"), std::string("2001:db8:1::53"), {"2001:db8:64::c000:20a"}};
      c.cross_check = CrossCheck::agrees;
      c.frames = {1, 2};
      s.checks.push_back(c);
      s.counts.add(v);
    }
    // NAT64 behaviour checks: they give the site its real-time row (reports/realtime.hpp), one with a
    // behaviour class and a cross-check note, one with clauses. inject() keeps their kinds, which turn
    // the row on, so the row is rendered with the text in its reasons and clauses.
    CheckRow m;
    m.check_id = "check-" + std::to_string(seq);
    m.kind = std::string(check_kind::kNat64Mapping);
    m.target = "192.0.2.1";
    m.verdict = Verdict::pass;
    m.reason = "reason";
    m.seq = seq++;
    m.rfc = "RFC 4787 §4.1";
    m.nat_class = check_kind::NatClass::endpoint_independent;
    m.cross_check = CrossCheck::unverified;
    m.cross_check_note = "note";
    s.checks.push_back(m);
    s.counts.add(m.verdict);
    CheckRow e = m;
    e.check_id = "check-" + std::to_string(seq);
    e.kind = std::string(check_kind::kNat64IcmpErrors);
    e.verdict = Verdict::fail;
    e.seq = seq++;
    e.nat_class.reset();
    e.clauses = std::vector<Clause>{{"time_exceeded", Verdict::pass, "reason", std::string("RFC 7915 §4.2")},
                                    {"port_unreachable", Verdict::fail, "reason", std::nullopt}};
    s.checks.push_back(e);
    s.counts.add(e.verdict);
    for (const Severity sev : {Severity::fail, Severity::warn, Severity::info}) {
      Finding f;
      f.id = s.site + "#" + std::to_string(s.findings.size());
      f.rule = "dns64.unexpected_prefix";
      f.severity = sev;
      f.title = "title";
      f.explanation = "explanation";
      f.source = Source::cross_check;
      f.addresses = {"2001:db8::1"};
      f.rfc = "RFC 6052";
      f.check_id = "check-3";
      f.evidence = {std::string("bundle"), {4, 5}, std::string("capture.pcapng"), std::string("ef56")};
      s.findings.push_back(f);
    }
    // The findings cite frames 4 and 5: one line each, from the capture (hostile too).
    s.frame_summaries = std::vector<FrameSummary>{
        FrameSummary{4, 0.5, "2001:db8::1", "2001:db8::53", PacketWhat::dns_query, {"AAAA", "www.lab.test."}},
        FrameSummary{5,
                     0.75,
                     "2001:db8::53",
                     "2001:db8::1",
                     PacketWhat::dns_answer,
                     {"AAAA", "www.lab.test.", "1", "2001:db8:64::c000:20a"}}};
    s.metrics.frames = 10;
    s.metrics.ra_pref64 = {"2001:db8:64::/96"};
    s.metrics.dns.latency_ms_p95 = 3.5;
    s.anomalies.push_back({"truncated_ipv6", 2, {3, 4}});
    s.services.push_back(
        {"www.lab.test", ServiceState::reachable, ServicePath::nat64, {"check-0"}, "via NAT64"});
    // A root cause folding the site's first finding: on site 0 from catalogue messages, on site 1 from
    // an id no catalogue knows (the stored English is shown).
    RootCause rc;
    rc.cause = n == 0 ? Cause::resolver_unreachable : Cause::nat64_down;
    rc.title = "cause title";
    rc.evidence = {"cause evidence"};
    rc.title_message = {n == 0 ? "rootcause.title.resolver_unreachable" : "rootcause.title.unknown",
                        {{"resolver", "2001:db8::53"}}};
    rc.evidence_messages = {{"rootcause.ev.resolver_never_answered", {{"resolver", "2001:db8::53"}}}};
    rc.addresses = {"2001:db8::53"};
    rc.checks = {"check-0"};
    rc.findings = {s.findings.front().id};
    rc.frames = {1, 2};
    s.root_causes = std::vector<RootCause>{rc};
    d.sites.push_back(s);
  }
  d.rollup.levels[Level::L0] = 1;
  d.rollup.levels[Level::L3] = 1;
  d.rollup.plan = {1, 1, 0, 0};
  d.rollup.by_prefix.push_back({"province", 2, d.rollup.levels, d.rollup.plan});
  d.rollup.worst_sites.push_back({"province/district/commune-0", Level::L0, 1, 1, 10});
  d.rollup.top_failing_checks.push_back({"dns64.synthesis", "check-3", 2});
  // Year 0: a plan target that no trend label ("2026-...") can name, so the shape is the same for any text.
  d.plan_targets.push_back({0, "commune", Level::L2});
  d.trend = std::vector<TrendEntry>{{"2026-01-01", at_ms(1767225600000), d.rollup.levels, d.rollup.plan, 2},
                                    {"2026-09-21", at_ms(1790000000000), d.rollup.levels, d.rollup.plan, 2}};
  return d;
}

/// A NAT64 behaviour kind: the value that gives a site its real-time row.
V6R_ORACLE inline bool is_realtime_kind(std::string_view kind) {
  const auto& k = realtime_kinds();
  return std::find(k.begin(), k.end(), kind) != k.end();
}

/// A NAT64 behaviour kind, or a finding rule with advice or a title in the catalogue (reports/words.hpp).
V6R_ORACLE inline bool recognised_name(std::string_view s) {
  const auto& en = i18n::Catalog::get(i18n::Lang::en);
  return is_realtime_kind(s) || advice(en, s) || rule_title(en, s);
}

/// `s` in every free-text field of the document (but the kinds of NAT64 behaviour checks: base()).
V6R_ORACLE inline void inject(findings::Document& d, const std::string& s) {
  d.tool = {s, s, s};
  for (auto& p : d.problems) p = {s, s, s, p.line, p.frame, p.offset, s};
  d.plan.file = s;
  d.plan.sha256 = s;
  d.plan.name = s;
  d.sweep.label = s;
  for (auto& l : d.levels) l.title = s;
  for (auto& site : d.sites) {
    site.site = s;
    site.site_class = s;
    site.level_reasons = {s, s};
    site.level_summary = site.plan_reason = s;
    site.access.evidence = {s, s};
    site.access.missing = s;
    for (auto& r : site.coverage) {
      r.requirement = s;
      r.kinds = r.checks = {s, s};
    }
    auto& b = site.bundle;
    b.name = b.path = b.run_id = b.probe_id = b.host = b.interface = s;
    for (auto& p : b.verify_problems) p = s;
    b.scenario = {s, s, s};
    b.tool = {s, s, s};
    b.clock.detail = s;
    b.partial_reason = s;
    if (b.capture) b.capture->file = b.capture->sha256 = s;
    if (b.expected_pref64) b.expected_pref64 = findings::ExpectedPref64{s, s};
    for (auto& c : site.checks) {
      if (!is_realtime_kind(c.kind)) c.kind = s;
      c.check_id = c.target = c.reason = s;
      c.rfc = s;
      c.addresses = {s, s, {s, s}};
      if (c.cross_check_note) c.cross_check_note = s;
      if (c.clauses)
        for (auto& cl : *c.clauses) {
          cl.clause = cl.reason = s;
          cl.rfc = s;
        }
    }
    for (auto& f : site.findings) {
      f.id = f.rule = f.title = f.explanation = s;
      f.addresses = {s, s};
      f.rfc = f.check_id = s;
      f.evidence.bundle = f.evidence.capture = f.evidence.capture_sha256 = s;
    }
    site.metrics.ra_pref64 = {s};
    site.metrics.rfc7050_pref64 = {s};
    for (auto& a : site.anomalies) a.name = s;
    if (site.frame_summaries)
      for (auto& l : *site.frame_summaries) {
        l.src = l.dst = s;
        for (auto& a : l.args) a = s;
      }
    for (auto& v : site.services) {
      v.target = v.reason = s;
      v.checks = {s};
    }
    for (auto& rc : *site.root_causes) {
      rc.title = s;
      rc.evidence = {s};
      for (auto& a : rc.title_message.args) a.value = s;
      for (auto& m : rc.evidence_messages)
        for (auto& a : m.args) a.value = s;
      rc.addresses = rc.checks = {s};
      rc.findings = {site.findings.front().id};
    }
  }
  for (auto& p : d.rollup.by_prefix) p.prefix = s;
  for (auto& w : d.rollup.worst_sites) w.site = s;
  for (auto& f : d.rollup.top_failing_checks) f.kind = f.check_id = s;
  for (auto& t : d.plan_targets) t.site_class = s;
  for (auto& e : *d.trend) e.label = s;
}

/// The text a document holding `s` is compared with (in every field, as `s` is). A text without '/'
/// gives "x". Otherwise the text's leading segments that are valid site-path segments stay: as a site's
/// path they are places in the HTML report's tree by design (reports/html_tree.cpp); in the rest each
/// non-empty '/'-separated piece becomes "X" (not a valid segment, so no place) and every '/' stays
/// (the district of reports/render_util.cpp's parent_of). Found by the fuzzer: a site "e/C calc" is
/// rightly nested under a place "e". Being the same in every field keeps what the renderers compare
/// (a worst site is linked when it names a site).
///
/// A name the reports recognise is its own neutral, by design: a NAT64 behaviour kind (as every check's
/// kind it gives the site's real-time cell of that kind a result), and a finding rule the catalogue
/// knows (its advice adds a "How to fix" paragraph to each finding in HTML; its title replaces the
/// finding's). Found by the fuzzer, 2026-12-08: `nat64.hairpin` as the text added the Markdown
/// real-time row (tests/fuzz/corpus/README.md).
V6R_ORACLE inline std::string neutral_text(std::string_view s) {
  if (recognised_name(s)) return std::string(s);
  if (s.find('/') == std::string_view::npos) return "x";
  std::string out;
  for (auto slash = s.find('/'); slash != std::string_view::npos && site_path::valid(s.substr(0, slash));
       slash = s.find('/')) {
    out.append(s.substr(0, slash + 1));
    s.remove_prefix(slash + 1);
  }
  bool piece = false;
  for (const char* p = s.data(); p != s.data() + s.size(); ++p) {
    if (*p != '/') {
      piece = true;
      continue;
    }
    out += piece ? "X/" : "/";
    piece = false;
  }
  if (piece) out += 'X';
  return out;
}

/// The outputs `render` can make; `kAll` is every one of them.
enum class Output : unsigned {
  html = 1,
  markdown = 2,
  csv = 4,
  junit = 8,
  prometheus = 16,
  gate_junit = 32,
  gate_text = 64,
};
inline constexpr unsigned kAll = 127;
inline constexpr Output kOutputs[] = {Output::html,       Output::markdown,   Output::csv,      Output::junit,
                                      Output::prometheus, Output::gate_junit, Output::gate_text};

struct Outputs {
  unsigned made = 0;  // which of them were rendered (a mask of Output); the others are empty
  std::string html, markdown, csv, junit, gate_junit, prometheus, gate_text;
  bool has(Output o) const { return (made & static_cast<unsigned>(o)) != 0; }
};

inline Policy policy() {
  Policy p;
  p.file = "policy.yaml";
  p.name = "hostile";
  p.all_checks_pass = AllChecksPass{};
  p.min_level = 2;
  p.no_regression = true;
  p.max_severity = "warn";
  return p;
}

/// The outputs of `report` and `gate` for `d` named by `which` (a mask of Output; the gate against `d`
/// itself as the baseline).
inline Outputs render(const findings::Document& d, unsigned which = kAll) {
  Outputs o;
  o.made = which & kAll;
  if (o.has(Output::html)) o.html = render_html(d);
  if (o.has(Output::markdown)) o.markdown = render_markdown(d);
  if (o.has(Output::csv)) o.csv = render_csv(d);
  if (o.has(Output::junit)) o.junit = render_junit(d);
  if (o.has(Output::prometheus)) o.prometheus = render_prometheus(d);
  if (o.has(Output::gate_junit) || o.has(Output::gate_text)) {
    const auto p = policy();
    const auto r = evaluate_policy(p, d, &d);
    if (o.has(Output::gate_junit)) o.gate_junit = render_junit(d, {gate_junit_suite(p, r)});
    if (o.has(Output::gate_text)) o.gate_text = format_gate(p, r, "gate-junit.xml", 200);
  }
  return o;
}

/// "" or what is wrong with `text` (valid UTF-8, no hidden character except those in `keep`).
V6R_ORACLE inline std::string clean(const std::string& name, const std::string& text, std::string_view keep) {
  // ASCII from a table of escape::is_hidden, made once: most of every output is ASCII. Indexed through
  // pointers: the standard containers' operator[] is instrumented wherever it is instantiated.
  static const auto* const ascii_hidden = [] {
    static bool t[0x80];
    for (std::int32_t c = 0; c < 0x80; ++c) t[c] = escape::is_hidden(c);
    return t;
  }();
  const auto* const p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (p[i] < 0x80 &&
        (!ascii_hidden[p[i]] || keep.find(static_cast<char>(p[i])) != std::string_view::npos)) {
      ++i;
      continue;
    }
    const auto u = utf8::decode(text, i);
    if (!u.valid()) return name + ": not UTF-8 at byte " + std::to_string(i);
    if (escape::is_hidden(u.cp) &&
        !(u.cp < 0x80 && keep.find(static_cast<char>(u.cp)) != std::string_view::npos))
      return name + ": hidden character U+" + std::to_string(u.cp) + " at byte " + std::to_string(i);
    i += u.len;
  }
  return "";
}

/// Every broken invariant of the outputs rendered (empty: all hold; an output not rendered is empty).
V6R_ORACLE inline std::vector<std::string> problems(const Outputs& o) {
  std::vector<std::string> bad;
  auto add = [&bad](std::string e) V6R_ORACLE {
    if (!e.empty()) bad.push_back(std::move(e));
  };
  add(clean("report.html", o.html, "\n"));
  add(clean("summary.md", o.markdown, "\n"));
  add(clean("findings.csv", o.csv, "\r\n"));
  add(clean("junit.xml", o.junit, "\n"));
  add(clean("gate junit", o.gate_junit, "\n"));
  add(clean("v6ready.prom", o.prometheus, "\n"));
  add(clean("gate text", o.gate_text, "\n"));
  if (o.has(Output::junit))
    if (auto e = test::xml_wellformed(o.junit); !e.empty()) add("junit.xml: " + e);
  if (o.has(Output::gate_junit))
    if (auto e = test::xml_wellformed(o.gate_junit); !e.empty()) add("gate junit: " + e);
  // No file link that Jenkins' junit-attachments plugin or GitLab would follow (reports/junit.cpp).
  for (const auto* x : {&o.junit, &o.gate_junit})
    if (x->find("[[ATTACHMENT|") != std::string::npos) add("JUnit: an [[ATTACHMENT| marker from the text");
  return bad;
}

inline std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto i = s.find(what); i != std::string::npos; i = s.find(what, i + what.size())) ++n;
  return n;
}
V6R_ORACLE inline std::size_t count(const std::string& s, char what) {
  std::size_t n = 0;
  for (const char* p = s.data(); p != s.data() + s.size(); ++p) n += *p == what;
  return n;
}

/// CSV records and their field counts (RFC 4180; quoted fields may not hold a line break here).
V6R_ORACLE inline std::vector<std::size_t> csv_shape(const std::string& csv) {
  std::vector<std::size_t> rows;
  std::size_t fields = 1;
  bool quoted = false;
  for (const char* p = csv.data(); p != csv.data() + csv.size(); ++p) {
    const char c = *p;
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == ',') {
      ++fields;
    } else if (!quoted && c == '\n') {
      rows.push_back(fields);
      fields = 1;
    }
  }
  return rows;
}

/// What must not depend on the text: tags, lines, CSV records and fields.
struct Shape {
  std::size_t html_tags, junit_tags, gate_junit_tags, md_lines, prom_lines, gate_lines;
  std::vector<std::size_t> csv;
  bool operator==(const Shape&) const = default;
};
V6R_ORACLE inline Shape shape(const Outputs& o) {
  return {count(o.html, '<'),      count(o.junit, '<'),       count(o.gate_junit, '<'),
          count(o.markdown, '\n'), count(o.prometheus, '\n'), count(o.gate_text, '\n'),
          csv_shape(o.csv)};
}

}  // namespace v6r::report::hostile
