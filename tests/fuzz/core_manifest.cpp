// Fuzz target: MANIFEST.sha256 text parser (core/manifest.hpp, sha256sum format).
// Invariant: whatever parses re-formats, and the formatted text parses to the same (sorted) entries.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::bundle;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto entries = parse_manifest(text);
  if (!entries) {
    if (entries.error().line == 0 || entries.error().message.empty()) __builtin_trap();
    return 0;
  }
  auto formatted = format_manifest(*entries);
  if (!formatted) __builtin_trap();
  auto again = parse_manifest(*formatted);
  if (!again) __builtin_trap();
  auto sorted = *entries;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  if (*again != sorted) __builtin_trap();
  return 0;
}
