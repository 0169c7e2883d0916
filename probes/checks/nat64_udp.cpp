// nat64.udp: UDP request/response through NAT64 (e.g. echo on port 7).
// pass: a datagram comes back (equal to the payload when expect_echo) — RFC 6146 §3.5.1 (UDP session
// handling), RFC 7915 §5.1 / §4.1 (header translation). fail: no reply within the deadline (retryable),
// an error (e.g. ICMP port unreachable, reported as "connection refused"), or a reply that differs.
#include <algorithm>

#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_nat64_udp(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("nat64.udp", "UDP request/response through NAT64 (e.g. echo on port 7).")
            .rfc("RFC 6146 §3.5.1")
            .rfc("RFC 7915")
            .one_of({"host", "address"})
            .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
            .field(Field::ip_address("address").describe("Literal target"))
            .field(Field::port("port").def("7").describe("UDP port"))
            .field(Field::string("payload").def("v6ready").describe("Datagram payload"))
            .field(Field::boolean("expect_echo")
                       .def("true")
                       .describe("Require the response to equal the payload")));
}

awaitable<CheckOutcome> run_nat64_udp(CheckEnv& env, const scenario::Check& check,
                                      std::chrono::milliseconds deadline) {
  const nat64::Budget budget(deadline);
  CheckOutcome out;
  const auto port = static_cast<std::uint16_t>(check.params.get_int("port"));
  const std::string& text = check.params.get_string("payload");
  const bool expect_echo = check.params.get_bool("expect_echo");
  const nat64::TargetSpec spec = nat64::target_from_params(check);
  auto dest = co_await nat64::prepare(env, check, spec, budget, out);
  if (!dest) co_return out;

  CheckResult& r = out.result;
  std::vector<std::uint8_t> payload(text.begin(), text.end());
  const auto wait = budget.left();
  const UdpResult u = co_await env.net.udp_exchange(dest->endpoint(port), payload, wait);
  nat64::note_transport(r, "udp", u.local, u.remote);
  r.timings_ms["rtt"] = nat64::ms(u.rtt);
  r.observed["port"] = port;
  r.observed["sent_bytes"] = payload.size();
  const std::string what = dest->v6.to_string() + " port " + std::to_string(port);
  if (u.ok) {
    const bool same = u.reply == payload;
    r.observed["reply_bytes"] = u.reply.size();
    r.observed["reply_matches"] = same;
    if (expect_echo && !same) {
      nat64::set_verdict(out, Verdict::fail,
                         "UDP reply from " + what + " through NAT64 differs from the payload (" +
                             std::to_string(u.reply.size()) + " bytes back, " +
                             std::to_string(payload.size()) + " sent)",
                         "RFC 6146 §3.5.1");
    } else {
      nat64::set_verdict(out, Verdict::pass,
                         "UDP " + std::string(expect_echo ? "echo" : "reply") + " from " + what + " (IPv4 " +
                             dest->ipv4.to_string() + ") through NAT64 in " +
                             std::to_string(static_cast<long long>(nat64::ms(u.rtt))) + " ms",
                         "RFC 6146 §3.5.1");
    }
  } else if (u.timed_out) {
    nat64::set_verdict(
        out, Verdict::fail,
        "no UDP reply from " + what + " within " + nat64::ms_text(budget.total()) + " through NAT64",
        "RFC 6146 §3.5.1", true);
  } else {
    r.observed["error"] = u.error;
    nat64::set_verdict(out, Verdict::fail,
                       "UDP exchange with " + what + " (IPv4 " + dest->ipv4.to_string() +
                           ") through NAT64 failed: " + u.error,
                       "RFC 6146 §3.5.1");
  }
  co_return out;
}

}  // namespace v6r::probe
