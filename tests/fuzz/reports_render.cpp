// Fuzz target: every renderer (reports/: HTML, Markdown, CSV, JUnit, Prometheus, the gate's JUnit and
// terminal text) over a typed findings document holding the input in every free-text field
// (tests/reports/hostile_doc.hpp). Seeds: the hostile-strings corpus (tests/fuzz/make_hostile_strings.py).
// Invariants: every output is valid UTF-8 with no hidden character but its own line ends; both JUnit
// files are well-formed XML; and the structure (HTML and XML tags, lines, CSV records and fields) is the
// same as with "x" in those fields: no text can add an element, a line, a record or a field.
#include <algorithm>
#include <cstdint>
#include <string>

#include "tests/reports/hostile_doc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::report::hostile;
  static const Shape neutral = [] {
    auto d = base();
    inject(d, "x");
    return shape(render(d));
  }();
  if (size == 0) return 0;
  // The text goes into about a hundred fields and seven outputs: beyond 2 KiB an input only makes every
  // output longer (and the run ~10x slower), it reaches no other code. Long texts and their cuts are in
  // the corpus replay (hostile-long-*, up to 20 kB) and in tests/reports/hostile_test.cpp.
  size = std::min<std::size_t>(size, 2048);
  auto d = base();
  inject(d, std::string(reinterpret_cast<const char*>(data), size));
  const auto out = render(d);
  if (!problems(out).empty()) __builtin_trap();
  if (!(shape(out) == neutral)) __builtin_trap();
  return 0;
}
