// nat64.mapping: the NAT64's mapping behaviour for UDP, found with STUN through the NAT64 (RFC 5780
// §4.3) from one local port: test I to the server's primary address A1:P1 (mapped X1, and its
// OTHER-ADDRESS A2:P2), test II to A2:P1 (X2), test III to A2:P2 (X3).
//   X1 == X2          endpoint-independent      pass
//   X2 == X3          address-dependent         fail
//   otherwise         address-and-port-dependent fail
// RFC 4787 §4.1 REQ-1: "A NAT MUST have an 'Endpoint-Independent Mapping' behavior." A NAT64 is such
// a NAT for UDP (RFC 6146 §3.5.1, UDP session handling: its BIB maps one IPv6 transport address to one
// IPv4 transport address, RFC 6146 §2); the IPv4 side here includes any NAT44 behind the translator.
// A MUST: anything but endpoint-independent is `fail`.
// Also observed: port preservation (mapped port == local port: RFC 4787 §4.2.1, not required, not
// judged) and port parity (RFC 4787 §4.2.2 REQ-4: "It is RECOMMENDED that a NAT have a 'Port parity
// preservation' behavior of 'Yes'"; RFC 6146 §3.5.1.1: "The NAT64 SHOULD preserve the port parity"),
// a SHOULD, so a lost parity on an otherwise passing NAT64 is `warn`. A server without
// OTHER-ADDRESS, or silent, or answering garbage: `error` "cannot judge".
#include "probes/check_util.hpp"
#include "probes/checks/nat64_stun.hpp"

namespace v6r::probe {
namespace {

constexpr const char* kReq1 = "RFC 4787 REQ-1";
constexpr const char* kReq4 = "RFC 4787 REQ-4";

scenario::CheckSchema mapping_schema() {
  return nat64::stun_schema(
             "nat64.mapping",
             "UDP mapping behaviour of the NAT64 (STUN, RFC 5780 §4.3): endpoint-independent or not")
      .rfc(kReq1)
      .rfc("RFC 6146 §3.5.1")
      .rfc(kReq4);
}

std::chrono::milliseconds budget_for(const nat64::StunParams& p, const Deadline& d) {
  return std::min(p.wait, d.left());
}

awaitable<CheckOutcome> run_nat64_mapping(CheckEnv& env, const nat64::StunParams& p,
                                          std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.server, deadline, out);
  if (!dest) co_return out;
  auto port = nat64::open_port(env, co_await asio::this_coro::executor, out);
  if (!port) co_return out;

  // Test I (RFC 5780 §4.3): the primary address.
  const Endpoint primary = dest->endpoint(p.port);
  // g++ 12: no braced or converted temporaries inside co_await arguments (probes/net/deadline.hpp)
  const std::vector<asio::ip::address> from_primary{primary.address};
  const std::optional<std::uint32_t> no_change;
  auto t1 =
      co_await nat64::stun_binding(*port, primary, from_primary, no_change, p.rto, budget_for(p, deadline));
  nat64::note_stun(r, "I", *port, primary, t1);
  if (!t1.ok) {
    nat64::cannot_judge(out,
                        msg("check.stun.server_port", {val("server", dest->describe()), val("port", p.port)}),
                        t1, "RFC 5780 §4.3");
    co_return out;
  }
  const stun::TransportAddress x1 = *t1.message.mapped();
  const auto local = port->local();
  const std::uint16_t local_port = local ? local->port : 0;
  r.observed["local_port"] = local_port;
  r.observed["mapped_address"] = x1.to_string();
  const bool preserved = x1.port == local_port;
  const bool parity = (x1.port % 2) == (local_port % 2);
  r.observed["port_preserved"] = preserved;
  r.observed["parity_preserved"] = parity;
  if (!t1.message.other_address) {
    nat64::set_verdict(out, Verdict::error, msg("check.mapping.no_other", {val("server", dest->describe())}),
                       "RFC 5780 §4.3");
    co_return out;
  }
  const stun::TransportAddress other = *t1.message.other_address;
  r.observed["other_address"] = other.to_string();
  if (other.address == IpAddr(dest->ipv4)) {
    nat64::set_verdict(out, Verdict::error, msg("check.mapping.same_ip", {val("address", other.to_string())}),
                       "RFC 5780 §4.3");
    co_return out;
  }

  // Test II: the alternate address, primary port.
  const stun::TransportAddress alt_primary_port{other.address, p.port};
  const Msg other_what = msg("check.stun.other_address");
  auto alt_ip = co_await nat64::synthesized_endpoint(env, dest->pref64, alt_primary_port, other_what, out);
  if (!alt_ip) co_return out;
  const std::vector<asio::ip::address> from_alt{alt_ip->address};
  auto t2 = co_await nat64::stun_binding(*port, *alt_ip, from_alt, no_change, p.rto, budget_for(p, deadline));
  nat64::note_stun(r, "II", *port, *alt_ip, t2);
  if (!t2.ok) {
    nat64::cannot_judge(out, msg("check.mapping.test2", {val("address", alt_ip->to_string())}), t2,
                        "RFC 5780 §4.3");
    co_return out;
  }
  const stun::TransportAddress x2 = *t2.message.mapped();
  nat64::NatBehaviour b = nat64::NatBehaviour::endpoint_independent;
  if (!(x2 == x1)) {
    // Test III: the alternate address and port.
    const Endpoint alt_both{alt_ip->address, other.port};
    auto t3 =
        co_await nat64::stun_binding(*port, alt_both, from_alt, no_change, p.rto, budget_for(p, deadline));
    nat64::note_stun(r, "III", *port, alt_both, t3);
    if (!t3.ok) {
      nat64::cannot_judge(out, msg("check.mapping.test3", {val("address", alt_both.to_string())}), t3,
                          "RFC 5780 §4.3");
      co_return out;
    }
    b = *t3.message.mapped() == x2 ? nat64::NatBehaviour::address_dependent
                                   : nat64::NatBehaviour::address_and_port_dependent;
  }
  r.observed[std::string(check_kind::nat_class_key(check_kind::kNat64Mapping))] =
      std::string(nat64::to_string(b));
  const Msg ports = msg(std::string("check.mapping.port_") + (preserved ? "kept" : "changed") + "_parity_" +
                        (parity ? "kept" : "changed"));
  if (b != nat64::NatBehaviour::endpoint_independent) {
    nat64::set_verdict(
        out, Verdict::fail,
        msg(b == nat64::NatBehaviour::address_dependent ? "check.mapping.adm" : "check.mapping.apdm",
            {val("x1", x1.to_string()), val("primary", primary.to_string()), val("x2", x2.to_string()),
             val("alt", alt_ip->to_string()), sub("ports", ports)}),
        kReq1);
  } else if (!parity) {
    nat64::set_verdict(out, Verdict::warn,
                       msg("check.mapping.parity", {val("x1", x1.to_string()), val("port", local_port)}),
                       kReq4);
  } else {
    nat64::set_verdict(out, Verdict::pass,
                       msg("check.mapping.pass", {val("x1", x1.to_string()), sub("ports", ports)}), kReq1);
  }
  co_return out;
}

// ---- the nat64.mapping block
constexpr KindBlock<nat64::StunParams> kBlock{
    .name = "nat64.mapping",
    .schema = &mapping_schema,
    .params = &nat64::stun_params,
    .targets = &nat64::stun_targets,
    .run = &run_nat64_mapping,
};

}  // namespace

extern const CheckKind nat64_mapping_kind = kind_of<kBlock>;

}  // namespace v6r::probe
