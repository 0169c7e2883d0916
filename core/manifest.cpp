#include "core/manifest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/sha256.hpp"

namespace v6r::bundle {

namespace fs = std::filesystem;

std::string ManifestError::to_string() const {
  return std::string(kManifestFile) + ":" + std::to_string(line) + ": " + message;
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto comp = path.substr(start, end - start);
    if (comp.empty() || comp == "." || comp == "..") return false;
    start = end + 1;
  }
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') return false;
  }
  return true;
}

Expected<std::vector<ManifestEntry>, ManifestError> parse_manifest(std::string_view text) {
  std::vector<ManifestEntry> out;
  std::set<std::string, std::less<>> seen;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    auto nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    auto err = [&](std::string m) { return Unexpected{ManifestError{line_no, std::move(m)}}; };
    if (line.empty()) return err("empty line");
    if (line.front() == '\\') return err("escaped file name (leading '\\') is not supported in a bundle");
    // coreutils: checksum, a space, a mode character (' ' text, '*' binary), the file name.
    if (line.size() < 67) return err("too short for '<64 hex digits>  <file>'");
    auto hex = line.substr(0, 64);
    if (!is_sha256_hex(hex)) return err("first 64 characters are not a hex SHA-256 digest");
    if (line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
      return err("digest must be followed by two spaces (or ' *') and the file name");
    auto path = line.substr(66);
    if (!is_safe_relative_path(path))
      return err("file name is not a safe relative path (absolute, '..', or a control character)");
    if (!seen.insert(std::string(path)).second) return err("duplicate entry (the same file listed twice)");
    std::string lower(hex);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>((c >= 'A' && c <= 'F') ? c - 'A' + 'a' : c); });
    out.push_back(ManifestEntry{std::move(lower), std::string(path)});
  }
  return out;
}

Expected<std::string, std::string> format_manifest(std::vector<ManifestEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  std::string out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    if (!is_sha256_hex(e.sha256)) return Unexpected{"manifest entry '" + e.path + "': bad digest"};
    if (!is_safe_relative_path(e.path))
      return Unexpected{"manifest entry '" + e.path + "': unsafe file name"};
    if (i > 0 && entries[i - 1].path == e.path)
      return Unexpected{"manifest entry '" + e.path + "': duplicate"};
    std::string hex = e.sha256;
    std::transform(hex.begin(), hex.end(), hex.begin(),
                   [](char c) { return static_cast<char>((c >= 'A' && c <= 'F') ? c - 'A' + 'a' : c); });
    out += hex;
    out += "  ";
    out += e.path;
    out += '\n';
  }
  return out;
}

Expected<std::vector<ManifestEntry>, std::string> hash_tree(const fs::path& dir) {
  std::vector<ManifestEntry> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) return Unexpected{dir.string() + ": cannot list: " + ec.message()};
  for (; it != end; it.increment(ec)) {
    if (ec) return Unexpected{dir.string() + ": cannot list: " + ec.message()};
    const auto& p = it->path();
    auto st = it->symlink_status(ec);
    if (ec) return Unexpected{p.string() + ": " + ec.message()};
    if (fs::is_directory(st)) continue;
    auto rel = p.lexically_relative(dir).generic_string();
    if (!fs::is_regular_file(st))
      return Unexpected{p.string() + ": not a regular file (not allowed in a bundle)"};
    if (rel == kManifestFile || rel == kSignatureFile) continue;
    if (!is_safe_relative_path(rel))
      return Unexpected{p.string() + ": file name cannot be listed in a manifest"};
    auto h = sha256_file_hex(p);
    if (!h) return Unexpected{h.error()};
    out.push_back(ManifestEntry{std::move(*h), std::move(rel)});
  }
  if (ec) return Unexpected{dir.string() + ": cannot list: " + ec.message()};
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

Expected<std::vector<ManifestEntry>, std::string> write_manifest(const fs::path& dir) {
  auto entries = hash_tree(dir);
  if (!entries) return Unexpected{entries.error()};
  auto text = format_manifest(*entries);
  if (!text) return Unexpected{dir.string() + ": " + text.error()};
  auto path = dir / kManifestFile;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Unexpected{path.string() + ": cannot create: " + std::strerror(errno)};
  std::string_view rest = *text;
  while (!rest.empty()) {
    auto n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      return Unexpected{path.string() + ": write failed: " + std::strerror(e)};
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) {
    int e = errno;
    ::close(fd);
    return Unexpected{path.string() + ": fsync failed: " + std::strerror(e)};
  }
  ::close(fd);
  return entries;
}

std::string VerifyReport::summary() const {
  if (ok()) return "ok";
  std::string s;
  auto add = [&](const char* label, const std::vector<std::string>& v) {
    if (v.empty()) return;
    if (!s.empty()) s += "; ";
    s += label;
    s += ": ";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  };
  add("mismatched", mismatched);
  add("missing", missing);
  add("unlisted", unlisted);
  return s;
}

VerifyReport compare_manifest(const std::vector<ManifestEntry>& listed,
                              const std::vector<ManifestEntry>& actual) {
  std::map<std::string, std::string, std::less<>> have;
  for (const auto& e : actual) have[e.path] = e.sha256;
  VerifyReport r;
  std::set<std::string, std::less<>> listed_paths;
  for (const auto& e : listed) {
    listed_paths.insert(e.path);
    auto it = have.find(e.path);
    if (it == have.end())
      r.missing.push_back(e.path);
    else if (it->second != e.sha256)
      r.mismatched.push_back(e.path);
  }
  for (const auto& [p, h] : have)
    if (p != kManifestFile && p != kSignatureFile && !listed_paths.contains(p)) r.unlisted.push_back(p);
  std::sort(r.mismatched.begin(), r.mismatched.end());
  std::sort(r.missing.begin(), r.missing.end());
  return r;
}

}  // namespace v6r::bundle
