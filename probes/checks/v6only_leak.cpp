// v6only.leak: IPv4 leakage on an IPv6-only segment: IPv4/ARP/DHCPv4 frames, an IPv4 default route,
// IPv4 addresses on the interface.
//
// What it does (observe only, never send: a leak check must not create the traffic it looks for):
//  - an AF_PACKET socket (ETH_P_ALL) bound to the interface counts, for listen_ms (bounded by the
//    deadline), every frame with EtherType IPv4 (0x0800; DHCPv4 = UDP 67/68 counted apart) or ARP
//    (0x0806), in both directions, and keeps the first few as evidence (src -> dst); the DHCP
//    exchange of this probe's own v6only.dhcp108 check (recognised by its xid) is reported but not
//    counted;
//  - /proc/net/route (this network namespace) for an IPv4 default route;
//  - getifaddrs() for IPv4 addresses on the interface (127.0.0.0/8 on lo is ignored).
// A quiet dual-stack segment may send no IPv4 frame during the window: the route and the address are
// then the conclusive facts; frames are a bonus the reason mentions when present.
//
// Verdict: any counted frame, any IPv4 address on the interface, or (check_default_route) an IPv4
// default route → fail; otherwise pass. The verdict rests on the scenario calling this segment
// IPv6-only, not on an RFC requirement, so no RFC is named.
#include "probes/checks/v6only_leak.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "core/check_kind.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/v6only_dhcp108.hpp"
#include "probes/checks/v6only_io.hpp"
#include "probes/net/deadline.hpp"

namespace v6r::probe {

namespace v6only {

LeakVerdict decide_leak(const LeakFacts& f) {
  std::vector<std::string> found;
  auto n = [](std::uint64_t c, const char* what) { return std::to_string(c) + " " + what; };
  if (f.ipv4_frames) found.push_back(n(f.ipv4_frames, "IPv4 frame(s)"));
  if (f.dhcp_frames) found.push_back(n(f.dhcp_frames, "DHCPv4 frame(s)"));
  if (f.arp_frames && !f.allow_arp) found.push_back(n(f.arp_frames, "ARP frame(s)"));
  if (f.check_default_route && !f.default_routes.empty())
    found.push_back("an IPv4 default route (" + f.default_routes.front() + ")");
  if (!f.addresses.empty()) {
    std::string a;
    for (const auto& s : f.addresses) a += (a.empty() ? "" : ", ") + s;
    found.push_back("IPv4 address(es) " + a);
  }
  LeakVerdict v;
  const std::string window = " in " + std::to_string(f.listened_ms) + " ms of listening";
  if (found.empty()) {
    v.verdict = Verdict::pass;
    v.reason = "no IPv4 frame, IPv4 address or IPv4 default route" + window;
    if (f.own_dhcp_frames)
      v.reason += " (" + std::to_string(f.own_dhcp_frames) +
                  " frame(s) of this probe's own DHCPv4 check not counted)";
    return v;
  }
  std::string s;
  for (const auto& x : found) s += (s.empty() ? "" : "; ") + x;
  v.verdict = Verdict::fail;
  v.reason = "IPv4 on an IPv6-only segment: " + s;
  if (f.ipv4_frames + f.dhcp_frames + f.arp_frames == 0)
    v.reason += " (no IPv4 frame" + window + ")";
  else if (!f.samples.empty())
    v.reason += "; first: " + f.samples.front();
  return v;
}

}  // namespace v6only

namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema leak_schema() {
  return CheckSchema(std::string(check_kind::kV6onlyLeak),
                     "IPv4 leakage on an IPv6-only segment: IPv4/ARP/DHCPv4 frames, an IPv4 default route.")
      .rfc("RFC 8925 §3")
      .rfc("RFC 6877")
      .field(Field::string("interface").describe("Interface to watch"))
      .field(Field::duration_ms("listen_ms")
                 .min(100)
                 .max(600000)
                 .def("10000")
                 .describe("How long to capture (bounded by the check's deadline)"))
      .field(Field::boolean("check_default_route")
                 .def("true")
                 .describe("Fail when the host has an IPv4 default route"))
      .field(Field::boolean("allow_arp").def("false").describe("Do not count ARP frames as leakage"));
}

struct LeakParams {
  std::string interface;  // "" = the probe's
  std::chrono::milliseconds listen{10000};
  bool check_default_route = true;
  bool allow_arp = false;
};

LeakParams leak_params(const scenario::ParamValues& v) {
  return LeakParams{optional_string(v, "interface").value_or(""), v.get_duration("listen_ms"),
                    v.get_bool("check_default_route"), v.get_bool("allow_arp")};
}

CheckTargets leak_targets(const LeakParams&) {
  return {};  // observes the segment, sends nothing
}

awaitable<CheckOutcome> run_v6only_leak(CheckEnv& env, const LeakParams& params,
                                        std::chrono::milliseconds budget) {
  using namespace v6only;
  const auto t0 = Clock::now();
  const Deadline deadline(budget);
  const std::string ifname = pick_interface(params.interface, env.interface);
  const unsigned ifindex = interface_index(ifname);
  if (ifindex == 0)
    co_return verdict(Verdict::error, ifname.empty() ? "no interface to watch (set params.interface)"
                                                     : "interface '" + ifname + "' not found");
  const auto listen = std::min(params.listen, deadline.waitable());
  LeakFacts f;
  f.allow_arp = params.allow_arp;
  f.check_default_route = params.check_default_route;

  CheckOutcome out;
  CheckResult& res = out.result;
  res.target = ifname;
  res.family = Family::ipv4;

  // The routing table and the addresses first: they need no waiting.
  {
    std::ifstream rt("/proc/net/route");
    std::stringstream ss;
    ss << rt.rdbuf();
    for (const auto& e : parse_proc_net_route(ss.str()))
      if (e.is_default()) f.default_routes.push_back("via " + e.gateway.to_string() + " dev " + e.iface);
  }
  ifaddrs* ifa = nullptr;
  if (::getifaddrs(&ifa) == 0) {
    for (ifaddrs* p = ifa; p != nullptr; p = p->ifa_next) {
      if (p->ifa_addr == nullptr || p->ifa_addr->sa_family != AF_INET || ifname != p->ifa_name) continue;
      Ipv4Addr a;
      std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in*>(p->ifa_addr)->sin_addr, 4);
      if (a.bytes[0] == 127) continue;
      f.addresses.push_back(a.to_string() + " on " + ifname);
    }
    ::freeifaddrs(ifa);
  }

  int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
  if (fd < 0)
    co_return verdict(Verdict::error, "packet socket: " + errno_text(errno) + " (needs CAP_NET_RAW)");
  asio::posix::stream_descriptor sd(co_await asio::this_coro::executor, fd);
  sockaddr_ll sll{};
  sll.sll_family = AF_PACKET;
  sll.sll_protocol = htons(ETH_P_ALL);
  sll.sll_ifindex = static_cast<int>(ifindex);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&sll), sizeof sll) != 0)
    co_return verdict(Verdict::error, "packet socket bind to " + ifname + ": " + errno_text(errno));

  std::array<std::uint8_t, 2048> buf{};
  const auto until = t0 + listen;
  while (co_await wait_readable(sd, until)) {
    for (;;) {
      sockaddr_ll from{};
      socklen_t fl = sizeof from;
      const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &fl);
      if (n < 0) break;
      const auto info = classify_frame(Bytes(buf.data(), static_cast<std::size_t>(n)));
      if (info.kind == FrameKind::other) continue;
      if (info.kind == FrameKind::dhcpv4 && info.dhcp_xid && is_own_dhcp_xid(*info.dhcp_xid)) {
        ++f.own_dhcp_frames;
        continue;
      }
      if (info.kind == FrameKind::arp)
        ++f.arp_frames;
      else if (info.kind == FrameKind::dhcpv4)
        ++f.dhcp_frames;
      else
        ++f.ipv4_frames;
      if (f.samples.size() < 5) {
        std::string s = std::string(to_string(info.kind)) + " " + (info.src.empty() ? "?" : info.src) +
                        " -> " + (info.dst.empty() ? "?" : info.dst);
        if (info.kind == FrameKind::ipv4) s += " proto " + std::to_string(info.ip_proto);
        s += from.sll_pkttype == PACKET_OUTGOING ? " (sent by this node)" : " (received)";
        f.samples.push_back(std::move(s));
      }
    }
  }
  f.listened_ms = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
  res.timings_ms["listen"] = static_cast<double>(f.listened_ms);
  res.observed["interface"] = ifname;
  res.observed["frames"] = {{"ipv4", f.ipv4_frames},
                            {"arp", f.arp_frames},
                            {"dhcpv4", f.dhcp_frames},
                            {"own_dhcpv4", f.own_dhcp_frames}};
  res.observed["samples"] = f.samples;
  res.observed["ipv4_default_routes"] = f.default_routes;
  res.observed["ipv4_addresses"] = f.addresses;
  const auto v = decide_leak(f);
  res.verdict = v.verdict;
  res.reason = v.reason;
  co_return out;
}

// ---- the v6only.leak block
constexpr KindBlock<LeakParams> kBlock{
    .name = check_kind::kV6onlyLeak,
    .schema = &leak_schema,
    .params = &leak_params,
    .targets = &leak_targets,
    .run = &run_v6only_leak,
};

}  // namespace

extern const CheckKind v6only_leak_kind = kind_of<kBlock>;

}  // namespace v6r::probe
