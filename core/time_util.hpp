#pragma once
// UTC timestamps as the bundle contract writes them (docs/architecture.md "Run bundle"):
//  - RFC 3339 §5.6 "date-time", always UTC with milliseconds and a `Z`: 2024-05-01T12:34:56.789Z
//  - the compact ISO 8601 basic form used in bundle directory names: 20240501T123456Z
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace v6r {

using UtcMs = std::chrono::sys_time<std::chrono::milliseconds>;

/// Current UTC time (system clock), truncated to milliseconds.
UtcMs now_utc_ms();

/// "2024-05-01T12:34:56.789Z". Years outside 0000..9999 are clamped into that range.
std::string format_rfc3339_ms(UtcMs t);
/// Strict RFC 3339 date-time in UTC: `YYYY-MM-DDTHH:MM:SS[.frac]Z` (frac 1..9 digits, truncated to
/// milliseconds). Offsets other than `Z`, lowercase `t`/`z`, leap second 60 and invalid dates are
/// rejected (nullopt).
std::optional<UtcMs> parse_rfc3339_ms(std::string_view s);

/// "20240501T123456Z" (seconds precision; sub-second part is truncated).
std::string format_compact_utc(UtcMs t);
/// Parses exactly `yyyymmddThhmmssZ`.
std::optional<UtcMs> parse_compact_utc(std::string_view s);

}  // namespace v6r
