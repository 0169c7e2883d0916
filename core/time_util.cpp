#include "core/time_util.hpp"

#include <fmt/format.h>

namespace v6r {
namespace {

using namespace std::chrono;

struct Fields {
  int year;
  unsigned month, day, hour, minute, second, millis;
};

Fields split(UtcMs t) {
  // Clamp to years 0000..9999 so the fixed-width forms stay well formed.
  constexpr auto kMin = sys_days{year{0} / January / 1};
  constexpr auto kMax =
      sys_days{year{9999} / December / 31} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
  if (t < kMin) t = time_point_cast<milliseconds>(kMin);
  if (t > kMax) t = kMax;
  auto day_tp = floor<days>(t);
  year_month_day ymd{day_tp};
  hh_mm_ss<milliseconds> hms{t - day_tp};
  return Fields{static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(hms.hours().count()),
                static_cast<unsigned>(hms.minutes().count()),
                static_cast<unsigned>(hms.seconds().count()),
                static_cast<unsigned>(hms.subseconds().count())};
}

// Reads exactly n decimal digits at s[pos..pos+n).
std::optional<unsigned> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return v;
}

std::optional<UtcMs> compose(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned sec,
                             unsigned ms) {
  year_month_day ymd{year{static_cast<int>(y)}, month{mo}, day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59 || ms > 999) return std::nullopt;
  return time_point_cast<milliseconds>(sys_days{ymd}) + hours{h} + minutes{mi} + seconds{sec} +
         milliseconds{ms};
}

}  // namespace

UtcMs now_utc_ms() {
  return time_point_cast<milliseconds>(system_clock::now());
}

std::string format_rfc3339_ms(UtcMs t) {
  auto f = split(t);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", f.year, f.month, f.day, f.hour,
                     f.minute, f.second, f.millis);
}

std::optional<UtcMs> parse_rfc3339_ms(std::string_view s) {
  // RFC 3339 §5.6: date-fullyear "-" date-month "-" date-mday "T" partial-time time-offset.
  if (s.size() < 20) return std::nullopt;
  auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  auto h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !sec) return std::nullopt;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  std::size_t pos = 19;
  unsigned ms = 0;
  if (s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start < 3) ms = ms * 10 + static_cast<unsigned>(s[pos] - '0');
      ++pos;
    }
    std::size_t n = pos - start;
    if (n == 0 || n > 9) return std::nullopt;
    for (std::size_t i = n; i < 3; ++i) ms *= 10;
  }
  if (pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
  return compose(*y, *mo, *d, *h, *mi, *sec, ms);
}

std::string format_compact_utc(UtcMs t) {
  auto f = split(t);
  return fmt::format("{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z", f.year, f.month, f.day, f.hour, f.minute,
                     f.second);
}

std::optional<UtcMs> parse_compact_utc(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  auto y = digits(s, 0, 4), mo = digits(s, 4, 2), d = digits(s, 6, 2);
  auto h = digits(s, 9, 2), mi = digits(s, 11, 2), sec = digits(s, 13, 2);
  if (!y || !mo || !d || !h || !mi || !sec) return std::nullopt;
  return compose(*y, *mo, *d, *h, *mi, *sec, 0);
}

}  // namespace v6r
