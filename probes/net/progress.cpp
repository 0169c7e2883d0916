#include "probes/net/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "core/known_errors.hpp"
#include "core/term_print.hpp"
#include "core/text_wrap.hpp"
#include "core/utf8.hpp"

namespace v6r::probe {
namespace {

/// "a, b, c (+2)": the first few names of the running checks.
std::string running_names(const std::vector<std::string>& running, std::size_t show = 3) {
  std::string s;
  for (std::size_t i = 0; i < running.size() && i < show; ++i) s += (i ? ", " : "") + running[i];
  if (running.size() > show) s += " (+" + std::to_string(running.size() - show) + ")";
  return s;
}

}  // namespace

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
  if (!s.running.empty()) {
    const std::string with = line + term::format("; running: {}", running_names(s.running));
    if (width == 0 || utf8::columns(with) <= width) {
      line = with;
    } else {
      const std::string fewer = line + term::format("; running: {}", running_names(s.running, 1));
      line = utf8::columns(fewer) <= width ? fewer : with.substr(0, utf8::prefix_within(with, width));
    }
  }
  if (width > 0) {
    const std::size_t cols = utf8::columns(line);
    if (cols < width) line.append(width - cols, ' ');
  }
  return "\r" + line;
}

std::string format_check_line(const ProgressState& s, std::string_view check_id, std::string_view target,
                              std::string_view verdict, std::chrono::milliseconds duration,
                              std::string_view reason) {
  std::string line = term::format("[{}/{}] {}", s.done, s.total, check_id);
  if (!target.empty()) line += term::format(" {}", target);
  line += term::format(": {} ({} ms)", verdict, static_cast<long long>(duration.count()));
  if (!reason.empty()) line += term::format(": {}", known_errors::explain(reason));
  return line + "\n";
}

std::string format_heartbeat_line(const ProgressState& s) {
  return term::format("[{}/{}] still running after {}: {}\n", s.done, s.total, format_elapsed(s.elapsed),
                      running_names(s.running, 8));
}

ProgressMode choose_mode(bool is_tty, bool quiet) {
  if (quiet) return ProgressMode::quiet;
  return is_tty ? ProgressMode::live : ProgressMode::lines;
}

Progress::Progress(int total, bool quiet, std::FILE* out)
    : Progress(total, choose_mode(out && isatty(fileno(out)) == 1, quiet), out,
               // One column short of the terminal, so the cursor never wraps to the next line.
               term::output_width(out) - 1) {}

Progress::Progress(int total, ProgressMode mode, std::FILE* out, std::size_t width)
    : mode_(mode), out_(out), width_(width) {
  st_.total = total;
}

void Progress::update_elapsed() {
  st_.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
}

void Progress::write(const std::string& text) {
  if (mode_ == ProgressMode::quiet || !out_) return;
  term::write_raw(out_, text);  // every part was escaped when it was formatted
  std::fflush(out_);
  last_write_ = std::chrono::steady_clock::now();
}

void Progress::redraw() {
  if (mode_ == ProgressMode::live) write(format_live_line(st_, width_));
}

void Progress::check_started(std::string_view check_id) {
  st_.running.emplace_back(check_id);
  update_elapsed();
  redraw();
}

void Progress::check_finished(std::string_view check_id, std::string_view target, std::string_view verdict,
                              std::chrono::milliseconds duration, std::string_view reason) {
  ++st_.done;
  if (verdict == "fail" || verdict == "error") ++st_.failed;
  if (auto it = std::find(st_.running.begin(), st_.running.end(), check_id); it != st_.running.end())
    st_.running.erase(it);
  update_elapsed();
  if (mode_ == ProgressMode::lines) {
    write(format_check_line(st_, check_id, target, verdict, duration, reason));
  } else if (mode_ == ProgressMode::live) {
    // A check that did not pass gets a line of its own above the live line (erased first).
    if (verdict != "pass" && verdict != "info" && verdict != "skipped")
      write("\r" + std::string(width_, ' ') + "\r" +
            text::wrap(format_check_line(st_, check_id, target, verdict, duration, reason), width_ + 1));
    redraw();
  }
}

void Progress::tick() {
  update_elapsed();
  if (mode_ == ProgressMode::live) {
    redraw();
  } else if (mode_ == ProgressMode::lines && !st_.running.empty() &&
             std::chrono::steady_clock::now() - last_write_ >= kPipedHeartbeat) {
    write(format_heartbeat_line(st_));
  }
}

void Progress::finish() {
  update_elapsed();
  if (mode_ == ProgressMode::live) write("\r" + std::string(width_, ' ') + "\r");
}

}  // namespace v6r::probe
