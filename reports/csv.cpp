// CSV: one row per finding (RFC 4180: CRLF line ends, quoted fields), for spreadsheets. Every cell is
// escape::csv_field: one record per line, formula cells defused (core/escape_csv.cpp).
#include "core/escape.hpp"
#include "reports/render_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {

namespace {
const char* const kHeader[] = {"site",
                               "district",
                               "site_level",
                               "finding_id",
                               "severity",
                               "rule",
                               "check_id",
                               "check_kind",
                               "check_verdict",
                               "title",
                               "explanation",
                               "rfc",
                               "source",
                               "addresses",
                               "evidence_bundle",
                               "evidence_capture",
                               "evidence_frames",
                               "evidence_capture_sha256"};

void row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += escape::csv_field(cells[i]);
  }
  out += "\r\n";
}
}  // namespace

std::string render_csv(const findings::Document& doc) {
  std::string out;
  row(out, std::vector<std::string>(std::begin(kHeader), std::end(kHeader)));
  for (const auto& site : doc.sites) {
    const auto& name = site.site;
    for (const auto& f : site.findings) {
      const std::string check_id = f.check_id.value_or("");
      std::string kind, verdict;
      for (const auto& c : site.checks) {
        if (!check_id.empty() && c.check_id == check_id) {
          kind = c.kind;
          verdict = std::string(to_string(c.verdict));
          break;
        }
      }
      const auto& ev = f.evidence;
      row(out, {name, parent_of(name), findings::level_text(site.level), f.id,
                std::string(findings::to_string(f.severity)), f.rule, check_id, kind, verdict, f.title,
                f.explanation, f.rfc.value_or(""), std::string(findings::to_string(f.source)),
                join(f.addresses, " "), ev.bundle.value_or(""), ev.capture.value_or(""), join(ev.frames, " "),
                ev.capture_sha256.value_or("")});
    }
  }
  return out;
}

}  // namespace v6r::report
