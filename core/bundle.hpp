#pragma once
// The run bundle: the contract between probe (writer) and analyzer (reader).
// Layout and JSON shapes: docs/architecture.md, "Run bundle (probe → analyzer)".
//
//   <out_dir>/<site with '/'→'.'>_<yyyymmddThhmmssZ>_<run-id>/
//       run.json  results.jsonl  capture.pcapng  scenario.yaml  [signer.pub]  MANIFEST.sha256  [MANIFEST.sig]
//
// Written as <out_dir>/.<name>.tmp/ (plus a .writer.pid file while the writer lives) and renamed into
// place by finish(). The writer also holds an flock(2) on the .tmp dir for its whole life (the kernel
// drops it when the process dies). A SIGKILLed run leaves only the .tmp dir, which cleanup_stale()
// removes later.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle_files.hpp"
#include "core/bundle_verify.hpp"
#include "core/expected.hpp"
#include "core/manifest.hpp"
#include "core/result.hpp"
#include "core/run_info.hpp"
#include "core/signing.hpp"
#include "core/time_util.hpp"

namespace v6r::bundle {

inline constexpr std::string_view kRunJson = "run.json";
inline constexpr std::string_view kResultsFile = "results.jsonl";
inline constexpr std::string_view kCaptureFile = "capture.pcapng";
inline constexpr std::string_view kScenarioFile = "scenario.yaml";
inline constexpr std::string_view kWriterPidFile = ".writer.pid";

/// 8 lowercase hex digits from OpenSSL RAND_bytes.
std::string new_run_id();

/// The parts of a bundle directory name.
struct BundleName {
  std::string site;  // as in the name: '/' already replaced by '.'
  UtcMs started{};   // seconds precision
  std::string run_id;
};
/// "<site with '/' replaced by '.'>_<yyyymmddThhmmssZ>_<run-id>".
std::string bundle_name(std::string_view site, UtcMs started, std::string_view run_id);
/// Parses a name made by bundle_name (splits at the last two '_'). nullopt if it is not one. The site
/// part may hold [A-Za-z0-9._-] (names written before core/site_path.hpp narrowed sites).
std::optional<BundleName> parse_bundle_name(std::string_view name);
/// A site path as core/site_path.hpp defines it (1 to 6 segments of a-z, 0-9, '-').
bool is_valid_site(std::string_view site);

class BundleWriter {
 public:
  /// Creates out_dir/.<name>.tmp/ (out_dir is created if needed), writes .writer.pid and scenario.yaml,
  /// opens results.jsonl. Fills in from `info` when empty: run_id (new_run_id()), started_utc (now),
  /// tool.{version,git_commit} (this build), scenario.sha256 (of scenario_yaml), scenario.file.
  static Expected<BundleWriter, std::string> create(const std::filesystem::path& out_dir, RunInfo info,
                                                    std::string_view scenario_yaml);

  BundleWriter(BundleWriter&&) noexcept;
  BundleWriter& operator=(BundleWriter&&) noexcept;
  BundleWriter(const BundleWriter&) = delete;
  BundleWriter& operator=(const BundleWriter&) = delete;
  /// Closes files without finishing: the .tmp dir stays (as after SIGKILL).
  ~BundleWriter();

  /// Appends one line to results.jsonl with a single write(2), so a killed run keeps every earlier
  /// line. Counts the verdict for run.json.
  Expected<std::monostate, std::string> append_result(const CheckResult& r);

  /// Where the probe's capture writer must write capture.pcapng (inside the .tmp dir).
  [[nodiscard]] std::filesystem::path capture_path() const;
  [[nodiscard]] const std::filesystem::path& tmp_dir() const { return tmp_dir_; }
  /// Where the bundle will be after finish().
  [[nodiscard]] const std::filesystem::path& final_dir() const { return final_dir_; }
  [[nodiscard]] const RunInfo& info() const { return info_; }
  [[nodiscard]] bool finished() const { return finished_; }
  /// run.json "capture" (the probe's capture stats); call before finish().
  void set_capture(std::optional<CaptureInfo> c) { info_.capture = std::move(c); }
  /// Sign the bundle with this key in finish(): signer.pub is written before MANIFEST.sha256 (and listed
  /// in it), MANIFEST.sig (Ed25519 over the manifest's bytes) after it, both before the rename, so a
  /// run killed earlier stays an unsigned .tmp dir.
  void set_signing_key(std::optional<sign::PrivateKey> key) { signing_key_ = std::move(key); }

  /// Writes run.json (status, partial_reason — "unspecified" if partial without a reason —, stopped_utc
  /// = now, counts from the appended results), removes .writer.pid, fsyncs every file, writes
  /// MANIFEST.sha256 (and, with a signing key, signer.pub before it and MANIFEST.sig after it) last,
  /// fsyncs the dir, renames it to final_dir() and fsyncs out_dir.
  /// Returns final_dir(). Fails if the final name exists. Callable once.
  Expected<std::filesystem::path, std::string> finish(
      RunStatus status, std::optional<std::string> partial_reason = std::nullopt);

 private:
  BundleWriter() = default;
  std::filesystem::path out_dir_, tmp_dir_, final_dir_;
  RunInfo info_;
  int results_fd_ = -1;
  int lock_fd_ = -1;  // the .tmp dir, flock(LOCK_EX) while this writer lives
  bool finished_ = false;
  std::optional<sign::PrivateKey> signing_key_;
};

struct CleanupReport {
  std::vector<std::filesystem::path> removed;
  std::vector<std::pair<std::filesystem::path, std::string>> kept;  // ours but not stale: why kept
};
/// Removes `.<bundle-name>.tmp` dirs in out_dir left by killed runs. Only dirs that look like ours
/// (name parses as a bundle name; contains only regular files with bundle file names) are touched,
/// and only if no writer holds the dir's flock and the PID in .writer.pid (if any: finish() removes
/// it first) is dead, or nothing in it changed for max_age.
Expected<CleanupReport, std::string> cleanup_stale(const std::filesystem::path& out_dir,
                                                   std::chrono::seconds max_age = std::chrono::hours(24));

/// Finished bundles in out_dir (directories and .tar files whose name parses; never .tmp dirs, never
/// symbolic links), sorted.
std::vector<std::filesystem::path> list_bundles(const std::filesystem::path& out_dir);

/// Packs a bundle directory into a ustar archive `<name>/...` at tar_path (written to a temp file and
/// renamed). Reads the files as BundleFiles::load does (no links, regular files only); holds them in
/// memory.
Expected<std::filesystem::path, std::string> pack_bundle(const std::filesystem::path& bundle_dir,
                                                         const std::filesystem::path& tar_path);

/// One line of results.jsonl.
struct ResultLine {
  std::size_t line = 0;  // 1-based
  Expected<CheckResult, RecordError> result;
};

/// Streams results.jsonl one line at a time. A last line without '\n' that is not a valid record is
/// returned as a RecordError with truncated = true (the run was killed mid-write); a bad line in the
/// middle is a RecordError naming the line and field. Reading continues after errors.
class ResultsReader {
 public:
  /// Over memory; `text` must outlive the reader. With `withhold_details` (a results.jsonl that does not
  /// match the manifest), errors say which line is bad but quote nothing of it, not even a key name.
  explicit ResultsReader(std::string_view text, bool withhold_details = false);

  /// nullopt at the end.
  std::optional<ResultLine> next();
  /// True once a truncated last line has been returned.
  [[nodiscard]] bool truncated() const { return truncated_; }

 private:
  bool next_line(std::string_view& line, bool& had_newline);
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
  bool truncated_ = false;
  bool withhold_ = false;
};

/// How a bundle is opened: what --allow-unverified and --keys say.
struct OpenOptions {
  /// Analyse an UNSIGNED bundle that is not verified (files that do not match MANIFEST.sha256, or no
  /// signature while trusted keys are configured), flagged as unverified. Never admits a signed bundle
  /// that fails a check (bad signature, unknown signer, changed after signing), and never relaxes the
  /// link, file-type and path rules of core/bundle_files.hpp (core/bundle_verify.hpp, "Admission").
  bool allow_unverified = false;
  TrustPolicy trust;
};

/// Why a bundle cannot be used. `refused`: hostile or tampered (a link or special file in it, files that
/// do not match the manifest, a bad signature, an unknown signer or no signature while trusted keys are
/// configured): exit 1 like a failed check. Otherwise unreadable (missing, damaged, run.json not a
/// valid record): the analysis is partial (exit 3).
struct OpenError {
  bool refused = false;
  /// Refused because of the manifest or the signature (`verification` says what is wrong).
  bool unverified = false;
  std::string name;     ///< the bundle's name as far as known
  std::string file;     ///< the file concerned ("" for the bundle as a whole)
  std::string message;  ///< "bundle PATH: <reason>"
  /// Set once the files were checked: for `unverified`, what does not match (problems()); for a
  /// run.json that cannot be read, the (possibly allowed) verification before it.
  std::optional<Verification> verification;
  std::string reason;  ///< message without "bundle PATH: "
  /// `unverified` and unsigned: --allow-unverified would analyse it (never a signed bundle).
  bool allow_unverified_admits = false;
};

class BundleReader {
 public:
  /// Loads every file safely (core/bundle_files.hpp), verifies the manifest and signature
  /// (core/bundle_verify.hpp), and only then parses run.json. A bundle that does not verify is refused
  /// unless it is unsigned and options.allow_unverified; then verification() says what is wrong.
  static Expected<BundleReader, OpenError> open(const BundleLocation& where, const OpenOptions& options = {});
  /// A path the user named: the bundle itself (its last component must not be a symbolic link).
  static Expected<BundleReader, OpenError> open(const std::filesystem::path& path,
                                                const OpenOptions& options = {});
  /// A .tar bundle in memory (fuzzing, tests).
  static Expected<BundleReader, OpenError> from_tar(std::string label, std::vector<std::uint8_t> archive,
                                                    const OpenOptions& options = {});

  [[nodiscard]] const std::string& path() const { return files_.path(); }
  [[nodiscard]] const std::string& name() const { return files_.name(); }
  [[nodiscard]] bool is_tar() const { return files_.is_tar(); }
  [[nodiscard]] const RunInfo& run_info() const { return info_; }
  [[nodiscard]] const Verification& verification() const { return verification_; }
  /// True when the manifest vouches for `file` (its digest matches). Error messages about a file that is
  /// not vouched for quote nothing of it.
  [[nodiscard]] bool vouched(std::string_view file) const { return verification_.vouched.contains(file); }

  /// Streams results.jsonl (the reader must outlive the returned stream).
  [[nodiscard]] Expected<ResultsReader, std::string> results() const;
  /// The bytes of capture.pcapng (mapped), if the bundle has one.
  [[nodiscard]] std::optional<std::span<const std::uint8_t>> capture_bytes() const;
  /// The bytes of any file of the bundle.
  [[nodiscard]] std::optional<std::span<const std::uint8_t>> file(std::string_view name) const {
    return files_.file(name);
  }
  /// Whole content of a bundle file as text.
  [[nodiscard]] Expected<std::string, std::string> read_file(std::string_view file) const;
  /// Why a file changed on disk after it was read and verified, or nothing. Check once done with the
  /// bytes: a bundle that changed is refused (its analysis may rest on bytes that were never verified).
  [[nodiscard]] std::optional<std::string> changed() const { return files_.changed(); }

 private:
  explicit BundleReader(BundleFiles files) : files_(std::move(files)) {}
  static Expected<BundleReader, OpenError> finish_open(BundleFiles files, const OpenOptions& options);
  std::string where(std::string_view file) const;
  BundleFiles files_;
  Verification verification_;
  RunInfo info_;
};

}  // namespace v6r::bundle
