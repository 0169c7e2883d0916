// Fuzz target: every renderer (reports/: HTML, Markdown, CSV, JUnit, Prometheus, the gate's JUnit and
// terminal text) over a typed findings document holding a text in every free-text field
// (tests/reports/hostile_doc.hpp). Seeds: the hostile-strings corpus (tests/fuzz/make_hostile_strings.py).
// Invariants: every output is valid UTF-8 with no hidden character but its own line ends; both JUnit
// files are well-formed XML; and the structure (HTML and XML tags, lines, CSV records and fields) is the
// same as with "x" in those fields: no text can add an element, a line, a record or a field.
//
// Under libFuzzer the first octet chooses one output (its value modulo 7, in the order of
// hostile::kOutputs) and one of the document's two sites (its value divided by 7, modulo 2), and the
// rest is the text: one renderer and one site per execution instead of seven and two, which made an
// execution about ten times shorter on average (docs/fuzzing.md). The corpus replay in ctest
// (V6READY_FUZZ_REPLAY) checks each input both ways: as the fuzzer read it, so that a crash file replays
// the execution that found it, and whole, as the text, through every renderer.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "tests/reports/hostile_doc.hpp"

namespace {

using namespace v6r::report::hostile;

constexpr int kBothSites = -1;

/// The document with `text` in every field, with both sites or only site `site`.
V6R_ORACLE v6r::findings::Document document(const std::string& text, int site) {
  static const auto b = base();
  auto d = b;
  if (site != kBothSites) d.sites.erase(d.sites.begin() + (site == 0 ? 1 : 0));
  inject(d, text);
  return d;
}

void check(const std::uint8_t* data, std::size_t size, unsigned which, int site) {
  // The shape of the same outputs with "x" in every field, once per set of outputs and sites.
  static std::map<std::pair<unsigned, int>, Shape> neutral;
  auto want = neutral.find({which, site});
  if (want == neutral.end())
    want = neutral.emplace(std::pair{which, site}, shape(render(document("x", site), which))).first;
  // The text goes into about a hundred fields: beyond 2 KiB an input only makes every output longer, it
  // reaches no other code (the longest cut in reports/ is 40 characters). Long texts and their cuts are
  // in the corpus replay (hostile-long-*, up to 20 kB) and in tests/reports/hostile_test.cpp.
  size = std::min<std::size_t>(size, 2048);
  const auto out = render(document(std::string(reinterpret_cast<const char*>(data), size), site), which);
  if (!problems(out).empty()) __builtin_trap();
  if (!(shape(out) == want->second)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An empty text may rightly leave an element out, so it has no "x" shape to compare with.
  if (size < 2) return 0;
  constexpr std::size_t n = std::size(kOutputs);
  check(data + 1, size - 1, static_cast<unsigned>(kOutputs[data[0] % n]), data[0] / n % 2);
#ifdef V6READY_FUZZ_REPLAY
  check(data, size, kAll, kBothSites);
#endif
  return 0;
}
