// nat64.icmp: ICMPv6 echo through NAT64 (translated to ICMPv4 echo).
// The NAT64 translates Echo Request 128 -> ICMPv4 type 8 (RFC 7915 §5.2) and the Echo Reply 0 -> 129
// (RFC 7915 §4.2), keeping an ICMP query session on the identifier (RFC 6146 §3.5.3).
// `count` requests are sent one after another, each with an even share of what is left of the deadline.
// pass: at least one matching echo reply (losses are reported in observed and the reason).
// fail: no reply at all — timeouts (retryable) or ICMPv6 errors instead (type/code reported).
// error: no ICMPv6 socket could be opened (neither the unprivileged ping socket nor a raw socket).
// observed.method says which socket kind was used ("dgram" or "raw").
#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema icmp_schema() {
  return CheckSchema("nat64.icmp", "ICMPv6 echo through NAT64 (translated to ICMPv4 echo).")
      .rfc("RFC 7915 §4.2")
      .rfc("RFC 7915 §5.2")
      .rfc("RFC 6146 §3.5.3")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe("Literal target"))
      .field(Field::integer("count").min(1).max(10).def("3").describe("Echo requests to send"))
      .field(Field::integer("size").min(0).max(1452).def("56").describe("Payload bytes per request"))
      .field(scenario::resolver_field());
}

struct IcmpParams {
  nat64::TargetSpec target;
  int count = 3;
  std::size_t size = 56;
};

IcmpParams icmp_params(const scenario::ParamValues& v) {
  return IcmpParams{nat64::target_from_params(v), static_cast<int>(v.get_int("count")),
                    static_cast<std::size_t>(v.get_int("size"))};
}

CheckTargets icmp_targets(const IcmpParams& p) {
  return nat64::targets_of(p.target);
}

awaitable<CheckOutcome> run_nat64_icmp(CheckEnv& env, const IcmpParams& p, std::chrono::milliseconds budget) {
  static const std::string kRfc = "RFC 7915 §5.2, §4.2";
  const Deadline deadline(budget);
  CheckOutcome out;
  const int count = p.count;
  const std::size_t size = p.size;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;

  CheckResult& r = out.result;
  int sent = 0, received = 0, timeouts = 0;
  std::string method = "none", last_error;
  std::optional<std::uint32_t> ptb_mtu;
  nlohmann::json rtts = nlohmann::json::array(), errors = nlohmann::json::array();
  double best = -1;
  for (int i = 0; i < count && !deadline.expired(); ++i) {
    if (i > 0) co_await nat64::take_token(env, dest->v6);
    const auto share = deadline.left() / (count - i);
    if (share.count() <= 0) break;
    const IcmpEchoResult e = co_await env.net.icmpv6_echo(dest->asio_v6(), size, share);
    if (e.method == IcmpMethod::none && !e.ok && !e.timed_out) {  // no socket: nothing was sent
      nat64::set_verdict(out, Verdict::error,
                         msg("check.icmp.cannot_send", {sub("error", foreign(e.error))}));
      co_return out;
    }
    ++sent;
    method = std::string(to_string(e.method));
    // Each request has its own socket, so its own identifier: one flow per request.
    nat64::note_transport(r, "icmpv6", e.local, e.remote);
    if (e.ok) {
      ++received;
      rtts.push_back(nat64::ms(e.rtt));
      if (best < 0 || nat64::ms(e.rtt) < best) best = nat64::ms(e.rtt);
    } else {
      if (e.timed_out) ++timeouts;
      last_error = e.error;
      nlohmann::json err{{"error", e.error}};
      if (e.error_type) err["icmpv6_type"] = *e.error_type;
      if (e.error_code) err["icmpv6_code"] = *e.error_code;
      errors.push_back(err);
      if (e.ptb_mtu) ptb_mtu = e.ptb_mtu;
    }
  }
  r.observed["method"] = method;
  r.observed["sent"] = sent;
  r.observed["received"] = received;
  r.observed["size"] = size;
  r.observed["rtt_ms"] = rtts;
  if (!errors.empty()) r.observed["errors"] = errors;
  if (ptb_mtu) r.observed["ptb_mtu"] = *ptb_mtu;
  if (best >= 0) r.timings_ms["rtt_min"] = best;

  const MessageArg address = val("address", dest->v6.to_string()), ipv4 = val("ipv4", dest->ipv4.to_string());
  if (received > 0) {
    nat64::set_verdict(out, Verdict::pass,
                       msg("check.icmp.pass", {val("received", received), val("sent", sent), address, ipv4,
                                               val("method", method)}),
                       kRfc);
  } else if (sent == 0) {
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.icmp.no_time", {val("ms", deadline.total().count()), address, ipv4}), kRfc,
                       true);
  } else if (timeouts == sent) {
    nat64::set_verdict(
        out, Verdict::fail,
        msg("check.icmp.timeout",
            {address, ipv4, val("sent", sent), val("ms", deadline.total().count()), val("method", method)}),
        kRfc, true);
  } else {
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.icmp.failed", {address, ipv4, sub("error", foreign(last_error))}), kRfc,
                       timeouts > 0);
  }
  co_return out;
}

// ---- the nat64.icmp block
constexpr KindBlock<IcmpParams> kBlock{
    .name = "nat64.icmp",
    .schema = &icmp_schema,
    .params = &icmp_params,
    .targets = &icmp_targets,
    .run = &run_nat64_icmp,
};

}  // namespace

extern const CheckKind nat64_icmp_kind = kind_of<kBlock>;

}  // namespace v6r::probe
