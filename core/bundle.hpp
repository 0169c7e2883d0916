#pragma once
// The run bundle: the contract between probe (writer) and analyzer (reader).
// Layout and JSON shapes: docs/architecture.md, "Run bundle (probe → analyzer)".
//
//   <out_dir>/<site with '/'→'.'>_<yyyymmddThhmmssZ>_<run-id>/
//       run.json  results.jsonl  capture.pcapng  scenario.yaml  MANIFEST.sha256
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

#include "core/expected.hpp"
#include "core/manifest.hpp"
#include "core/result.hpp"
#include "core/run_info.hpp"
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

  /// Writes run.json (status, partial_reason — "unspecified" if partial without a reason —, stopped_utc
  /// = now, counts from the appended results), removes .writer.pid, fsyncs every file, writes
  /// MANIFEST.sha256 last, fsyncs the dir, renames it to final_dir() and fsyncs out_dir.
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

/// Finished bundles in out_dir (directories and .tar files whose name parses; never .tmp dirs), sorted.
std::vector<std::filesystem::path> list_bundles(const std::filesystem::path& out_dir);

/// Packs a bundle directory into a ustar archive `<name>/...` at tar_path (written to a temp file and
/// renamed). Holds the files in memory.
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
  explicit ResultsReader(std::string_view text);  // over memory (tar bundles); text must outlive it
  static Expected<ResultsReader, std::string> open(const std::filesystem::path& file);

  /// nullopt at the end.
  std::optional<ResultLine> next();
  /// True once a truncated last line has been returned.
  [[nodiscard]] bool truncated() const { return truncated_; }

 private:
  ResultsReader() = default;
  bool next_line(std::string& line, bool& had_newline);
  std::unique_ptr<std::ifstream> in_;
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
  bool truncated_ = false;
};

class BundleReader {
 public:
  /// A bundle directory, or a .tar of one (`<name>/` as the single top-level directory). Reads and
  /// validates run.json. A `.tmp` directory (unfinished run) is refused.
  static Expected<BundleReader, std::string> open(const std::filesystem::path& path);

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] bool is_tar() const { return archive_ != nullptr; }
  [[nodiscard]] const RunInfo& run_info() const { return info_; }

  /// Streams results.jsonl (the reader must outlive the returned stream for tar bundles).
  [[nodiscard]] Expected<ResultsReader, std::string> results() const;
  /// Directory bundles: path of capture.pcapng if present. Tar bundles: nullopt (use capture_bytes()).
  [[nodiscard]] std::optional<std::filesystem::path> capture_path() const;
  /// Tar bundles: the capture's bytes inside the archive. Directory bundles: nullopt.
  [[nodiscard]] std::optional<std::span<const std::uint8_t>> capture_bytes() const;
  /// Whole content of a bundle file (either kind).
  [[nodiscard]] Expected<std::string, std::string> read_file(std::string_view file) const;
  /// Checks MANIFEST.sha256 against the files.
  [[nodiscard]] Expected<VerifyReport, std::string> verify() const;

 private:
  BundleReader() = default;
  std::string where(std::string_view file) const;
  std::filesystem::path path_;
  std::string name_;
  RunInfo info_;
  std::shared_ptr<const std::vector<std::uint8_t>> archive_;                 // tar only
  std::map<std::string, std::span<const std::uint8_t>, std::less<>> files_;  // tar only: into archive_
};

}  // namespace v6r::bundle
