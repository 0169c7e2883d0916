#include "core/rfc6052.hpp"

#include <gtest/gtest.h>

namespace v6r::addr {
namespace {

Prefix P(const char* s) {
  return *Prefix::parse(s);
}
Ipv4Addr V4(const char* s) {
  return *Ipv4Addr::parse(s);
}
Ipv6Addr V6(const char* s) {
  return *Ipv6Addr::parse(s);
}

// RFC 6052 §2.4, every row, both directions. The RFC writes the /96 rows with a dotted quad; the
// canonical RFC 5952 text is what to_string() gives.
struct Row {
  const char* prefix;
  const char* v4;
  const char* v6;
  const char* canonical;
};
constexpr Row kTable[] = {
    {"2001:db8::/32", "192.0.2.33", "2001:db8:c000:221::", "2001:db8:c000:221::"},
    {"2001:db8:100::/40", "192.0.2.33", "2001:db8:1c0:2:21::", "2001:db8:1c0:2:21::"},
    {"2001:db8:122::/48", "192.0.2.33", "2001:db8:122:c000:2:2100::", "2001:db8:122:c000:2:2100::"},
    {"2001:db8:122:300::/56", "192.0.2.33", "2001:db8:122:3c0:0:221::", "2001:db8:122:3c0:0:221::"},
    {"2001:db8:122:344::/64", "192.0.2.33", "2001:db8:122:344:c0:2:2100:0", "2001:db8:122:344:c0:2:2100:0"},
    {"2001:db8:122:344::/96", "192.0.2.33", "2001:db8:122:344::192.0.2.33", "2001:db8:122:344::c000:221"},
    {"64:ff9b::/96", "192.0.2.33", "64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
};
constexpr Options kMechanics{false};  // the table uses the WKP with a documentation address

TEST(Rfc6052, Section24TableEmbeds) {
  for (const auto& r : kTable) {
    auto a = embed(P(r.prefix), V4(r.v4), kMechanics);
    ASSERT_TRUE(a) << r.prefix << ": " << a.error().message;
    EXPECT_EQ(*a, V6(r.v6)) << r.prefix;
    EXPECT_EQ(a->to_string(), r.canonical) << r.prefix;
  }
}

TEST(Rfc6052, Section24TableExtracts) {
  for (const auto& r : kTable) {
    auto x = extract(P(r.prefix), V6(r.v6), kMechanics);
    ASSERT_TRUE(x) << r.prefix << ": " << x.error().message;
    EXPECT_EQ(x->ipv4, V4(r.v4)) << r.prefix;
    EXPECT_FALSE(x->suffix_nonzero);
  }
}

TEST(Rfc6052, EveryLengthRoundTripsAndKeepsUOctetZero) {
  const Ipv4Addr v4 = V4("203.0.113.254");
  for (int len : kLegalLengths) {
    const Prefix p = Prefix::masked(IpAddr(V6("2001:db8:aaaa:bbbb:ff::")), len);
    auto a = embed(p, v4);
    ASSERT_TRUE(a) << len << ": " << a.error().message;
    EXPECT_EQ(a->bytes[8], 0) << len;
    EXPECT_EQ(extract(p, *a)->ipv4, v4) << len;
  }
}

TEST(Rfc6052, IllegalLength) {
  auto a = embed(P("2001:db8::/33"), V4("192.0.2.1"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Rfc6052Error::illegal_length);
  EXPECT_EQ(a.error().message, "prefix length 33 is not one of 32, 40, 48, 56, 64, 96 (RFC 6052 §2.2)");
  EXPECT_EQ(extract(P("2001:db8::/128"), V6("2001:db8::1")).error().code, Rfc6052Error::illegal_length);
}

TEST(Rfc6052, NotIpv6Prefix) {
  auto a = embed(P("192.0.2.0/24"), V4("192.0.2.1"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Rfc6052Error::not_ipv6_prefix);
  EXPECT_EQ(a.error().message, "192.0.2.0/24 is not an IPv6 prefix");
}

TEST(Rfc6052, UOctetNonZero) {
  // A /96 whose bits 64..71 are set cannot be a Pref64 (§2.2 MUST).
  auto a = embed(P("2001:db8:0:0:100::/96"), V4("192.0.2.1"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Rfc6052Error::u_octet_nonzero);
  EXPECT_EQ(a.error().message, "2001:db8:0:0:100::/96: bits 64-71 (u-octet) must be zero (RFC 6052 §2.2)");
  // Extraction from an address with a non-zero u-octet.
  auto x = extract(P("2001:db8:122:344::/64"), V6("2001:db8:122:344:1c0:2:2100:0"));
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, Rfc6052Error::u_octet_nonzero);
  EXPECT_EQ(x.error().message,
            "2001:db8:122:344:1c0:2:2100:0: bits 64-71 (u-octet) must be zero (RFC 6052 §2.2)");
}

TEST(Rfc6052, WellKnownPrefixNeverWithNonGlobalIpv4) {
  auto a = embed(P("64:ff9b::/96"), V4("10.1.2.3"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Rfc6052Error::wkp_non_global_ipv4);
  EXPECT_EQ(a.error().message,
            "the Well-Known Prefix 64:ff9b::/96 must not represent the non-global IPv4 address 10.1.2.3 (RFC "
            "6052 §3.1)");
  EXPECT_EQ(extract(P("64:ff9b::/96"), V6("64:ff9b::192.168.1.1")).error().code,
            Rfc6052Error::wkp_non_global_ipv4);
  EXPECT_EQ(embed(P("64:ff9b::/96"), V4("8.8.8.8"))->to_string(), "64:ff9b::808:808");
  // A network-specific prefix may carry any IPv4 address.
  EXPECT_TRUE(embed(P("2001:db8:64::/96"), V4("10.1.2.3")));
}

TEST(Rfc6052, LocalUsePrefixIsNetworkSpecific) {
  EXPECT_EQ(classify(P("64:ff9b::/96")), PrefixKind::well_known);
  EXPECT_EQ(classify(P("64:ff9b:1::/48")), PrefixKind::local_use);
  EXPECT_EQ(classify(P("64:ff9b:1:abcd::/64")), PrefixKind::local_use);
  EXPECT_EQ(classify(P("2001:db8:64::/96")), PrefixKind::network_specific);
  // RFC 8215: the §3.1 restriction is for the WKP only.
  auto a = embed(P("64:ff9b:1::/96"), V4("10.1.2.3"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "64:ff9b:1::a01:203");
}

TEST(Rfc6052, AddressNotInPrefix) {
  auto x = extract(P("2001:db8:64::/96"), V6("2001:db8:65::c000:20a"));
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, Rfc6052Error::address_not_in_prefix);
  EXPECT_EQ(x.error().message, "2001:db8:65::c000:20a is not inside 2001:db8:64::/96");
}

TEST(Rfc6052, NonZeroSuffixIsAWarning) {
  auto x = extract(P("2001:db8::/32"), V6("2001:db8:c000:221::1"));
  ASSERT_TRUE(x);
  EXPECT_EQ(x->ipv4, V4("192.0.2.33"));
  EXPECT_TRUE(x->suffix_nonzero);
}

TEST(Rfc6052, ErrorNames) {
  EXPECT_EQ(to_string(Rfc6052Error::wkp_non_global_ipv4), "wkp_non_global_ipv4");
  EXPECT_EQ(to_string(PrefixKind::local_use), "local-use");
}

TEST(Rfc7050, DiscoversEveryLength) {
  for (int len : kLegalLengths) {
    const Prefix p = Prefix::masked(IpAddr(V6("2001:db8:aaaa:bbbb::")), len);
    const Ipv6Addr answers[] = {*embed(p, kWka1), *embed(p, kWka2)};
    auto r = discover_pref64(answers);
    ASSERT_EQ(r.prefixes.size(), 1u) << len;
    EXPECT_EQ(r.prefixes[0], p) << len;
  }
}

TEST(Rfc7050, LabAnswers) {
  const Ipv6Addr answers[] = {V6("2001:db8:64::c000:aa"), V6("2001:db8:64::c000:ab")};
  auto r = discover_pref64(answers);
  ASSERT_EQ(r.prefixes.size(), 1u);
  EXPECT_EQ(r.prefixes[0].to_string(), "2001:db8:64::/96");
  EXPECT_TRUE(r.notes.empty());
}

TEST(Rfc7050, AmbiguousPositionIsResolvedBySecondaryWkaOrIgnored) {
  // A /32 prefix whose own bits 32..63 happen to read 192.0.0.170 at /32 is ... constructed instead:
  // a /64 prefix 2001:db8:c000:aa::/64 + WKA1 carries 192.0.0.170 at /32 (bits 32..63) and at /64.
  const Prefix p64 = P("2001:db8:c000:aa::/64");
  const Ipv6Addr a1 = *embed(p64, kWka1);
  const Ipv6Addr alone[] = {a1};
  auto r1 = discover_pref64(alone);
  EXPECT_TRUE(r1.prefixes.empty());
  ASSERT_EQ(r1.notes.size(), 1u);
  EXPECT_EQ(
      r1.notes[0],
      a1.to_string() +
          ": well-known address found at several positions (/32, /64), ambiguous, ignored (RFC 7050 §3)");
  // With the 192.0.0.171 answer (found only at /64) the position is known.
  const Ipv6Addr both[] = {a1, *embed(p64, kWka2)};
  auto r2 = discover_pref64(both);
  ASSERT_EQ(r2.prefixes.size(), 1u);
  EXPECT_EQ(r2.prefixes[0], p64);
}

TEST(Rfc7050, NoMatchAndNonZeroUOctetAreNoted) {
  const Ipv6Addr answers[] = {V6("2001:db8::1"), V6("2001:db8:0:0:100::c000:aa")};
  auto r = discover_pref64(answers);
  EXPECT_TRUE(r.prefixes.empty());
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[0], "2001:db8::1: no well-known address at any RFC 6052 position");
  EXPECT_EQ(r.notes[1], "2001:db8::100:0:c000:aa: u-octet (bits 64-71) not zero, ignored");
}

}  // namespace
}  // namespace v6r::addr
