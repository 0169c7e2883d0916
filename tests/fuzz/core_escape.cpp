// Fuzz target: the output escapers (core/escape.hpp) and cutting by characters (core/utf8.hpp) over any
// bytes, every medium on each input (tests/fuzz/escape_invariants.hpp says what each must keep). Seeds:
// the hostile-strings corpus (tests/fuzz/make_hostile_strings.py). The per-medium targets
// core_escape_{terminal,markup,table,truncate} do one part each, for depth.
#include <cstdint>
#include <string_view>

#include "tests/fuzz/escape_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  v6r::fuzz::check_terminal(in);
  v6r::fuzz::check_markup(in);
  v6r::fuzz::check_table(in);
  v6r::fuzz::check_truncate(in);
  return 0;
}
