// STUN transactions through NAT64 (probes/checks/nat64_stun.hpp).
#include "probes/checks/nat64_stun.hpp"

#include <algorithm>
#include <random>

#include <openssl/rand.h>

#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"

namespace v6r::probe::nat64 {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema stun_schema(std::string kind, std::string summary) {
  return CheckSchema(std::move(kind), std::move(summary))
      .rfc("RFC 5389 §7.2.1")
      .rfc("RFC 5780 §4")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("STUN server name, resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe(
          "STUN server literal (an IPv4 address is embedded in the NAT64 prefix, RFC 6052)"))
      .field(Field::port("port").def("3478").describe("STUN server UDP port (RFC 5389 §9)"))
      .field(Field::duration_ms("rto_ms").def("500").min(50).max(3000).describe(
          "First retransmission timeout; doubles per resend (RFC 5389 §7.2.1: 500 ms on fixed lines, "
          "less only where the network's capacity is known)"))
      .field(Field::duration_ms("wait_ms").def("1500").min(100).max(10000).describe(
          "Budget of one Binding transaction, retransmissions included; silence for this long means no "
          "answer"))
      .field(scenario::resolver_field());
}

StunParams stun_params(const scenario::ParamValues& v) {
  return StunParams{target_from_params(v), static_cast<std::uint16_t>(v.get_int("port")),
                    v.get_duration("rto_ms"), v.get_duration("wait_ms")};
}

CheckTargets stun_targets(const StunParams& p) {
  return targets_of(p.server);
}

stun::TransactionId new_transaction_id() {
  // RFC 5389 §6: "uniformly and randomly from the interval 0 .. 2**96-1, and SHOULD be
  // cryptographically random" (an off-path attacker must not guess it and answer first).
  stun::TransactionId tid{};
  if (RAND_bytes(tid.data(), static_cast<int>(tid.size())) != 1) {
    // OpenSSL's CSPRNG could not be seeded: still uniformly random, not cryptographically
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    for (auto& b : tid) b = static_cast<std::uint8_t>(rng());
  }
  return tid;
}

namespace {

using Clock = std::chrono::steady_clock;

/// A datagram from the server on the sending port of a RESPONSE-PORT request: true when it is the
/// answer to `tid` (success or error), recorded on `o` as the reason the method cannot be used.
bool answered_sender(const UdpReceive& got, const stun::TransactionId& tid, StunOutcome& o) {
  auto m = stun::parse(got.data);
  if (!m || m->transaction_id != tid || m->method != stun::kMethodBinding) return false;
  if (m->cls == stun::MessageClass::error && m->error_code)
    o.why = msg("check.stun.response_port_refused",
                {val("code", m->error_code->code), sub("reason", foreign(m->error_code->reason))});
  else if (m->cls == stun::MessageClass::success)
    o.why = msg("check.stun.response_port_ignored");
  else
    return false;
  o.answered_to_sender = true;
  o.error = english(o.why);
  o.from = got.from;
  return true;
}

/// One transaction: `request` (id `tid`) sent from `port` at rto, 2·rto, 4·rto... (at most 7 sends,
/// RFC 5389 §7.2.1 Rc) while `wait` lasts, the answer awaited on `answer_on` (null: `port` itself).
awaitable<StunOutcome> transaction(UdpPort& port, UdpPort* answer_on, Endpoint server,
                                   std::vector<asio::ip::address> accept_from, stun::TransactionId tid,
                                   std::vector<std::uint8_t> request, std::chrono::milliseconds rto,
                                   std::chrono::milliseconds wait) {
  StunOutcome o;
  const Deadline deadline(wait);
  UdpPort& listen = answer_on ? *answer_on : port;
  const auto t0 = Clock::now();
  auto interval = std::max(rto, std::chrono::milliseconds(1));
  auto next_send = Clock::now();
  bool send_now = true;
  // Bounded: at most 7 sends (RFC 5389 §7.2.1 Rc); each wait ends at the next send or the deadline; a
  // datagram that is not the answer costs one pass (at most 64 of them).
  for (int pass = 0; pass < 7 + 64 && !deadline.expired(); ++pass) {
    if (send_now && o.sent < 7) {
      const std::string err = co_await port.send_to(server, request);
      ++o.sent;
      if (!err.empty()) {
        o.why = foreign(err);
        o.error = err;
        co_return o;
      }
      send_now = false;
      next_send = Clock::now() + interval;
      interval *= 2;
    }
    const bool last = o.sent >= 7;
    const auto until = last ? deadline.end() : std::min(next_send, deadline.end());
    auto w = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (w.count() <= 0) w = std::chrono::milliseconds(1);
    UdpReceive got = co_await listen.receive(accept_from, w);
    if (got.timed_out && answer_on) {
      // The server may have answered the sender instead: its queue is read without waiting.
      UdpReceive direct = co_await port.receive(accept_from, std::chrono::milliseconds(1));
      if (direct.ok && answered_sender(direct, tid, o)) co_return o;
      if (direct.ok && o.ignored++ == 0) o.first_ignored = "a datagram on the sending port";
    }
    if (got.timed_out) {
      if (last) break;
      send_now = true;  // the retransmission timer ran out
      continue;
    }
    if (!got.ok) {
      o.why = foreign(got.error);
      o.error = got.error;
      co_return o;
    }
    auto m = stun::parse(got.data);
    std::string why;
    if (!m)
      why = "not a STUN message: " + m.error().describe();
    else
      why = stun::check_binding_response(*m, tid);
    if (!why.empty()) {
      if (o.ignored++ == 0) o.first_ignored = why;
      continue;
    }
    o.ok = true;
    o.message = std::move(*m);
    o.from = got.from;
    o.rtt = std::chrono::duration_cast<Micros>(Clock::now() - t0);
    co_return o;
  }
  o.timed_out = true;
  if (o.ignored > 0)
    o.why = msg("check.stun.unusable",
                {val("count", o.ignored), val("ms", wait.count()), sub("first", foreign(o.first_ignored))});
  else
    o.why = msg("check.stun.no_answer", {val("sent", o.sent), val("ms", wait.count())});
  o.error = english(o.why);
  co_return o;
}

}  // namespace

awaitable<StunOutcome> stun_binding(UdpPort& port, Endpoint server,
                                    std::vector<asio::ip::address> accept_from,
                                    std::optional<std::uint32_t> change, std::chrono::milliseconds rto,
                                    std::chrono::milliseconds wait) {
  const auto tid = new_transaction_id();
  auto request = stun::binding_request(tid, change);
  co_return co_await transaction(port, nullptr, server, std::move(accept_from), tid, std::move(request), rto,
                                 wait);
}

awaitable<StunOutcome> stun_response_port(UdpPort& sender, UdpPort& receiver, Endpoint server,
                                          std::vector<asio::ip::address> accept_from,
                                          std::uint16_t response_port, std::chrono::milliseconds rto,
                                          std::chrono::milliseconds wait) {
  const auto tid = new_transaction_id();
  auto request = stun::binding_request(tid, std::nullopt, response_port);
  co_return co_await transaction(sender, &receiver, server, std::move(accept_from), tid, std::move(request),
                                 rto, wait);
}

awaitable<std::optional<Endpoint>> synthesized_endpoint(CheckEnv& env, const Prefix& pref64,
                                                        const stun::TransportAddress& a,
                                                        const MessageRef& what, CheckOutcome& out) {
  if (!a.address.is_v4()) {
    set_verdict(out, Verdict::error,
                msg("check.stun.not_ipv4", {sub("what", what), val("address", a.to_string())}));
    co_return std::nullopt;
  }
  auto v6 = addr::embed(pref64, a.address.v4());  // RFC 6052 §2.2
  if (!v6) {
    set_verdict(out, Verdict::error,
                msg("check.stun.cannot_embed",
                    {sub("what", what), val("address", a.to_string()), val("prefix", pref64.to_string()),
                     sub("error", foreign(v6.error().message))}),
                "RFC 6052 §2.2");
    co_return std::nullopt;
  }
  if (auto ok = check_destination(env, IpAddr(*v6), pref64); !ok) {
    set_verdict(out, Verdict::error, msg("check.stun.refused", {sub("what", what), sub("why", ok.error())}));
    co_return std::nullopt;
  }
  co_await take_token(env, *v6);
  co_return Endpoint{asio::ip::make_address_v6(v6->bytes), a.port};
}

std::unique_ptr<UdpPort> open_port(CheckEnv& env, const asio::any_io_executor& ex, CheckOutcome& out) {
  UdpPortOpener* opener = env.net.udp_ports();
  if (!opener) {
    set_verdict(out, Verdict::error, msg("check.stun.no_udp_port"));
    return nullptr;
  }
  std::string error;
  auto p = opener->open_udp_port(ex, error);
  if (!p) set_verdict(out, Verdict::error, msg("check.cannot_judge", {sub("why", foreign(error))}));
  return p;
}

void cannot_judge(CheckOutcome& out, const MessageRef& what, const StunOutcome& o,
                  const std::optional<std::string>& rfc) {
  set_verdict(out, Verdict::error,
              msg("check.stun.cannot_judge",
                  {sub("what", what), sub("why", o.why.id.empty() ? foreign(o.error) : o.why)}),
              rfc, o.timed_out && o.ignored == 0);
}

void note_udp_flow(CheckResult& r, const std::optional<Endpoint>& source, const Endpoint& remote) {
  if (source) {
    const std::string src = source->address.to_string(), dst = remote.address.to_string();
    for (const auto& f : r.evidence.flows)
      if (f.proto == "udp" && f.src == src && f.sport == source->port && f.dst == dst &&
          f.dport == remote.port)
        return;
  }
  note_transport(r, "udp", source, remote);
}

void note_stun(CheckResult& r, const std::string& test, const UdpPort& port, const Endpoint& server,
               const StunOutcome& o) {
  // The request's 5-tuple as on the wire (the socket is bound to any: the source is the route's)...
  note_udp_flow(r, port.source_toward(server), server);
  // ...and the answer's, when it came from another address or port (a CHANGE-REQUEST answer).
  if (o.ok && !(o.from.address == server.address && o.from.port == server.port))
    note_udp_flow(r, port.source_toward(o.from), o.from);
  nlohmann::json t = {{"test", test}, {"server", server.to_string()}, {"sent", o.sent}, {"ok", o.ok}};
  if (o.ok) {
    t["rtt_ms"] = ms(o.rtt);
    t["from"] = o.from.to_string();
    if (const auto& m = o.message.mapped()) t["mapped"] = m->to_string();
    if (o.message.other_address) t["other_address"] = o.message.other_address->to_string();
    if (o.message.response_origin) t["response_origin"] = o.message.response_origin->to_string();
  } else {
    t["error"] = o.error;
  }
  if (o.ignored > 0) t["ignored"] = o.ignored;
  if (!r.observed.contains("stun")) r.observed["stun"] = nlohmann::json::array();
  r.observed["stun"].push_back(std::move(t));
}

}  // namespace v6r::probe::nat64
