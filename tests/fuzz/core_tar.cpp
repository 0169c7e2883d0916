// Fuzz target: ustar reader (core/tar.hpp, POSIX.1-2017 pax "ustar Interchange Format").
// Invariants: entries view inside the input; what we read and can re-write reads back the same.
#include <cstdint>
#include <span>

#include "core/tar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::bundle;
  std::span<const std::uint8_t> in(data, size);
  auto entries = read_ustar(in);
  if (!entries) {
    if (entries.error().offset > size || entries.error().message.empty()) __builtin_trap();
    return 0;
  }
  std::vector<TarInput> out;
  for (const auto& e : *entries) {
    if (!e.data.empty() && (e.data.data() < data || e.data.data() + e.data.size() > data + size))
      __builtin_trap();
    out.push_back(TarInput{e.path, e.is_directory, e.mode, e.mtime, {e.data.begin(), e.data.end()}});
  }
  auto packed = write_ustar(out);
  if (!packed) return 0;  // e.g. a 100-byte directory name that no longer fits with its '/'
  auto back = read_ustar(*packed);
  if (!back || back->size() != entries->size()) __builtin_trap();
  for (std::size_t i = 0; i < back->size(); ++i) {
    const auto& a = (*entries)[i];
    const auto& b = (*back)[i];
    if (a.path != b.path || a.is_directory != b.is_directory || a.mode != b.mode || a.mtime != b.mtime ||
        !std::equal(a.data.begin(), a.data.end(), b.data.begin(), b.data.end()))
      __builtin_trap();
  }
  return 0;
}
