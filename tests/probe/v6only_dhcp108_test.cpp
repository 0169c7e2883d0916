// v6only.dhcp108 pure half: DISCOVER layout, OFFER parsing (RFC 2131/2132, RFC 8925 option 108), verdicts.
#include <gtest/gtest.h>

#include "probes/checks/v6only_dhcp108.hpp"
#include "probes/reason.hpp"

using namespace v6r;
using v6r::probe::english;
using namespace v6r::probe::v6only;

namespace {
std::vector<std::uint8_t> offer(std::uint32_t xid, std::uint32_t yiaddr, std::vector<std::uint8_t> opts) {
  std::vector<std::uint8_t> m(236, 0);
  m[0] = 2;
  m[1] = 1;
  m[2] = 6;
  for (int i = 0; i < 4; ++i) {
    m[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(xid >> (24 - 8 * i));
    m[16 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(yiaddr >> (24 - 8 * i));
  }
  const std::uint8_t head[] = {0x63, 0x82, 0x53, 0x63, 53, 1, 2, 54, 4, 203, 0, 113, 33};
  for (auto b : head) m.push_back(b);  // (push_back: g++ 12 -Warray-bounds false positive on insert)
  for (auto b : opts) m.push_back(b);
  m.push_back(255);
  return m;
}
Bytes span(const std::vector<std::uint8_t>& v) {
  return Bytes(v.data(), v.size());
}
const std::vector<std::uint8_t> kOpt108_1800{108, 4, 0, 0, 0x07, 0x08};
}  // namespace

TEST(V6onlyDhcp108, DiscoverAsksForOption108InThePrl) {
  const std::vector<std::uint8_t> mac{2, 0, 0, 0, 0, 1};
  auto d = build_discover(0x01020304, mac);
  ASSERT_GE(d.size(), 300u);
  EXPECT_EQ(d[0], 1);
  EXPECT_EQ(d[4], 1);
  EXPECT_EQ(d[7], 4);
  EXPECT_EQ(d[10], 0x80);  // broadcast flag
  EXPECT_EQ(d[28 + 5], 1);
  // magic cookie, 53=1, 55 = {1,3,6,108}
  const std::vector<std::uint8_t> want{0x63, 0x82, 0x53, 0x63, 53, 1, 1, 55, 4, 1, 3, 6, 108, 255};
  EXPECT_EQ(std::vector<std::uint8_t>(d.begin() + 236, d.begin() + 250), want);
}

TEST(V6onlyDhcp108, ParsesTheLabOffer) {
  auto m = offer(0xabcdef01, 0, kOpt108_1800);
  auto r = parse_dhcp_reply(span(m));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->op, 2);
  EXPECT_EQ(r->xid, 0xabcdef01u);
  EXPECT_EQ(r->message_type, std::optional<std::uint8_t>(2));
  EXPECT_EQ(r->server_id->to_string(), "203.0.113.33");
  EXPECT_EQ(r->v6only_wait, std::optional<std::uint32_t>(1800));
  EXPECT_EQ(r->yiaddr.to_u32(), 0u);
}

TEST(V6onlyDhcp108, MalformedAndTruncated) {
  auto m = offer(1, 0, {108, 2, 0, 1});
  auto r = parse_dhcp_reply(span(m));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->v6only_wait);
  ASSERT_EQ(r->anomalies.size(), 1u);
  EXPECT_EQ(r->anomalies[0].kind, Anomaly::truncated_dhcp_option);
  EXPECT_EQ(r->anomalies[0].code, 108);
  EXPECT_FALSE(r->anomalies[0].stopped);
  EXPECT_EQ(dhcpv4::describe(r->anomalies[0]), "option 108 with length 2 ignored (RFC 8925 §3.1: must be 4)");

  m = offer(1, 0, kOpt108_1800);
  m.resize(m.size() - 3);  // option 108 cut short (and no end option)
  r = parse_dhcp_reply(span(m));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->v6only_wait);
  ASSERT_EQ(r->anomalies.size(), 1u);
  EXPECT_TRUE(r->anomalies[0].stopped);
  EXPECT_EQ(dhcpv4::describe(r->anomalies[0]), "option 108 runs past the end of the message");

  for (std::size_t n = 0; n < 240; n += 7) EXPECT_FALSE(parse_dhcp_reply(Bytes(m.data(), n))) << n;
  m[236] = 0;  // no magic cookie
  EXPECT_FALSE(parse_dhcp_reply(span(m)));
  // every prefix of a valid message: never crashes
  auto full = offer(1, 0xcb007112, kOpt108_1800);
  for (std::size_t n = 0; n <= full.size(); ++n) (void)parse_dhcp_reply(Bytes(full.data(), n));
}

TEST(V6onlyDhcp108Verdict, Mapping) {
  Dhcp108Input in;
  EXPECT_EQ(decide_dhcp108(in).verdict, Verdict::info);  // no DHCPv4 server at all
  in.expect = Option108::any;
  EXPECT_EQ(decide_dhcp108(in).verdict, Verdict::pass);
  in.expect = Option108::present;

  in.offer = *parse_dhcp_reply(span(offer(1, 0, kOpt108_1800)));
  auto v = decide_dhcp108(in);
  EXPECT_EQ(v.verdict, Verdict::pass);
  EXPECT_NE(english(v.reason).find("V6ONLY_WAIT 1800 s"), std::string::npos);

  in.offer = *parse_dhcp_reply(span(offer(1, 0xcb007112, {108, 4, 0, 0, 0, 60})));
  v = decide_dhcp108(in);
  EXPECT_EQ(v.verdict, Verdict::warn);
  EXPECT_EQ(v.rfc, std::optional<std::string>("RFC 8925 §3.4"));
  EXPECT_NE(english(v.reason).find("yiaddr 203.0.113.18"), std::string::npos);

  in.offer = *parse_dhcp_reply(span(offer(1, 0xcb007112, {})));
  EXPECT_EQ(decide_dhcp108(in).verdict, Verdict::fail);
  in.expect = Option108::absent;
  EXPECT_EQ(decide_dhcp108(in).verdict, Verdict::pass);
  in.offer = *parse_dhcp_reply(span(offer(1, 0, kOpt108_1800)));
  EXPECT_EQ(decide_dhcp108(in).verdict, Verdict::fail);
}

TEST(V6onlyDhcp108, OwnXids) {
  EXPECT_FALSE(is_own_dhcp_xid(0x5eed));
  note_own_dhcp_xid(0x5eed);
  EXPECT_TRUE(is_own_dhcp_xid(0x5eed));
}
