// service.tcp: TCP connect to a named government service (host or literal address, port) from this
// node, by default over IPv6 only with whatever DNS64/NAT64 path exists. The addresses come from the
// node's resolver (AAAA: native or DNS64-synthesized, RFC 6147), each passes the allow-list gate
// (with its embedded IPv4 address when it lies under the NAT64 prefix), and they are tried in order
// until one connects. observed.path records how the service was reached: "native-ipv6" (outside the
// NAT64 prefix), "nat64" (under it, RFC 6052) or "ipv4".
// pass: connected; fail: no address connected (timeouts retryable) or no address of the family
// (RFC 6147 §5.1: an IPv6-only client needs an AAAA, native or synthesized); error: DNS failure or
// allow-list refusal.
#include "probes/check_util.hpp"
#include "probes/checks/registry.hpp"
#include "probes/checks/service_common.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_service_tcp(scenario::CheckSchemaRegistry& r) {
  r.add(
      CheckSchema("service.tcp", "TCP connect to a named service over IPv6-only, recording the address used.")
          .rfc("RFC 8305")
          .one_of({"host", "address"})
          .field(Field::dns_name("host").describe("Service name"))
          .field(Field::ip_address("address").describe("Literal address"))
          .field(Field::port("port").req().describe("TCP port"))
          .field(Field::enumeration("family", {"ipv6", "ipv4", "any"})
                     .def("ipv6")
                     .describe("Address family to use"))
          .field(Field::pref64_prefix("expected_prefix")
                     .describe(
                         "NAT64 prefix that classifies the path (default: the scenario's expect.pref64)")));
}

awaitable<CheckOutcome> run_service_tcp(CheckEnv& env, const scenario::Check& check,
                                        std::chrono::milliseconds deadline) {
  const svc::Budget budget(deadline);
  CheckOutcome out;
  CheckResult& r = out.result;
  const auto port = static_cast<std::uint16_t>(check.params.get_int("port"));
  const Family family = *family_from_string(check.params.get_string("family"));
  r.family = family;
  const auto pref64 = expected_pref64(env, check);
  std::vector<IpAddr> addrs;
  std::string name;
  if (check.params.has("address")) {
    addrs.push_back(check.params.get_ip("address"));
    name = addrs.front().to_string();
  } else {
    name = check.params.get_string("host");
    auto got = co_await svc::resolve(env, name, family, budget, out);
    if (!got) {
      r.target = name + ":" + std::to_string(port);
      co_return out;
    }
    addrs = *got;
  }
  r.target = name + ":" + std::to_string(port);
  const auto allowed = svc::gate(env, addrs, pref64, out);
  if (allowed.empty()) co_return out;

  r.observed["port"] = port;
  r.observed["attempts"] = nlohmann::json::array();
  std::string errors;
  bool timed_out = false;
  for (const auto& a : allowed) {
    if (budget.used_up()) break;
    const auto path = svc::classify_path(a, pref64);
    const Endpoint ep = to_endpoint(a, port);
    co_await env.rate.acquire(a.to_string());
    const TcpConnectResult c = co_await env.net.tcp_connect(ep, budget.left());
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
                       "connected to " + ep.to_string() + " (" + std::string(svc::to_string(path)) + ") in " +
                           svc::ms_text(svc::ms(c.connect_time)));
      co_return out;
    }
    timed_out = timed_out || c.timed_out;
    errors += (errors.empty() ? "" : "; ") + ep.to_string() + " (" + std::string(svc::to_string(path)) +
              "): " + (c.error.empty() ? "failed" : c.error);
  }
  r.observed["path"] = nullptr;
  svc::set_verdict(out, Verdict::fail,
                   "no TCP connection to " + name + " port " + std::to_string(port) + ": " + errors,
                   std::nullopt, timed_out);
  co_return out;
}

}  // namespace v6r::probe
