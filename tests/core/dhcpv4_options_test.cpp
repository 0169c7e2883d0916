// The one DHCPv4 parser (core/dhcpv4_options.hpp): the fixed part, the cookie, Pad/End, each decoded
// option (51, 53, 54, 55, 108), wrong lengths and what ends the walk.
#include "core/dhcpv4_options.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace v6r::dhcpv4 {
namespace {

using Buf = std::vector<std::uint8_t>;

Buf message(const Buf& options, bool cookie = true) {
  Buf m(236, 0);
  m[0] = 2;
  m[1] = 1;
  m[2] = 6;
  m[3] = 1;
  m[4] = 0xab, m[5] = 0xcd, m[6] = 0xef, m[7] = 0x01;
  m[10] = 0x80;
  m[16] = 192, m[17] = 0, m[18] = 2, m[19] = 100;  // yiaddr
  m[28] = 2, m[33] = 7;                            // chaddr
  if (cookie) {
    for (int b : {0x63, 0x82, 0x53, 0x63}) m.push_back(static_cast<std::uint8_t>(b));
  }
  for (auto b : options) m.push_back(b);
  return m;
}

struct Walked {
  std::vector<Option> options;
  std::optional<OptionAnomaly> stop;
};
Walked walk(const Buf& m) {
  WireReader r{Bytes(m)};
  EXPECT_TRUE(read_header(r));
  EXPECT_TRUE(read_magic_cookie(r));
  OptionReader w(r);
  Walked out;
  while (auto o = w.next()) out.options.push_back(*o);
  out.stop = w.stop();
  EXPECT_FALSE(w.next());
  return out;
}

TEST(Dhcpv4Options, HeaderAndCookie) {
  const Buf m = message({255});
  WireReader r{Bytes(m)};
  auto h = read_header(r);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->op, 2);
  EXPECT_EQ(h->htype, 1);
  EXPECT_EQ(h->hlen, 6);
  EXPECT_EQ(h->hops, 1);
  EXPECT_EQ(h->xid, 0xabcdef01u);
  EXPECT_EQ(h->flags, 0x8000);
  EXPECT_EQ(h->yiaddr, (std::array<std::uint8_t, 4>{192, 0, 2, 100}));
  EXPECT_EQ(h->chaddr[5], 7);
  EXPECT_EQ(r.offset(), kFixedSize);
  EXPECT_TRUE(read_magic_cookie(r));
  EXPECT_EQ(r.offset(), kFixedSize + 4);
  for (std::size_t n = 0; n < kFixedSize; n += 5) {
    WireReader cut(m.data(), n);
    EXPECT_FALSE(read_header(cut)) << n;
  }
  const Buf bootp = message({}, false);
  WireReader b{Bytes(bootp)};
  ASSERT_TRUE(read_header(b));
  EXPECT_FALSE(read_magic_cookie(b));
  Buf wrong = message({});
  wrong[236] = 0x64;
  WireReader w{Bytes(wrong)};
  ASSERT_TRUE(read_header(w));
  EXPECT_FALSE(read_magic_cookie(w));
}

TEST(Dhcpv4Options, DecodesTheOfferOptions) {
  const auto w =
      walk(message({0, 0, 53, 1,   2,   54, 4, 203, 0,    113,  33, 51, 4,   0,   0,   0x0e, 0x10, 55,
                    3, 1, 3,  108, 108, 4,  0, 0,   0x07, 0x08, 12, 2,  'h', 'i', 255, 53,   1,    5}));
  EXPECT_FALSE(w.stop);
  ASSERT_EQ(w.options.size(), 6u) << "Pad skipped, nothing after End";
  EXPECT_EQ(std::get<MessageType>(w.options[0].value).type, 2);
  EXPECT_EQ(w.options[0].offset, 242u);
  EXPECT_EQ(std::get<ServerId>(w.options[1].value).address, (std::array<std::uint8_t, 4>{203, 0, 113, 33}));
  EXPECT_EQ(std::get<LeaseTime>(w.options[2].value).seconds, 3600u);
  EXPECT_EQ(std::get<ParamRequestList>(w.options[3].value).codes.size(), 3u);
  EXPECT_EQ(std::get<V6OnlyWait>(w.options[4].value).seconds, 1800u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(w.options[5].value));
  EXPECT_EQ(w.options[5].data.size(), 2u);
  for (const auto& o : w.options) EXPECT_FALSE(o.anomaly);
}

TEST(Dhcpv4Options, WrongLengthsAreAnomaliesAndTheWalkGoesOn) {
  const auto w = walk(message({108, 2, 0, 1, 53, 2, 1, 1, 54,  3, 1, 2, 3, 51,   8,
                               0,   0, 0, 0, 0,  0, 0, 0, 108, 4, 0, 0, 1, 0x2c, 255}));
  EXPECT_FALSE(w.stop);
  ASSERT_EQ(w.options.size(), 5u);
  const std::uint8_t codes[] = {108, 53, 54, 51};
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(w.options[i].anomaly) << i;
    EXPECT_EQ(w.options[i].anomaly->kind, Anomaly::truncated_dhcp_option);
    EXPECT_EQ(w.options[i].anomaly->code, codes[i]);
    EXPECT_FALSE(w.options[i].anomaly->stopped);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(w.options[i].value));
  }
  EXPECT_EQ(describe(*w.options[0].anomaly), "option 108 with length 2 ignored (RFC 8925 §3.1: must be 4)");
  EXPECT_EQ(describe(*w.options[1].anomaly), "option 53 with length 2 ignored (RFC 2132 §9.6: must be 1)");
  EXPECT_EQ(std::get<V6OnlyWait>(w.options[4].value).seconds, 300u);
}

TEST(Dhcpv4Options, WhatEndsTheWalk) {
  auto w = walk(message({53, 1, 2, 55, 40, 1}));
  EXPECT_EQ(w.options.size(), 1u);
  ASSERT_TRUE(w.stop);
  EXPECT_EQ(*w.stop, (OptionAnomaly{Anomaly::truncated_dhcp_option, 55, 40, 243, 0, true}));
  EXPECT_EQ(describe(*w.stop), "option 55 runs past the end of the message");

  w = walk(message({53, 1, 2, 108}));
  ASSERT_TRUE(w.stop);
  EXPECT_EQ(w.stop->length, std::nullopt);
  EXPECT_EQ(describe(*w.stop), "option 108 without a length octet");

  w = walk(message({53, 1, 2}));  // no End: the data ends the walk, no anomaly
  EXPECT_EQ(w.options.size(), 1u);
  EXPECT_FALSE(w.stop);
}

}  // namespace
}  // namespace v6r::dhcpv4
