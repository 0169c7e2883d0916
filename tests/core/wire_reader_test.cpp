#include "core/wire_reader.hpp"

#include <gtest/gtest.h>

#include <array>

namespace v6r {
namespace {

TEST(WireReader, ReadsBigAndLittleEndian) {
  const std::array<std::uint8_t, 7> buf{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde};
  WireReader r(buf);
  EXPECT_EQ(r.u16be(), 0x1234);
  EXPECT_EQ(r.u32le(), 0xbc9a7856u);
  EXPECT_EQ(r.u8(), 0xde);
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.ok());
}

TEST(WireReader, ReadPastEndFailsAndLatches) {
  const std::array<std::uint8_t, 3> buf{1, 2, 3};
  WireReader r(buf);
  EXPECT_FALSE(r.u32be().has_value());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.u8().has_value()) << "a failed reader must stay failed";
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WireReader, SubReaderIsBoundedAndAdvancesParent) {
  const std::array<std::uint8_t, 5> buf{9, 8, 7, 6, 5};
  WireReader r(buf);
  auto s = r.sub(2);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->u16be(), 0x0908);
  EXPECT_FALSE(s->u8().has_value());
  EXPECT_EQ(r.offset(), 2u);
  EXPECT_FALSE(r.seek(6));
}

}  // namespace
}  // namespace v6r
