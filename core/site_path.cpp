#include "core/site_path.hpp"

namespace v6r::site_path {
namespace {

bool segment_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

std::string_view rule_text() {
  return "1 to 6 '/'-separated segments of a-z, 0-9 and '-', each 1 to 63 characters";
}

std::optional<std::string> problem(std::string_view site) {
  if (site.empty()) return "empty";
  std::size_t n = 0, start = 0;
  while (true) {
    const auto slash = site.find('/', start);
    const auto seg =
        site.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    ++n;
    if (n > kMaxSegments) return "more than " + std::to_string(kMaxSegments) + " segments";
    if (seg.empty()) return "segment " + std::to_string(n) + " is empty";
    if (seg.size() > kMaxSegmentLength)
      return "segment " + std::to_string(n) + " is longer than " + std::to_string(kMaxSegmentLength) +
             " characters";
    for (const char c : seg)
      if (!segment_char(c))
        return "segment " + std::to_string(n) + " has a character other than a-z, 0-9 and '-'";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::nullopt;
}

std::vector<std::string_view> segments(std::string_view site) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= site.size()) {
    const auto slash = site.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(site.substr(start));
      break;
    }
    out.push_back(site.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::vector<std::string> ancestors(std::string_view site) {
  std::vector<std::string> out;
  for (std::size_t pos = site.find('/'); pos != std::string_view::npos; pos = site.find('/', pos + 1))
    out.emplace_back(site.substr(0, pos));
  return out;
}

std::string to_bundle_form(std::string_view site) {
  std::string s(site);
  for (auto& c : s)
    if (c == '/') c = '.';
  return s;
}

std::optional<std::string> from_bundle_form(std::string_view text) {
  std::string s(text);
  for (auto& c : s)
    if (c == '.') c = '/';
  if (!valid(s)) return std::nullopt;
  return s;
}

}  // namespace v6r::site_path
