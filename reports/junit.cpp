// JUnit XML (the Ant/Jenkins format, tests/reports/junit.xsd): one <testsuite> per site, one
// <testcase classname="SITE" name="CHECK_ID (KIND)"> per check. fail → <failure>, error → <error>,
// skipped → <skipped/>; warn and info pass, with the reason in <system-out>. Every value goes through
// escape::xml (core/escape.hpp), so the file is well-formed XML 1.0 whatever the findings hold; a
// multi-line body is a list of lines, each escaped on its own (a newline inside a value is shown as \x0a
// and cannot make a line of its own).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <unistd.h>

#include "core/escape.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {
namespace {

using escape::xml;

/// xs:decimal seconds for the time attributes: a negative or non-finite sum is 0, and at most about
/// 31 years (findings.json durations are finite but not bounded; a sum of huge ones is inf).
std::string seconds(double ms) {
  constexpr double kMaxMs = 1e12;
  const double v = std::isfinite(ms) ? std::clamp(ms, 0.0, kMaxMs) : 0.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v / 1000.0);
  return buf;
}

/// Ant's timestamp is an ISO 8601 date-time without zone: keep "yyyy-mm-ddThh:mm:ss".
std::string ant_timestamp(const std::string& utc) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (utc.size() < kShape.size()) return "";
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char c = utc[i];
    if (kShape[i] == 'd' ? (c < '0' || c > '9') : c != kShape[i]) return "";
  }
  return utc.substr(0, kShape.size());
}

/// The lines of a failure/error body, each escaped: everything an engineer needs without opening the
/// HTML report.
std::string xml_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + xml(lines[i]);
  return out;
}

/// The details of a failed check, one value per line (the first is the reason).
std::vector<std::string> details(const findings::Site& site, const findings::CheckRow& c) {
  std::vector<std::string> d{c.reason};
  auto add = [&d](const char* k, const std::string& v) {
    if (!v.empty()) d.push_back(std::string(k) + ": " + v);
  };
  add("target", c.target);
  add("rfc", c.rfc.value_or(""));
  add("local", c.addresses.local.value_or(""));
  add("resolver", c.addresses.resolver.value_or(""));
  add("remote", join(c.addresses.remote, " "));
  add("cross_check", std::string(findings::to_string(c.cross_check)));
  add("frames", join(c.frames, " "));
  add("bundle", site.bundle.name);
  for (const auto& f : site.findings)
    if (!c.check_id.empty() && f.check_id == c.check_id)
      add("finding", std::string(findings::to_string(f.severity)) + " " + f.rule + ": " + f.title);
  return d;
}

/// This machine's name (gethostname), empty when it has none.
std::string this_host() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace

std::string render_junit(const findings::Document& doc, const std::vector<JunitSuite>& extra) {
  // <testsuites> carries no `skipped` (Jenkins' xunit schema refuses it there); each <testsuite> has it.
  struct Totals {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double ms = 0;
  } all;
  std::string body;
  std::size_t suite_id = 0;
  for (const auto& site : doc.sites) {
    const auto& name = site.site;
    Totals t;
    std::string cases;
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
                 xml(c.kind) + "\">" + xml_lines(details(site, c)) + "</" + tag + ">\n    </testcase>\n";
      } else if (c.verdict == Verdict::skipped) {
        ++t.skipped;
        cases += ">\n      <skipped message=\"" + xml(c.reason) + "\"/>\n    </testcase>\n";
      } else if (c.verdict == Verdict::pass) {
        cases += "/>\n";
      } else {  // warn, info: passes, with the reason shown
        cases +=
            ">\n      <system-out>" + xml(verdict + ": " + c.reason) + "</system-out>\n    </testcase>\n";
      }
    }
    const auto& b = site.bundle;
    body += "  <testsuite name=\"" + xml(name) + "\" tests=\"" + std::to_string(t.tests) + "\" failures=\"" +
            std::to_string(t.failures) + "\" errors=\"" + std::to_string(t.errors) + "\" skipped=\"" +
            std::to_string(t.skipped) + "\" time=\"" + seconds(t.ms) + "\" id=\"" +
            std::to_string(suite_id++) + "\" package=\"" + xml(parent_of(name)) + "\"";
    const auto ts = ant_timestamp(format_rfc3339_ms(b.started_utc));
    if (!ts.empty()) body += " timestamp=\"" + ts + "\"";
    if (!b.host.empty()) body += " hostname=\"" + xml(b.host) + "\"";
    body += ">\n    <properties>\n";
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
    body += "    </properties>\n" + cases + "  </testsuite>\n";
    all.tests += t.tests;
    all.failures += t.failures;
    all.errors += t.errors;
    all.skipped += t.skipped;
    all.ms += t.ms;
  }
  for (const auto& s : extra) {
    std::size_t failures = 0;
    std::string cases;
    for (const auto& c : s.cases) {
      cases += "    <testcase classname=\"" + xml(s.name) + "\" name=\"" + xml(c.name) + "\" time=\"0.000\"";
      if (c.failure.empty()) {
        cases += "/>\n";
      } else {
        ++failures;
        cases += ">\n      <failure message=\"" + xml(c.failure.front()) + "\" type=\"policy\">" +
                 xml_lines(c.failure) + "</failure>\n    </testcase>\n";
      }
    }
    body += "  <testsuite name=\"" + xml(s.name) + "\" tests=\"" + std::to_string(s.cases.size()) +
            "\" failures=\"" + std::to_string(failures) +
            "\" errors=\"0\" skipped=\"0\" time=\"0.000\" id=\"" + std::to_string(suite_id++) +
            "\" package=\"v6ready.gate\"";
    // When the gate judged (the document's time) and on which host (this one), like a site's suite.
    const auto ts = ant_timestamp(format_rfc3339_ms(doc.generated_utc));
    if (!ts.empty()) body += " timestamp=\"" + ts + "\"";
    if (const auto host = this_host(); !host.empty()) body += " hostname=\"" + xml(host) + "\"";
    body += ">\n" + cases + "  </testsuite>\n";
    all.tests += s.cases.size();
    all.failures += failures;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" +
                    xml("v6ready " + doc.sweep.label) + "\" tests=\"" + std::to_string(all.tests) +
                    "\" failures=\"" + std::to_string(all.failures) + "\" errors=\"" +
                    std::to_string(all.errors) + "\" time=\"" + seconds(all.ms) + "\">\n";
  out += body;
  out += "</testsuites>\n";
  return out;
}

}  // namespace v6r::report
