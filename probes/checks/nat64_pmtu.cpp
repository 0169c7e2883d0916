// nat64.pmtu: Large transfer through NAT64: Packet Too Big handling and the 20-byte header difference.
// Two GETs over the same NAT64 path: first the small object "/" (a third of the deadline), then `path`
// (what is left). The large response travels IPv4 -> IPv6 and grows by 20 octets per packet (RFC 7915
// §4.1); where the IPv6 side's MTU is smaller, the router there MUST send a Packet Too Big
// (RFC 4443 §3.2) which the NAT64 MUST translate to ICMPv4 "fragmentation needed" with the MTU
// lowered by 20 (RFC 7915 §5.2), so the IPv4 server lowers its path MTU (RFC 8201 §4 on the IPv6
// side; 1280 is the IPv6 minimum link MTU, RFC 8200 §5).
// Verdicts:
//   pass  both arrive and the large body has at least min_bytes;
//   fail  "PMTU black hole": the small object arrives, the large one connects but stalls (timeout after
//         N body bytes) — PTB lost or not translated (retryable);
//   fail  "NAT64 down": the small object does not arrive either — not a PMTU problem (retryable on
//         timeout);
//   fail  the large object completes with fewer than min_bytes, or a status other than 200.
// AsioTransport does not see ICMPv6 Packet Too Big on a TCP socket (the kernel consumes it); observed
// says so and the analyzer finds PTBs in the capture.
#include <algorithm>

#include "core/check_kind.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema pmtu_schema() {
  return CheckSchema(
             std::string(check_kind::kNat64Pmtu),
             "Large transfer through NAT64: Packet Too Big handling and the 20-byte header difference.")
      .rfc("RFC 7915 §4.2")
      .rfc("RFC 7915 §5.1")
      .rfc("RFC 8201")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe("Literal target"))
      .field(Field::port("port").def("80").describe("HTTP port"))
      .field(Field::string("path").def("/big.bin").describe("Path of a large object"))
      .field(Field::integer("min_bytes")
                 .min(1)
                 .max(1073741824)
                 .def("1048576")
                 .describe("Bytes that must arrive"))
      .field(scenario::resolver_field());
}

struct PmtuParams {
  nat64::TargetSpec target;
  std::uint16_t port = 80;
  std::string path;
  std::uint64_t min_bytes = 1048576;
};

PmtuParams pmtu_params(const scenario::ParamValues& v) {
  return PmtuParams{nat64::target_from_params(v), static_cast<std::uint16_t>(v.get_int("port")),
                    v.get_string("path"), static_cast<std::uint64_t>(v.get_int("min_bytes"))};
}

CheckTargets pmtu_targets(const PmtuParams& p) {
  return nat64::targets_of(p.target);
}

constexpr const char* kSmallPath = "/";
const std::string kRfcPtb = "RFC 7915 §5.2 (PTB translation); RFC 4443 §3.2; RFC 8201 §4";
const std::string kRfcNat64 = "RFC 6146 §3.5.2";

nlohmann::json fetch_json(const HttpResult& h) {
  nlohmann::json j{{"ok", h.ok},
                   {"timed_out", h.timed_out},
                   {"connected", h.connected},
                   {"body_bytes", h.body_size},
                   {"connect_ms", nat64::ms(h.connect_time)},
                   {"total_ms", nat64::ms(h.total_time)}};
  if (h.status) j["status"] = h.status;
  if (!h.body_sha256.empty()) j["body_sha256"] = h.body_sha256;
  if (!h.error.empty()) j["error"] = h.error;
  return j;
}

awaitable<CheckOutcome> run_nat64_pmtu(CheckEnv& env, const PmtuParams& p, std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  const std::uint16_t port = p.port;
  const std::string& path = p.path;
  const std::uint64_t min_bytes = p.min_bytes;
  const nat64::TargetSpec& spec = p.target;
  auto dest = co_await nat64::prepare(env, spec, deadline, out);
  if (!dest) co_return out;

  CheckResult& r = out.result;
  r.observed["port"] = port;
  r.observed["path"] = path;
  r.observed["min_bytes"] = min_bytes;
  r.observed["ptb_seen"] = nullptr;
  r.observed["ptb_note"] =
      "the probe's TCP socket cannot observe ICMPv6 Packet Too Big (the kernel consumes it); the analyzer "
      "looks for PTB in capture.pcapng";
  const Endpoint ep = dest->endpoint(port);
  HttpRequest req;
  req.host = spec.literal ? spec.literal->to_string() : spec.host;
  req.path = kSmallPath;
  req.max_body = 1024 * 1024;
  // "<address> port <port> (IPv4 <ipv4>)" in every sentence below.
  const auto at = [&](std::vector<MessageArg> more) {
    std::vector<MessageArg> a{val("address", dest->v6.to_string()), val("port", port),
                              val("ipv4", dest->ipv4.to_string())};
    a.insert(a.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    return a;
  };

  // 1. The small object: does NAT64 work at all?
  const auto small_wait = std::max(deadline.left() / 3, std::chrono::milliseconds(1));
  const HttpResult s = co_await env.net.http_get(ep, req, small_wait);
  nat64::note_transport(r, "tcp", s.local, s.remote);
  r.observed["small"] = fetch_json(s);
  r.timings_ms["small_total"] = nat64::ms(s.total_time);
  if (!s.ok) {
    const Msg why = s.timed_out
                        ? msg(s.connected ? "check.pmtu.small_no_response" : "check.pmtu.small_no_handshake",
                              {val("ms", small_wait.count())})
                        : foreign(s.error);
    nat64::set_verdict(
        out, Verdict::fail,
        msg("check.pmtu.nat64_down", at({val("path", std::string(kSmallPath)), sub("why", why)})), kRfcNat64,
        s.timed_out);
    co_return out;
  }

  // 2. The large object with what is left.
  co_await nat64::take_token(env, dest->v6);
  const auto big_wait = deadline.left();
  if (big_wait.count() <= 0) {
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.pmtu.no_time", {val("ms", deadline.total().count()), val("path", path)}),
                       std::nullopt, true);
    co_return out;
  }
  req.path = path;
  req.max_body = std::max<std::uint64_t>(min_bytes * 2, 16ull * 1024 * 1024);
  const HttpResult b = co_await env.net.http_get(ep, req, big_wait);
  // The large transfer probes the path MTU on purpose: its Packet Too Big messages and retransmitted
  // full-size segments are this check's to judge (pass or "PMTU black hole"), not capture warnings.
  nat64::note_transport(r, "tcp", b.local, b.remote, /*deliberate=*/true);
  r.observed["large"] = fetch_json(b);
  r.observed["bytes_received"] = b.body_size;
  r.timings_ms["connect"] = nat64::ms(b.connect_time);
  r.timings_ms["first_byte"] = nat64::ms(b.first_byte_time);
  r.timings_ms["total"] = nat64::ms(b.total_time);

  if (b.ok) {
    if (b.status != 200) {
      nat64::set_verdict(out, Verdict::fail,
                         msg("check.pmtu.status", at({val("path", path), val("status", b.status)})),
                         "RFC 9110 §9.3.1");
    } else if (b.body_size < min_bytes) {
      nat64::set_verdict(out, Verdict::fail,
                         msg("check.pmtu.small_body",
                             at({val("path", path), val("bytes", b.body_size), val("min", min_bytes)})));
    } else {
      nat64::set_verdict(
          out, Verdict::pass,
          msg("check.pmtu.pass", at({val("bytes", b.body_size), val("path", path),
                                     val("ms", static_cast<long long>(nat64::ms(b.total_time)))})),
          kRfcPtb);
    }
  } else if (b.timed_out && b.connected) {
    nat64::set_verdict(out, Verdict::fail,
                       b.status
                           ? msg("check.pmtu.black_hole_status",
                                 at({val("path", path), val("status", b.status), val("bytes", b.body_size),
                                     val("ms", big_wait.count()), val("small", std::string(kSmallPath))}))
                           : msg("check.pmtu.black_hole",
                                 at({val("path", path), val("bytes", b.body_size),
                                     val("ms", big_wait.count()), val("small", std::string(kSmallPath))})),
                       kRfcPtb, true);
  } else if (b.timed_out) {
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.pmtu.no_handshake", at({val("ms", big_wait.count()), val("path", path)})),
                       kRfcNat64, true);
  } else {
    r.observed["error"] = b.error;
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.pmtu.failed", at({val("path", path), val("bytes", b.body_size),
                                                    sub("error", foreign(b.error))})),
                       kRfcNat64);
  }
  co_return out;
}

// ---- the nat64.pmtu block
constexpr KindBlock<PmtuParams> kBlock{
    .name = check_kind::kNat64Pmtu,
    .schema = &pmtu_schema,
    .params = &pmtu_params,
    .targets = &pmtu_targets,
    .run = &run_nat64_pmtu,
};

}  // namespace

extern const CheckKind nat64_pmtu_kind = kind_of<kBlock>;

}  // namespace v6r::probe
