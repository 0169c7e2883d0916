// nat64.filtering: the NAT64's filtering behaviour for UDP, found with STUN through the NAT64 (RFC
// 5780 §4.4) from one fresh local port that sends only to the server's primary address A1:P1:
//   test I   plain Binding request (must be answered; gives OTHER-ADDRESS A2:P2);
//   test II  CHANGE-REQUEST change IP and port: an answer from A2:P2 gets in → endpoint-independent;
//   test III CHANGE-REQUEST change port: an answer from A1:P2 gets in → address-dependent;
//   neither  → address-and-port-dependent.
// RFC 4787 §5 REQ-8: "If application transparency is most important, it is RECOMMENDED that a NAT have
// an 'Endpoint-Independent Filtering' behavior. If a more stringent filtering behavior is most
// important, it is RECOMMENDED that a NAT have an 'Address-Dependent Filtering' behavior." RFC 6146
// §3.5.1 (UDP session handling) is where a NAT64 decides which IPv4 datagrams reach a BIB entry.
// RECOMMENDED is a SHOULD: endpoint-independent or
// address-dependent `pass`, address-and-port-dependent `warn` (it breaks peer-to-peer media paths).
// Silence in test II/III is the measurement, so each is retransmitted (RFC 5389 §7.2.1) for its whole
// wait before it counts as filtered. A server that answers test II from its primary address ignored
// CHANGE-REQUEST: `error` "cannot judge", never a guess.
#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/nat64_stun.hpp"

namespace v6r::probe {
namespace {

constexpr const char* kReq8 = "RFC 4787 REQ-8";

scenario::CheckSchema filtering_schema() {
  return nat64::stun_schema("nat64.filtering",
                            "UDP filtering behaviour of the NAT64 (STUN CHANGE-REQUEST, RFC 5780 §4.4)")
      .rfc(kReq8)
      .rfc("RFC 6146 §3.5.1");
}

awaitable<CheckOutcome> run_nat64_filtering(CheckEnv& env, const nat64::StunParams& p,
                                            std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.server, deadline, out);
  if (!dest) co_return out;
  auto port = nat64::open_port(env, co_await asio::this_coro::executor, out);
  if (!port) co_return out;
  const auto wait = [&] { return std::min(p.wait, deadline.left()); };

  const Endpoint primary = dest->endpoint(p.port);
  // g++ 12: no braced or converted temporaries inside co_await arguments (probes/net/deadline.hpp)
  const std::vector<asio::ip::address> from_primary{primary.address};
  const std::optional<std::uint32_t> no_change;
  auto t1 = co_await nat64::stun_binding(*port, primary, from_primary, no_change, p.rto, wait());
  nat64::note_stun(r, "I", *port, primary, t1);
  if (!t1.ok) {
    nat64::cannot_judge(out,
                        msg("check.stun.server_port", {val("server", dest->describe()), val("port", p.port)}),
                        t1, "RFC 5780 §4.4");
    co_return out;
  }
  r.observed["mapped_address"] = t1.message.mapped()->to_string();
  if (!t1.message.other_address || !t1.message.other_address->address.is_v4() ||
      t1.message.other_address->address == IpAddr(dest->ipv4)) {
    nat64::set_verdict(out, Verdict::error,
                       msg("check.filtering.no_other", {val("server", dest->describe())}), "RFC 5780 §4.4");
    co_return out;
  }
  const stun::TransportAddress other = *t1.message.other_address;
  r.observed["other_address"] = other.to_string();
  auto alt6 = addr::embed(dest->pref64, other.address.v4());  // where its answers come from (RFC 6052)
  if (!alt6) {
    nat64::set_verdict(out, Verdict::error,
                       msg("check.filtering.cannot_embed",
                           {val("address", other.to_string()), sub("error", foreign(alt6.error().message))}),
                       "RFC 6052 §2.2");
    co_return out;
  }
  const asio::ip::address alt_addr = asio::ip::make_address_v6(alt6->bytes);

  // Silence is the measurement in tests II and III: each needs its whole wait, not what is left of it.
  const auto full_wait_left = [&](const char* test) {
    if (deadline.left() >= p.wait) return true;
    nat64::set_verdict(out, Verdict::error, msg("check.filtering.no_time", {sub("test", msg(test))}),
                       "RFC 5780 §4.4", true);
    return false;
  };
  if (!full_wait_left("check.filtering.test2")) co_return out;

  // Test II: change IP and port. Answers from the primary address too, to notice a server that
  // ignores CHANGE-REQUEST.
  const std::vector<asio::ip::address> from_both{primary.address, alt_addr};
  const std::optional<std::uint32_t> change_both = stun::kChangeIp | stun::kChangePort;
  auto t2 = co_await nat64::stun_binding(*port, primary, from_both, change_both, p.rto, wait());
  nat64::note_stun(r, "II", *port, primary, t2);
  std::optional<nat64::NatBehaviour> b;
  if (t2.ok) {
    if (t2.from.address != alt_addr) {
      nat64::set_verdict(out, Verdict::error,
                         msg("check.filtering.change_both_ignored",
                             {val("from", t2.from.to_string()), val("other", other.to_string())}),
                         "RFC 5780 §4.4");
      co_return out;
    }
    b = nat64::NatBehaviour::endpoint_independent;
  } else if (!t2.timed_out || t2.ignored > 0) {
    nat64::cannot_judge(out, msg("check.filtering.test2"), t2, "RFC 5780 §4.4");
    co_return out;
  } else if (!full_wait_left("check.filtering.test3")) {
    co_return out;
  } else {
    // Test III: change port only; the answer comes from A1:P2.
    const std::optional<std::uint32_t> change_port = stun::kChangePort;
    auto t3 = co_await nat64::stun_binding(*port, primary, from_primary, change_port, p.rto, wait());
    nat64::note_stun(r, "III", *port, primary, t3);
    if (t3.ok) {
      if (t3.from.port == primary.port) {
        nat64::set_verdict(out, Verdict::error,
                           msg("check.filtering.change_port_ignored", {val("from", t3.from.to_string())}),
                           "RFC 5780 §4.4");
        co_return out;
      }
      b = nat64::NatBehaviour::address_dependent;
    } else if (!t3.timed_out || t3.ignored > 0) {
      nat64::cannot_judge(out, msg("check.filtering.test3"), t3, "RFC 5780 §4.4");
      co_return out;
    } else {
      b = nat64::NatBehaviour::address_and_port_dependent;
    }
  }
  r.observed[std::string(check_kind::nat_class_key(check_kind::kNat64Filtering))] =
      std::string(nat64::to_string(*b));
  if (port->dropped() > 0) r.observed["dropped_datagrams"] = port->dropped();
  switch (*b) {
    case nat64::NatBehaviour::endpoint_independent:
      nat64::set_verdict(out, Verdict::pass,
                         msg("check.filtering.eif", {val("other", other.to_string()),
                                                     val("mapped", t1.message.mapped()->to_string())}),
                         kReq8);
      break;
    case nat64::NatBehaviour::address_dependent:
      nat64::set_verdict(out, Verdict::pass,
                         msg("check.filtering.adf", {val("other", other.address.to_string())}), kReq8);
      break;
    case nat64::NatBehaviour::address_and_port_dependent:
      nat64::set_verdict(out, Verdict::warn, msg("check.filtering.apdf", {val("sent", t2.sent)}), kReq8);
      break;
  }
  co_return out;
}

// ---- the nat64.filtering block
constexpr KindBlock<nat64::StunParams> kBlock{
    .name = "nat64.filtering",
    .schema = &filtering_schema,
    .params = &nat64::stun_params,
    .targets = &nat64::stun_targets,
    .run = &run_nat64_filtering,
};

}  // namespace

extern const CheckKind nat64_filtering_kind = kind_of<kBlock>;

}  // namespace v6r::probe
