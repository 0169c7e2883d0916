// BundleWriter, bundle names, cleanup of stale temp dirs, packing to tar.
#include <fcntl.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "core/bundle.hpp"
#include "core/fs_util.hpp"
#include "core/sha256.hpp"
#include "core/site_path.hpp"
#include "core/tar.hpp"
#include "core/version.hpp"

namespace v6r::bundle {

namespace fs = std::filesystem;
using Status = Expected<std::monostate, std::string>;

namespace {

std::string errno_text(int e) {
  return std::strerror(e);
}

Status write_all(int fd, std::string_view data, const fs::path& p) {
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Unexpected{p.string() + ": write failed: " + errno_text(errno)};
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return std::monostate{};
}

Status write_file(const fs::path& p, std::string_view data, bool sync) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Unexpected{p.string() + ": cannot create: " + errno_text(errno)};
  auto st = write_all(fd, data, p);
  if (st && sync && ::fsync(fd) != 0) st = Unexpected{p.string() + ": fsync failed: " + errno_text(errno)};
  ::close(fd);
  return st;
}

/// What bundle names have always held in their site part (before core/site_path.hpp narrowed it).
bool legacy_site_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_';
}

const std::set<std::string, std::less<>>& bundle_file_names() {
  static const std::set<std::string, std::less<>> names{
      std::string(kRunJson),       std::string(kResultsFile),  std::string(kCaptureFile),
      std::string(kScenarioFile),  std::string(kManifestFile), std::string(kWriterPidFile),
      std::string(kSignerKeyFile), std::string(kSignatureFile)};
  return names;
}

}  // namespace

std::string new_run_id() {
  std::uint8_t b[4];
  if (RAND_bytes(b, sizeof b) != 1) {
    // RAND_bytes only fails if the CSPRNG cannot be seeded; fall back to pid+time (still unique enough).
    auto t = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    t ^= static_cast<std::uint64_t>(::getpid()) << 32;
    for (int i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(t >> (8 * i));
  }
  return to_hex(b);
}

bool is_valid_site(std::string_view site) {
  return site_path::valid(site);
}

std::string bundle_name(std::string_view site, UtcMs started, std::string_view run_id) {
  return site_path::to_bundle_form(site) + "_" + format_compact_utc(started) + "_" + std::string(run_id);
}

std::optional<BundleName> parse_bundle_name(std::string_view name) {
  auto u2 = name.rfind('_');
  if (u2 == std::string_view::npos || u2 == 0) return std::nullopt;
  auto u1 = name.rfind('_', u2 - 1);
  if (u1 == std::string_view::npos || u1 == 0) return std::nullopt;
  auto site = name.substr(0, u1);
  auto when = parse_compact_utc(name.substr(u1 + 1, u2 - u1 - 1));
  auto id = name.substr(u2 + 1);
  // Lenient on purpose: bundles written before core/site_path.hpp (sites of [A-Za-z0-9._-]) are still
  // found in a spool; what a name says is never trusted (run.json is read strictly, outputs escaped).
  if (!when || !is_run_id(id) || site.front() == '.') return std::nullopt;
  for (char c : site)
    if (!legacy_site_char(c)) return std::nullopt;
  return BundleName{std::string(site), *when, std::string(id)};
}

Expected<BundleWriter, std::string> BundleWriter::create(const fs::path& out_dir, RunInfo info,
                                                         std::string_view scenario_yaml) {
  if (!is_valid_site(info.site))
    return Unexpected{"bundle: invalid site '" + info.site + "' (want " +
                      std::string(site_path::rule_text()) + ")"};
  if (info.run_id.empty()) info.run_id = new_run_id();
  if (!is_run_id(info.run_id))
    return Unexpected{"bundle: run id '" + info.run_id + "' is not 8 lowercase hex digits"};
  if (info.started_utc == UtcMs{}) info.started_utc = now_utc_ms();
  if (info.tool.version.empty()) info.tool.version = kToolVersion;
  if (info.tool.git_commit.empty()) info.tool.git_commit = kGitCommit;
  info.scenario.sha256 = sha256_hex(scenario_yaml);
  info.scenario.file = std::string(kScenarioFile);
  info.status = RunStatus::partial;
  info.partial_reason = "run did not finish";
  info.counts = {};

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Unexpected{out_dir.string() + ": cannot create output directory: " + ec.message()};
  BundleWriter w;
  const auto name = bundle_name(info.site, info.started_utc, info.run_id);
  w.out_dir_ = out_dir;
  w.final_dir_ = out_dir / name;
  w.tmp_dir_ = out_dir / ("." + name + ".tmp");
  w.info_ = std::move(info);
  if (fs::exists(w.final_dir_, ec)) return Unexpected{w.final_dir_.string() + ": bundle already exists"};
  if (::mkdir(w.tmp_dir_.c_str(), 0755) != 0)
    return Unexpected{w.tmp_dir_.string() + ": cannot create: " + errno_text(errno)};
  // Held until this process exits: tells cleanup_stale() the writer lives even in finish(), after
  // .writer.pid is gone (a run SIGKILLed there used to leave a .tmp dir kept for max_age).
  w.lock_fd_ = ::open(w.tmp_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (w.lock_fd_ < 0 || ::flock(w.lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return Unexpected{w.tmp_dir_.string() + ": cannot lock: " + errno_text(errno)};
  if (auto st = write_file(w.tmp_dir_ / kWriterPidFile, std::to_string(::getpid()) + "\n", false); !st)
    return Unexpected{st.error()};
  if (auto st = write_file(w.tmp_dir_ / kScenarioFile, scenario_yaml, false); !st)
    return Unexpected{st.error()};
  auto results = w.tmp_dir_ / kResultsFile;
  w.results_fd_ = ::open(results.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (w.results_fd_ < 0) return Unexpected{results.string() + ": cannot create: " + errno_text(errno)};
  return w;
}

BundleWriter::BundleWriter(BundleWriter&& o) noexcept
    : out_dir_(std::move(o.out_dir_)),
      tmp_dir_(std::move(o.tmp_dir_)),
      final_dir_(std::move(o.final_dir_)),
      info_(std::move(o.info_)),
      results_fd_(std::exchange(o.results_fd_, -1)),
      lock_fd_(std::exchange(o.lock_fd_, -1)),
      finished_(o.finished_),
      signing_key_(std::move(o.signing_key_)) {}

BundleWriter& BundleWriter::operator=(BundleWriter&& o) noexcept {
  if (this != &o) {
    if (results_fd_ >= 0) ::close(results_fd_);
    if (lock_fd_ >= 0) ::close(lock_fd_);
    out_dir_ = std::move(o.out_dir_);
    tmp_dir_ = std::move(o.tmp_dir_);
    final_dir_ = std::move(o.final_dir_);
    info_ = std::move(o.info_);
    results_fd_ = std::exchange(o.results_fd_, -1);
    lock_fd_ = std::exchange(o.lock_fd_, -1);
    finished_ = o.finished_;
    signing_key_ = std::move(o.signing_key_);
  }
  return *this;
}

BundleWriter::~BundleWriter() {
  if (results_fd_ >= 0) ::close(results_fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

fs::path BundleWriter::capture_path() const {
  return tmp_dir_ / kCaptureFile;
}

Expected<std::monostate, std::string> BundleWriter::append_result(const CheckResult& r) {
  if (finished_ || results_fd_ < 0) return Unexpected{tmp_dir_.string() + ": bundle already finished"};
  std::string line = to_json_line(r);
  line += '\n';
  if (auto st = write_all(results_fd_, line, tmp_dir_ / kResultsFile); !st) return st;
  info_.counts.add(r.verdict);
  return std::monostate{};
}

Expected<fs::path, std::string> BundleWriter::finish(RunStatus status,
                                                     std::optional<std::string> partial_reason) {
  if (finished_ || results_fd_ < 0) return Unexpected{tmp_dir_.string() + ": bundle already finished"};
  info_.status = status;
  if (status == RunStatus::partial) {
    info_.partial_reason = partial_reason && !partial_reason->empty()
                               ? std::move(partial_reason)
                               : std::optional<std::string>("unspecified");
  } else {
    info_.partial_reason.reset();
  }
  info_.stopped_utc = std::max(now_utc_ms(), info_.started_utc);

  if (::fsync(results_fd_) != 0)
    return Unexpected{(tmp_dir_ / kResultsFile).string() + ": fsync failed: " + errno_text(errno)};
  ::close(results_fd_);
  results_fd_ = -1;
  std::error_code ec;
  fs::remove(tmp_dir_ / kWriterPidFile, ec);
  if (ec) return Unexpected{(tmp_dir_ / kWriterPidFile).string() + ": cannot remove: " + ec.message()};
  if (auto st = write_file(tmp_dir_ / kRunJson, to_json_text(info_), true); !st)
    return Unexpected{st.error()};
  // fsync every file (the capture and scenario were written by others / without sync).
  for (const auto& e : fs::directory_iterator(tmp_dir_, ec)) {
    if (!e.is_regular_file()) continue;
    if (auto err = fsync_path(e.path(), false)) return Unexpected{*err};
  }
  if (ec) return Unexpected{tmp_dir_.string() + ": cannot list: " + ec.message()};
  if (signing_key_) {
    const std::string pub = signing_key_->public_key().pem();
    if (auto st = write_file(tmp_dir_ / kSignerKeyFile, pub, true); !st) return Unexpected{st.error()};
  }
  auto m = write_manifest(tmp_dir_);
  if (!m) return Unexpected{m.error()};
  if (signing_key_) {
    // The bytes write_manifest wrote (format_manifest is deterministic over the same entries).
    auto text = format_manifest(*m);
    if (!text) return Unexpected{text.error()};
    const auto sig = signing_key_->sign(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text->data()), text->size()));
    const std::string_view sig_bytes(reinterpret_cast<const char*>(sig.data()), sig.size());
    if (auto st = write_file(tmp_dir_ / kSignatureFile, sig_bytes, true); !st) return Unexpected{st.error()};
  }
  if (auto err = fsync_path(tmp_dir_, true)) return Unexpected{*err};
  if (fs::exists(final_dir_, ec)) return Unexpected{final_dir_.string() + ": bundle already exists"};
  if (::rename(tmp_dir_.c_str(), final_dir_.c_str()) != 0)
    return Unexpected{tmp_dir_.string() + ": rename to " + final_dir_.string() +
                      " failed: " + errno_text(errno)};
  if (auto err = fsync_path(out_dir_, true)) return Unexpected{*err};
  finished_ = true;
  return final_dir_;
}

Expected<CleanupReport, std::string> cleanup_stale(const fs::path& out_dir, std::chrono::seconds max_age) {
  CleanupReport report;
  std::error_code ec;
  if (!fs::is_directory(out_dir, ec)) return report;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    const auto fname = e.path().filename().string();
    if (fname.size() < 6 || fname.front() != '.' || !fname.ends_with(".tmp")) continue;
    if (!parse_bundle_name(std::string_view(fname).substr(1, fname.size() - 5))) continue;
    std::error_code ec2;
    if (!fs::is_directory(e.symlink_status(ec2))) continue;
    // Looks like ours only if it holds nothing but regular files with bundle file names.
    bool ours = true;
    auto newest = fs::last_write_time(e.path(), ec2);
    for (const auto& f : fs::directory_iterator(e.path(), ec2)) {
      if (!fs::is_regular_file(f.symlink_status(ec2)) ||
          !bundle_file_names().contains(f.path().filename().string())) {
        ours = false;
        break;
      }
      newest = std::max(newest, fs::last_write_time(f.path(), ec2));
    }
    if (!ours || ec2) {
      report.kept.emplace_back(e.path(), "does not look like a v6ready temp bundle");
      continue;
    }
    // The writer's flock on the dir: free once it died (or finished). Unknown (cannot open) = held.
    bool lock_free = false;
    if (int fd = ::open(e.path().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC); fd >= 0) {
      lock_free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
      ::close(fd);
    }
    std::optional<bool> writer_alive;
    {
      std::ifstream pf(e.path() / kWriterPidFile);
      long pid = 0;
      if (pf >> pid && pid > 0 && pid <= 0x7fffffff)
        writer_alive = ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
    }
    const bool old = now - newest > max_age;
    // No .writer.pid and the lock free: killed in finish() (which removes the pid file first) or
    // right after mkdir; a live writer in finish() still holds the lock.
    const bool dead = lock_free && !writer_alive.value_or(false);
    if (dead || old) {
      fs::remove_all(e.path(), ec2);
      if (ec2) return Unexpected{e.path().string() + ": cannot remove: " + ec2.message()};
      report.removed.push_back(e.path());
    } else {
      report.kept.emplace_back(
          e.path(), writer_alive.value_or(false) ? "writer process is alive" : "writer holds the dir's lock");
    }
  }
  if (ec) return Unexpected{out_dir.string() + ": cannot list: " + ec.message()};
  return report;
}

std::vector<fs::path> list_bundles(const fs::path& out_dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    auto name = e.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    std::error_code ec2;
    if (e.is_symlink(ec2)) continue;
    if (e.is_directory(ec2) && parse_bundle_name(name))
      out.push_back(e.path());
    else if (e.is_regular_file(ec2) && name.ends_with(".tar") &&
             parse_bundle_name(name.substr(0, name.size() - 4)))
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Expected<fs::path, std::string> pack_bundle(const fs::path& bundle_dir, const fs::path& tar_path) {
  auto files = BundleFiles::load(BundleLocation{bundle_dir.string(), ""});
  if (!files) return Unexpected{files.error().message};
  if (files->is_tar()) return Unexpected{bundle_dir.string() + ": already a .tar"};
  const auto& name = files->name();
  const auto mtime_of = [](const fs::path& p) -> std::uint64_t {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 && st.st_mtime > 0 ? static_cast<std::uint64_t>(st.st_mtime) : 0;
  };
  std::vector<TarInput> in;
  in.push_back(TarInput{name, true, 0755, mtime_of(bundle_dir), {}});
  for (const auto& [rel, bytes] : files->files())  // sorted by name
    in.push_back(
        TarInput{name + "/" + rel, false, 0644, mtime_of(bundle_dir / rel), {bytes.begin(), bytes.end()}});
  auto bytes = write_ustar(in);
  if (!bytes) return Unexpected{bytes.error()};
  std::string_view view(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (auto err = write_atomic(tar_path, view)) return Unexpected{*err};
  return tar_path;
}

}  // namespace v6r::bundle
