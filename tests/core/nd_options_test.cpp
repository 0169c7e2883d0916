// The one ND option parser (core/nd_options.hpp): RA header, every decoded option, the RFC 8781 §4
// PLC table and lifetime scaling, and each typed anomaly (what a host MUST ignore, what ends the walk).
#include "core/nd_options.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace v6r::nd {
namespace {

using Buf = std::vector<std::uint8_t>;

Buf cat(Buf a, const Buf& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Buf pref64(std::uint16_t scaled, std::uint8_t plc, std::uint8_t len = 2) {
  const auto sl = static_cast<std::uint16_t>((scaled << 3) | plc);
  Buf o{38,
        len,
        static_cast<std::uint8_t>(sl >> 8),
        static_cast<std::uint8_t>(sl),
        0x20,
        0x01,
        0x0d,
        0xb8,
        0x11,
        0x22,
        0x33,
        0x44,
        0x55,
        0x66,
        0x77,
        0x88};
  o.resize(std::size_t{len} * 8, 0);
  return o;
}

/// The options of `b` (their spans point into `b`: keep it alive while they are read).
std::vector<Option> walk(const Buf& b, std::optional<OptionAnomaly>* stop = nullptr) {
  OptionReader r{Bytes(b)};
  std::vector<Option> out;
  while (auto o = r.next()) out.push_back(*o);
  if (stop) *stop = r.stop();
  EXPECT_FALSE(r.next()) << "the walk stays ended";
  return out;
}

TEST(NdOptions, RaHeader) {
  const Buf ra{64, 0xc0, 0x07, 0x08, 0, 0, 0x75, 0x30, 0, 0, 0x03, 0xe8};
  WireReader r{Bytes(ra)};
  auto h = read_ra_header(r);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->cur_hop_limit, 64);
  EXPECT_TRUE(h->managed());
  EXPECT_TRUE(h->other());
  EXPECT_EQ(h->router_lifetime, 1800);
  EXPECT_EQ(h->reachable_time, 30000u);
  EXPECT_EQ(h->retrans_timer, 1000u);
  for (std::size_t n = 0; n < ra.size(); ++n) {
    WireReader cut(ra.data(), n);
    EXPECT_FALSE(read_ra_header(cut)) << n;
  }
}

TEST(NdOptions, EveryPlcAndLifetime) {
  const std::uint8_t want[] = {96, 64, 56, 48, 40, 32, 0, 0};
  for (std::uint8_t plc = 0; plc < 8; ++plc) {
    const auto o = walk(pref64(225, plc));
    ASSERT_EQ(o.size(), 1u);
    const auto* p = std::get_if<Pref64>(&o[0].value);
    ASSERT_NE(p, nullptr) << int(plc);
    EXPECT_EQ(p->plc, plc);
    EXPECT_EQ(p->length, want[plc]);
    EXPECT_EQ(p->valid(), plc < 6);
    EXPECT_EQ(p->lifetime_s(), 1800u);
    EXPECT_EQ(p->prefix[0], 0x20);
    EXPECT_EQ(p->prefix[11], 0x88);
    EXPECT_EQ(p->prefix[12], 0);
    EXPECT_EQ(o[0].anomaly.has_value(), plc >= 6);
    if (plc >= 6) {
      EXPECT_EQ(o[0].anomaly->kind, Anomaly::bad_pref64_option);
      EXPECT_EQ(o[0].anomaly->value, plc);
      EXPECT_EQ(describe(*o[0].anomaly), "PREF64 with invalid PLC " + std::to_string(plc) +
                                             " ignored (RFC 8781 §4: receiver MUST ignore it)");
    }
  }
  for (int s : {0, 1, 8191}) {
    const auto scaled = static_cast<std::uint16_t>(s);
    auto p = decode_pref64(Bytes(pref64(scaled, 0)).subspan(2));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->lifetime_s(), std::uint32_t{scaled} * 8u);
  }
  EXPECT_FALSE(decode_pref64(Bytes(pref64(0, 0)).subspan(2, 13)));
}

TEST(NdOptions, DecodesEveryKnownOption) {
  const Buf slla{1, 1, 2, 0, 0, 0, 0, 1};
  const Buf mtu{5, 1, 0, 0, 0, 0, 0x05, 0x78};
  const Buf pio{3,    4,    64,   0xc0, 0, 0, 0, 100, 0, 0, 0, 50, 0, 0, 0, 0,
                0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1,   0, 0, 0, 0,  0, 0, 0, 0};
  Buf rdnss{25, 5, 0, 0, 0, 0, 0x01, 0x2c};
  for (int last : {0x53, 0x54}) {
    const Buf a{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(last)};
    rdnss = cat(rdnss, a);
  }
  const Buf unknown{200, 1, 9, 9, 9, 9, 9, 9};
  std::optional<OptionAnomaly> stop;
  const Buf all = cat(cat(cat(cat(cat(slla, mtu), pio), rdnss), unknown), pref64(75, 2));
  const auto o = walk(all, &stop);  // the options' spans point into `all`
  EXPECT_FALSE(stop);
  ASSERT_EQ(o.size(), 6u);
  EXPECT_EQ(std::get<LinkLayerAddress>(o[0].value).address.size(), 6u);
  EXPECT_EQ(std::get<Mtu>(o[1].value).mtu, 1400u);
  const auto& pi = std::get<PrefixInformation>(o[2].value);
  EXPECT_EQ(pi.length, 64);
  EXPECT_TRUE(pi.on_link());
  EXPECT_TRUE(pi.autonomous());
  EXPECT_EQ(pi.valid_lifetime, 100u);
  EXPECT_EQ(pi.preferred_lifetime, 50u);
  EXPECT_EQ(pi.prefix[5], 1);
  const auto& rd = std::get<Rdnss>(o[3].value);
  EXPECT_EQ(rd.lifetime, 300u);
  ASSERT_EQ(rd.count(), 2u);
  EXPECT_EQ(rd.address(1)[15], 0x54);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(o[4].value));
  EXPECT_EQ(o[4].type, 200);
  EXPECT_EQ(o[4].body.size(), 6u);
  EXPECT_EQ(std::get<Pref64>(o[5].value).length, 56);
  EXPECT_EQ(o[1].offset, 8u);
  EXPECT_EQ(o[2].offset, 16u);
  for (const auto& x : o) EXPECT_FALSE(x.anomaly);
}

TEST(NdOptions, OptionsAHostMustIgnore) {
  Buf pio(32, 0);
  pio[0] = 3;
  pio[1] = 4;
  pio[2] = 129;
  const auto o = walk(
      cat(cat(cat(cat(pio, Buf{3, 1, 0, 0, 0, 0, 0, 0}), Buf{5, 2, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
              Buf{25, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
          pref64(1, 0, 3)));
  ASSERT_EQ(o.size(), 5u);
  EXPECT_EQ(o[0].anomaly->kind, Anomaly::bad_nd_prefix_length);
  EXPECT_EQ(std::get<PrefixInformation>(o[0].value).length, 129) << "kept for the record";
  EXPECT_EQ(describe(*o[0].anomaly),
            "Prefix Information option with prefix length 129 ignored (RFC 4861 §4.6.2: at most 128)");
  EXPECT_EQ(o[1].anomaly->kind, Anomaly::bad_nd_option_length);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(o[1].value));
  EXPECT_EQ(describe(*o[1].anomaly),
            "Prefix Information option with length 1 ignored (RFC 4861 §4.6.2: must be 4)");
  EXPECT_EQ(describe(*o[2].anomaly), "MTU option with length 2 ignored (RFC 4861 §4.6.4: must be 1)");
  EXPECT_EQ(describe(*o[3].anomaly), "RDNSS option with length 2 ignored (RFC 8106 §5.1: must be 3 + 2n)");
  EXPECT_EQ(o[4].anomaly->kind, Anomaly::bad_pref64_option);
  EXPECT_EQ(o[4].anomaly->offset, 72u);
  EXPECT_FALSE(o[4].anomaly->stopped);
}

TEST(NdOptions, WhatEndsTheWalk) {
  std::optional<OptionAnomaly> stop;
  auto o = walk(cat(Buf{1, 1, 0, 0, 0, 0, 0, 1}, Buf{38}), &stop);
  EXPECT_EQ(o.size(), 1u) << "the options before are kept";
  ASSERT_TRUE(stop);
  EXPECT_EQ(*stop, (OptionAnomaly{Anomaly::truncated_nd_option, 38, std::nullopt, 8, 0, true}));
  EXPECT_EQ(describe(*stop), "truncated option header at offset 8");

  o = walk(cat(Buf{1, 0, 0, 0, 0, 0, 0, 0}, pref64(1, 0)), &stop);
  EXPECT_TRUE(o.empty());
  EXPECT_EQ(*stop, (OptionAnomaly{Anomaly::bad_nd_option_length, 1, 0, 0, 0, true}));
  EXPECT_EQ(describe(*stop), "zero-length option (type 1) at offset 0");

  Buf cut = pref64(1, 0);
  cut.pop_back();
  o = walk(cut, &stop);
  EXPECT_TRUE(o.empty());
  EXPECT_EQ(*stop, (OptionAnomaly{Anomaly::truncated_nd_option, 38, 2, 0, 0, true}));
  EXPECT_EQ(describe(*stop), "option type 38 runs past the end of the message (offset 0)");

  o = walk(Buf{}, &stop);
  EXPECT_TRUE(o.empty());
  EXPECT_FALSE(stop);
}

TEST(NdOptions, OffsetsAreTheCallersReader) {
  const Buf msg = cat(Buf{134, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, Buf{5, 3, 0, 0, 0, 0, 0, 0});
  WireReader r{Bytes(msg)};
  r.skip(4);
  ASSERT_TRUE(read_ra_header(r));
  OptionReader walk(r);
  EXPECT_FALSE(walk.next());
  ASSERT_TRUE(walk.stop());
  EXPECT_EQ(walk.stop()->offset, 16u);
}

}  // namespace
}  // namespace v6r::nd
