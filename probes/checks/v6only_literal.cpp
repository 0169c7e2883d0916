// v6only.literal: can this IPv6-only node reach an IPv4 literal, and by which path?
//
// What it does: one TCP connect over an IPv4 socket to address:port (the address passes the
// scenario's allow-list first), then looks at the node: interfaces named like a CLAT (clat*, v4-*)
// and the IPv4 default route (/proc/net/route). On an IPv6-only node without a CLAT the connect
// fails at once with "network unreachable"; with a CLAT (464XLAT, RFC 6877) the packet goes out of
// the CLAT interface and is translated (RFC 7915); with an IPv4 default route on a normal interface
// the node is simply dual-stack.
//
// Verdict (decide_literal): expect any (default) → info naming the path: "no CLAT: IPv4 literals
// unreachable", "reachable via CLAT/464XLAT (clat interface …)", "reachable natively over IPv4
// (dual-stack)". expect clat|no_clat|native → pass when the path is that one, fail otherwise. An
// application that uses IPv4 literals works on an IPv6-only network only through a CLAT, the
// customer-side translator of 464XLAT (RFC 6877 §2), which is the section the result names.
#include "probes/checks/v6only_literal.hpp"

#include <ifaddrs.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/v6only_leak.hpp"
#include "probes/net/deadline.hpp"

namespace v6r::probe {

namespace v6only {

std::string_view to_string(LiteralPath p) {
  switch (p) {
    case LiteralPath::clat:
      return "clat";
    case LiteralPath::native:
      return "native";
    case LiteralPath::no_clat:
      return "no_clat";
    case LiteralPath::blocked:
      return "blocked";
    case LiteralPath::unknown:
      break;
  }
  return "unknown";
}

bool is_clat_interface(std::string_view name) {
  return name.rfind("clat", 0) == 0 || name.rfind("v4-", 0) == 0;
}

namespace {
bool contains_ci(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != hay.end();
}
}  // namespace

LiteralPath classify_literal(const LiteralFacts& f) {
  const bool answered = f.connected || contains_ci(f.error, "refused");
  if (!answered) {
    if (f.timed_out) return LiteralPath::blocked;
    if (contains_ci(f.error, "unreachable")) return LiteralPath::no_clat;
    return LiteralPath::unknown;
  }
  if (f.default_route_iface)
    return is_clat_interface(*f.default_route_iface) ? LiteralPath::clat : LiteralPath::native;
  return f.clat_interfaces.empty() ? LiteralPath::unknown : LiteralPath::clat;
}

LiteralVerdict decide_literal(LiteralPath p, const LiteralFacts& f, std::optional<LiteralPath> expect,
                              const std::string& target) {
  LiteralVerdict v;
  v.rfc = "RFC 6877 §2";
  switch (p) {
    case LiteralPath::no_clat:
      v.reason = msg("check.literal.no_clat", {val("target", target), sub("error", foreign(f.error))});
      break;
    case LiteralPath::clat: {
      const std::string via = f.default_route_iface
                                  ? *f.default_route_iface
                                  : (f.clat_interfaces.empty() ? "?" : f.clat_interfaces.front());
      v.reason = msg("check.literal.clat", {val("target", target), val("interface", via)});
      break;
    }
    case LiteralPath::native:
      v.reason = msg("check.literal.native",
                     {val("target", target), val("interface", f.default_route_iface.value_or("?"))});
      break;
    case LiteralPath::blocked:
      v.reason = msg("check.literal.blocked", {val("target", target), sub("error", foreign(f.error))});
      break;
    case LiteralPath::unknown:
      v.reason = f.connected
                     ? msg("check.literal.unknown_path", {val("target", target)})
                     : msg("check.literal.failed", {val("target", target), sub("error", foreign(f.error))});
      break;
  }
  if (!expect) {
    v.verdict = Verdict::info;
  } else if (p == *expect) {
    v.verdict = Verdict::pass;
  } else {
    v.verdict = Verdict::fail;
    v.reason = msg("check.literal.expected",
                   {sub("reason", v.reason), val("expect", std::string(to_string(*expect)))});
  }
  return v;
}

}  // namespace v6only

namespace {

using scenario::CheckSchema;
using scenario::Field;

/// The path the literal must take (param `expect`); nullopt = any (report which, as info).
constexpr EnumTable<std::optional<v6only::LiteralPath>, 4> kExpectedPaths = {{
    {std::nullopt, "any"},
    {v6only::LiteralPath::clat, "clat"},
    {v6only::LiteralPath::no_clat, "no_clat"},
    {v6only::LiteralPath::native, "native"},
}};

scenario::CheckSchema literal_schema() {
  return CheckSchema("v6only.literal",
                     "An IPv4 literal is reachable from the IPv6-only host (464XLAT / CLAT).")
      .rfc("RFC 6877")
      .rfc("RFC 7915")
      .field(Field::ipv4_address("address").req().describe("IPv4 literal to reach (must be allowed)"))
      .field(Field::port("port").def("80").describe("TCP port to connect to"))
      .field(Field::enumeration("expect", enum_names(kExpectedPaths))
                 .def("any")
                 .describe("Path the literal must take; any: report which it is (info)"));
}

struct LiteralParams {
  IpAddr address;
  std::uint16_t port = 80;
  std::optional<v6only::LiteralPath> expect;
};

LiteralParams literal_params(const scenario::ParamValues& v) {
  return LiteralParams{v.get_ip("address"), static_cast<std::uint16_t>(v.get_int("port")),
                       enum_param(v, "expect", kExpectedPaths)};
}

CheckTargets literal_targets(const LiteralParams& p) {
  return address_target(p.address);
}

awaitable<CheckOutcome> run_v6only_literal(CheckEnv& env, const LiteralParams& params,
                                           std::chrono::milliseconds budget) {
  using namespace v6only;
  const Deadline deadline(budget);
  const IpAddr& addr = params.address;
  const std::uint16_t port = params.port;
  const std::string target = addr.to_string() + ":" + std::to_string(port);
  if (auto ok = check_destination(env, addr, std::nullopt); !ok)
    co_return verdict(Verdict::error, msg("check.not_sent", {sub("why", ok.error())}));

  LiteralFacts f;
  ifaddrs* ifa = nullptr;
  if (::getifaddrs(&ifa) == 0) {
    std::set<std::string> names;
    for (ifaddrs* p = ifa; p != nullptr; p = p->ifa_next)
      if (p->ifa_name != nullptr && is_clat_interface(p->ifa_name)) names.insert(p->ifa_name);
    f.clat_interfaces.assign(names.begin(), names.end());
    ::freeifaddrs(ifa);
  }
  {
    std::ifstream rt("/proc/net/route");
    std::stringstream ss;
    ss << rt.rdbuf();
    for (const auto& e : parse_proc_net_route(ss.str()))
      if (e.is_default()) {
        f.default_route_iface = e.iface;
        break;
      }
  }

  co_await env.rate.acquire(addr.to_string());
  const Endpoint remote = to_endpoint(addr, port);
  const auto wait = std::max(std::chrono::milliseconds(1), deadline.waitable());
  TcpConnectResult c = co_await env.net.tcp_connect(remote, wait);
  f.connected = c.ok;
  f.timed_out = c.timed_out;
  f.error = c.error;

  CheckOutcome out;
  CheckResult& res = out.result;
  res.target = target;
  res.family = Family::ipv4;
  // The IPv4 attempt is the probe: on an IPv6-only link its frames (or its failure) are what the
  // verdict judges, not IPv4 leakage of the site.
  note_flow(res, "tcp", c.local, remote, /*deliberate=*/true);
  res.timings_ms["connect"] = static_cast<double>(c.connect_time.count()) / 1000.0;
  const LiteralPath path = classify_literal(f);
  res.observed["path"] = std::string(to_string(path));
  res.observed["connected"] = c.ok;
  if (!c.error.empty()) res.observed["error"] = c.error;
  res.observed["clat_interfaces"] = f.clat_interfaces;
  if (f.default_route_iface) res.observed["ipv4_default_route_iface"] = *f.default_route_iface;
  const auto v = decide_literal(path, f, params.expect, target);
  res.verdict = v.verdict;
  set_reason(res, v.reason);
  res.rfc = v.rfc;
  co_return out;
}

// ---- the v6only.literal block
constexpr KindBlock<LiteralParams> kBlock{
    .name = "v6only.literal",
    .schema = &literal_schema,
    .params = &literal_params,
    .targets = &literal_targets,
    .run = &run_v6only_literal,
};

}  // namespace

extern const CheckKind v6only_literal_kind = kind_of<kBlock>;

}  // namespace v6r::probe
