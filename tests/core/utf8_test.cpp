// core/utf8: decoding untrusted bytes (RFC 3629) and cutting by user-perceived characters (UAX #29).
#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace v6r::utf8 {
namespace {

TEST(Utf8, ValidAndInvalid) {
  EXPECT_TRUE(valid(""));
  EXPECT_TRUE(valid("commune Hà Nội ✔ 😀"));
  EXPECT_FALSE(valid("\xff"));
  EXPECT_FALSE(valid("\xc3"));              // cut sequence
  EXPECT_FALSE(valid("\xc0\xaf"));          // overlong '/' (RFC 3629 §10)
  EXPECT_FALSE(valid("\xe0\x80\xaf"));      // overlong, 3 bytes
  EXPECT_FALSE(valid("\xed\xa0\x80"));      // U+D800, a lone surrogate
  EXPECT_FALSE(valid("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid("ok\x80"));
  EXPECT_TRUE(valid("\xef\xbf\xbe"));  // U+FFFE is well-formed (a noncharacter, hidden by the escapers)
}

TEST(Utf8, DecodeSteps) {
  const std::string s = "a\xc3\xa0\xff\xf0\x9f\x98\x80";
  Unit u = decode(s, 0);
  EXPECT_EQ(u.cp, 'a');
  EXPECT_EQ(u.len, 1U);
  u = decode(s, 1);
  EXPECT_EQ(u.cp, 0xe0);
  EXPECT_EQ(u.len, 2U);
  u = decode(s, 3);
  EXPECT_FALSE(u.valid());
  EXPECT_EQ(u.len, 1U);
  u = decode(s, 4);
  EXPECT_EQ(u.cp, 0x1f600);
  EXPECT_EQ(u.len, 4U);
  EXPECT_FALSE(decode("\xe2\x80", 0).valid());  // truncated at the end of the input
}

TEST(Utf8, CountsGraphemeClusters) {
  EXPECT_EQ(count_chars(""), 0U);
  EXPECT_EQ(count_chars("abc"), 3U);
  EXPECT_EQ(count_chars("Nội"), 3U);                  // precomposed
  EXPECT_EQ(count_chars("No\xcc\xa3\xcc\x82i"), 3U);  // o + combining dot below + circumflex
  EXPECT_EQ(count_chars("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"), 1U);  // man ZWJ woman
  EXPECT_EQ(count_chars("\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3"), 1U);  // flag VN (two regional indicators)
  EXPECT_EQ(count_chars("\r\n"), 1U);                              // UAX #29 GB3
  EXPECT_EQ(count_chars("a\xff\xfe"
                        "b"),
            4U);  // each invalid byte is one
}

TEST(Utf8, TruncateNeverSplitsASequenceOrACluster) {
  EXPECT_EQ(truncate("short", 10), "short");
  EXPECT_EQ(truncate("exactly10!", 10), "exactly10!");
  EXPECT_EQ(truncate("more than ten", 10), "more than\u2026");
  EXPECT_EQ(truncate("x", 0), "");
  EXPECT_EQ(truncate("abc", 1), "\u2026");
  EXPECT_EQ(truncate("abcdef", 5, "..."), "ab...");
  EXPECT_EQ(truncate("abcdef", 2, "..."), "ab");
  // Level titles used to be cut by bytes inside "ộ" (3 bytes), leaving invalid UTF-8.
  const std::string vi = "Sẵn sàng IPv6 hoàn toàn ở mọi dịch vụ của xã";
  for (std::size_t n = 0; n <= count_chars(vi) + 1; ++n) {
    const auto t = truncate(vi, n);
    EXPECT_TRUE(valid(t)) << n;
    EXPECT_LE(count_chars(t), n);
  }
  // A base letter keeps its combining marks; a ZWJ emoji sequence stays whole.
  EXPECT_EQ(truncate("ao\xcc\xa3\xcc\x82xyz", 3), "ao\xcc\xa3\xcc\x82\u2026");
  const std::string family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9";
  EXPECT_EQ(truncate("a" + family + "bc", 3), "a" + family + "\u2026");
  // Invalid bytes are kept (the escaper shows them) and count one each.
  EXPECT_EQ(truncate("\xff\xfe\xfd\xfc", 3), "\xff\xfe\u2026");
}

}  // namespace
}  // namespace v6r::utf8
