// nat64.udp: UDP request/response through NAT64 (e.g. echo on port 7).
// pass: a datagram comes back (equal to the payload when expect_echo) — RFC 6146 §3.5.1 (UDP session
// handling), RFC 7915 §5.1 / §4.1 (header translation). fail: no reply within the deadline (retryable),
// an error (e.g. ICMP port unreachable, reported as "connection refused"), or a reply that differs.
#include <algorithm>

#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema udp_schema() {
  return CheckSchema("nat64.udp", "UDP request/response through NAT64 (e.g. echo on port 7).")
      .rfc("RFC 6146 §3.5.1")
      .rfc("RFC 7915")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe("Literal target"))
      .field(Field::port("port").def("7").describe("UDP port"))
      .field(Field::string("payload").def("v6ready").describe("Datagram payload"))
      .field(Field::boolean("expect_echo").def("true").describe("Require the response to equal the payload"))
      .field(scenario::resolver_field());
}

struct UdpParams {
  nat64::TargetSpec target;
  std::uint16_t port = 7;
  std::string payload;
  bool expect_echo = true;
};

UdpParams udp_params(const scenario::ParamValues& v) {
  return UdpParams{nat64::target_from_params(v), static_cast<std::uint16_t>(v.get_int("port")),
                   v.get_string("payload"), v.get_bool("expect_echo")};
}

CheckTargets udp_targets(const UdpParams& p) {
  return nat64::targets_of(p.target);
}

awaitable<CheckOutcome> run_nat64_udp(CheckEnv& env, const UdpParams& p, std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  const std::uint16_t port = p.port;
  const bool expect_echo = p.expect_echo;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;

  CheckResult& r = out.result;
  std::vector<std::uint8_t> payload(p.payload.begin(), p.payload.end());
  const auto wait = deadline.left();
  const UdpResult u = co_await env.net.udp_exchange(dest->endpoint(port), payload, wait);
  nat64::note_transport(r, "udp", u.local, u.remote);
  r.timings_ms["rtt"] = nat64::ms(u.rtt);
  r.observed["port"] = port;
  r.observed["sent_bytes"] = payload.size();
  const std::string addr = dest->v6.to_string(), ipv4 = dest->ipv4.to_string();
  if (u.ok) {
    const bool same = u.reply == payload;
    r.observed["reply_bytes"] = u.reply.size();
    r.observed["reply_matches"] = same;
    if (expect_echo && !same) {
      nat64::set_verdict(
          out, Verdict::fail,
          msg("check.nat64_udp.differs", {val("address", addr), val("port", port),
                                          val("back", u.reply.size()), val("sent", payload.size())}),
          "RFC 6146 §3.5.1");
    } else {
      nat64::set_verdict(out, Verdict::pass,
                         msg(expect_echo ? "check.nat64_udp.echo" : "check.nat64_udp.reply",
                             {val("address", addr), val("port", port), val("ipv4", ipv4),
                              val("ms", static_cast<long long>(nat64::ms(u.rtt)))}),
                         "RFC 6146 §3.5.1");
    }
  } else if (u.timed_out) {
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.nat64_udp.timeout",
                           {val("address", addr), val("port", port), val("ms", deadline.total().count())}),
                       "RFC 6146 §3.5.1", true);
  } else {
    r.observed["error"] = u.error;
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.nat64_udp.failed", {val("address", addr), val("port", port),
                                                      val("ipv4", ipv4), sub("error", foreign(u.error))}),
                       "RFC 6146 §3.5.1");
  }
  co_return out;
}

// ---- the nat64.udp block
constexpr KindBlock<UdpParams> kBlock{
    .name = "nat64.udp",
    .schema = &udp_schema,
    .params = &udp_params,
    .targets = &udp_targets,
    .run = &run_nat64_udp,
};

}  // namespace

extern const CheckKind nat64_udp_kind = kind_of<kBlock>;

}  // namespace v6r::probe
