#pragma once
// Progress on stderr: on a TTY a single live line rewritten with '\r' ("checks 12/40, 1 failed,
// 3.2 s"), otherwise one plain line per finished check; --quiet silences it. The formatting
// functions are pure; Progress only decides where and when to write.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace v6r::probe {

struct ProgressState {
  int done = 0;
  int total = 0;
  int failed = 0;  ///< verdict fail or error so far
  std::chrono::milliseconds elapsed{0};
};

/// "\r[ 12/40] 1 failed, 3.2 s" padded with spaces to `width` so a shorter line erases a longer one.
std::string format_live_line(const ProgressState& s, std::size_t width = 60);
/// "[12/40] dns64.synthesis v4only.lab.test: pass (12 ms)\n".
std::string format_check_line(const ProgressState& s, std::string_view check_id, std::string_view target,
                              std::string_view verdict, std::chrono::milliseconds duration);
/// "40 checks, 2 failed, 12.3 s\n" (the final summary, also on a TTY after the live line).
std::string format_summary(const ProgressState& s);
/// "3.2 s", "12.3 s", "2 min 05 s".
std::string format_elapsed(std::chrono::milliseconds ms);

enum class ProgressMode { live, lines, quiet };
/// live if `is_tty` and not quiet, lines otherwise.
ProgressMode choose_mode(bool is_tty, bool quiet);

class Progress {
 public:
  /// `out` defaults to stderr; mode from choose_mode(isatty(fileno(out)), quiet) unless given.
  explicit Progress(int total, bool quiet = false, std::FILE* out = stderr);
  Progress(int total, ProgressMode mode, std::FILE* out);

  void check_finished(std::string_view check_id, std::string_view target, std::string_view verdict,
                      std::chrono::milliseconds duration);
  /// Ends the live line and prints the summary (not in quiet mode).
  void finish();
  [[nodiscard]] const ProgressState& state() const { return st_; }
  [[nodiscard]] ProgressMode mode() const { return mode_; }

 private:
  ProgressState st_;
  ProgressMode mode_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace v6r::probe
