// JUnit XML: one <testsuite> per site, one <testcase classname="SITE" name="CHECK_ID (KIND)"> per check.
// fail → <failure>, error → <error>, skipped → <skipped/>; warn and info pass, with the reason in the
// testcase's <system-out>. The shape is the intersection of what Jenkins (junit plugin, xunit's
// junit-10.xsd), Ant's JUnit report format and GitLab's unit test reports accept, with one exception
// (a testcase's <system-out>, which Ant's schema lacks; JunitEvidence::per_suite moves those lines to
// the suite's <system-out> instead): tests/reports/junit.xsd, docs/ci-guide.md "JUnit". So <testsuites> has
// no attribute (Ant's aggregated document has none), every <testsuite> has properties, system-out and
// system-err in that order and all of Ant's required attributes (timestamp, hostname, id, package), and a
// failure keeps its reason in `message` and the body while its evidence (bundle, capture and its SHA-256,
// frames, cross-check) goes to the testcase's <system-out>. Every value goes through escape::xml
// (core/escape.hpp), so the file is well-formed XML 1.0 whatever the findings hold; a multi-line body is a
// list of lines, each escaped on its own (a newline inside a value is shown as \x0a and cannot make a line of
// its own).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>

#include <unistd.h>

#include "core/escape.hpp"
#include "core/time_util.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {
namespace {

/// Jenkins' junit-attachments plugin and GitLab's JUnit reader take `[[ATTACHMENT|PATH]]` in a testcase's
/// output as a file to link: text from a bundle must not make one, so its `|` is written `\x7c` (the
/// visible form core/escape.hpp uses for what it will not pass through). Then escape::xml.
std::string xml(std::string_view v) {
  static constexpr std::string_view kMarker = "[[ATTACHMENT|";
  std::string s(v);
  for (auto at = s.find(kMarker); at != std::string::npos; at = s.find(kMarker, at))
    s.replace(at + kMarker.size() - 1, 1, "\\x7c");
  return escape::xml(s);
}

/// xs:decimal seconds for the time attributes: a negative or non-finite sum is 0, and at most about
/// 31 years (findings.json durations are finite but not bounded; a sum of huge ones is inf).
std::string seconds(double ms) {
  constexpr double kMaxMs = 1e12;
  const double v = std::isfinite(ms) ? std::clamp(ms, 0.0, kMaxMs) : 0.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v / 1000.0);
  return buf;
}

/// Ant's timestamp is an ISO 8601 date-time without zone: keep "yyyy-mm-ddThh:mm:ss"; "" when the
/// time does not have that shape (a year beyond 9999 in a hostile document).
std::string ant_timestamp(UtcMs t) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  const auto utc = format_rfc3339_ms(t);
  if (utc.size() < kShape.size()) return "";
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char c = utc[i];
    if (kShape[i] == 'd' ? (c < '0' || c > '9') : c != kShape[i]) return "";
  }
  return utc.substr(0, kShape.size());
}

/// Ant requires a timestamp on every suite: the first of `times` that has the shape, else the epoch
/// (only a document whose every time is out of range gets there).
std::string required_timestamp(std::initializer_list<UtcMs> times) {
  for (const auto t : times)
    if (auto ts = ant_timestamp(t); !ts.empty()) return ts;
  return "1970-01-01T00:00:00";
}

/// Ant's name and hostname are non-empty xs:token (whitespace collapsed): a blank value becomes
/// `fallback` ("localhost" for a host, as Ant's schema says).
std::string token_or(const std::string& v, const char* fallback) {
  return v.find_first_not_of(" \t\r\n") == std::string::npos ? std::string(fallback) : v;
}

/// The lines of a failure/error/system-out body, each escaped: everything an engineer needs without
/// opening the HTML report.
std::string xml_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + xml(lines[i]);
  return out;
}

void add_line(std::vector<std::string>& d, const char* k, const std::string& v) {
  if (!v.empty()) d.push_back(std::string(k) + ": " + v);
}

/// Why a check failed, one value per line (the first is the reason): the failure's body.
std::vector<std::string> why(const findings::Site& site, const findings::CheckRow& c) {
  std::vector<std::string> d{c.reason};
  add_line(d, "target", c.target);
  add_line(d, "rfc", c.rfc.value_or(""));
  add_line(d, "local", c.addresses.local.value_or(""));
  add_line(d, "resolver", c.addresses.resolver.value_or(""));
  add_line(d, "remote", join(c.addresses.remote, " "));
  for (const auto& f : site.findings)
    if (!c.check_id.empty() && f.check_id == c.check_id)
      add_line(d, "finding", std::string(findings::to_string(f.severity)) + " " + f.rule + ": " + f.title);
  return d;
}

/// The bundle and its capture, one value per line: what every check of a site shares.
void add_bundle_lines(std::vector<std::string>& d, const findings::BundleInfo& b) {
  add_line(d, "bundle", b.path.empty() ? b.name : b.path);
  if (b.capture) {
    add_line(d, "capture", b.capture->file);
    add_line(d, "capture_sha256", b.capture->sha256);
  }
}

/// Where the failure can be checked, one value per line: the testcase's <system-out>. With
/// `with_bundle` false (evidence gathered in the suite, whose own lines name the bundle once) only
/// what belongs to this check.
std::vector<std::string> evidence(const findings::Site& site, const findings::CheckRow& c, bool with_bundle) {
  std::vector<std::string> d;
  if (with_bundle) add_bundle_lines(d, site.bundle);
  add_line(d, "frames", join(c.frames, " "));
  add_line(d, "cross_check", std::string(findings::to_string(c.cross_check)));
  add_line(d, "cross_check_note", c.cross_check_note.value_or(""));
  for (const auto& f : site.findings)
    if (!c.check_id.empty() && f.check_id == c.check_id && !f.evidence.frames.empty())
      add_line(d, "finding_frames", f.rule + ": " + join(f.evidence.frames, " "));
  return d;
}

/// The site in plain lines: the suite's <system-out>.
std::vector<std::string> site_lines(const findings::Site& site) {
  std::vector<std::string> d;
  const auto& b = site.bundle;
  add_bundle_lines(d, b);
  add_line(d, "bundle_verified", bool_text(b.verified));
  add_line(d, "bundle_signature", signature_text(b.signature));
  add_line(d, "scenario",
           b.scenario.name + (b.scenario.sha256.empty() ? "" : " sha256 " + b.scenario.sha256));
  add_line(
      d, "level",
      findings::level_text(site.level) + (site.level_summary.empty() ? "" : " (" + site.level_summary + ")"));
  std::string plan(findings::to_string(site.plan_verdict));
  if (site.required_level) plan += ", required " + std::string(findings::to_string(*site.required_level));
  if (!site.plan_reason.empty()) plan += ": " + site.plan_reason;
  add_line(d, "plan_verdict", plan);
  return d;
}

/// This machine's name (gethostname), empty when it has none.
std::string this_host() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

struct Totals {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double ms = 0;
};

/// <testsuite …> with every attribute Ant requires (the counts, time, timestamp, hostname, id, package).
std::string suite_open(const std::string& name, const Totals& t, std::size_t id, const std::string& package,
                       const std::string& timestamp, const std::string& host) {
  return "  <testsuite name=\"" + xml(token_or(name, "(unnamed)")) + "\" tests=\"" + std::to_string(t.tests) +
         "\" failures=\"" + std::to_string(t.failures) + "\" errors=\"" + std::to_string(t.errors) +
         "\" skipped=\"" + std::to_string(t.skipped) + "\" time=\"" + seconds(t.ms) + "\" timestamp=\"" +
         timestamp + "\" hostname=\"" + xml(token_or(host, "localhost")) + "\" id=\"" + std::to_string(id) +
         "\" package=\"" + xml(package) + "\">\n";
}

/// The end of a suite: its <system-out> lines and the (empty) <system-err> Ant's schema requires.
std::string suite_close(const std::vector<std::string>& out) {
  return "    <system-out>" + xml_lines(out) +
         "</system-out>\n    <system-err></system-err>\n  </testsuite>\n";
}

/// A testcase's <system-out> lines: in the case itself, or (per_suite) kept in `suite_out` under a
/// "check: ID (KIND)" line, indented, and nothing in the case.
std::string case_out(JunitEvidence where, const findings::CheckRow& c, const std::vector<std::string>& lines,
                     std::vector<std::string>& suite_out) {
  if (where == JunitEvidence::per_case) return "      <system-out>" + xml_lines(lines) + "</system-out>\n";
  suite_out.push_back("check: " + c.check_id + " (" + c.kind + ")");
  for (const auto& l : lines) suite_out.push_back("  " + l);
  return "";
}

}  // namespace

Expected<JunitEvidence, std::string> parse_junit_evidence(std::string_view s) {
  if (s == "case") return JunitEvidence::per_case;
  if (s == "suite") return JunitEvidence::per_suite;
  return Unexpected{"--junit-evidence: expected case or suite, got \"" + escape::terminal(s) + "\""};
}

std::string render_junit(const findings::Document& doc, const std::vector<JunitSuite>& extra,
                         JunitEvidence where) {
  std::string body;
  std::size_t suite_id = 0;
  for (const auto& site : doc.sites) {
    const auto& name = site.site;
    Totals t;
    std::string cases;
    std::vector<std::string> out = site_lines(site);
    for (const auto& c : site.checks) {
      const std::string verdict(to_string(c.verdict));
      const double ms = c.duration_ms;
      ++t.tests;
      t.ms += ms;
      cases += "    <testcase classname=\"" + xml(name) + "\" name=\"" +
               xml(c.check_id + " (" + c.kind + ")") + "\" time=\"" + seconds(ms) + "\"";
      if (c.verdict == Verdict::fail || c.verdict == Verdict::error) {
        const bool fail = c.verdict == Verdict::fail;
        (fail ? t.failures : t.errors)++;
        const char* tag = fail ? "failure" : "error";
        cases += ">\n      <" + std::string(tag) + " message=\"" + xml(c.reason) + "\" type=\"" +
                 xml(c.kind) + "\">" + xml_lines(why(site, c)) + "</" + tag + ">\n" +
                 case_out(where, c, evidence(site, c, where == JunitEvidence::per_case), out) +
                 "    </testcase>\n";
      } else if (c.verdict == Verdict::skipped) {
        ++t.skipped;
        cases += ">\n      <skipped message=\"" + xml(c.reason) + "\"/>\n    </testcase>\n";
      } else if (c.verdict == Verdict::pass) {
        cases += "/>\n";
      } else {  // warn, info: passes, with the reason shown
        const auto shown = case_out(where, c, {verdict + ": " + c.reason}, out);
        cases += shown.empty() ? "/>\n" : ">\n" + shown + "    </testcase>\n";
      }
    }
    const auto& b = site.bundle;
    body += suite_open(name, t, suite_id++, parent_of(name),
                       required_timestamp({b.started_utc, doc.generated_utc}), b.host);
    body += "    <properties>\n";
    auto prop = [&body](const char* k, const std::string& v) {
      body += "      <property name=\"" + std::string(k) + "\" value=\"" + xml(v) + "\"/>\n";
    };
    prop("level", findings::level_text(site.level));
    prop("level_summary", site.level_summary);
    prop("required_level", site.required_level ? std::string(findings::to_string(*site.required_level)) : "");
    prop("plan_verdict", std::string(findings::to_string(site.plan_verdict)));
    prop("meets_plan", bool_text(site.plan_verdict == findings::PlanVerdict::meets));
    prop("bundle", b.name);
    prop("bundle_verified", bool_text(b.verified));
    prop("bundle_signature", signature_text(b.signature));
    prop("scenario", b.scenario.name);
    prop("scenario_sha256", b.scenario.sha256);
    body += "    </properties>\n" + cases + suite_close(out);
  }
  for (const auto& s : extra) {
    Totals t;
    std::string cases;
    for (const auto& c : s.cases) {
      ++t.tests;
      cases += "    <testcase classname=\"" + xml(s.name) + "\" name=\"" + xml(c.name) + "\" time=\"0.000\"";
      if (c.failure.empty()) {
        cases += "/>\n";
      } else {
        ++t.failures;
        cases += ">\n      <failure message=\"" + xml(c.failure.front()) + "\" type=\"policy\">" +
                 xml_lines(c.failure) + "</failure>\n    </testcase>\n";
      }
    }
    // When the gate judged (the document's time) and on which host (this one), like a site's suite.
    body += suite_open(s.name, t, suite_id++, "v6ready.gate", required_timestamp({doc.generated_utc}),
                       this_host());
    body += "    <properties>\n";
    for (const auto& [k, v] : s.properties)
      body += "      <property name=\"" + xml(token_or(k, "property")) + "\" value=\"" + xml(v) + "\"/>\n";
    body += "    </properties>\n" + cases + suite_close(s.out);
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n" + body + "</testsuites>\n";
}

}  // namespace v6r::report
