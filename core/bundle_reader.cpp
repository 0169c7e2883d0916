// BundleReader (directory or .tar) and the streaming results.jsonl reader.
#include <cerrno>
#include <cstring>
#include <iterator>
#include <sstream>

#include "core/bundle.hpp"
#include "core/sha256.hpp"
#include "core/tar.hpp"

namespace v6r::bundle {

namespace fs = std::filesystem;

// ---- ResultsReader ----

ResultsReader::ResultsReader(std::string_view text) : text_(text) {}

Expected<ResultsReader, std::string> ResultsReader::open(const fs::path& file) {
  ResultsReader r;
  r.in_ = std::make_unique<std::ifstream>(file, std::ios::binary);
  if (!*r.in_) return Unexpected{file.string() + ": cannot open: " + std::strerror(errno)};
  return r;
}

bool ResultsReader::next_line(std::string& line, bool& had_newline) {
  if (in_) {
    if (!std::getline(*in_, line)) return false;
    had_newline = !in_->eof();  // getline sets eofbit only if it ran out before a '\n'
    return true;
  }
  if (pos_ >= text_.size()) return false;
  auto nl = text_.find('\n', pos_);
  had_newline = nl != std::string_view::npos;
  auto end = had_newline ? nl : text_.size();
  line.assign(text_.substr(pos_, end - pos_));
  pos_ = had_newline ? nl + 1 : text_.size();
  return true;
}

std::optional<ResultLine> ResultsReader::next() {
  std::string line;
  bool had_newline = true;
  if (!next_line(line, had_newline)) return std::nullopt;
  ++line_no_;
  auto r = parse_result_line(line, line_no_);
  if (!had_newline && !r) {
    // A killed writer leaves a prefix of its last line (each line is one write(2) ending in '\n').
    truncated_ = true;
    return ResultLine{line_no_,
                      Unexpected{RecordError{line_no_, "",
                                             "truncated last line (" + std::to_string(line.size()) +
                                                 " bytes, no newline): the run was interrupted while "
                                                 "writing it",
                                             true}}};
  }
  return ResultLine{line_no_, std::move(r)};
}

// ---- BundleReader ----

std::string BundleReader::where(std::string_view file) const {
  return "bundle " + path_.string() + ": " + std::string(file);
}

Expected<BundleReader, std::string> BundleReader::open(const fs::path& path) {
  BundleReader b;
  b.path_ = path;
  std::error_code ec;
  auto fname = path.filename().string();
  if (fname.empty()) fname = path.parent_path().filename().string();
  if (fs::is_directory(path, ec)) {
    if (fname.starts_with(".") && fname.ends_with(".tmp"))
      return Unexpected{"bundle " + path.string() +
                        ": not a finished bundle (temporary directory of a run that did not finish; "
                        "cleanup_stale removes it)"};
    b.name_ = fname;
  } else if (fs::is_regular_file(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Unexpected{"bundle " + path.string() + ": cannot open: " + std::strerror(errno)};
    auto data = std::make_shared<std::vector<std::uint8_t>>((std::istreambuf_iterator<char>(in)),
                                                            std::istreambuf_iterator<char>());
    b.archive_ = data;
    auto entries = read_ustar(*data);
    if (!entries) return Unexpected{"bundle " + path.string() + ": " + entries.error().to_string()};
    for (const auto& e : *entries) {
      auto slash = e.path.find('/');
      auto top = e.path.substr(0, slash);
      if (b.name_.empty()) b.name_ = top;
      if (top != b.name_)
        return Unexpected{"bundle " + path.string() + ": archive must hold one top-level directory (found '" +
                          b.name_ + "' and '" + top + "')"};
      if (slash == std::string::npos) {
        if (!e.is_directory)
          return Unexpected{"bundle " + path.string() + ": top-level file '" + e.path + "'"};
        continue;
      }
      if (!e.is_directory) b.files_.emplace(e.path.substr(slash + 1), e.data);
    }
    if (b.name_.empty()) return Unexpected{"bundle " + path.string() + ": empty archive"};
  } else {
    return Unexpected{"bundle " + path.string() + ": no such directory or file"};
  }
  auto text = b.read_file(kRunJson);
  if (!text) return Unexpected{text.error()};
  auto info = parse_run_info(*text);
  if (!info) return Unexpected{"bundle " + path.string() + ": " + info.error()};
  b.info_ = std::move(*info);
  return b;
}

Expected<std::string, std::string> BundleReader::read_file(std::string_view file) const {
  if (archive_) {
    auto it = files_.find(file);
    if (it == files_.end()) return Unexpected{where(file) + ": missing"};
    return std::string(reinterpret_cast<const char*>(it->second.data()), it->second.size());
  }
  auto p = path_ / file;
  std::ifstream in(p, std::ios::binary);
  if (!in) return Unexpected{where(file) + ": cannot open: " + std::strerror(errno)};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Expected<ResultsReader, std::string> BundleReader::results() const {
  if (archive_) {
    auto it = files_.find(kResultsFile);
    if (it == files_.end()) return Unexpected{where(kResultsFile) + ": missing"};
    return ResultsReader(
        std::string_view(reinterpret_cast<const char*>(it->second.data()), it->second.size()));
  }
  auto r = ResultsReader::open(path_ / kResultsFile);
  if (!r) return Unexpected{"bundle " + path_.string() + ": " + r.error()};
  return r;
}

std::optional<fs::path> BundleReader::capture_path() const {
  if (archive_) return std::nullopt;
  std::error_code ec;
  auto p = path_ / kCaptureFile;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  return p;
}

std::optional<std::span<const std::uint8_t>> BundleReader::capture_bytes() const {
  if (!archive_) return std::nullopt;
  auto it = files_.find(kCaptureFile);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

Expected<VerifyReport, std::string> BundleReader::verify() const {
  if (!archive_) {
    auto r = verify_manifest(path_);
    if (!r) return Unexpected{"bundle " + path_.string() + ": " + r.error()};
    return r;
  }
  auto it = files_.find(kManifestFile);
  if (it == files_.end()) return Unexpected{where(kManifestFile) + ": missing"};
  auto listed =
      parse_manifest(std::string_view(reinterpret_cast<const char*>(it->second.data()), it->second.size()));
  if (!listed) return Unexpected{"bundle " + path_.string() + ": " + listed.error().to_string()};
  std::vector<ManifestEntry> actual;
  for (const auto& [p, data] : files_)
    if (p != kManifestFile) actual.push_back(ManifestEntry{sha256_hex(data), p});
  return compare_manifest(*listed, actual);
}

}  // namespace v6r::bundle
