// BundleReader (directory or .tar) and the streaming results.jsonl reader. The order is the point:
// load every file safely (bundle_files.cpp), verify the manifest and signature over those bytes
// (bundle_verify.cpp), and only then parse anything, from the same bytes.
#include "core/bundle.hpp"

namespace v6r::bundle {

namespace fs = std::filesystem;

namespace {

std::string_view as_text(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string withheld(std::string_view file) {
  return "details not shown: " + std::string(file) + " does not match " + std::string(kManifestFile);
}

}  // namespace

// ---- ResultsReader ----

ResultsReader::ResultsReader(std::string_view text, bool withhold_details)
    : text_(text), withhold_(withhold_details) {}

bool ResultsReader::next_line(std::string_view& line, bool& had_newline) {
  if (pos_ >= text_.size()) return false;
  auto nl = text_.find('\n', pos_);
  had_newline = nl != std::string_view::npos;
  auto end = had_newline ? nl : text_.size();
  line = text_.substr(pos_, end - pos_);
  pos_ = had_newline ? nl + 1 : text_.size();
  return true;
}

std::optional<ResultLine> ResultsReader::next() {
  std::string_view line;
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
  if (!r && withhold_)
    return ResultLine{
        line_no_, Unexpected{RecordError{
                      line_no_, "", "not a valid result record (" + withheld(kResultsFile) + ")", false}}};
  return ResultLine{line_no_, std::move(r)};
}

// ---- BundleReader ----

std::string BundleReader::where(std::string_view file) const {
  return "bundle " + fsafe::shown_name(path()) + ": " + std::string(file);
}

Expected<BundleReader, OpenError> BundleReader::open(const BundleLocation& where,
                                                     const OpenOptions& options) {
  auto files = BundleFiles::load(where);
  if (!files) {
    auto& e = files.error();
    return Unexpected{OpenError{e.refused, false, std::move(e.name), std::move(e.file), std::move(e.message),
                                std::nullopt, std::move(e.reason)}};
  }
  return finish_open(std::move(files).value(), options);
}

Expected<BundleReader, OpenError> BundleReader::open(const fs::path& path, const OpenOptions& options) {
  return open(BundleLocation{path.string(), ""}, options);
}

Expected<BundleReader, OpenError> BundleReader::from_tar(std::string label, std::vector<std::uint8_t> archive,
                                                         const OpenOptions& options) {
  auto files = BundleFiles::from_tar(std::move(label), std::move(archive));
  if (!files) {
    auto& e = files.error();
    return Unexpected{OpenError{e.refused, false, std::move(e.name), std::move(e.file), std::move(e.message),
                                std::nullopt, std::move(e.reason)}};
  }
  return finish_open(std::move(files).value(), options);
}

Expected<BundleReader, OpenError> BundleReader::finish_open(BundleFiles files, const OpenOptions& options) {
  BundleReader b(std::move(files));
  // 1. The manifest and the signature, over the bytes already read.
  b.verification_ = verify_files(b.files_.files(), options.trust);
  const auto fail = [&b](bool refused, std::string file, const std::string& why) {
    return Unexpected{OpenError{refused, refused, b.name(), std::move(file),
                                "bundle " + fsafe::shown_name(b.path()) + ": " + why, b.verification_, why,
                                refused && b.verification_.allow_unverified_admits()}};
  };
  // --allow-unverified admits an unsigned bundle only; a signed one that fails a check never.
  if (!b.verification_.admitted_with(options.allow_unverified)) {
    std::string why;
    for (const auto& p : b.verification_.problems()) why += (why.empty() ? "" : "; ") + p;
    return fail(true, std::string(kManifestFile), why);
  }
  // 2. Only now run.json, from the same bytes; its errors quote nothing unless the manifest vouches for it.
  const auto run = b.files_.file(kRunJson);
  if (!run) return fail(false, std::string(kRunJson), std::string(kRunJson) + ": cannot open: no such file");
  auto info = parse_run_info(as_text(*run));
  if (!info)
    return fail(false, std::string(kRunJson),
                b.vouched(kRunJson)
                    ? info.error()
                    : std::string(kRunJson) + ": not a valid run.json (" + withheld(kRunJson) + ")");
  b.info_ = std::move(info).value();
  return b;
}

Expected<std::string, std::string> BundleReader::read_file(std::string_view file) const {
  auto bytes = files_.file(file);
  if (!bytes) return Unexpected{where(file) + ": missing"};
  return std::string(as_text(*bytes));
}

Expected<ResultsReader, std::string> BundleReader::results() const {
  auto bytes = files_.file(kResultsFile);
  if (!bytes) return Unexpected{where(kResultsFile) + ": missing"};
  return ResultsReader(as_text(*bytes), !vouched(kResultsFile));
}

std::optional<std::span<const std::uint8_t>> BundleReader::capture_bytes() const {
  return files_.file(kCaptureFile);
}

}  // namespace v6r::bundle
