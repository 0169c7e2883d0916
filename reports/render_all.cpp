// render_all() and format selection (files written by core write_atomic).
#include <system_error>

#include "core/fs_util.hpp"
#include "reports/report.hpp"

namespace v6r::report {

Expected<unsigned, std::string> parse_formats(std::string_view list) {
  unsigned bits = 0;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view name = list.substr(start, comma - start);
    start = comma + 1;
    if (name.empty()) continue;
    if (name == "all")
      bits |= kAllFormats;
    else if (name == "html")
      bits |= kHtml;
    else if (name == "md" || name == "markdown")
      bits |= kMarkdown;
    else if (name == "csv")
      bits |= kCsv;
    else if (name == "junit" || name == "xml")
      bits |= kJunit;
    else if (name == "prom" || name == "prometheus")
      bits |= kPrometheus;
    else
      return Unexpected{std::string("unknown format '") + std::string(name) +
                        "' (use html, md, csv, junit, prom or all)"};
  }
  if (bits == 0) return Unexpected{std::string("no format given (use html, md, csv, junit, prom or all)")};
  return bits;
}

std::string_view file_name(Format f) {
  switch (f) {
    case kHtml:
      return "report.html";
    case kMarkdown:
      return "summary.md";
    case kCsv:
      return "findings.csv";
    case kJunit:
      return "junit.xml";
    case kPrometheus:
      return "v6ready.prom";
    default:
      return "";
  }
}

Expected<std::vector<std::filesystem::path>, std::string> render_all(
    const findings::Document& findings, const std::filesystem::path& out_dir, unsigned formats,
    const HtmlOptions& html, const i18n::Catalog& cat, JunitEvidence junit) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Unexpected{"cannot create " + out_dir.string() + ": " + ec.message()};
  std::vector<std::filesystem::path> written;
  for (Format f : {kHtml, kMarkdown, kCsv, kJunit, kPrometheus}) {
    if ((formats & f) == 0) continue;
    std::string text;
    switch (f) {
      case kHtml:
        text = render_html(findings, html, cat);
        break;
      case kMarkdown:
        text = render_markdown(findings, cat);
        break;
      case kCsv:
        text = render_csv(findings);
        break;
      case kJunit:
        text = render_junit(findings, {}, junit);
        break;
      case kPrometheus:
        text = render_prometheus(findings);
        break;
      default:
        break;
    }
    const auto path = out_dir / std::string(file_name(f));
    if (auto err = write_atomic(path, text)) return Unexpected{*err};
    written.push_back(path);
  }
  return written;
}

}  // namespace v6r::report
