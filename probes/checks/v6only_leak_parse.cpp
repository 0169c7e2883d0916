// v6only.leak's parsers, pure over their input: an Ethernet frame's kind and addresses
// (classify_frame, fuzz target probe_leak) and /proc/net/route's rows (parse_proc_net_route). Kept apart
// from the check's coroutine so the fuzz build instruments them with UBSan too (clang 14 cannot compile
// coroutines with UBSan and coverage together: CMakeLists.txt).

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "probes/checks/v6only_leak.hpp"

namespace v6r::probe::v6only {

std::string_view to_string(FrameKind k) {
  switch (k) {
    case FrameKind::ipv4:
      return "ipv4";
    case FrameKind::arp:
      return "arp";
    case FrameKind::dhcpv4:
      return "dhcpv4";
    case FrameKind::other:
      break;
  }
  return "other";
}

namespace {
Ipv4Addr read_v4(WireReader& r) {
  auto v = r.u32be();
  return Ipv4Addr::from_u32(v.value_or(0));
}
}  // namespace

FrameInfo classify_frame(Bytes frame) {
  FrameInfo f;
  WireReader r(frame);
  if (!r.skip(12)) return f;
  auto et = r.u16be();
  if (et && (*et == 0x8100 || *et == 0x88a8)) {  // one VLAN tag
    r.skip(2);
    et = r.u16be();
  }
  if (!et) return f;
  if (*et == 0x0806) {
    f.kind = FrameKind::arp;
    // RFC 826 for Ethernet/IPv4: htype 1, ptype 0x0800, hlen 6, plen 4.
    if (r.skip(8)) {
      r.skip(6);
      const auto spa = read_v4(r);
      r.skip(6);
      const auto tpa = read_v4(r);
      if (r.ok()) {
        f.src = spa.to_string();
        f.dst = tpa.to_string();
      }
    }
    return f;
  }
  if (*et != 0x0800) return f;
  f.kind = FrameKind::ipv4;
  auto vihl = r.u8();
  if (!vihl || (*vihl >> 4) != 4) return f;
  const std::size_t ihl = std::size_t{static_cast<std::uint8_t>(*vihl & 0x0f)} * 4;
  if (ihl < 20 || !r.skip(5)) return f;
  auto frag = r.u16be();
  r.skip(1);
  auto proto = r.u8();
  r.skip(2);
  const auto src = read_v4(r);
  const auto dst = read_v4(r);
  if (!r.ok() || !proto || !frag) return f;
  f.src = src.to_string();
  f.dst = dst.to_string();
  f.ip_proto = *proto;
  if (!r.skip(ihl - 20)) return f;
  if (*proto == 17 && (*frag & 0x1fff) == 0) {
    auto sport = r.u16be();
    auto dport = r.u16be();
    if (sport && dport && ((*sport == 67 || *sport == 68) && (*dport == 67 || *dport == 68))) {
      f.kind = FrameKind::dhcpv4;
      r.skip(4);        // UDP length, checksum
      if (r.skip(4)) {  // op, htype, hlen, hops
        if (auto xid = r.u32be()) f.dhcp_xid = *xid;
      }
    }
  }
  return f;
}

std::vector<RouteEntry> parse_proc_net_route(std::string_view text) {
  std::vector<RouteEntry> out;
  std::istringstream in{std::string(text)};
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    std::istringstream row(line);
    std::string iface, dst, gw, flags, refcnt, use, metric, mask;
    if (!(row >> iface >> dst >> gw >> flags >> refcnt >> use >> metric >> mask)) continue;
    auto hex = [](const std::string& s, std::uint32_t& v) {
      if (s.empty() || s.size() > 8) return false;
      char* end = nullptr;
      const unsigned long x = std::strtoul(s.c_str(), &end, 16);
      if (end == nullptr || *end != '\0') return false;
      v = static_cast<std::uint32_t>(x);
      return true;
    };
    std::uint32_t d = 0, g = 0, fl = 0, m = 0, me = 0;
    if (!hex(dst, d) || !hex(gw, g) || !hex(flags, fl) || !hex(mask, m)) continue;
    me = static_cast<std::uint32_t>(std::strtoul(metric.c_str(), nullptr, 10));
    // The kernel prints the network-order words as host-order (little-endian) hex.
    auto le = [](std::uint32_t v) {
      return Ipv4Addr{{static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                       static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)}};
    };
    out.push_back(RouteEntry{iface, le(d), le(g), le(m), static_cast<std::uint16_t>(fl), me});
  }
  return out;
}

}  // namespace v6r::probe::v6only
