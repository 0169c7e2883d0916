#include "probes/net/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace v6r::probe {

std::string format_elapsed(std::chrono::milliseconds ms) {
  auto total = ms.count() < 0 ? 0 : ms.count();
  char buf[48];
  if (total < 60'000) {
    std::snprintf(buf, sizeof buf, "%lld.%lld s", static_cast<long long>(total / 1000),
                  static_cast<long long>((total % 1000) / 100));
  } else {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(total / 60'000),
                  static_cast<long long>((total / 1000) % 60));
  }
  return buf;
}

std::string format_live_line(const ProgressState& s, std::size_t width) {
  int digits = static_cast<int>(std::to_string(s.total).size());
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%*d/%d] %d failed, ", digits, s.done, s.total, s.failed);
  std::string line = std::string(buf) + format_elapsed(s.elapsed);
  if (line.size() < width) line.append(width - line.size(), ' ');
  return "\r" + line;
}

std::string format_check_line(const ProgressState& s, std::string_view check_id, std::string_view target,
                              std::string_view verdict, std::chrono::milliseconds duration) {
  std::string line = "[" + std::to_string(s.done) + "/" + std::to_string(s.total) + "] ";
  line += check_id;
  if (!target.empty()) {
    line += ' ';
    line += target;
  }
  line += ": ";
  line += verdict;
  line += " (" + std::to_string(duration.count()) + " ms)\n";
  return line;
}

std::string format_summary(const ProgressState& s) {
  return std::to_string(s.done) + (s.done == 1 ? " check, " : " checks, ") + std::to_string(s.failed) +
         " failed, " + format_elapsed(s.elapsed) + "\n";
}

ProgressMode choose_mode(bool is_tty, bool quiet) {
  if (quiet) return ProgressMode::quiet;
  return is_tty ? ProgressMode::live : ProgressMode::lines;
}

Progress::Progress(int total, bool quiet, std::FILE* out)
    : Progress(total, choose_mode(out && isatty(fileno(out)) == 1, quiet), out) {}

Progress::Progress(int total, ProgressMode mode, std::FILE* out) : mode_(mode), out_(out) {
  st_.total = total;
}

void Progress::check_finished(std::string_view check_id, std::string_view target, std::string_view verdict,
                              std::chrono::milliseconds duration) {
  ++st_.done;
  if (verdict == "fail" || verdict == "error") ++st_.failed;
  st_.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
  if (mode_ == ProgressMode::quiet || !out_) return;
  std::string s = mode_ == ProgressMode::live ? format_live_line(st_)
                                              : format_check_line(st_, check_id, target, verdict, duration);
  std::fputs(s.c_str(), out_);
  std::fflush(out_);
}

void Progress::finish() {
  st_.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
  if (mode_ == ProgressMode::quiet || !out_) return;
  if (mode_ == ProgressMode::live) std::fputs("\n", out_);
  std::fputs(format_summary(st_).c_str(), out_);
  std::fflush(out_);
}

}  // namespace v6r::probe
