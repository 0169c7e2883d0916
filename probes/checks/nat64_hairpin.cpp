// nat64.hairpin: two UDP sockets of this node reach each other through the NAT64 (RFC 6146 §3.8,
// RFC 4787 §6). Each learns its mapped IPv4 transport address from the STUN server (XA, XB, RFC 5389
// Binding through the NAT64); then A sends a nonce to XB's synthesized IPv6 address (RFC 6052) and B
// must receive it from XA's synthesized address and port.
// RFC 4787 §6 REQ-9: "A NAT MUST support 'Hairpinning'", and REQ-9 a): "A NAT Hairpinning behavior
// MUST be 'External source IP address and port'" (B sees XA). RFC 6146 §3.8 (hairpinning) is the
// NAT64's step for a packet to an address of its own IPv4 pool, turned around to the IPv6 side.
// Both MUSTs: no hairpin is `fail`, the datagram from another source port than XA's is `fail`. If STUN cannot
// give the mapped addresses: `error` "cannot judge". The nonce is resent (at most 3 times) within the wait
// before it counts as lost.
#include <random>

#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/nat64_stun.hpp"

namespace v6r::probe {
namespace {

constexpr const char* kReq9 = "RFC 4787 REQ-9";

scenario::CheckSchema hairpin_schema() {
  return nat64::stun_schema(
             "nat64.hairpin",
             "Hairpinning through the NAT64: two sockets of this node reach each other via their mapped "
             "IPv4 addresses (learnt with STUN)")
      .rfc(kReq9)
      .rfc("RFC 6146 §3.8");
}

std::vector<std::uint8_t> nonce() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::string text = "v6ready-hairpin-" + std::to_string(rng());
  return {text.begin(), text.end()};
}

awaitable<CheckOutcome> run_nat64_hairpin(CheckEnv& env, const nat64::StunParams& p,
                                          std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.server, deadline, out);
  if (!dest) co_return out;
  const auto ex = co_await asio::this_coro::executor;
  auto a = nat64::open_port(env, ex, out);
  if (!a) co_return out;
  auto b = nat64::open_port(env, ex, out);
  if (!b) co_return out;
  const auto wait = [&] { return std::min(p.wait, deadline.left()); };

  const Endpoint primary = dest->endpoint(p.port);
  // g++ 12: no braced or converted temporaries inside co_await arguments (probes/net/deadline.hpp)
  const std::vector<asio::ip::address> from_primary{primary.address};
  const std::optional<std::uint32_t> no_change;
  auto ta = co_await nat64::stun_binding(*a, primary, from_primary, no_change, p.rto, wait());
  nat64::note_stun(r, "A", *a, primary, ta);
  if (!ta.ok) {
    nat64::cannot_judge(
        out, msg("check.hairpin.server_socket", {val("server", dest->describe()), val("socket", "A")}), ta,
        "RFC 5389 §7.2.1");
    co_return out;
  }
  auto tb = co_await nat64::stun_binding(*b, primary, from_primary, no_change, p.rto, wait());
  nat64::note_stun(r, "B", *b, primary, tb);
  if (!tb.ok) {
    nat64::cannot_judge(
        out, msg("check.hairpin.server_socket", {val("server", dest->describe()), val("socket", "B")}), tb,
        "RFC 5389 §7.2.1");
    co_return out;
  }
  const stun::TransportAddress xa = *ta.message.mapped();
  const stun::TransportAddress xb = *tb.message.mapped();
  r.observed["mapped_a"] = xa.to_string();
  r.observed["mapped_b"] = xb.to_string();
  if (!xa.address.is_v4()) {
    nat64::set_verdict(out, Verdict::error,
                       msg("check.hairpin.a_not_ipv4", {val("address", xa.to_string())}));
    co_return out;
  }
  const Msg b_what = msg("check.hairpin.mapped_b");
  auto to_b = co_await nat64::synthesized_endpoint(env, dest->pref64, xb, b_what, out);
  if (!to_b) co_return out;
  auto from_a6 = addr::embed(dest->pref64, xa.address.v4());
  if (!from_a6) {
    nat64::set_verdict(out, Verdict::error,
                       msg("check.hairpin.cannot_embed",
                           {val("address", xa.to_string()), sub("error", foreign(from_a6.error().message))}),
                       "RFC 6052 §2.2");
    co_return out;
  }
  const Endpoint expect_from{asio::ip::make_address_v6(from_a6->bytes), xa.port};

  const auto payload = nonce();
  const auto total = wait();
  const Deadline hairpin_deadline(total);
  std::optional<UdpReceive> got;
  int sent = 0;
  for (; sent < 3 && !hairpin_deadline.expired();) {
    const std::string err = co_await a->send_to(*to_b, payload);
    ++sent;
    nat64::note_udp_flow(r, a->source_toward(*to_b), *to_b);
    if (!err.empty()) {
      nat64::set_verdict(
          out, Verdict::error,
          msg("check.hairpin.send_failed", {val("address", to_b->to_string()), sub("error", foreign(err))}));
      co_return out;
    }
    // Bounded: each pass consumes a datagram or ends the wait.
    for (int pass = 0; pass < 16 && !got; ++pass) {
      const auto slice = std::min(hairpin_deadline.left(), total / 3);
      if (slice.count() <= 0) break;
      const std::vector<asio::ip::address> from_a{expect_from.address};
      UdpReceive rcv = co_await b->receive(from_a, slice);
      if (rcv.timed_out) break;
      if (rcv.ok && rcv.data == payload) got = std::move(rcv);
    }
    if (got) break;
  }
  r.observed["hairpin_sent"] = sent;
  if (b->dropped() > 0) r.observed["dropped_datagrams"] = b->dropped();
  if (!got) {
    nat64::set_verdict(
        out, Verdict::fail,
        b->dropped() > 0
            ? msg("check.hairpin.none_dropped",
                  {val("sent", sent), val("a", xa.to_string()), val("b", xb.to_string()),
                   val("to", to_b->to_string()), val("ms", total.count()), val("dropped", b->dropped())})
            : msg("check.hairpin.none",
                  {val("sent", sent), val("a", xa.to_string()), val("b", xb.to_string()),
                   val("to", to_b->to_string()), val("ms", total.count())}),
        kReq9);
    co_return out;
  }
  r.observed["hairpin_from"] = got->from.to_string();
  // The hairpinned datagram as B received it: its own 5-tuple (A's mapped address, synthesized).
  nat64::note_udp_flow(r, b->source_toward(got->from), got->from);
  if (got->from.port != xa.port) {
    nat64::set_verdict(
        out, Verdict::fail,
        msg("check.hairpin.wrong_port", {val("port", got->from.port), val("a", xa.to_string())}), kReq9);
    co_return out;
  }
  nat64::set_verdict(out, Verdict::pass,
                     msg("check.hairpin.pass", {val("b", xb.to_string()), val("a", xa.to_string())}), kReq9);
  co_return out;
}

// ---- the nat64.hairpin block
constexpr KindBlock<nat64::StunParams> kBlock{
    .name = "nat64.hairpin",
    .schema = &hairpin_schema,
    .params = &nat64::stun_params,
    .targets = &nat64::stun_targets,
    .run = &run_nat64_hairpin,
};

}  // namespace

extern const CheckKind nat64_hairpin_kind = kind_of<kBlock>;

}  // namespace v6r::probe
