// service.tcp: TCP connect to a named government service (host or literal address, port) from this
// node, by default over IPv6 only with whatever DNS64/NAT64 path exists. The addresses come from the
// node's resolver (AAAA: native or DNS64-synthesized, RFC 6147), each passes the allow-list gate
// (with its embedded IPv4 address when it lies under the NAT64 prefix), and they are tried in order
// until one connects. observed.path records how the service was reached: "native-ipv6" (outside the
// NAT64 prefix), "nat64" (under it, RFC 6052) or "ipv4".
// pass: connected; fail: no address connected (timeouts retryable) or no address of the family
// (RFC 6147 §5.1: an IPv6-only client needs an AAAA, native or synthesized); error: DNS failure or
// allow-list refusal.
#include <cmath>

#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/service_common.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema tcp_schema() {
  return CheckSchema("service.tcp",
                     "TCP connect to a named service over IPv6-only, recording the address used.")
      .rfc("RFC 8305")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Service name"))
      .field(Field::ip_address("address").describe("Literal address"))
      .field(Field::port("port").req().describe("TCP port"))
      .field(Field::enumeration("family", enum_names(svc::kAddressFamilies))
                 .def("ipv6")
                 .describe("Address family to use"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("NAT64 prefix that classifies the path (default: the scenario's expect.pref64)"))
      .field(scenario::resolver_field());
}

struct TcpParams {
  std::string host;  // exactly one of host and address (schema one_of)
  std::optional<IpAddr> address;
  std::uint16_t port = 0;
  Family family = Family::ipv6;
  std::optional<Prefix> expected_prefix;
};

TcpParams tcp_params(const scenario::ParamValues& v) {
  TcpParams p;
  p.address = optional_ip(v, "address");
  if (!p.address) p.host = v.get_string("host");
  p.port = static_cast<std::uint16_t>(v.get_int("port"));
  p.family = enum_param(v, "family", svc::kAddressFamilies);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  return p;
}

CheckTargets tcp_targets(const TcpParams& p) {
  return p.address ? address_target(*p.address) : name_target(p.host);
}

awaitable<CheckOutcome> run_service_tcp(CheckEnv& env, const TcpParams& p, std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  const std::uint16_t port = p.port;
  const Family family = p.family;
  r.family = family;
  const auto pref64 = expected_pref64(env, p.expected_prefix);
  std::vector<IpAddr> addrs;
  std::string name;
  if (p.address) {
    addrs.push_back(*p.address);
    name = addrs.front().to_string();
  } else {
    name = p.host;
    auto got = co_await svc::resolve(env, name, family, deadline, out);
    if (!got) {
      r.target = name + ":" + std::to_string(port);
      co_return out;
    }
    addrs = *got;
  }
  r.target = name + ":" + std::to_string(port);
  // A literal address was not synthesized by the resolver: its prefixes do not label it.
  std::vector<Prefix> others;
  if (!p.address) others = co_await svc::resolver_pref64(env, addrs, pref64, deadline, r);
  const auto allowed = svc::gate(env, addrs, pref64, out, others);
  if (allowed.empty()) co_return out;

  r.observed["port"] = port;
  r.observed["attempts"] = nlohmann::json::array();
  std::vector<Msg> errors;
  bool timed_out = false;
  for (const auto& a : allowed) {
    if (deadline.expired()) break;
    const auto path = svc::classify_path(a, pref64, others);
    const Endpoint ep = to_endpoint(a, port);
    co_await env.rate.acquire(a.to_string());
    const TcpConnectResult c = co_await env.net.tcp_connect(ep, deadline.left());
    note_flow(r, "tcp", c.local, c.remote);
    r.observed["attempts"].push_back({{"address", a.to_string()},
                                      {"path", std::string(svc::to_string(path))},
                                      {"ok", c.ok},
                                      {"connect_ms", svc::ms(c.connect_time)},
                                      {"error", c.error}});
    if (c.ok) {
      r.timings_ms["connect"] = svc::ms(c.connect_time);
      r.observed["address"] = a.to_string();
      r.observed["path"] = std::string(svc::to_string(path));
      svc::set_verdict(out, Verdict::pass,
                       msg("check.tcp.pass", {sub("where", svc::where_msg(ep, path)),
                                              val("ms", std::llround(svc::ms(c.connect_time)))}));
      co_return out;
    }
    timed_out = timed_out || c.timed_out;
    errors.push_back(
        msg("check.tcp.attempt", {sub("where", svc::where_msg(ep, path)),
                                  sub("error", c.error.empty() ? msg("check.failed") : foreign(c.error))}));
  }
  r.observed["path"] = nullptr;
  svc::set_verdict(
      out, Verdict::fail,
      msg("check.tcp.fail", {val("host", name), val("port", port), list("errors", std::move(errors))}),
      std::nullopt, timed_out);
  co_return out;
}

// ---- the service.tcp block
constexpr KindBlock<TcpParams> kBlock{
    .name = "service.tcp",
    .schema = &tcp_schema,
    .params = &tcp_params,
    .targets = &tcp_targets,
    .run = &run_service_tcp,
};

}  // namespace

extern const CheckKind service_tcp_kind = kind_of<kBlock>;

}  // namespace v6r::probe
