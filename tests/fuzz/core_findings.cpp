// Fuzz target: a findings.json or capture-only document (core/findings.hpp), read by the strict readers.
// Invariants: never throws or crashes; a refusal names a key path or the document level ("path: message"),
// and its text is ASCII (input bytes are escaped); an accepted document writes, re-reads and writes again
// to the same bytes.
#include <cstdint>
#include <string_view>

#include "core/findings.hpp"

namespace {

bool ascii(const std::string& s) {
  for (const unsigned char c : s)
    if (c >= 0x80 || (c < 0x20 && c != '\n')) return false;
  return true;
}

template <class Doc, class Parse>
void check(std::string_view text, Parse parse) {
  auto d = parse(text);
  if (!d) {
    if (d.error().find(": ") == std::string::npos && d.error() != "not valid JSON") __builtin_trap();
    if (!ascii(d.error())) __builtin_trap();
    return;
  }
  const std::string once = v6r::findings::to_json_text(*d);
  auto again = parse(once);
  if (!again || v6r::findings::to_json_text(*again) != once) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check<v6r::findings::Document>(text, [](std::string_view t) { return v6r::findings::parse_document(t); });
  check<v6r::findings::CaptureDocument>(
      text, [](std::string_view t) { return v6r::findings::parse_capture_document(t); });
  return 0;
}
