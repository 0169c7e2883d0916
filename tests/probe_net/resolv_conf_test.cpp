#include "probes/net/resolv_conf.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace v6r::probe {
namespace {

TEST(ResolvConf, ParsesNameserversInOrder) {
  auto r = parse_resolv_conf(
      "# generated\nsearch lab.test\nnameserver 2001:db8:1::53\n  nameserver\t192.0.2.53 # comment\n"
      "nameserver fe80::1%eth0\noptions ndots:2\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].address.to_string(), "2001:db8:1::53");
  EXPECT_EQ(r[1].address.to_string(), "192.0.2.53");
  EXPECT_EQ(r[2].address.to_string(), "fe80::1");
  EXPECT_EQ(r[2].scope, "eth0");
}

TEST(ResolvConf, SkipsJunk) {
  auto r = parse_resolv_conf(
      ";nameserver 192.0.2.1\nnameserver not-an-ip\nnameservers 192.0.2.2\nnameserver\n"
      "nameserver 192.0.2.3\r\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].address.to_string(), "192.0.2.3");
  EXPECT_TRUE(parse_resolv_conf("").empty());
  EXPECT_TRUE(parse_resolv_conf("nameserver 999.1.1.1").empty());
}

TEST(ResolvConf, FirstFromFile) {
  std::string path = ::testing::TempDir() + "/resolv_conf_test.conf";
  {
    std::ofstream out(path);
    out << "nameserver ::1\nnameserver 127.0.0.1\n";
  }
  auto r = first_system_nameserver(path);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->address.to_string(), "::1");
  std::remove(path.c_str());
  EXPECT_FALSE(first_system_nameserver(path).has_value());
}

TEST(ResolvConf, CaresCsv) {
  std::vector<ResolverAddress> v{{*IpAddr::parse("::1"), 5353, ""}, {*IpAddr::parse("192.0.2.1"), 53, ""}};
  EXPECT_EQ(to_cares_csv(v), "[::1]:5353,192.0.2.1:53");
}

}  // namespace
}  // namespace v6r::probe
