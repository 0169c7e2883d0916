// v6only.dhcp108: DHCPv4 option 108 (IPv6-Only Preferred, RFC 8925) offered, with V6ONLY_WAIT >=
// MIN_V6ONLY_WAIT.
//
// What it does: sends one DHCPDISCOVER whose Parameter Request List includes 108 (RFC 8925 §3.2) from
// 0.0.0.0:68 to 255.255.255.255:67 on the interface (UDP socket with SO_BINDTODEVICE + SO_BROADCAST:
// Linux routes the limited broadcast out of the bound device without an IPv4 address; port 68 needs
// CAP_NET_BIND_SERVICE, which the probe keeps), then reads replies until a DHCPOFFER for our xid
// arrives or the budget (wait_ms, bounded by the deadline) ends. It never sends a DHCPREQUEST: no
// lease is taken, the probe only reads the offer. The DISCOVER sets the broadcast flag so the server
// broadcasts the OFFER (we have no address for a unicast one).
// The destination is the limited broadcast on the probe's own link, not a scenario target, so the
// allow-list does not apply; nothing leaves the segment.
//
// Verdict mapping (decide_dhcp108; `expect` defaults to present):
//  - OFFER with option 108 = V6ONLY_WAIT: expect absent → fail; V6ONLY_WAIT below min_v6only_wait_s
//    (default MIN_V6ONLY_WAIT = 300 s, RFC 8925 §3.4) → warn (clients raise it to 300 s, §3.2);
//    otherwise pass. An address in yiaddr is reported (observed.yiaddr), not judged: RFC 8925 lets
//    the server still offer one for clients that ignore option 108.
//  - OFFER without option 108: expect present → fail (the client asked for it and would take IPv4,
//    RFC 8925 §3.3); absent → pass; any → info.
//  - no OFFER: nothing offers IPv4 on this segment, so option 108 has nothing to do: pass for
//    expect absent/any, info for present ("no DHCPv4 server answered").
#include "probes/checks/v6only_dhcp108.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <set>

#include "core/check_kind.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/v6only_io.hpp"
#include "probes/net/deadline.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;
using v6only::Option108;

constexpr EnumTable<Option108, 3> kOption108 = {{
    {Option108::present, "present"},
    {Option108::absent, "absent"},
    {Option108::any, "any"},
}};

scenario::CheckSchema dhcp108_schema() {
  return CheckSchema(std::string(check_kind::kV6onlyDhcp108),
                     "DHCPv4 option 108 (IPv6-Only Preferred) offered, with V6ONLY_WAIT >= MIN_V6ONLY_WAIT.")
      .rfc("RFC 8925 §3.2")
      .rfc("RFC 8925 §3.4")
      .field(Field::string("interface").describe("Interface to send DHCPDISCOVER on"))
      .field(Field::duration_ms("wait_ms").min(1).max(600000).def("5000").describe(
          "How long to wait for a DHCPOFFER"))
      .field(Field::enumeration("expect", enum_names(kOption108))
                 .def("present")
                 .describe("Whether option 108 must be offered"))
      .field(Field::integer("min_v6only_wait_s")
                 .min(0)
                 .max(4294967295)
                 .def("300")
                 .describe("Smallest acceptable V6ONLY_WAIT (RFC 8925 MIN_V6ONLY_WAIT = 300 s)"));
}

struct Dhcp108Params {
  std::string interface;  // "" = the probe's
  std::chrono::milliseconds wait{5000};
  Option108 expect = Option108::present;
  std::uint32_t min_v6only_wait_s = v6only::kMinV6OnlyWait;
};

Dhcp108Params dhcp108_params(const scenario::ParamValues& v) {
  return Dhcp108Params{optional_string(v, "interface").value_or(""), v.get_duration("wait_ms"),
                       enum_param(v, "expect", kOption108),
                       static_cast<std::uint32_t>(v.get_int("min_v6only_wait_s"))};
}

CheckTargets dhcp108_targets(const Dhcp108Params&) {
  return {};  // the limited broadcast on the probe's own link, not a scenario target
}

}  // namespace

namespace v6only {

namespace {
constexpr std::size_t kBootpFixed = dhcpv4::kFixedSize;
std::mutex g_xid_mutex;
std::set<std::uint32_t>& own_xids() {
  static std::set<std::uint32_t> s;
  return s;
}
}  // namespace

void note_own_dhcp_xid(std::uint32_t xid) {
  std::lock_guard lock(g_xid_mutex);
  own_xids().insert(xid);
}
bool is_own_dhcp_xid(std::uint32_t xid) {
  std::lock_guard lock(g_xid_mutex);
  return own_xids().count(xid) != 0;
}

std::vector<std::uint8_t> build_discover(std::uint32_t xid, const std::vector<std::uint8_t>& mac) {
  std::vector<std::uint8_t> m(kBootpFixed, 0);
  m[0] = 1;  // BOOTREQUEST
  m[1] = 1;  // htype Ethernet
  m[2] = 6;  // hlen
  m[4] = static_cast<std::uint8_t>(xid >> 24);
  m[5] = static_cast<std::uint8_t>(xid >> 16);
  m[6] = static_cast<std::uint8_t>(xid >> 8);
  m[7] = static_cast<std::uint8_t>(xid);
  m[10] = 0x80;  // flags: broadcast (RFC 2131 §4.1)
  for (std::size_t i = 0; i < mac.size() && i < 16; ++i) m[28 + i] = mac[i];
  const std::uint8_t opts[] = {0x63, 0x82, 0x53, 0x63,  // magic cookie
                               53,   1,    1,           // DHCPDISCOVER
                               55,   4,    1,    3,    6, kDhcpOptV6OnlyPreferred, 255};
  m.insert(m.end(), std::begin(opts), std::end(opts));
  while (m.size() < 300) m.push_back(0);  // BOOTP minimum size some servers insist on
  return m;
}

// The header and options are read by the one DHCPv4 parser (core/dhcpv4_options.hpp).
Expected<DhcpReply, std::string> parse_dhcp_reply(Bytes p) {
  WireReader r(p);
  const auto h = dhcpv4::read_header(r);
  if (!h || r.remaining() < 4)
    return Unexpected{"DHCP message truncated: " + std::to_string(p.size()) + " octets, need at least 240"};
  if (!dhcpv4::read_magic_cookie(r)) return Unexpected{std::string("no DHCP magic cookie (plain BOOTP?)")};
  DhcpReply d;
  d.op = h->op;
  d.xid = h->xid;
  d.yiaddr.bytes = h->yiaddr;
  d.siaddr.bytes = h->siaddr;
  dhcpv4::OptionReader walk(r);
  while (auto o = walk.next()) {
    if (o->anomaly) d.anomalies.push_back(*o->anomaly);
    if (const auto* t = std::get_if<dhcpv4::MessageType>(&o->value)) {
      d.message_type = t->type;
    } else if (const auto* id = std::get_if<dhcpv4::ServerId>(&o->value)) {
      d.server_id = Ipv4Addr{id->address};
    } else if (const auto* lease = std::get_if<dhcpv4::LeaseTime>(&o->value)) {
      d.lease_s = lease->seconds;
    } else if (const auto* w = std::get_if<dhcpv4::V6OnlyWait>(&o->value)) {
      d.v6only_wait = w->seconds;
    }
  }
  if (walk.stop()) d.anomalies.push_back(*walk.stop());
  return d;
}

Dhcp108Verdict decide_dhcp108(const Dhcp108Input& in) {
  Dhcp108Verdict v;
  if (!in.offer) {
    v.verdict = in.expect == Option108::present ? Verdict::info : Verdict::pass;
    v.reason = msg("check.dhcp108.no_offer", {val("ms", in.waited_ms)});
    v.rfc = "RFC 8925 §3.3";
    return v;
  }
  const DhcpReply& o = *in.offer;
  const bool v4_offered = o.yiaddr.to_u32() != 0;
  const Msg server = o.server_id ? msg("check.dhcp108.server", {val("server", o.server_id->to_string())})
                                 : msg("check.dhcp108.unknown_server");
  const Msg addr = v4_offered ? msg("check.dhcp108.yiaddr", {val("address", o.yiaddr.to_string())})
                              : msg("check.dhcp108.no_yiaddr");
  if (o.v6only_wait) {
    const Msg what = msg("check.dhcp108.offer_108",
                         {sub("server", server), val("wait", *o.v6only_wait), sub("yiaddr", addr)});
    if (in.expect == Option108::absent) {
      v.verdict = Verdict::fail;
      v.reason = msg("check.dhcp108.unexpected_108", {sub("what", what)});
      v.rfc = "RFC 8925 §3.3";
    } else if (*o.v6only_wait < in.min_wait_s) {
      v.verdict = Verdict::warn;
      v.reason = msg(*o.v6only_wait < kMinV6OnlyWait ? "check.dhcp108.below_min" : "check.dhcp108.below",
                     {sub("what", what), val("min", in.min_wait_s)});
      v.rfc = *o.v6only_wait < kMinV6OnlyWait ? "RFC 8925 §3.4" : "RFC 8925 §3.2";
    } else {
      v.verdict = Verdict::pass;
      v.reason = what;
      v.rfc = "RFC 8925 §3.2";
    }
    return v;
  }
  const Msg what = msg("check.dhcp108.offer_no_108", {sub("server", server), sub("yiaddr", addr)});
  v.rfc = "RFC 8925 §3.3";
  if (in.expect == Option108::present) {
    v.verdict = Verdict::fail;
    v.reason = msg("check.dhcp108.missing_108", {sub("what", what)});
  } else {
    v.verdict = in.expect == Option108::absent ? Verdict::pass : Verdict::info;
    v.reason = what;
  }
  return v;
}

}  // namespace v6only

namespace {

awaitable<CheckOutcome> run_v6only_dhcp108(CheckEnv& env, const Dhcp108Params& p,
                                           std::chrono::milliseconds budget) {
  using namespace v6only;
  const auto t0 = Clock::now();
  const Deadline deadline(budget);
  const std::string ifname = pick_interface(p.interface, env.interface);
  if (interface_index(ifname) == 0)
    co_return verdict(Verdict::error, ifname.empty()
                                          ? msg("check.dhcp108.no_interface")
                                          : msg("check.iface.not_found", {val("interface", ifname)}));
  const auto mac = interface_mac(ifname);
  if (!mac) co_return verdict(Verdict::error, msg("check.dhcp108.no_mac", {val("interface", ifname)}));
  const auto listen = std::min(p.wait, deadline.waitable());

  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0)
    co_return verdict(Verdict::error,
                      msg("check.sys.udp_socket", {sub("error", foreign(errno_text(errno)))}));
  asio::posix::stream_descriptor sd(co_await asio::this_coro::executor, fd);
  int on = 1;
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(), static_cast<socklen_t>(ifname.size())) !=
          0)
    co_return verdict(
        Verdict::error,
        msg("check.dhcp108.sockopt", {val("interface", ifname), sub("error", foreign(errno_text(errno)))}));
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_port = htons(68);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0)
    co_return verdict(Verdict::error, msg("check.dhcp108.bind", {sub("error", foreign(errno_text(errno)))}));

  std::random_device rd;
  const std::uint32_t xid = rd();
  note_own_dhcp_xid(xid);
  const auto discover = build_discover(xid, *mac);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(67);
  dst.sin_addr.s_addr = htonl(INADDR_BROADCAST);

  CheckOutcome out;
  CheckResult& res = out.result;
  res.target = ifname;
  res.family = Family::ipv4;
  res.observed["interface"] = ifname;
  char xid_hex[11];
  std::snprintf(xid_hex, sizeof xid_hex, "0x%08x", xid);
  res.observed["xid"] = xid_hex;
  if (::sendto(fd, discover.data(), discover.size(), 0, reinterpret_cast<const sockaddr*>(&dst), sizeof dst) <
      0) {
    const int err = errno;
    out = verdict(Verdict::error, msg("check.dhcp108.send",
                                      {val("interface", ifname), sub("error", foreign(errno_text(err)))}));
    co_return out;
  }
  // The DHCPv4 exchange is the probe (RFC 8925 §3): its IPv4 frames are deliberate, not leakage.
  res.evidence.flows.push_back(v6r::Flow{"udp", "0.0.0.0", 68, "255.255.255.255", 67, {}, true});

  Dhcp108Input in;
  in.expect = p.expect;
  in.min_wait_s = p.min_v6only_wait_s;
  nlohmann::json anomalies = nlohmann::json::array();
  std::array<std::uint8_t, 1500> buf{};
  const auto until = t0 + listen;
  while (!in.offer) {
    if (!co_await wait_readable(sd, until)) break;
    for (;;) {
      sockaddr_in from{};
      socklen_t fl = sizeof from;
      const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &fl);
      if (n < 0) break;
      auto reply = parse_dhcp_reply(Bytes(buf.data(), static_cast<std::size_t>(n)));
      if (!reply) {
        anomalies.push_back(reply.error());
        continue;
      }
      if (reply->op != 2 || reply->xid != xid || reply->message_type != std::optional<std::uint8_t>(2))
        continue;
      Ipv4Addr src;
      std::memcpy(src.bytes.data(), &from.sin_addr, 4);
      res.evidence.flows.push_back(
          v6r::Flow{"udp", src.to_string(), ntohs(from.sin_port), "255.255.255.255", 68, {}, true});
      res.addresses.remote.push_back(src.to_string());
      for (const auto& a : reply->anomalies) anomalies.push_back(dhcpv4::describe(a));
      in.offer = *reply;
      break;
    }
  }
  in.waited_ms = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
  res.timings_ms["offer"] = static_cast<double>(in.waited_ms);
  res.observed["offer"] = in.offer.has_value();
  if (in.offer) {
    if (in.offer->server_id) res.observed["server_id"] = in.offer->server_id->to_string();
    res.observed["yiaddr"] = in.offer->yiaddr.to_string();
    res.observed["ipv4_offered"] = in.offer->yiaddr.to_u32() != 0;
    res.observed["option108"] = in.offer->v6only_wait.has_value();
    if (in.offer->v6only_wait) res.observed["v6only_wait_s"] = *in.offer->v6only_wait;
    if (in.offer->lease_s) res.observed["lease_s"] = *in.offer->lease_s;
  }
  if (!anomalies.empty()) res.observed["anomalies"] = anomalies;
  const auto v = decide_dhcp108(in);
  res.verdict = v.verdict;
  set_reason(res, v.reason);
  res.rfc = v.rfc;
  co_return out;
}

// ---- the v6only.dhcp108 block
constexpr KindBlock<Dhcp108Params> kBlock{
    .name = check_kind::kV6onlyDhcp108,
    .schema = &dhcp108_schema,
    .params = &dhcp108_params,
    .targets = &dhcp108_targets,
    .run = &run_v6only_dhcp108,
};

}  // namespace

extern const CheckKind v6only_dhcp108_kind = kind_of<kBlock>;

}  // namespace v6r::probe
