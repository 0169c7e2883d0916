// v6only.ra: Router Advertisements on the segment, PREF64 (RFC 8781) present and consistent.
//
// What it does: opens a raw ICMPv6 socket on the interface, sends one Router Solicitation (RFC 4861
// §6.3.7: to ff02::2, hop limit 255), and listens for RAs until one carries a valid PREF64 option or
// the listening budget (wait_ms, bounded by the deadline) is used up. Each RA is decoded by the one
// ND parser (core/nd_options.hpp, through parse_ra in v6only_ra.hpp): PREF64 (option 38, PLC 0..5 =
// /96,/64,/56,/48,/40,/32, Scaled Lifetime × 8 s), RDNSS, Prefix Information, MTU.
//
// Why a raw ICMPv6 socket and not a libpcap handle: the kernel checks the ICMPv6 checksum, hands us
// just the ICMPv6 message (no link/extension-header walking), an ICMP6_FILTER passes only type 134,
// and IPV6_RECVHOPLIMIT lets us apply RFC 4861 §6.1.2 (hop limit 255). It needs CAP_NET_RAW, which
// the probe keeps after dropping privileges (probes/net/privileges.hpp). The run's own libpcap
// capture still records the RS and the RAs in capture.pcapng for the analyzer.
//
// Verdict mapping (decide_ra):
//  - no RA before the budget ends → warn, retryable (RFC 4861 §6.2.6: a router answers an RS; a
//    segment may still be configured statically, so not a fail);
//  - an RA with a PREF64 option that the receiver MUST ignore (PLC 6/7, length ≠ 2) and no valid
//    one → fail (RFC 8781 §4);
//  - a valid PREF64 (non-zero lifetime) that differs from the expected prefix (expected_prefix, else
//    the scenario's expect.pref64) → fail; several PREF64 options are allowed (§4, renumbering):
//    any one matching is enough;
//  - a valid, matching (or, with nothing expected, any) PREF64 → pass;
//  - no PREF64 (or only lifetime-0 ones, i.e. withdrawn) → `info`: RFC 8781 defines the option but
//    obliges no network to send it (hosts fall back to RFC 7050); `fail` with require_pref64.
// The dns64.discovery (RFC 7050) result is cross-checked by the analyzer, not here: a check does not
// see other checks' results.
#include "probes/checks/v6only_ra.hpp"

#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "core/check_kind.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/v6only_io.hpp"
#include "probes/net/deadline.hpp"
#include "probes/net/source_address.hpp"

namespace v6r::probe {

namespace v6only {

namespace {
/// "2001:db8:64::/96 (lifetime 1800 s)" as a reason's part.
Msg describe_msg(const Pref64Option& p) {
  return msg("check.ra.pref64", {val("prefix", p.prefix.to_string()), val("lifetime", p.lifetime_s)});
}

Ipv6Addr ipv6_of(const std::array<std::uint8_t, 16>& bytes) {
  Ipv6Addr a;
  a.bytes = bytes;
  return a;
}

// The probe's view of a PREF64 option the ND parser decoded with a valid PLC: the Pref64::/n with the
// bits past n cleared (a receiver uses only the first n).
Pref64Option to_option(const nd::Pref64& p) {
  return Pref64Option{Prefix::masked(IpAddr(ipv6_of(p.prefix)), p.length), p.plc, p.lifetime_s()};
}
}  // namespace

Expected<Pref64Option, std::string> decode_pref64(Bytes body) {
  const auto p = nd::decode_pref64(body);
  if (!p) return Unexpected{std::string("PREF64 option shorter than 16 octets")};
  if (!p->valid())
    return Unexpected{
        nd::describe(OptionAnomaly{Anomaly::bad_pref64_option, nd::kOptPref64, 2, 0, p->plc, false})};
  return to_option(*p);
}

// The RA header and the options are read by the one ND parser (core/nd_options.hpp); options a host
// MUST ignore are kept out of RaInfo and listed in its anomalies.
Expected<RaInfo, std::string> parse_ra(Bytes icmp) {
  WireReader r(icmp);
  auto type = r.u8();
  r.skip(3);  // code, checksum
  const auto header = nd::read_ra_header(r);
  if (!header)
    return Unexpected{"Router Advertisement truncated: " + std::to_string(icmp.size()) + " of 16 octets"};
  if (*type != ND_ROUTER_ADVERT)
    return Unexpected{"not a Router Advertisement (ICMPv6 type " + std::to_string(*type) + ")"};
  RaInfo ra;
  ra.cur_hop_limit = header->cur_hop_limit;
  ra.managed = header->managed();
  ra.other = header->other();
  ra.router_lifetime_s = header->router_lifetime;
  nd::OptionReader walk(r);
  while (auto o = walk.next()) {
    if (o->anomaly) {
      ra.anomalies.push_back(*o->anomaly);
      continue;
    }
    if (const auto* p = std::get_if<nd::Pref64>(&o->value)) {
      ra.pref64.push_back(to_option(*p));
    } else if (const auto* pi = std::get_if<nd::PrefixInformation>(&o->value)) {
      ra.prefixes.push_back(PrefixInfo{Prefix::masked(IpAddr(ipv6_of(pi->prefix)), pi->length), pi->on_link(),
                                       pi->autonomous(), pi->valid_lifetime, pi->preferred_lifetime});
    } else if (const auto* d = std::get_if<nd::Rdnss>(&o->value)) {
      Rdnss servers;
      servers.lifetime_s = d->lifetime;
      for (std::size_t i = 0; i < d->count(); ++i) {
        Ipv6Addr a;
        std::copy_n(d->address(i).begin(), 16, a.bytes.begin());
        servers.servers.push_back(a);
      }
      ra.rdnss.push_back(std::move(servers));
    } else if (const auto* mtu = std::get_if<nd::Mtu>(&o->value)) {
      ra.mtu = mtu->mtu;
    }
  }
  if (walk.stop()) ra.anomalies.push_back(*walk.stop());
  return ra;
}

std::vector<std::uint8_t> build_router_solicitation() {
  return {ND_ROUTER_SOLICIT, 0, 0, 0, 0, 0, 0, 0};
}

RaVerdict decide_ra(const RaVerdictInput& in) {
  RaVerdict v;
  if (in.ras_seen == 0 || !in.ra) {
    v.verdict = Verdict::warn;
    v.reason = msg("check.ra.none", {val("ms", in.waited_ms)});
    v.rfc = "RFC 4861 §6.2.6";
    v.retryable = true;
    return v;
  }
  const RaInfo& ra = *in.ra;
  std::vector<Pref64Option> live;
  for (const auto& p : ra.pref64)
    if (p.lifetime_s > 0) live.push_back(p);
  bool malformed_pref64 = false;
  for (const auto& a : ra.anomalies)
    if (a.kind == Anomaly::bad_pref64_option) malformed_pref64 = true;
  if (live.empty()) {
    if (malformed_pref64) {
      v.verdict = Verdict::fail;
      v.reason = msg("check.ra.malformed", {sub("anomaly", foreign(nd::describe(ra.anomalies.front())))});
      v.rfc = "RFC 8781 §4";
      return v;
    }
    const Msg what = ra.pref64.empty()
                         ? msg("check.ra.no_pref64")
                         : msg("check.ra.withdrawn", {val("prefix", ra.pref64.front().prefix.to_string())});
    v.verdict = in.require_pref64 ? Verdict::fail : Verdict::info;
    v.reason = msg(in.require_pref64 ? "check.ra.required" : "check.ra.use_rfc7050", {sub("what", what)});
    v.rfc = "RFC 8781 §4";
    return v;
  }
  if (in.expected) {
    for (const auto& p : live)
      if (p.prefix == *in.expected) {
        v.verdict = Verdict::pass;
        v.reason = msg("check.ra.match", {sub("pref64", describe_msg(p))});
        v.rfc = "RFC 8781 §4";
        return v;
      }
    v.verdict = Verdict::fail;
    std::vector<Msg> gots;
    for (const auto& p : live) gots.push_back(describe_msg(p));
    v.reason =
        msg("check.ra.mismatch", {list("got", std::move(gots)), val("expected", in.expected->to_string())});
    v.rfc = "RFC 8781 §4";
    return v;
  }
  v.verdict = Verdict::pass;
  v.reason = msg("check.ra.advertised", {sub("pref64", describe_msg(live.front()))});
  v.rfc = "RFC 8781 §4";
  return v;
}

nlohmann::json ra_to_json(const RaInfo& ra, const std::string& router) {
  nlohmann::json j;
  j["router"] = router;
  j["router_lifetime_s"] = ra.router_lifetime_s;
  j["cur_hop_limit"] = ra.cur_hop_limit;
  j["managed"] = ra.managed;
  j["other"] = ra.other;
  if (ra.mtu) j["mtu"] = *ra.mtu;
  j["pref64"] = nlohmann::json::array();
  for (const auto& p : ra.pref64)
    j["pref64"].push_back({{"prefix", p.prefix.to_string()}, {"plc", p.plc}, {"lifetime_s", p.lifetime_s}});
  j["prefixes"] = nlohmann::json::array();
  for (const auto& p : ra.prefixes)
    j["prefixes"].push_back({{"prefix", p.prefix.to_string()},
                             {"on_link", p.on_link},
                             {"autonomous", p.autonomous},
                             {"valid_s", p.valid_s},
                             {"preferred_s", p.preferred_s}});
  j["rdnss"] = nlohmann::json::array();
  for (const auto& d : ra.rdnss)
    for (const auto& s : d.servers)
      j["rdnss"].push_back({{"address", s.to_string()}, {"lifetime_s", d.lifetime_s}});
  j["anomalies"] = nlohmann::json::array();
  for (const auto& a : ra.anomalies) j["anomalies"].push_back(nd::describe(a));
  return j;
}

}  // namespace v6only

namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema ra_schema() {
  return CheckSchema(std::string(check_kind::kV6onlyRa),
                     "Router Advertisements on the segment: PREF64 option present and consistent.")
      .rfc("RFC 8781 §4")
      .rfc("RFC 4861 §4.2")
      .field(Field::string("interface").describe("Interface to listen on; default: the probe's interface"))
      .field(Field::duration_ms("wait_ms").min(1).max(600000).def("5000").describe(
          "How long to wait for an RA (sends a Router Solicitation first); bounded by the deadline"))
      .field(Field::boolean("require_pref64")
                 .def("false")
                 .describe("Fail when no PREF64 option is seen (info otherwise: RFC 8781 obliges no "
                           "network to send it)"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("Prefix the PREF64 option must carry; defaults to expect.pref64"));
}

struct RaParams {
  std::string interface;  // "" = the probe's
  std::chrono::milliseconds wait{5000};
  bool require_pref64 = false;
  std::optional<Prefix> expected_prefix;
};

RaParams ra_params(const scenario::ParamValues& v) {
  return RaParams{optional_string(v, "interface").value_or(""), v.get_duration("wait_ms"),
                  v.get_bool("require_pref64"), optional_prefix(v, "expected_prefix")};
}

CheckTargets ra_targets(const RaParams&) {
  return {};  // the segment's routers, found by soliciting
}

awaitable<CheckOutcome> run_v6only_ra(CheckEnv& env, const RaParams& p, std::chrono::milliseconds budget) {
  using namespace v6only;
  const auto t0 = Clock::now();
  const Deadline deadline(budget);
  const std::string ifname = pick_interface(p.interface, env.interface);
  const unsigned ifindex = interface_index(ifname);
  if (ifindex == 0)
    co_return verdict(Verdict::error, ifname.empty()
                                          ? msg("check.ra.no_interface")
                                          : msg("check.iface.not_found", {val("interface", ifname)}));
  const auto listen = std::min(p.wait, deadline.waitable());

  int fd = ::socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  if (fd < 0)
    co_return verdict(Verdict::error,
                      msg("check.sys.raw_icmpv6", {sub("error", foreign(errno_text(errno)))}));
  asio::posix::stream_descriptor sd(co_await asio::this_coro::executor, fd);
  icmp6_filter filter;
  ICMP6_FILTER_SETBLOCKALL(&filter);
  ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &filter);
  int hops = 255, on = 1;
  if (::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) != 0 ||
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) != 0 ||
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) != 0 ||
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(), static_cast<socklen_t>(ifname.size())) !=
          0)
    co_return verdict(Verdict::error,
                      msg("check.sys.raw_icmpv6_options",
                          {val("interface", ifname), sub("error", foreign(errno_text(errno)))}));

  CheckOutcome out;
  CheckResult& res = out.result;
  res.target = ifname;
  res.family = Family::ipv6;

  // RFC 4861 §6.3.7: one solicitation to all-routers; an RA may already be on its way anyway.
  sockaddr_in6 dst{};
  dst.sin6_family = AF_INET6;
  dst.sin6_scope_id = ifindex;
  inet_pton(AF_INET6, "ff02::2", &dst.sin6_addr);
  const auto rs = build_router_solicitation();
  const bool rs_sent = ::sendto(fd, rs.data(), rs.size(), 0, reinterpret_cast<const sockaddr*>(&dst),
                                sizeof dst) == static_cast<ssize_t>(rs.size());
  res.observed["rs_sent"] = rs_sent;
  if (!rs_sent) {
    res.observed["rs_error"] = errno_text(errno);
  } else {
    // The RS leaves from the interface's link-local address (or :: before it has one, RFC 4861 §6.3.7);
    // the raw socket is not bound, so that source is learnt apart. ICMPv6 other than echo has no
    // identifier: both "ports" are 0.
    const auto ff02_2 = asio::ip::make_address("ff02::2");
    const auto src = source_address_toward(ff02_2, ifindex);
    res.evidence.flows.push_back(
        v6r::Flow{"icmpv6", src ? src->to_string() : std::string(), 0, "ff02::2", 0, {}, false});
  }

  RaVerdictInput in;
  in.expected = expected_pref64(env, p.expected_prefix);
  in.require_pref64 = p.require_pref64;
  nlohmann::json seen = nlohmann::json::array();
  std::string router_of_verdict;
  const auto until = t0 + listen;
  std::array<std::uint8_t, 2048> buf{};
  while (!(in.ra && !in.ra->pref64.empty())) {
    if (!co_await wait_readable(sd, until)) break;
    for (;;) {
      sockaddr_in6 from{};
      alignas(cmsghdr) std::array<char, 128> ctrl{};
      iovec iov{buf.data(), buf.size()};
      msghdr msg{};
      msg.msg_name = &from;
      msg.msg_namelen = sizeof from;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = ctrl.data();
      msg.msg_controllen = ctrl.size();
      const ssize_t n = ::recvmsg(fd, &msg, 0);
      if (n < 0) break;  // EAGAIN: wait again
      int hop_limit = -1;
      std::optional<Ipv6Addr> to;  // the RA's destination (ff02::1 or our link-local address)
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)
          std::memcpy(&hop_limit, CMSG_DATA(c), sizeof hop_limit);
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
          in6_pktinfo pi{};
          std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
          to.emplace();
          std::memcpy(to->bytes.data(), &pi.ipi6_addr, 16);
        }
      }
      Ipv6Addr src;
      std::memcpy(src.bytes.data(), &from.sin6_addr, 16);
      const std::string router = src.to_string();
      // RFC 4861 §6.1.2: hop limit 255 and a link-local source, or the RA is not valid.
      const bool link_local = src.bytes[0] == 0xfe && (src.bytes[1] & 0xc0) == 0x80;
      if (hop_limit != 255 || !link_local) {
        seen.push_back(
            {{"router", router},
             {"ignored", "hop limit " + std::to_string(hop_limit) +
                             (link_local ? "" : ", source not link-local") + " (RFC 4861 §6.1.2)"}});
        continue;
      }
      auto ra = parse_ra(Bytes(buf.data(), static_cast<std::size_t>(n)));
      ++in.ras_seen;
      if (!ra) {
        seen.push_back({{"router", router}, {"error", ra.error()}});
        continue;
      }
      seen.push_back(ra_to_json(*ra, router));
      if (to) {  // the RA as evidence: router -> its destination (one flow per pair)
        v6r::Flow fl{"icmpv6", router, 0, to->to_string(), 0, {}, false};
        if (std::find(res.evidence.flows.begin(), res.evidence.flows.end(), fl) == res.evidence.flows.end())
          res.evidence.flows.push_back(std::move(fl));
      }
      if (!in.ra || (in.ra->pref64.empty() && !ra->pref64.empty()) ||
          (in.ra->pref64.empty() && !ra->anomalies.empty())) {
        in.ra = *ra;
        router_of_verdict = router;
      }
      if (seen.size() >= 8) break;
    }
    if (seen.size() >= 8) break;
  }
  in.waited_ms = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
  res.timings_ms["listen"] = static_cast<double>(in.waited_ms);
  res.observed["interface"] = ifname;
  res.observed["ras_seen"] = in.ras_seen;
  res.observed["ras"] = seen;
  if (in.expected) res.observed["expected_pref64"] = in.expected->to_string();
  if (in.ra) {
    res.observed["pref64"] = ra_to_json(*in.ra, router_of_verdict)["pref64"];
    res.addresses.remote.push_back(router_of_verdict);
  }
  const RaVerdict v = decide_ra(in);
  res.verdict = v.verdict;
  set_reason(res, router_of_verdict.empty() ? v.reason
                                            : msg("check.ra.from_router",
                                                  {sub("reason", v.reason), val("router", router_of_verdict),
                                                   val("interface", ifname)}));
  res.rfc = v.rfc;
  out.retryable = v.retryable;
  co_return out;
}

// ---- the v6only.ra block
constexpr KindBlock<RaParams> kBlock{
    .name = check_kind::kV6onlyRa,
    .schema = &ra_schema,
    .params = &ra_params,
    .targets = &ra_targets,
    .run = &run_v6only_ra,
};

}  // namespace

extern const CheckKind v6only_ra_kind = kind_of<kBlock>;

}  // namespace v6r::probe
