#pragma once
// v6only.leak and v6only.literal, the pure half: Ethernet frame classification (IPv4 / ARP / DHCPv4),
// the /proc/net/route parser, and the leak verdict. Unit-tested in tests/probe/v6only_leak_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/wire_reader.hpp"

namespace v6r::probe::v6only {

enum class FrameKind { other, ipv4, arp, dhcpv4 };
std::string_view to_string(FrameKind k);

struct FrameInfo {
  FrameKind kind = FrameKind::other;
  std::string src, dst;                   // IPv4 addresses (ARP: sender / target protocol address)
  std::uint8_t ip_proto = 0;              // IPv4 protocol number
  std::optional<std::uint32_t> dhcp_xid;  // DHCPv4 (UDP 67/68) transaction id when readable
};

/// One Ethernet II frame (one 802.1Q tag is skipped). Never fails: a short or odd frame is `other`
/// (or its kind with empty addresses when only the EtherType could be read).
FrameInfo classify_frame(Bytes frame);

struct RouteEntry {
  std::string iface;
  Ipv4Addr destination, gateway, mask;
  std::uint16_t flags = 0;
  std::uint32_t metric = 0;
  [[nodiscard]] bool is_default() const { return destination.to_u32() == 0 && mask.to_u32() == 0; }
};
/// /proc/net/route text (header line, then tab-separated rows of host-order hex words). Malformed
/// rows are skipped.
std::vector<RouteEntry> parse_proc_net_route(std::string_view text);

struct LeakFacts {
  std::uint64_t ipv4_frames = 0, arp_frames = 0, dhcp_frames = 0;  // ipv4_frames excludes DHCP
  std::uint64_t own_dhcp_frames = 0;        // this probe's own v6only.dhcp108 exchange: reported, not counted
  std::vector<std::string> samples;         // "ipv4 203.0.113.18 -> 203.0.113.17 proto 1", first few
  std::vector<MessageRef> sample_msgs;      // the same as reasons' parts (probes/reason.hpp), when known
  std::vector<std::string> default_routes;  // "via 203.0.113.17 dev eth0"
  std::vector<std::string> addresses;       // "203.0.113.18 on eth0"
  std::uint32_t listened_ms = 0;
  bool allow_arp = false, check_default_route = true;
};
struct LeakVerdict {
  Verdict verdict = Verdict::error;
  MessageRef reason;
};
LeakVerdict decide_leak(const LeakFacts& f);

}  // namespace v6r::probe::v6only
