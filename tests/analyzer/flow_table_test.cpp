// The open-addressing flow table (analyzers/flow/flow_table.hpp) against a std::map model: random
// inserts, lookups and erasures (backward-shift deletion, slot growth, entry reuse) keep every key
// findable with its own state, and absent keys absent.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "analyzers/flow/flow_table.hpp"

using namespace v6r::analyze;

namespace {

struct State {
  std::uint32_t prev = 0, next = 0;  // `next` is the table's free-list link
  std::uint64_t value = 0;
};

FlowKey key_of(std::uint32_t n) {
  Endpoint a, b;
  a.addr = {0x20, 0x01, 0x0d, 0xb8};
  b.addr = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53};
  a.addr[12] = static_cast<std::uint8_t>(n >> 24);
  a.addr[13] = static_cast<std::uint8_t>(n >> 16);
  a.addr[14] = static_cast<std::uint8_t>(n >> 8);
  a.addr[15] = static_cast<std::uint8_t>(n);
  a.port = static_cast<std::uint16_t>(n * 7);
  b.port = 53;
  int side = 0;
  return FlowKey::make(17, true, a, b, side);
}

}  // namespace

TEST(FlowTable, MatchesAMapModelUnderRandomInsertAndErase) {
  FlowTable<State> t;
  std::map<std::uint32_t, std::uint64_t> model;
  std::map<std::uint32_t, FlowTable<State>::Index> where;
  std::mt19937 rng(7);
  for (int step = 0; step < 200000; ++step) {
    const auto n =
        static_cast<std::uint32_t>(rng() % 30000);  // dense enough for long probe runs and many erasures
    const FlowKey k = key_of(n);
    if (rng() % 3 == 0) {
      const auto i = t.find(k);
      ASSERT_EQ(i != FlowTable<State>::kNone, model.count(n) == 1) << "step " << step;
      if (i != FlowTable<State>::kNone) {
        t.erase(i);
        model.erase(n);
        where.erase(n);
      }
    } else {
      const auto [i, inserted] = t.find_or_insert(k);
      ASSERT_EQ(inserted, model.count(n) == 0) << "step " << step;
      if (inserted) {
        t.at(i).state.value = 1000000ull + n;
        model[n] = 1000000ull + n;
        where[n] = i;
      } else {
        ASSERT_EQ(i, where[n]);
      }
      ASSERT_TRUE(t.at(i).key == k);
    }
    ASSERT_EQ(t.size(), model.size());
  }
  for (std::uint32_t n = 0; n < 30000; ++n) {
    const auto i = t.find(key_of(n));
    ASSERT_EQ(i != FlowTable<State>::kNone, model.count(n) == 1) << n;
    if (i != FlowTable<State>::kNone) {
      EXPECT_EQ(t.at(i).state.value, model[n]);
    }
  }
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.find(key_of(model.begin()->first)), FlowTable<State>::kNone);
}

TEST(FlowTable, GrowsPastManyChunksAndKeepsEntriesInPlace) {
  FlowTable<State> t;
  constexpr std::uint32_t kN = 100000;  // several 2 MiB entry chunks, slot array doubled many times
  std::vector<const FlowTable<State>::Entry*> addr(kN);
  for (std::uint32_t n = 0; n < kN; ++n) {
    const auto [i, inserted] = t.find_or_insert(key_of(n));
    ASSERT_TRUE(inserted);
    t.at(i).state.value = n;
    addr[n] = &t.at(i);
  }
  for (std::uint32_t n = 0; n < kN; ++n) {
    const auto i = t.find(key_of(n));
    ASSERT_NE(i, FlowTable<State>::kNone);
    EXPECT_EQ(&t.at(i), addr[n]);  // entries never move (references stay valid across growth)
    EXPECT_EQ(t.at(i).state.value, n);
  }
  EXPECT_EQ(t.size(), kN);
}
