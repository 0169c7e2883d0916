#pragma once
// Fixed-size fields (addresses) read through the bounds-checked cursor into a layer record.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/wire_reader.hpp"

namespace v6r::analyze {

/// Copies the next N octets of `r` into `out`; false (and `r` latched failed) when fewer remain.
template <std::size_t N>
bool read_into(WireReader& r, std::array<std::uint8_t, N>& out) {
  auto b = r.bytes(N);
  if (!b) return false;
  std::memcpy(out.data(), b->data(), N);
  return true;
}

}  // namespace v6r::analyze
