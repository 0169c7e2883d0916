// v6only.ra pure half: RA/PREF64 decoding (RFC 8781 §4) and the verdict mapping.
#include <gtest/gtest.h>

#include "probes/checks/v6only_ra.hpp"
#include "probes/reason.hpp"

using namespace v6r;
using v6r::probe::english;
using namespace v6r::probe::v6only;

namespace {
std::vector<std::uint8_t> ra_header() {
  return {134, 0, 0, 0, 64, 0x00, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};  // hop 64, lifetime 1800
}
// PREF64 option: lifetime in seconds (multiple of 8), PLC, first 12 octets of the prefix.
std::vector<std::uint8_t> pref64(std::uint16_t lifetime_s, std::uint8_t plc, std::vector<std::uint8_t> hi,
                                 std::uint8_t len = 2) {
  const auto sl = static_cast<std::uint16_t>(((lifetime_s / 8) << 3) | plc);
  std::vector<std::uint8_t> o{38, len, static_cast<std::uint8_t>(sl >> 8), static_cast<std::uint8_t>(sl)};
  hi.resize(12);
  o.insert(o.end(), hi.begin(), hi.end());
  while (o.size() < std::size_t{len} * 8) o.push_back(0);
  return o;
}
const std::vector<std::uint8_t> kLabPrefix{0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0};
std::vector<std::uint8_t> cat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Bytes span(const std::vector<std::uint8_t>& v) {
  return Bytes(v.data(), v.size());
}
}  // namespace

TEST(V6onlyRa, DecodesTheLabPref64Exactly) {
  const auto ra = cat(ra_header(), pref64(1800, 0, kLabPrefix));
  auto r = parse_ra(span(ra));
  ASSERT_TRUE(r) << r.error();
  ASSERT_EQ(r->pref64.size(), 1u);
  EXPECT_EQ(r->pref64[0].prefix.to_string(), "2001:db8:64::/96");
  EXPECT_EQ(r->pref64[0].lifetime_s, 1800u);
  EXPECT_EQ(r->router_lifetime_s, 1800);
  EXPECT_TRUE(r->anomalies.empty());
}

TEST(V6onlyRa, EveryPlcValue) {
  const std::vector<std::uint8_t> hi{0x20, 0x01, 0x0d, 0xb8, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  const char* want[] = {"2001:db8:1122:3344:5566:7788::/96",
                        "2001:db8:1122:3344::/64",
                        "2001:db8:1122:3300::/56",
                        "2001:db8:1122::/48",
                        "2001:db8:1100::/40",
                        "2001:db8::/32"};
  for (std::uint8_t plc = 0; plc <= 5; ++plc) {
    auto o = pref64(80, plc, hi);
    auto p = decode_pref64(Bytes(o.data() + 2, 14));
    ASSERT_TRUE(p) << int(plc);
    EXPECT_EQ(p->prefix.to_string(), want[plc]) << int(plc);
    EXPECT_EQ(p->plc, plc);
  }
}

TEST(V6onlyRa, BadPlcIsAnErrorAndTheOptionIgnored) {
  for (std::uint8_t plc : {std::uint8_t{6}, std::uint8_t{7}}) {
    auto o = pref64(80, plc, kLabPrefix);
    EXPECT_FALSE(decode_pref64(Bytes(o.data() + 2, 14))) << int(plc);
    auto r = parse_ra(span(cat(ra_header(), o)));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->pref64.empty());
    ASSERT_EQ(r->anomalies.size(), 1u);
    EXPECT_EQ(r->anomalies[0].kind, Anomaly::bad_pref64_option);
    EXPECT_EQ(r->anomalies[0].value, plc);
    EXPECT_NE(nd::describe(r->anomalies[0]).find("invalid PLC " + std::to_string(plc)), std::string::npos);
  }
}

TEST(V6onlyRa, LifetimeScaling) {
  for (int scaled : {0, 1, 225, 8191}) {
    auto o = pref64(0, 0, kLabPrefix);
    const auto sl = static_cast<std::uint16_t>(scaled << 3);
    o[2] = static_cast<std::uint8_t>(sl >> 8);
    o[3] = static_cast<std::uint8_t>(sl);
    auto p = decode_pref64(Bytes(o.data() + 2, 14));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->lifetime_s, static_cast<std::uint32_t>(scaled) * 8u);
  }
}

TEST(V6onlyRa, WrongLengthPref64Ignored) {
  auto r = parse_ra(span(cat(ra_header(), pref64(80, 0, kLabPrefix, 3))));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->pref64.empty());
  ASSERT_EQ(r->anomalies.size(), 1u);
  EXPECT_EQ(r->anomalies[0].kind, Anomaly::bad_pref64_option);
  EXPECT_EQ(r->anomalies[0].length, 3);
  EXPECT_EQ(r->anomalies[0].offset, 16u);
  EXPECT_EQ(nd::describe(r->anomalies[0]), "PREF64 with length 3 ignored (RFC 8781 §4: must be 2)");
}

TEST(V6onlyRa, TruncatedAndZeroLengthOptionsStopTheWalk) {
  auto ra = cat(ra_header(), pref64(1800, 0, kLabPrefix));
  ra.resize(ra.size() - 3);  // option runs past the end
  auto r = parse_ra(span(ra));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->pref64.empty());
  ASSERT_EQ(r->anomalies.size(), 1u);
  EXPECT_EQ(r->anomalies[0].kind, Anomaly::truncated_nd_option);
  EXPECT_TRUE(r->anomalies[0].stopped);
  EXPECT_NE(nd::describe(r->anomalies[0]).find("past the end"), std::string::npos);

  auto z = cat(cat(ra_header(), {1, 0, 0, 0, 0, 0, 0, 0}), pref64(1800, 0, kLabPrefix));
  r = parse_ra(span(z));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->pref64.empty());  // the walk stopped before it
  EXPECT_EQ(r->anomalies.at(0).kind, Anomaly::bad_nd_option_length);
  EXPECT_EQ(nd::describe(r->anomalies.at(0)), "zero-length option (type 1) at offset 16");

  auto lone = ra_header();
  lone.push_back(38);  // an option header cut after its type
  r = parse_ra(span(lone));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->anomalies.size(), 1u);
  EXPECT_EQ(r->anomalies[0].kind, Anomaly::truncated_nd_option);
  EXPECT_EQ(r->anomalies[0].length, std::nullopt);
  EXPECT_EQ(nd::describe(r->anomalies[0]), "truncated option header at offset 16");

  for (std::size_t n = 0; n < 16; ++n) EXPECT_FALSE(parse_ra(Bytes(ra.data(), n))) << n;
}

TEST(V6onlyRa, RdnssAndPrefixInformation) {
  std::vector<std::uint8_t> pio{3,    4,    64,   0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x07, 0x08, 0, 0, 0, 0,
                                0x20, 0x01, 0x0d, 0xb8, 0, 1, 0,    1,    0, 0, 0,    0,    0, 0, 0, 0};
  std::vector<std::uint8_t> rdnss{25, 3,    0, 0, 0, 0, 0x0e, 0x10, 0x20, 0x01, 0x0d, 0xb8,
                                  0,  0x53, 0, 0, 0, 0, 0,    0,    0,    0,    0,    1};
  auto r = parse_ra(span(cat(cat(ra_header(), pio), rdnss)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->prefixes.size(), 1u);
  EXPECT_EQ(r->prefixes[0].prefix.to_string(), "2001:db8:1:1::/64");
  EXPECT_TRUE(r->prefixes[0].on_link);
  EXPECT_TRUE(r->prefixes[0].autonomous);
  EXPECT_EQ(r->prefixes[0].valid_s, 3600u);
  ASSERT_EQ(r->rdnss.size(), 1u);
  ASSERT_EQ(r->rdnss[0].servers.size(), 1u);
  EXPECT_EQ(r->rdnss[0].servers[0].to_string(), "2001:db8:53::1");
}

TEST(V6onlyRa, OptionsAHostMustIgnoreAreListedNotUsed) {
  std::vector<std::uint8_t> pio_len129{3,    4, 129, 0xc0, 0, 0,    0x0e, 0x10, 0,    0, 0x07,
                                       0x08, 0, 0,   0,    0, 0x20, 0x01, 0x0d, 0xb8, 0, 1,
                                       0,    1, 0,   0,    0, 0,    0,    0,    0,    0};
  std::vector<std::uint8_t> mtu_len2{5, 2, 0, 0, 0, 0, 0x05, 0xdc, 0, 0, 0, 0, 0, 0, 0, 0};
  std::vector<std::uint8_t> rdnss_len2{25, 2, 0, 0, 0, 0, 0x0e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0};
  auto r = parse_ra(
      span(cat(cat(cat(cat(ra_header(), pio_len129), mtu_len2), rdnss_len2), pref64(80, 0, kLabPrefix))));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->prefixes.empty());
  EXPECT_FALSE(r->mtu);
  EXPECT_TRUE(r->rdnss.empty());
  ASSERT_EQ(r->pref64.size(), 1u) << "the walk goes on after an ignored option";
  ASSERT_EQ(r->anomalies.size(), 3u);
  EXPECT_EQ(r->anomalies[0].kind, Anomaly::bad_nd_prefix_length);
  EXPECT_EQ(r->anomalies[0].value, 129u);
  EXPECT_EQ(r->anomalies[1].kind, Anomaly::bad_nd_option_length);
  EXPECT_EQ(r->anomalies[1].code, 5);
  EXPECT_EQ(r->anomalies[2].kind, Anomaly::bad_nd_option_length);
  EXPECT_EQ(nd::describe(r->anomalies[2]),
            "RDNSS option with length 2 ignored (RFC 8106 §5.1: must be 3 + 2n)");
  EXPECT_FALSE(r->anomalies[2].stopped);
}

TEST(V6onlyRa, RouterSolicitation) {
  auto rs = build_router_solicitation();
  ASSERT_EQ(rs.size(), 8u);
  EXPECT_EQ(rs[0], 133);
}

TEST(V6onlyRaVerdict, Mapping) {
  RaVerdictInput in;
  EXPECT_EQ(decide_ra(in).verdict, Verdict::warn);
  EXPECT_TRUE(decide_ra(in).retryable);

  auto ra = parse_ra(span(cat(ra_header(), pref64(1800, 0, kLabPrefix))));
  in.ras_seen = 1;
  in.ra = *ra;
  EXPECT_EQ(decide_ra(in).verdict, Verdict::pass);  // nothing expected
  in.expected = *Prefix::parse("2001:db8:64::/96");
  EXPECT_EQ(decide_ra(in).verdict, Verdict::pass);
  in.expected = *Prefix::parse("2001:db8:65::/96");
  auto v = decide_ra(in);
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_NE(english(v.reason).find("2001:db8:64::/96"), std::string::npos);

  in.ra = *parse_ra(span(ra_header()));
  EXPECT_EQ(decide_ra(in).verdict, Verdict::info);
  in.require_pref64 = true;
  EXPECT_EQ(decide_ra(in).verdict, Verdict::fail);
  in.require_pref64 = false;
  in.ra = *parse_ra(span(cat(ra_header(), pref64(0, 0, kLabPrefix))));  // withdrawn
  EXPECT_EQ(decide_ra(in).verdict, Verdict::info);
  in.ra = *parse_ra(span(cat(ra_header(), pref64(80, 7, kLabPrefix))));  // malformed only
  EXPECT_EQ(decide_ra(in).verdict, Verdict::fail);
}
