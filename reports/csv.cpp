// CSV: one row per finding (RFC 4180: CRLF line ends, quoted fields), for spreadsheets.
#include "reports/escape.hpp"
#include "reports/findings_view.hpp"
#include "reports/report.hpp"

namespace v6r::report {

namespace {
const char* const kHeader[] = {"site", "district", "site_level", "finding_id", "severity", "rule",
                               "check_id", "check_kind", "check_verdict", "title", "explanation", "rfc",
                               "source", "addresses", "evidence_bundle", "evidence_capture",
                               "evidence_frames", "evidence_capture_sha256"};

void row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_field(cells[i]);
  }
  out += "\r\n";
}
}  // namespace

std::string render_csv(const nlohmann::json& doc) {
  std::string out;
  row(out, std::vector<std::string>(std::begin(kHeader), std::end(kHeader)));
  for (const auto& site : arr(doc, "sites")) {
    const auto name = str(site, "site");
    for (const auto& f : arr(site, "findings")) {
      const auto check_id = str(f, "check_id");
      std::string kind, verdict;
      for (const auto& c : arr(site, "checks")) {
        if (!check_id.empty() && str(c, "check_id") == check_id) {
          kind = str(c, "kind");
          verdict = str(c, "verdict");
          break;
        }
      }
      const auto& ev = obj(f, "evidence");
      row(out, {name, parent_of(name), str(site, "level"), str(f, "id"), str(f, "severity"), str(f, "rule"),
                check_id, kind, verdict, str(f, "title"), str(f, "explanation"), str(f, "rfc"),
                str(f, "source"), join(arr(f, "addresses"), " "), str(ev, "bundle"), str(ev, "capture"),
                join(arr(ev, "frames"), " "), str(ev, "capture_sha256")});
    }
  }
  return out;
}

}  // namespace v6r::report
