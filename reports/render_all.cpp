// render_all(), format selection, the findings.json schema check and atomic file writes.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>

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
    if (name == "all") bits |= kAllFormats;
    else if (name == "html") bits |= kHtml;
    else if (name == "md" || name == "markdown") bits |= kMarkdown;
    else if (name == "csv") bits |= kCsv;
    else if (name == "junit" || name == "xml") bits |= kJunit;
    else if (name == "prom" || name == "prometheus") bits |= kPrometheus;
    else
      return Unexpected{std::string("unknown format '") + std::string(name) +
                        "' (use html, md, csv, junit, prom or all)"};
  }
  if (bits == 0) return Unexpected{std::string("no format given (use html, md, csv, junit, prom or all)")};
  return bits;
}

std::string_view file_name(Format f) {
  switch (f) {
    case kHtml: return "report.html";
    case kMarkdown: return "summary.md";
    case kCsv: return "findings.csv";
    case kJunit: return "junit.xml";
    case kPrometheus: return "v6ready.prom";
    default: return "";
  }
}

std::optional<std::string> check_findings(const nlohmann::json& doc) {
  if (!doc.is_object()) return std::string("not a findings document: the top level is not a JSON object");
  auto it = doc.find("schema");
  if (it == doc.end()) return std::string("not a findings document: no \"schema\" field (expected \"") +
                              std::string(kFindingsSchema) + "\")";
  if (!it->is_string() || it->get<std::string>() != kFindingsSchema)
    return std::string("unsupported findings schema ") + it->dump() + " (this build reads \"" +
           std::string(kFindingsSchema) + "\")";
  auto sites = doc.find("sites");
  if (sites != doc.end()) {
    if (!sites->is_array()) return std::string("\"sites\" is not a list");
    for (std::size_t i = 0; i < sites->size(); ++i)
      if (!(*sites)[i].is_object()) return "sites[" + std::to_string(i) + "] is not an object";
  }
  return std::nullopt;
}

std::optional<std::string> write_atomic(const std::filesystem::path& path, std::string_view content) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return "cannot create a temp file in " + dir.string() + ": " + std::strerror(errno);
  auto fail = [&](const char* what) {
    std::string msg = std::string(what) + " " + tmpl + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return msg;
  };
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) return fail("cannot chmod");
  if (::fsync(fd) != 0) return fail("cannot fsync");
  if (::close(fd) != 0) {
    std::string msg = "cannot close " + tmpl + ": " + std::strerror(errno);
    ::unlink(tmpl.c_str());
    return msg;
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string msg = "cannot rename " + tmpl + " to " + path.string() + ": " + std::strerror(errno);
    ::unlink(tmpl.c_str());
    return msg;
  }
  return std::nullopt;
}

Expected<std::vector<std::filesystem::path>, std::string> render_all(const nlohmann::json& findings,
                                                                    const std::filesystem::path& out_dir,
                                                                    unsigned formats) {
  if (auto bad = check_findings(findings)) return Unexpected{*bad};
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Unexpected{"cannot create " + out_dir.string() + ": " + ec.message()};
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<std::filesystem::path> written;
  for (Format f : {kHtml, kMarkdown, kCsv, kJunit, kPrometheus}) {
    if ((formats & f) == 0) continue;
    std::string text;
    switch (f) {
      case kHtml: text = render_html(findings); break;
      case kMarkdown: text = render_markdown(findings); break;
      case kCsv: text = render_csv(findings); break;
      case kJunit: text = render_junit(findings); break;
      case kPrometheus: text = render_prometheus(findings, now); break;
      default: break;
    }
    const auto path = out_dir / std::string(file_name(f));
    if (auto err = write_atomic(path, text)) return Unexpected{*err};
    written.push_back(path);
  }
  return written;
}

}  // namespace v6r::report
