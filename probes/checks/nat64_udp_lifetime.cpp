// nat64.udp_lifetime: how long a UDP mapping of the NAT64 survives without traffic, measured with STUN
// through the NAT64 (docs/checks-realtime.md).
//
// RFC 4787 §4.3 REQ-5: "A NAT UDP mapping timer MUST NOT expire in less than two minutes, unless REQ-5a
// applies" (REQ-5a: shorter timers MAY apply to destination ports 0-1023; a STUN server's 3478 is not
// one). RFC 6146 §4 carries it into NAT64 as UDP_MIN ("cannot be less than 2 minutes, as defined in
// [RFC4787]"). A MUST: a mapping shown to expire in less than 2 minutes is `fail`.
//
// Method: a ladder of trials, each on its own fresh UDP port (its own mapping, so one trial never
// refreshes another): a Binding transaction learns the mapped address X (RFC 5389), the port stays
// silent for the trial's idle time T, then the same port sends another Binding request:
//   same mapped address X     the mapping survived T idle
//   another mapped address    the mapping expired within T (the NAT made a new one: proof)
//   no usable answer          nothing learnt from this trial (the server or the path was silent)
// The rounds of trials are the ladder of nat64_lifetime.hpp (geometric from min_idle_ms to max_idle_ms,
// cut to what the check's deadline leaves; stop at the first expiry; with `refine` a second round
// between the longest survival and the first expiry); this file is the trial and the verdict. Idle is
// counted from the answer that created the mapping (the last datagram through it; the outbound request
// was one round trip earlier).
//
// What it cannot see: a NAT that lets the mapping expire but gives the new one the same port (port
// preservation) looks like a survival here. RFC 5780 §4.6 tells them apart with RESPONSE-PORT from a
// second port; not done (docs/checks-realtime.md).
//
// Verdict: an expiry within less than 2 minutes (idle + the round trip) is `fail`; survival of at least
// 2 minutes is `pass`; otherwise the requirement was not tested (max_idle_ms or the deadline below 2
// minutes): `skipped` with the lower bound actually proven ("cannot judge within max_idle"). A server
// that never answers: `error` "cannot judge".
#include <algorithm>

#include "probes/check_util.hpp"
#include "probes/checks/nat64_lifetime.hpp"
#include "probes/checks/nat64_stun.hpp"

namespace v6r::probe {
namespace {

using std::chrono::milliseconds;

constexpr const char* kReq5 = "RFC 4787 REQ-5";
constexpr milliseconds kRequired{120000};  // RFC 4787 REQ-5, RFC 6146 §4 UDP_MIN: 2 minutes

scenario::CheckSchema udp_lifetime_schema() {
  using scenario::Field;
  return nat64::stun_schema("nat64.udp_lifetime",
                            "UDP mapping lifetime through the NAT64 (STUN after growing idle times): at "
                            "least 2 minutes")
      .rfc(kReq5)
      .rfc("RFC 6146 §4")
      .field(Field::duration_ms("min_idle_ms")
                 .def("10000")
                 .min(10)
                 .max(600000)
                 .describe("Shortest idle time tried (the first rung of the ladder)"))
      .field(
          Field::duration_ms("max_idle_ms")
              .def("125000")
              .min(20)
              .max(600000)
              .describe(
                  "Longest idle time tried; below 120000 the 2-minute requirement cannot be shown met (the "
                  "check's deadline must leave max_idle_ms plus two transactions)"))
      .field(Field::integer("steps").def("5").min(2).max(12).describe(
          "Trials per round (each its own UDP port): geometric from min_idle_ms to max_idle_ms"))
      .field(Field::boolean("refine").def("true").describe(
          "After an expiry, a second round between the longest survival and the expiry, if the "
          "deadline leaves room"));
}

struct UdpLifetimeParams {
  nat64::StunParams stun;
  milliseconds min_idle{10000};
  milliseconds max_idle{125000};
  int steps = 5;
  bool refine = true;
};
UdpLifetimeParams udp_lifetime_params(const scenario::ParamValues& v) {
  return UdpLifetimeParams{nat64::stun_params(v), v.get_duration("min_idle_ms"),
                           v.get_duration("max_idle_ms"), static_cast<int>(v.get_int("steps")),
                           v.get_bool("refine")};
}
CheckTargets udp_lifetime_targets(const UdpLifetimeParams& p) {
  return nat64::targets_of(p.stun.server);
}

std::string secs(milliseconds d) {
  return nat64::seconds_text(d);
}

class StunTrials;

/// One trial: its own UDP port, so its own mapping; gone when the NAT maps the port anew.
class MappingTrial final : public nat64::Rung {
 public:
  MappingTrial(const StunTrials& k, std::unique_ptr<UdpPort> port, stun::TransportAddress before)
      : k_(k), port_(std::move(port)), before_(std::move(before)) {}
  awaitable<nat64::Fate> again(int round, milliseconds idle, milliseconds wait) override;
  void close() override { port_.reset(); }
  void describe(nlohmann::json& j) const override {
    j["mapped_before"] = before_.to_string();
    if (after_) j["mapped_after"] = after_->to_string();
    if (!error_.empty()) j["error"] = error_;
  }
  [[nodiscard]] std::optional<Msg> why() const override {
    if (after_)
      return msg("check.udp_lifetime.became",
                 {val("before", before_.to_string()), val("after", after_->to_string())});
    if (!error_.empty()) return why_;
    return std::nullopt;
  }

 private:
  const StunTrials& k_;
  std::unique_ptr<UdpPort> port_;
  stun::TransportAddress before_;
  std::optional<stun::TransportAddress> after_;
  std::string error_;
  Msg why_;  ///< error_ as a reason
};

/// A trial starts with a Binding transaction on a fresh port: the mapped address it creates.
class StunTrials final : public nat64::LadderKind {
 public:
  StunTrials(CheckEnv& e, const UdpLifetimeParams& params, const nat64::Dest& d, const Deadline& dl,
             CheckOutcome& o)
      : env(e), p(params), dest(d), server(d.endpoint(params.stun.port)), deadline(dl), out(o) {}

  awaitable<Started> start(int round, milliseconds planned, bool first) override {
    const std::vector<asio::ip::address> from{server.address};
    const std::optional<std::uint32_t> no_change;
    const auto ex = co_await asio::this_coro::executor;
    Started s;
    auto port = nat64::open_port(env, ex, out);
    if (!port) {
      s.stop = true;
      co_return s;
    }
    co_await nat64::take_token(env, dest.v6);
    const auto budget = std::min(p.stun.wait, deadline.left());
    auto o = co_await nat64::stun_binding(*port, server, from, no_change, p.stun.rto, budget);
    nat64::note_stun(out.result, "round " + std::to_string(round) + " start, idle " + secs(planned), *port,
                     server, o);
    if (!o.ok) {
      if (first) {
        nat64::cannot_judge(
            out, msg("check.stun.server_port", {val("server", dest.describe()), val("port", p.stun.port)}), o,
            "RFC 5389 §7.2.1");
        s.stop = true;
      }
      co_return s;
    }
    if (!first_mapped) first_mapped = *o.message.mapped();
    const auto local = port->local();
    if (!local || local->port != o.message.mapped()->port) every_port_kept = false;
    s.rung = std::make_unique<MappingTrial>(*this, std::move(port), *o.message.mapped());
    s.rtt = o.rtt;
    co_return s;
  }

  CheckEnv& env;
  const UdpLifetimeParams& p;
  const nat64::Dest& dest;
  Endpoint server;
  const Deadline& deadline;
  CheckOutcome& out;
  std::optional<stun::TransportAddress> first_mapped;  ///< the first trial's mapped address
  /// Every trial's mapping kept the node's own UDP port (port preservation, RFC 4787 §4.2.1): a mapping
  /// that expired and was made again then has the same address as one that survived.
  bool every_port_kept = true;
};

awaitable<nat64::Fate> MappingTrial::again(int round, milliseconds idle, milliseconds wait) {
  const std::vector<asio::ip::address> from{k_.server.address};
  const std::optional<std::uint32_t> no_change;
  auto o = co_await nat64::stun_binding(*port_, k_.server, from, no_change, k_.p.stun.rto, wait);
  nat64::note_stun(k_.out.result, "round " + std::to_string(round) + " after " + secs(idle) + " idle", *port_,
                   k_.server, o);
  if (!o.ok) {
    error_ = o.error;
    why_ = o.why.id.empty() ? foreign(o.error) : o.why;
    co_return nat64::Fate::unknown;
  }
  after_ = *o.message.mapped();
  co_return *after_ == before_ ? nat64::Fate::survived : nat64::Fate::gone;
}

awaitable<CheckOutcome> run_nat64_udp_lifetime(CheckEnv& env, const UdpLifetimeParams& p,
                                               milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.stun.server, deadline, out);
  if (!dest) co_return out;
  StunTrials trials(env, p, *dest, deadline, out);
  const nat64::LadderSpec spec{
      .min_idle = p.min_idle,
      .max_idle = p.max_idle,
      .steps = p.steps,
      .refine = p.refine,
      .wait = p.stun.wait,
      .transactions = 2,
      .no_room_id = "check.udp_lifetime.no_room",
      .rfc = kReq5,
      .required = kRequired,
      .gone_name = "expired",
      .unknown_name = "unanswered",
      .gone_key = "expired_ms",
      .rtt_key = "trial_rtt_max",
  };
  const auto ladder = co_await nat64::run_ladder(env, dest->v6, deadline, spec, trials, out);
  if (!ladder) co_return out;
  const auto& [call, max_idle_tried, survived, expired, expired_why, unanswered, first_unanswered] = *ladder;
  const std::string mapped = trials.first_mapped->to_string();
  r.observed["mapped_address"] = mapped;
  r.observed["port_preserved"] = trials.every_port_kept;

  switch (call) {
    case nat64::LifetimeCall::below_required: {
      std::vector<MessageArg> args{val("expired", secs(*expired)),
                                   sub("how", expired_why.value_or(foreign("")))};
      if (survived) args.push_back(val("survived", secs(*survived)));
      nat64::set_verdict(
          out, Verdict::fail,
          msg(survived ? "check.udp_lifetime.below_since" : "check.udp_lifetime.below", std::move(args)),
          kReq5);
      break;
    }
    case nat64::LifetimeCall::at_least_required:
      // With the node's port kept in every mapping, "the same mapped address after T idle" does not
      // prove the mapping lived T: one that expired and was made again looks the same (a Linux NAT44
      // keeps ports when it can, and its conntrack forgets a one-exchange UDP flow after 30 s). RFC 5780
      // §4.6 tells them apart with RESPONSE-PORT from a second port; not implemented, so: cannot judge.
      nat64::set_verdict(
          out, trials.every_port_kept ? Verdict::skipped : Verdict::pass,
          msg(trials.every_port_kept ? "check.udp_lifetime.port_kept" : "check.udp_lifetime.survived",
              {val("survived", secs(*survived)), val("mapped", mapped)}),
          kReq5);
      break;
    case nat64::LifetimeCall::not_tested:
      nat64::set_verdict(out, Verdict::skipped,
                         nat64::not_tested_reason("check.udp_lifetime.not_tested", spec, *ladder), kReq5);
      break;
    case nat64::LifetimeCall::gone_late:
      nat64::set_verdict(out, Verdict::skipped,
                         msg("check.udp_lifetime.gone_late", {val("expired", secs(*expired))}), kReq5);
      break;
    case nat64::LifetimeCall::nothing_learnt:
      nat64::set_verdict(
          out, Verdict::error,
          msg("check.udp_lifetime.nothing_learnt",
              {val("count", unanswered), sub("first", first_unanswered.value_or(foreign("")))}),
          kReq5, true);
      break;
  }
  co_return out;
}

// ---- the nat64.udp_lifetime block
constexpr KindBlock<UdpLifetimeParams> kBlock{
    .name = "nat64.udp_lifetime",
    .schema = &udp_lifetime_schema,
    .params = &udp_lifetime_params,
    .targets = &udp_lifetime_targets,
    .run = &run_nat64_udp_lifetime,
};

}  // namespace

extern const CheckKind nat64_udp_lifetime_kind = kind_of<kBlock>;

}  // namespace v6r::probe
