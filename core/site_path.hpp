#pragma once
// Site paths (docs/architecture.md "Site paths"): where a probe ran, as a path of 1 to 6 segments
// joined by '/', each segment 1–63 characters of a-z, 0-9 and '-': `province`, `service-portal`,
// `province/district-a/commune-ready`, `vn/province/district/commune/ward/school`. The one rule used by
// `v6probe run --site`, the bundle writer and the bundle names (the '/' becomes '.', which no segment
// contains, so the name maps back one to one).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace v6r::site_path {

inline constexpr std::size_t kMaxSegments = 6;
inline constexpr std::size_t kMaxSegmentLength = 63;

/// Why `site` is not a site path ("segment 2 is empty", "7 segments (at most 6)", ...); nullopt when
/// it is one.
std::optional<std::string> problem(std::string_view site);
inline bool valid(std::string_view site) {
  return !problem(site).has_value();
}
/// "what a site path is", for messages: "1 to 6 '/'-separated segments of a-z, 0-9 and '-'".
std::string_view rule_text();

/// The segments of a valid path (views into `site`).
std::vector<std::string_view> segments(std::string_view site);
/// Every proper ancestor of a valid path, shortest first: "a/b/c" → {"a", "a/b"}.
std::vector<std::string> ancestors(std::string_view site);

/// The path as it appears in a bundle directory name: '/' → '.'.
std::string to_bundle_form(std::string_view site);
/// Back from a bundle name's site part: '.' → '/'; nullopt when the result is not a valid path.
std::optional<std::string> from_bundle_form(std::string_view text);

}  // namespace v6r::site_path
