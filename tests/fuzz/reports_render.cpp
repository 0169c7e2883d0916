// Fuzz target: every renderer (reports/: HTML, Markdown, CSV, JUnit, Prometheus, the gate's JUnit and
// terminal text) over a typed findings document holding a text in every free-text field
// (tests/reports/hostile_doc.hpp). Seeds: the hostile-strings corpus (tests/fuzz/make_hostile_strings.py).
// Invariants: every output is valid UTF-8 with no hidden character but its own line ends; both JUnit
// files are well-formed XML; and the structure (HTML and XML tags, lines, CSV records and fields) is the
// same as with hostile::neutral_text in those fields ("x", or the text's site-path places): no text can
// add an element, a line, a record or a field.
//
// Under libFuzzer the first octet chooses one output (its value modulo 7, in the order of
// hostile::kOutputs) and one of the document's two sites (its value divided by 7, modulo 2), and the
// rest is the text: one renderer and one site per execution instead of seven and two, which made an
// execution about ten times shorter on average (docs/fuzzing.md). The corpus replay in ctest
// (V6READY_FUZZ_REPLAY) checks each input both ways: as the fuzzer read it, so that a crash file replays
// the execution that found it, and whole, as the text, through every renderer.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "tests/reports/hostile_doc.hpp"

namespace {

using namespace v6r::report::hostile;

constexpr int kBothSites = -1;

/// The document with `text` (or its neutral_text) in every field, with both sites or only site `site`.
V6R_ORACLE v6r::findings::Document document(const std::string& text, int site, bool neutral) {
  static const auto b = base();
  auto d = b;
  if (site != kBothSites) d.sites.erase(d.sites.begin() + (site == 0 ? 1 : 0));
  inject(d, neutral ? neutral_text(text) : text);
  return d;
}

/// The shape `text` must give: the neutral document's, kept per set of outputs, site and neutral text
/// (the texts without '/' all have "x"; those with one have few distinct neutrals: a mutation seldom
/// moves a slash). Kept in a fixed table, a later shape taking an earlier one's slot: a table that grew
/// would allocate more than it frees in an execution, and libFuzzer runs every such execution again to
/// look for a leak.
V6R_ORACLE Shape neutral_shape(const std::string& text, unsigned which, int site) {
  struct Slot {
    unsigned which = 0;  // no output: an empty slot
    int site = 0;
    std::string neutral;
    Shape shape{};
  };
  static std::array<Slot, 1024> slots;
  auto neutral = neutral_text(text);
  const auto h = std::hash<std::string>{}(neutral) ^ (which * 0x9e3779b9U) ^ static_cast<unsigned>(site + 1);
  auto& slot = slots[h % slots.size()];
  if (slot.which != which || slot.site != site || slot.neutral != neutral) {
    slot.shape = shape(render(document(neutral, site, false), which));  // neutral_text computed once
    slot.which = which;
    slot.site = site;
    slot.neutral = std::move(neutral);
  }
  return slot.shape;
}

void check(const std::uint8_t* data, std::size_t size, unsigned which, int site) {
  // The text goes into about a hundred fields: beyond 2 KiB an input only makes every output longer, it
  // reaches no other code (the longest cut in reports/ is 40 characters). Long texts and their cuts,
  // whole, are in tests/reports/hostile_test.cpp (hostile-long-*, up to 20 kB).
  const std::string text(reinterpret_cast<const char*>(data), std::min<std::size_t>(size, 2048));
  const auto out = render(document(text, site, false), which);
  if (!problems(out).empty()) __builtin_trap();
  if (!(shape(out) == neutral_shape(text, which, site))) __builtin_trap();
}

}  // namespace

#ifndef V6READY_FUZZ_REPLAY
// Under libFuzzer, ASan keeps no allocation stack and fills no new block: an execution allocates some
// hundred strings, and recording their stacks and filling them took about a tenth of its time. A heap
// error is still caught; its report lacks the allocation's stack until the crash file is replayed
// (fuzz_replay.reports_render, with ASan's defaults). ASAN_OPTIONS, when set, overrides these.
extern "C" const char* __asan_default_options() {
  return "malloc_context_size=0:max_malloc_fill_size=0";
}
#endif

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
