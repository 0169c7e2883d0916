#pragma once
// Progress on stderr while `v6probe run` runs (docs/engineer-guide.md "Running the probe"):
// - on a terminal (live): one line redrawn in place with '\r' at least every kLiveTick, naming the
//   running checks ("[12/40] 1 failed, 3.2 s; running: dns-a, nat64-tcp (+3)"), fitted to the
//   terminal width; a check that does not pass is printed above it as a line of its own with its reason;
// - piped (lines): no control sequences; one line per finished check with its verdict and reason, and
//   a "still running" line when nothing was printed for kPipedHeartbeat;
// - --quiet: nothing.
// Every id, target and reason is escaped for the terminal (core/term_print.hpp); known OpenSSL and
// errno failures in a reason are said in a plain sentence (core/known_errors.hpp). The formatting
// functions are pure; Progress only decides where and when to write. The end-of-run summary is
// probes/engine/run_summary.hpp.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace v6r::probe {

inline constexpr std::chrono::milliseconds kLiveTick{250};
inline constexpr std::chrono::milliseconds kPipedHeartbeat{5000};

struct ProgressState {
  int done = 0;
  int total = 0;
  int failed = 0;  ///< verdict fail or error so far
  std::chrono::milliseconds elapsed{0};
  std::vector<std::string> running{};  ///< ids of the checks in flight, in start order
};

/// "\r[ 12/40] 1 failed, 3.2 s; running: a, b (+3)" cut to `width` columns (the running names are
/// dropped first, then cut) and padded with spaces to `width` so a shorter line erases a longer one.
/// `width` 0: no cut, no padding.
std::string format_live_line(const ProgressState& s, std::size_t width = 60);
/// "[12/40] dns-a v4only.lab.test: fail (12 ms): <reason>\n" (no ": <reason>" when it is empty).
std::string format_check_line(const ProgressState& s, std::string_view check_id, std::string_view target,
                              std::string_view verdict, std::chrono::milliseconds duration,
                              std::string_view reason = {});
/// "[12/40] still running after 8.0 s: a, b\n" (the piped heartbeat).
std::string format_heartbeat_line(const ProgressState& s);
/// "3.2 s", "12.3 s", "2 min 05 s".
std::string format_elapsed(std::chrono::milliseconds ms);

enum class ProgressMode { live, lines, quiet };
/// live if `is_tty` and not quiet, lines otherwise.
ProgressMode choose_mode(bool is_tty, bool quiet);

class Progress {
 public:
  /// `out` defaults to stderr; mode from choose_mode(isatty(fileno(out)), quiet) unless given.
  explicit Progress(int total, bool quiet = false, std::FILE* out = stderr);
  Progress(int total, ProgressMode mode, std::FILE* out, std::size_t width = 0);

  void check_started(std::string_view check_id);
  void check_finished(std::string_view check_id, std::string_view target, std::string_view verdict,
                      std::chrono::milliseconds duration, std::string_view reason = {});
  /// Called by a timer at least every kLiveTick: redraws the live line; piped, writes the heartbeat
  /// when nothing was written for kPipedHeartbeat.
  void tick();
  /// Ends the live line (erased, so the summary that follows starts on a clean line).
  void finish();
  [[nodiscard]] const ProgressState& state() const { return st_; }
  [[nodiscard]] ProgressMode mode() const { return mode_; }

 private:
  void update_elapsed();
  void write(const std::string& text);
  void redraw();
  ProgressState st_;
  ProgressMode mode_;
  std::FILE* out_;
  std::size_t width_;  ///< columns of the live line
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_write_ = start_;
};

}  // namespace v6r::probe
