// Fuzz target: escape::csv_field, escape::markdown and escape::prom_label over any bytes, with the
// invariants of tests/fuzz/escape_invariants.hpp: one part of core_escape's work, for depth. Seeds: the
// hostile-strings corpus (tests/fuzz/make_hostile_strings.py).
#include <cstdint>
#include <string_view>

#include "tests/fuzz/escape_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  v6r::fuzz::check_table(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
