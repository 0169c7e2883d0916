// v6only.leak / v6only.literal pure half: frame classification, /proc/net/route, verdicts.
#include <gtest/gtest.h>

#include "probes/checks/v6only_leak.hpp"
#include "probes/checks/v6only_literal.hpp"
#include "probes/reason.hpp"

using namespace v6r;
using v6r::probe::english;
using namespace v6r::probe::v6only;

namespace {
std::vector<std::uint8_t> eth(std::uint16_t type, std::vector<std::uint8_t> payload) {
  std::vector<std::uint8_t> f(12, 0xaa);
  f.push_back(static_cast<std::uint8_t>(type >> 8));
  f.push_back(static_cast<std::uint8_t>(type));
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}
std::vector<std::uint8_t> ipv4(std::uint8_t proto, std::vector<std::uint8_t> l4) {
  std::vector<std::uint8_t> h{0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 203, 0, 113, 18, 203, 0, 113, 17};
  h.insert(h.end(), l4.begin(), l4.end());
  return h;
}
Bytes span(const std::vector<std::uint8_t>& v) {
  return Bytes(v.data(), v.size());
}
}  // namespace

TEST(V6onlyLeak, ClassifiesFrames) {
  auto f = classify_frame(span(eth(0x0800, ipv4(1, {8, 0, 0, 0}))));
  EXPECT_EQ(f.kind, FrameKind::ipv4);
  EXPECT_EQ(f.src, "203.0.113.18");
  EXPECT_EQ(f.dst, "203.0.113.17");
  EXPECT_EQ(f.ip_proto, 1);

  std::vector<std::uint8_t> arp{0,   1, 8,   0,  6, 4, 0, 1, 1, 2, 3,   4, 5,   6,
                                203, 0, 113, 18, 0, 0, 0, 0, 0, 0, 203, 0, 113, 17};
  f = classify_frame(span(eth(0x0806, arp)));
  EXPECT_EQ(f.kind, FrameKind::arp);
  EXPECT_EQ(f.src, "203.0.113.18");
  EXPECT_EQ(f.dst, "203.0.113.17");

  std::vector<std::uint8_t> dhcp{0, 68, 0, 67, 0, 0, 0, 0, 1, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef};
  f = classify_frame(span(eth(0x0800, ipv4(17, dhcp))));
  EXPECT_EQ(f.kind, FrameKind::dhcpv4);
  EXPECT_EQ(f.dhcp_xid, std::optional<std::uint32_t>(0xdeadbeef));

  auto tagged = eth(0x8100, {0, 5, 0x08, 0x00});
  auto ip = ipv4(6, {});
  tagged.insert(tagged.end(), ip.begin(), ip.end());
  EXPECT_EQ(classify_frame(span(tagged)).kind, FrameKind::ipv4);

  EXPECT_EQ(classify_frame(span(eth(0x86dd, std::vector<std::uint8_t>(40, 0)))).kind, FrameKind::other);
  auto full = eth(0x0800, ipv4(17, dhcp));
  for (std::size_t n = 0; n <= full.size(); ++n) (void)classify_frame(Bytes(full.data(), n));
  EXPECT_EQ(classify_frame(Bytes(full.data(), 13)).kind, FrameKind::other);
}

TEST(V6onlyLeak, ProcNetRoute) {
  const std::string text =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "eth0\t00000000\t117100CB\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
      "eth0\t107100CB\t00000000\t0001\t0\t0\t0\tF0FFFFFF\t0\t0\t0\n"
      "garbage line\n";
  auto r = parse_proc_net_route(text);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r[0].is_default());
  EXPECT_EQ(r[0].gateway.to_string(), "203.0.113.17");
  EXPECT_EQ(r[0].iface, "eth0");
  EXPECT_FALSE(r[1].is_default());
  EXPECT_EQ(r[1].destination.to_string(), "203.0.113.16");
  EXPECT_EQ(r[1].mask.to_string(), "255.255.255.240");
  EXPECT_TRUE(parse_proc_net_route("Iface\tDestination\n").empty());
  EXPECT_TRUE(parse_proc_net_route("").empty());
}

TEST(V6onlyLeak, Verdicts) {
  LeakFacts f;
  f.listened_ms = 2000;
  EXPECT_EQ(decide_leak(f).verdict, Verdict::pass);
  f.own_dhcp_frames = 2;
  EXPECT_EQ(decide_leak(f).verdict, Verdict::pass);
  f.arp_frames = 1;
  EXPECT_EQ(decide_leak(f).verdict, Verdict::fail);
  f.allow_arp = true;
  EXPECT_EQ(decide_leak(f).verdict, Verdict::pass);
  f.default_routes = {"via 203.0.113.17 dev eth0"};
  f.addresses = {"203.0.113.18 on eth0"};
  auto v = decide_leak(f);
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_NE(english(v.reason).find("203.0.113.18 on eth0"), std::string::npos);
  f.check_default_route = false;
  f.addresses.clear();
  EXPECT_EQ(decide_leak(f).verdict, Verdict::pass);
  f.ipv4_frames = 3;
  f.samples = {"ipv4 203.0.113.18 -> 203.0.113.17 proto 1 (received)"};
  v = decide_leak(f);
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_NE(english(v.reason).find("3 IPv4 frame(s)"), std::string::npos);
}

TEST(V6onlyLiteral, ClassifyAndDecide) {
  LiteralFacts f;
  f.error = "connect: Network is unreachable";
  EXPECT_EQ(classify_literal(f), LiteralPath::no_clat);
  auto v = decide_literal(LiteralPath::no_clat, f, std::nullopt, "192.0.2.10:80");
  EXPECT_EQ(v.verdict, Verdict::info);
  EXPECT_NE(english(v.reason).find("no CLAT"), std::string::npos);
  EXPECT_EQ(decide_literal(LiteralPath::no_clat, f, LiteralPath::no_clat, "x").verdict, Verdict::pass);
  EXPECT_EQ(decide_literal(LiteralPath::no_clat, f, LiteralPath::clat, "x").verdict, Verdict::fail);

  f = {};
  f.connected = true;
  f.default_route_iface = "eth0";
  EXPECT_EQ(classify_literal(f), LiteralPath::native);
  f.default_route_iface = "clat4";
  EXPECT_EQ(classify_literal(f), LiteralPath::clat);
  f.default_route_iface.reset();
  f.clat_interfaces = {"v4-wlan0"};
  EXPECT_EQ(classify_literal(f), LiteralPath::clat);
  f.clat_interfaces.clear();
  EXPECT_EQ(classify_literal(f), LiteralPath::unknown);
  f.connected = false;
  f.error = "connect: Connection refused";
  f.default_route_iface = "eth0";
  EXPECT_EQ(classify_literal(f), LiteralPath::native);
  f.error = "timeout after 2000 ms";
  f.timed_out = true;
  EXPECT_EQ(classify_literal(f), LiteralPath::blocked);
  EXPECT_TRUE(is_clat_interface("clat"));
  EXPECT_FALSE(is_clat_interface("eth0"));
}
