#include "core/time_util.hpp"

#include <gtest/gtest.h>

namespace v6r {
namespace {

using namespace std::chrono;

TEST(TimeUtil, FormatsRfc3339WithMillisAndZ) {
  UtcMs t = time_point_cast<milliseconds>(sys_days{2024y / May / 1}) + 12h + 34min + 56s + 789ms;
  EXPECT_EQ(format_rfc3339_ms(t), "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(format_rfc3339_ms(UtcMs{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_compact_utc(t), "20240501T123456Z");
}

TEST(TimeUtil, ParseRoundTrips) {
  auto t = parse_rfc3339_ms("2024-02-29T23:59:59.001Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339_ms(*t), "2024-02-29T23:59:59.001Z");
  auto c = parse_compact_utc("20240229T235959Z");
  ASSERT_TRUE(c);
  EXPECT_EQ(format_compact_utc(*c), "20240229T235959Z");
}

TEST(TimeUtil, ParseFractionVariants) {
  EXPECT_EQ(format_rfc3339_ms(*parse_rfc3339_ms("2024-01-01T00:00:00Z")), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(*parse_rfc3339_ms("2024-01-01T00:00:00.5Z")), "2024-01-01T00:00:00.500Z");
  EXPECT_EQ(format_rfc3339_ms(*parse_rfc3339_ms("2024-01-01T00:00:00.123456789Z")),
            "2024-01-01T00:00:00.123Z");
}

TEST(TimeUtil, ParseRejectsMalformed) {
  for (const char* s :
       {"", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00:00+00:00", "2024-01-01t00:00:00Z",
        "2024-01-01T00:00:00.Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z",
        "2024-01-01T00:00:60Z", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00.1234567890Z",
        "2024-01-01T00:00:00ZZ", "+024-01-01T00:00:00Z"})
    EXPECT_FALSE(parse_rfc3339_ms(s)) << s;
  for (const char* s : {"", "20240101T000000", "20240101 000000Z", "2024010T000000Z", "20241301T000000Z"})
    EXPECT_FALSE(parse_compact_utc(s)) << s;
}

TEST(TimeUtil, NowIsMillisecondPrecise) {
  auto a = now_utc_ms();
  EXPECT_TRUE(parse_rfc3339_ms(format_rfc3339_ms(a)) == a);
}

}  // namespace
}  // namespace v6r
