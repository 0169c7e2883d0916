// nat64.tcp: TCP connect through NAT64 to an IPv4-only target (via its synthesized address).
// pass: the handshake completes (RFC 6146 §3.5.2: the NAT64 creates the TCP session and translates the
// SYN / SYN-ACK, RFC 7915 §5.1 / §4.1). fail: timeout (retryable), refused or unreachable, with the reason.
// The path before the connect (prefix, DNS64, allow-list, rate limit) is nat64_path.hpp.
#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema tcp_schema() {
  return CheckSchema("nat64.tcp",
                     "TCP connect through NAT64 to an IPv4-only target (via its synthesized address).")
      .rfc("RFC 6146 §3.5.2")
      .rfc("RFC 7915")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe(
          "Literal target (an IPv4 address is embedded with the expected prefix)"))
      .field(Field::port("port").def("80").describe("TCP port"))
      .field(scenario::resolver_field());
}

struct TcpParams {
  nat64::TargetSpec target;
  std::uint16_t port = 80;
};

TcpParams tcp_params(const scenario::ParamValues& v) {
  return TcpParams{nat64::target_from_params(v), static_cast<std::uint16_t>(v.get_int("port"))};
}

CheckTargets tcp_targets(const TcpParams& p) {
  return nat64::targets_of(p.target);
}

awaitable<CheckOutcome> run_nat64_tcp(CheckEnv& env, const TcpParams& p, std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  const std::uint16_t port = p.port;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;

  CheckResult& r = out.result;
  const auto wait = deadline.left();
  const TcpConnectResult c = co_await env.net.tcp_connect(dest->endpoint(port), wait);
  nat64::note_transport(r, "tcp", c.local, c.remote);
  r.timings_ms["connect"] = nat64::ms(c.connect_time);
  r.observed["port"] = port;
  r.observed["connected"] = c.ok;
  const std::string addr = dest->v6.to_string(), ipv4 = dest->ipv4.to_string();
  if (c.ok) {
    nat64::set_verdict(
        out, Verdict::pass,
        msg("check.nat64_tcp.pass", {val("address", addr), val("port", port), val("ipv4", ipv4),
                                     val("ms", static_cast<long long>(nat64::ms(c.connect_time)))}),
        "RFC 6146 §3.5.2");
  } else if (c.timed_out) {
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.nat64_tcp.timeout",
                           {val("address", addr), val("port", port), val("ms", deadline.total().count())}),
                       "RFC 6146 §3.5.2", true);
  } else {
    r.observed["error"] = c.error;
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.nat64_tcp.failed", {val("address", addr), val("port", port),
                                                      val("ipv4", ipv4), sub("error", foreign(c.error))}),
                       "RFC 6146 §3.5.2");
  }
  co_return out;
}

// ---- the nat64.tcp block
constexpr KindBlock<TcpParams> kBlock{
    .name = "nat64.tcp",
    .schema = &tcp_schema,
    .params = &tcp_params,
    .targets = &tcp_targets,
    .run = &run_nat64_tcp,
};

}  // namespace

extern const CheckKind nat64_tcp_kind = kind_of<kBlock>;

}  // namespace v6r::probe
