// Fuzz target: the bundle reader on a .tar bundle (core/bundle.hpp BundleReader::from_tar, the same
// path as `v6analyze analyze/verify` after opening a shipped .tar): the ustar reader, the
// one-top-level-directory rule, MANIFEST.sha256 and MANIFEST.sig checked against the files, run.json
// (parse_run_info), then everything a reader of the bundle reaches: results.jsonl streamed line by
// line (ResultsReader), the capture bytes and scenario.yaml. Bit 1 of the first octet clear means
// --allow-unverified (the parsers are reached without a matching manifest); set, the bundle must verify.
//
// Input: first octet even → the rest is the .tar as is (checksums and all). Odd → the rest describes
// the archive's files, packed here with write_ustar so the fuzzer reaches the JSON/manifest parsing
// without having to forge header checksums: records separated by "\n@@ ", each "PATH\nCONTENT"
// (PATH ending in '/' is a directory).
//
// Invariants: errors name the bundle; a bundle refused as unverified says why; an opened bundle is
// verified unless allowed otherwise, and vouches only for files it has; a tar with a non-empty name; run.json
// round-trips (parse_run_info(to_json_text(info)) == info); results lines are numbered 1, 2, ...
// and only the last one may be a truncated line; capture_bytes() is what read_file() returns.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle.hpp"
#include "core/tar.hpp"

namespace {

std::vector<std::uint8_t> pack(std::string_view spec, bool& ok) {
  std::vector<v6r::bundle::TarInput> files;
  constexpr std::string_view kSep = "\n@@ ";
  for (std::size_t pos = 0; pos <= spec.size();) {
    std::size_t end = spec.find(kSep, pos);
    if (end == std::string_view::npos) end = spec.size();
    const std::string_view rec = spec.substr(pos, end - pos);
    const std::size_t nl = rec.find('\n');
    v6r::bundle::TarInput f;
    f.path = std::string(rec.substr(0, nl));
    if (nl != std::string_view::npos) {
      const std::string_view body = rec.substr(nl + 1);
      f.data.assign(body.begin(), body.end());
    }
    if (!f.path.empty() && f.path.back() == '/') {
      f.is_directory = true;
      f.path.pop_back();
      f.data.clear();
    }
    files.push_back(std::move(f));
    pos = end + kSep.size();
  }
  auto tar = v6r::bundle::write_ustar(files);
  ok = tar.has_value();
  return ok ? std::move(*tar) : std::vector<std::uint8_t>{};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::bundle;
  if (size < 1) return 0;
  std::vector<std::uint8_t> packed;
  const std::uint8_t* bytes = data + 1;
  std::size_t n = size - 1;
  if (data[0] & 1) {
    bool ok = false;
    packed = pack(std::string_view(reinterpret_cast<const char*>(bytes), n), ok);
    if (!ok) return 0;  // e.g. an unsafe or over-long path: write_ustar refuses it
    bytes = packed.data();
    n = packed.size();
  }

  const std::string path = "fuzz/bundle.tar";
  auto b = BundleReader::from_tar(path, std::vector<std::uint8_t>(bytes, bytes + n),
                                  OpenOptions{/*allow_unverified=*/(data[0] & 2) == 0, {}});
  if (!b) {
    if (b.error().message.rfind("bundle " + path, 0) != 0) __builtin_trap();
    if (b.error().unverified && !b.error().verification) __builtin_trap();
    return 0;
  }
  if (!b->is_tar() || b->name().empty() || b->name().find('/') != std::string::npos) __builtin_trap();

  const v6r::RunInfo& info = b->run_info();
  auto again = v6r::parse_run_info(v6r::to_json_text(info));
  if (!again || !(*again == info)) __builtin_trap();

  if (auto results = b->results()) {
    std::size_t expect_line = 0;
    bool after_truncated = false;
    while (auto line = results->next()) {
      if (after_truncated || line->line != ++expect_line) __builtin_trap();
      if (!line->result) {
        if (line->result.error().line != line->line || line->result.error().message.empty()) __builtin_trap();
        if (line->result.error().truncated) after_truncated = true;
      }
    }
    if (after_truncated != results->truncated()) __builtin_trap();
  } else if (results.error().empty()) {
    __builtin_trap();
  }

  // Opened: verified, or analysed on request; every vouched file is one the manifest lists.
  const auto& v = b->verification();
  if (!v.verified() && (data[0] & 2) != 0) __builtin_trap();
  if (v.verified() && !v.problems().empty()) __builtin_trap();
  for (const auto& f : v.vouched)
    if (!b->file(f) || f == kManifestFile) __builtin_trap();
  if (v.signature.status != v6r::SignatureStatus::unsigned_bundle && !b->file(kSignatureFile))
    __builtin_trap();
  // --allow-unverified admits unsigned bundles only: a signed bundle that opened passed every check.
  if (!v.verified() && v.signature.status != v6r::SignatureStatus::unsigned_bundle) __builtin_trap();

  auto capture = b->capture_bytes();
  auto capture_file = b->read_file(kCaptureFile);
  if (capture.has_value() != capture_file.has_value()) __builtin_trap();
  if (capture &&
      std::string_view(reinterpret_cast<const char*>(capture->data()), capture->size()) != *capture_file)
    __builtin_trap();
  (void)b->read_file(kScenarioFile);
  return 0;
}
