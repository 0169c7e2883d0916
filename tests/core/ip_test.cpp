#include "core/ip.hpp"

#include <gtest/gtest.h>

namespace v6r {
namespace {

TEST(Ipv4Addr, ParsesStrictDottedQuad) {
  auto a = Ipv4Addr::parse("192.0.2.33");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_u32(), 0xC0000221u);
  EXPECT_EQ(a->to_string(), "192.0.2.33");
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "1..2.3", "1.2.3.1234"})
    EXPECT_FALSE(Ipv4Addr::parse(bad)) << bad;
  EXPECT_TRUE(Ipv4Addr::parse("0.0.0.0"));
  EXPECT_TRUE(Ipv4Addr::parse("255.255.255.255"));
}

TEST(Ipv6Addr, FormatsRfc5952Canonical) {
  const std::pair<const char*, const char*> cases[] = {
      {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
      {"2001:db8:0000:0:1:0:0:1", "2001:db8::1:0:0:1"},  // first of two equal runs (§4.2.3)
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // one zero group not compressed (§4.2.2)
      {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},           // the longest run (§4.2.3)
      {"::", "::"},
      {"::1", "::1"},
      {"1::", "1::"},
      {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
      {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},  // IPv4-mapped keeps dotted quad (§5)
      {"2001:db8:122:344:c0:2:2100:0", "2001:db8:122:344:c0:2:2100:0"},
  };
  for (const auto& [in, out] : cases) {
    auto a = Ipv6Addr::parse(in);
    ASSERT_TRUE(a) << in;
    EXPECT_EQ(a->to_string(), out) << in;
    EXPECT_EQ(Ipv6Addr::parse(out), a) << out;
  }
}

TEST(Ipv6Addr, RejectsMalformed) {
  for (const char* bad : {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3",
                          "12345::", "g::", "1:2:3:4:5:6:7:8::", "::1.2.3", "1:", ":1", "fe80::1%eth0",
                          "[::1]", "1.2.3.4", "::1.2.3.4:5"})
    EXPECT_FALSE(Ipv6Addr::parse(bad)) << bad;
}

TEST(IpAddr, ParsesEitherFamily) {
  EXPECT_TRUE(IpAddr::parse("192.0.2.1")->is_v4());
  EXPECT_TRUE(IpAddr::parse("2001:db8::1")->is_v6());
  EXPECT_FALSE(IpAddr::parse("example.org"));
}

TEST(Prefix, ParseContainsCanonical) {
  auto p = Prefix::parse("2001:DB8::/32");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "2001:db8::/32");
  EXPECT_TRUE(p->contains(*IpAddr::parse("2001:db8:ffff::1")));
  EXPECT_FALSE(p->contains(*IpAddr::parse("2001:db9::1")));
  EXPECT_FALSE(p->contains(*IpAddr::parse("192.0.2.1")));
  auto v4 = Prefix::parse("192.0.0.170/31");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->contains(*IpAddr::parse("192.0.0.171")));
  EXPECT_FALSE(v4->contains(*IpAddr::parse("192.0.0.172")));
  EXPECT_TRUE(Prefix::parse("::/0")->contains(*IpAddr::parse("2001:db8::1")));
  EXPECT_TRUE(p->contains(*Prefix::parse("2001:db8:64::/96")));
}

TEST(Prefix, ParseErrorsNameTheProblem) {
  EXPECT_EQ(Prefix::parse("2001:db8::").error(), "missing '/<length>'");
  EXPECT_EQ(Prefix::parse("2001:db8::/129").error(), "prefix length 129 out of range 0..128");
  EXPECT_EQ(Prefix::parse("192.0.2.0/33").error(), "prefix length 33 out of range 0..32");
  EXPECT_EQ(Prefix::parse("2001:db8::1/32").error(), "host bits set after /32 (did you mean 2001:db8::/32?)");
  EXPECT_EQ(Prefix::parse("2001:zz8::/32").error(), "invalid address '2001:zz8::'");
  EXPECT_EQ(Prefix::parse("2001:db8::/").error(), "invalid prefix length ''");
  EXPECT_EQ(Prefix::parse("2001:db8::/032").error(), "invalid prefix length '032'");
}

TEST(Prefix, MaskedClearsHostBits) {
  EXPECT_EQ(Prefix::masked(*IpAddr::parse("2001:db8:122:344::1"), 56).to_string(), "2001:db8:122:300::/56");
  EXPECT_EQ(Prefix::masked(*IpAddr::parse("192.0.2.255"), 25).to_string(), "192.0.2.128/25");
}

TEST(SpecialPurpose, Rfc6890GlobalAndDocumentation) {
  for (const char* ng : {"0.1.2.3", "10.1.2.3", "100.64.0.1", "127.0.0.1", "169.254.1.1", "172.16.0.1",
                         "172.31.255.255", "192.0.0.170", "192.0.2.33", "192.168.1.1", "198.18.0.1",
                         "198.51.100.1", "203.0.113.1", "224.0.0.1", "240.0.0.1", "255.255.255.255"})
    EXPECT_FALSE(is_global(*Ipv4Addr::parse(ng))) << ng;
  for (const char* g :
       {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.0.0.9", "192.0.0.10", "198.20.0.1"})
    EXPECT_TRUE(is_global(*Ipv4Addr::parse(g))) << g;
  EXPECT_TRUE(is_documentation(*Ipv4Addr::parse("198.51.100.7")));
  EXPECT_FALSE(is_documentation(*Ipv4Addr::parse("198.51.101.7")));
  EXPECT_TRUE(is_documentation(*Ipv6Addr::parse("2001:db8:64::1")));
  EXPECT_FALSE(is_documentation(*Ipv6Addr::parse("2001:db9::1")));
}

}  // namespace
}  // namespace v6r
