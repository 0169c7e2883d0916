// Fuzz target: one results.jsonl line (core/result.hpp). Invariants: never throws or crashes; an error
// names its line; an accepted record re-serialises to a line that parses to an equal record.
#include <cstdint>
#include <string_view>

#include "core/result.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = v6r::parse_result_line(text, 1);
  if (!r) {
    if (r.error().line != 1 || r.error().message.empty()) __builtin_trap();
    return 0;
  }
  auto again = v6r::parse_result_line(v6r::to_json_line(*r), 1);
  if (!again || !(*again == *r)) __builtin_trap();
  return 0;
}
