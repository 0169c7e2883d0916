#include "probes/net/allow_list.hpp"

#include <gtest/gtest.h>

namespace v6r::probe {
namespace {

AllowList lab() {
  auto a = AllowList::parse({"2001:db8::/32", "192.0.2.0/24"});
  EXPECT_TRUE(a.has_value());
  return *a;
}
IpAddr ip(const char* s) {
  return *IpAddr::parse(s);
}
Ipv6Addr ip6(const char* s) {
  return *Ipv6Addr::parse(s);
}
Prefix pfx(const char* s) {
  return *Prefix::parse(s);
}

TEST(AllowList, InsideIsOk) {
  auto a = lab();
  EXPECT_TRUE(a.check(ip("2001:db8:99::1")).has_value());
  EXPECT_TRUE(a.check(ip("192.0.2.10")).has_value());
}

TEST(AllowList, OutsideNamesAddressAndList) {
  auto r = lab().check(ip("2001:db9::1"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), "2001:db9::1 is outside the scenario allow-list [2001:db8::/32, 192.0.2.0/24]");
  auto r4 = lab().check(ip("198.51.100.1"));
  ASSERT_FALSE(r4.has_value());
  EXPECT_NE(r4.error().find("198.51.100.1 is outside"), std::string::npos);
}

TEST(AllowList, FamiliesDoNotMix) {
  // ::/0 allows every IPv6 address but no IPv4 address.
  auto a = AllowList::parse({"::/0"});
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->check(ip("2001:db8::1")).has_value());
  EXPECT_FALSE(a->check(ip("192.0.2.1")).has_value());
}

TEST(AllowList, EmptyRefusesEverything) {
  auto r = AllowList{}.check(ip("2001:db8::1"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("allow-list is empty"), std::string::npos);
}

TEST(AllowList, ParseErrorNamesEntry) {
  auto a = AllowList::parse({"2001:db8::/32", "2001:db8::1/32"});
  ASSERT_FALSE(a.has_value());
  EXPECT_NE(a.error().find("'2001:db8::1/32'"), std::string::npos);
}

TEST(AllowList, SynthesizedChecksEmbeddedIpv4) {
  auto a = lab();
  auto pref64 = pfx("2001:db8:64::/96");
  // 192.0.2.10 embedded: both allowed.
  EXPECT_TRUE(a.check_synthesized(ip6("2001:db8:64::c000:20a"), pref64).has_value());
  // 8.8.8.8 embedded: the IPv6 address is inside 2001:db8::/32 but NAT64 would go to 8.8.8.8.
  auto r = a.check_synthesized(ip6("2001:db8:64::808:808"), pref64);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(),
            "IPv4 address 8.8.8.8 embedded in synthesized 2001:db8:64::808:808 (2001:db8:64::/96) is outside "
            "the scenario allow-list [2001:db8::/32, 192.0.2.0/24]");
}

TEST(AllowList, SynthesizedOuterAddressChecked) {
  auto a = lab();
  auto r = a.check_synthesized(ip6("64:ff9b::c000:20a"), pfx("64:ff9b::/96"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("64:ff9b::c000:20a is outside"), std::string::npos);
}

TEST(AllowList, SynthesizedNotInPrefix) {
  auto a = lab();
  auto r = a.check_synthesized(ip6("2001:db8:65::c000:20a"), pfx("2001:db8:64::/96"));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("cannot extract"), std::string::npos);
}

TEST(AllowList, SynthesizedOtherLengths) {
  auto a = lab();
  // /64: IPv4 at bits 72..103, u-octet zero (RFC 6052 §2.2).
  auto pref64 = pfx("2001:db8:64:1::/64");
  auto v6 = ip6("2001:db8:64:1:c0:2:a00:0");
  EXPECT_TRUE(a.check_synthesized(v6, pref64).has_value());
}

}  // namespace
}  // namespace v6r::probe
