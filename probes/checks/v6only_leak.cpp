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
  std::vector<Msg> found;
  if (f.ipv4_frames) found.push_back(msg("check.leak.ipv4_frames", {val("count", f.ipv4_frames)}));
  if (f.dhcp_frames) found.push_back(msg("check.leak.dhcp_frames", {val("count", f.dhcp_frames)}));
  if (f.arp_frames && !f.allow_arp)
    found.push_back(msg("check.leak.arp_frames", {val("count", f.arp_frames)}));
  if (f.check_default_route && !f.default_routes.empty())
    found.push_back(msg("check.leak.default_route", {val("route", f.default_routes.front())}));
  if (!f.addresses.empty()) {
    std::string a;
    for (const auto& s : f.addresses) a += (a.empty() ? "" : ", ") + s;
    found.push_back(msg("check.leak.addresses", {val("addresses", a)}));
  }
  LeakVerdict v;
  if (found.empty()) {
    v.verdict = Verdict::pass;
    v.reason = f.own_dhcp_frames ? msg("check.leak.pass_own_dhcp",
                                       {val("ms", f.listened_ms), val("own", f.own_dhcp_frames)})
                                 : msg("check.leak.pass", {val("ms", f.listened_ms)});
    return v;
  }
  v.verdict = Verdict::fail;
  if (f.ipv4_frames + f.dhcp_frames + f.arp_frames == 0)
    v.reason = msg("check.leak.fail_no_frame", {list("found", std::move(found)), val("ms", f.listened_ms)});
  else if (!f.samples.empty())
    v.reason =
        msg("check.leak.fail_first",
            {list("found", std::move(found)),
             sub("first", f.sample_msgs.empty() ? foreign(f.samples.front()) : f.sample_msgs.front())});
  else
    v.reason = msg("check.leak.fail", {list("found", std::move(found))});
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
    co_return verdict(Verdict::error, ifname.empty()
                                          ? msg("check.leak.no_interface")
                                          : msg("check.iface.not_found", {val("interface", ifname)}));
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
    co_return verdict(Verdict::error,
                      msg("check.sys.packet_socket", {sub("error", foreign(errno_text(errno)))}));
  asio::posix::stream_descriptor sd(co_await asio::this_coro::executor, fd);
  sockaddr_ll sll{};
  sll.sll_family = AF_PACKET;
  sll.sll_protocol = htons(ETH_P_ALL);
  sll.sll_ifindex = static_cast<int>(ifindex);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&sll), sizeof sll) != 0)
    co_return verdict(
        Verdict::error,
        msg("check.sys.packet_bind", {val("interface", ifname), sub("error", foreign(errno_text(errno)))}));

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
        f.sample_msgs.push_back(
            msg(from.sll_pkttype == PACKET_OUTGOING ? "check.leak.sample_sent" : "check.leak.sample_received",
                {val("frame", s)}));
        f.samples.push_back(english(f.sample_msgs.back()));
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
  set_reason(res, v.reason);
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
