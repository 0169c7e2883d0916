#pragma once
// The live-flow table: open addressing (linear probing, backward-shift deletion) over a slot array of
// 8 octets per slot — {32-bit hash, 32-bit entry index + 1} — and the entries (key + the caller's
// state) in fixed-size chunks that never move. Why not std::unordered_map: one heap node per flow,
// a bucket array plus a "node before" to visit on every lookup (a cache miss each with hundreds of
// thousands of live flows) and a full relink on every rehash. Here a lookup reads one slot (and the
// entry when the 32-bit hash matches); a rehash moves only slots; entries of new flows are adjacent.
// Memory per live flow: sizeof(Entry) + 8 / load, with the load between 0.4 and 0.8 (≤ 20 octets).
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "analyzers/flow/flow_key.hpp"

namespace v6r::analyze {

namespace detail {
/// Zeroed memory for the flow table. From 2 MiB up it is 2 MiB-aligned and advised as huge pages
/// (THP "madvise" mode): the slots and entries are read at random, one TLB miss per packet otherwise.
inline void* table_alloc(std::size_t bytes) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  void* p = nullptr;
  if (bytes >= kHuge) {
    bytes = (bytes + kHuge - 1) & ~(kHuge - 1);
    p = std::aligned_alloc(kHuge, bytes);
    if (p != nullptr) ::madvise(p, bytes, MADV_HUGEPAGE);
  } else {
    p = std::malloc(bytes);
  }
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, bytes);
  return p;
}
struct TableFree {
  void operator()(void* p) const { std::free(p); }
};
}  // namespace detail

template <class State>
class FlowTable {
 public:
  using Index = std::uint32_t;
  static constexpr Index kNone = 0xFFFFFFFFu;
  struct Entry {
    FlowKey key;
    State state;
  };
  static constexpr std::size_t kChunk = 4096;                     ///< entries per chunk
  static constexpr std::size_t kMaxSlotBytesPerFlow = 8 * 5 / 2;  ///< 8 octets at load ≥ 0.4

  FlowTable() { reset_slots(kMinSlots); }

  [[nodiscard]] std::size_t size() const { return size_; }
  Entry& at(Index i) { return chunks_[i / kChunk][i % kChunk]; }
  const Entry& at(Index i) const { return chunks_[i / kChunk][i % kChunk]; }

  [[nodiscard]] Index find(const FlowKey& k) const {
    const auto h = hash32(k);
    for (std::size_t pos = h & mask(); slots_.get()[pos] != 0; pos = (pos + 1) & mask()) {
      const std::uint64_t s = slots_[pos];
      if (static_cast<std::uint32_t>(s >> 32) == h && at(index_of(s)).key == k) return index_of(s);
    }
    return kNone;
  }

  /// The entry of `k`, inserted with a value-initialised state if absent; second = inserted.
  std::pair<Index, bool> find_or_insert(const FlowKey& k) {
    const auto h = hash32(k);
    std::size_t pos = h & mask();
    for (; slots_[pos] != 0; pos = (pos + 1) & mask()) {
      const std::uint64_t s = slots_[pos];
      if (static_cast<std::uint32_t>(s >> 32) == h && at(index_of(s)).key == k) return {index_of(s), false};
    }
    const Index i = allocate();
    Entry& e = at(i);
    e.key = k;
    e.state = State{};
    slots_[pos] = (std::uint64_t{h} << 32) | (std::uint64_t{i} + 1);
    ++size_;
    if (size_ * 5 > slot_count_ * 4) grow();  // load above 0.8
    return {i, true};
  }

  /// Removes entry `i` (its index may be reused by the next insertion).
  void erase(Index i) {
    const auto h = hash32(at(i).key);
    std::size_t pos = h & mask();
    while (index_of(slots_[pos]) != i) pos = (pos + 1) & mask();  // present: the loop ends
    // Backward-shift deletion: pull later members of the probe run into the hole.
    std::size_t hole = pos;
    for (std::size_t j = (hole + 1) & mask(); slots_[j] != 0; j = (j + 1) & mask()) {
      const std::size_t home = static_cast<std::uint32_t>(slots_[j] >> 32) & mask();
      // Leave slot j where it is if its home lies cyclically in (hole, j].
      const bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (!stays) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = 0;
    at(i).state.next = free_;  // the free list reuses the state's `next` link
    free_ = i;
    --size_;
  }

  void clear() {
    reset_slots(kMinSlots);
    chunks_.clear();
    used_ = 0;
    size_ = 0;
    free_ = kNone;
  }

 private:
  static constexpr std::size_t kMinSlots = 1024;
  [[nodiscard]] std::size_t mask() const { return slot_count_ - 1; }
  static Index index_of(std::uint64_t slot) { return static_cast<Index>((slot & 0xFFFFFFFFu) - 1); }
  static std::uint32_t hash32(const FlowKey& k) {
    const auto h = static_cast<std::uint64_t>(FlowKeyHash{}(k));
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }

  Index allocate() {
    if (free_ != kNone) {
      const Index i = free_;
      free_ = at(i).state.next;
      return i;
    }
    if (used_ == chunks_.size() * kChunk) {
      static_assert(std::is_trivially_copyable_v<Entry> && std::is_trivially_destructible_v<Entry>);
      auto* raw = static_cast<Entry*>(detail::table_alloc(kChunk * sizeof(Entry)));
      std::uninitialized_value_construct_n(raw, kChunk);
      chunks_.emplace_back(raw);
    }
    return static_cast<Index>(used_++);
  }

  void reset_slots(std::size_t n) {
    slots_.reset(static_cast<std::uint64_t*>(detail::table_alloc(n * sizeof(std::uint64_t))));
    slot_count_ = n;
  }

  void grow() {
    std::unique_ptr<std::uint64_t[], detail::TableFree> old = std::move(slots_);
    const std::size_t old_n = slot_count_;
    reset_slots(old_n * 2);
    std::uint64_t* slots = slots_.get();
    for (std::size_t i = 0; i < old_n; ++i) {
      const std::uint64_t s = old[i];
      if (s == 0) continue;
      std::size_t pos = static_cast<std::uint32_t>(s >> 32) & mask();
      while (slots[pos] != 0) pos = (pos + 1) & mask();
      slots[pos] = s;
    }
  }

  std::unique_ptr<std::uint64_t[], detail::TableFree> slots_;
  std::size_t slot_count_ = 0;
  std::vector<std::unique_ptr<Entry[], detail::TableFree>> chunks_;
  std::size_t used_ = 0;  ///< entries ever handed out (free ones are on the free list)
  std::size_t size_ = 0;
  Index free_ = kNone;
};

}  // namespace v6r::analyze
