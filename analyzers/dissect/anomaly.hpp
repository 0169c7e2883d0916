#pragma once
// Anomalies are data: a malformed layer becomes a named counter with the first frame numbers where
// it was seen, never a crash and never the end of the run. The kinds are core's vocabulary
// (core/anomaly.hpp, shared with the core wire parsers and the probe); the counters are the analyzer's.
#include <array>
#include <cstddef>
#include <cstdint>

#include "core/anomaly.hpp"

namespace v6r::analyze {

using v6r::Anomaly;
using v6r::anomaly_name;
using v6r::kAnomalyKinds;

/// Per-run counters: count per kind plus the first few frame numbers (fixed size, no allocation).
class AnomalyCounters {
 public:
  static constexpr std::size_t kFirstFrames = 5;
  struct Entry {
    std::uint64_t count = 0;
    std::array<std::uint64_t, kFirstFrames> first_frames{};
  };

  void add(Anomaly a, std::uint64_t frame) {
    Entry& e = entries_[static_cast<std::size_t>(a)];
    if (e.count < kFirstFrames) e.first_frames[e.count] = frame;
    ++e.count;
  }
  [[nodiscard]] const Entry& get(Anomaly a) const { return entries_[static_cast<std::size_t>(a)]; }
  [[nodiscard]] std::uint64_t count(Anomaly a) const { return get(a).count; }
  [[nodiscard]] std::uint64_t total() const {
    std::uint64_t t = 0;
    for (const auto& e : entries_) t += e.count;
    return t;
  }

 private:
  std::array<Entry, kAnomalyKinds> entries_{};
};

}  // namespace v6r::analyze
