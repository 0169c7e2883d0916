// nat64.udp_lifetime: how long a UDP mapping of the NAT64 survives without traffic, measured with STUN
// through the NAT64 (docs/checks-realtime.md).
//
// RFC 4787 §4.3 REQ-5: "A NAT UDP mapping timer MUST NOT expire in less than two minutes, unless REQ-5a
// applies" (REQ-5a: shorter timers MAY apply to destination ports 0-1023; a STUN server's 3478 is not
// one). RFC 6146 §4 carries it into NAT64 as UDP_MIN ("cannot be less than 2 minutes, as defined in
// [RFC4787]"). A MUST: a mapping shown to expire in less than 2 minutes is `fail`.
//
// Method: a ladder of trials, each on its own fresh UDP port P (its own mapping, so one trial never
// refreshes another): a Binding transaction learns the mapped address X (RFC 5389), then, as RFC 5780
// §4.6 (binding lifetime discovery) does, a Binding request from a second, short-lived port with
// RESPONSE-PORT = X's port (RFC 5780 §7.5): the server answers the NAT's address at that port, so the
// answer reaches P through P's mapping without P sending anything. That control shows the server and
// the NAT support the method. P stays silent for the trial's idle time T; then
//   the RESPONSE-PORT answer reaches P again      the mapping survived T idle (proof)
//   it does not, and P's own request is mapped    the mapping expired within T (proof: the server
//     to another address, or to X again            answers at once, so the silence was the NAT's)
//   no usable answer either way                   nothing learnt from this trial
// Without the method (the server ignores or refuses RESPONSE-PORT: it answers the second port; or the
// control's answer never reached P), P itself sends another Binding request after T:
//   same mapped address X     the mapping survived T idle (see below)
//   another mapped address    the mapping expired within T (the NAT made a new one: proof)
// The rounds of trials are the ladder of nat64_lifetime.hpp (geometric from min_idle_ms to max_idle_ms,
// cut to what the check's deadline leaves; stop at the first expiry; with `refine` a second round
// between the longest survival and the first expiry); this file is the trial and the verdict. Idle is
// counted from the answer that created the mapping (the last datagram through it; the outbound request
// was one round trip earlier).
//
// What the fallback cannot see: a NAT that lets the mapping expire but gives the new one the same port
// (port preservation) looks like a survival (docs/checks-realtime.md). Such a survival is never a pass.
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
                            "UDP mapping lifetime through the NAT64 (STUN after growing idle times, RFC "
                            "5780 §4.6 RESPONSE-PORT): at least 2 minutes")
      .rfc(kReq5)
      .rfc("RFC 6146 §4")
      .rfc("RFC 5780 §4.6")
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
                  "check's deadline must leave max_idle_ms plus four transactions)"))
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
  /// `response_port`: the RESPONSE-PORT control reached `port` when the mapping was made.
  MappingTrial(StunTrials& k, std::unique_ptr<UdpPort> port, stun::TransportAddress before,
               bool response_port)
      : k_(k), port_(std::move(port)), before_(std::move(before)), response_port_(response_port) {}
  awaitable<nat64::Fate> again(int round, milliseconds idle, milliseconds wait) override;
  void close() override { port_.reset(); }
  void describe(nlohmann::json& j) const override {
    j["mapped_before"] = before_.to_string();
    if (after_) j["mapped_after"] = after_->to_string();
    j["response_port"] = rp_seen_;
    if (!error_.empty()) j["error"] = error_;
  }
  [[nodiscard]] std::optional<Msg> why() const override {
    if (after_ && not_delivered_ && *after_ == before_)
      return msg("check.udp_lifetime.not_delivered", {val("mapped", before_.to_string())});
    if (after_)
      return msg("check.udp_lifetime.became",
                 {val("before", before_.to_string()), val("after", after_->to_string())});
    if (!error_.empty()) return why_;
    return std::nullopt;
  }

 private:
  /// The RESPONSE-PORT probe after the idle: nullopt when it could not be sent, else whether its
  /// answer reached the trial's port (rp_seen_ and not_delivered_ record what happened).
  awaitable<std::optional<bool>> probe_response_port(const std::string& test, milliseconds wait);

  StunTrials& k_;
  std::unique_ptr<UdpPort> port_;
  stun::TransportAddress before_;
  bool response_port_;
  std::string rp_seen_ = "not used";  ///< observed.trials[].response_port
  bool not_delivered_ = false;        ///< the RESPONSE-PORT answer did not arrive after the idle
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

  /// A Binding request with RESPONSE-PORT = `to`'s mapped port `mapped_port`, from a port of its own
  /// (closed after it), within `wait`; nullopt when that port cannot be opened.
  awaitable<std::optional<nat64::StunOutcome>> response_port(UdpPort& to, std::uint16_t mapped_port,
                                                             const std::string& test, milliseconds wait) {
    const std::vector<asio::ip::address> from{server.address};
    const auto ex = co_await asio::this_coro::executor;
    std::string error;
    UdpPortOpener* opener = env.net.udp_ports();
    auto sender = opener ? opener->open_udp_port(ex, error) : nullptr;
    if (!sender) co_return std::nullopt;
    co_await nat64::take_token(env, dest.v6);
    auto o = co_await nat64::stun_response_port(*sender, to, server, from, mapped_port, p.stun.rto, wait);
    nat64::note_stun(out.result, test + ", RESPONSE-PORT " + std::to_string(mapped_port), *sender, server, o);
    co_return o;
  }

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
    const auto mapped = *o.message.mapped();
    if (!first_mapped) first_mapped = mapped;
    const auto local = port->local();
    if (!local || local->port != mapped.port) every_port_kept = false;
    s.rtt = o.rtt;
    // The control: does the RESPONSE-PORT answer reach this port now? Tried until it fails once (the
    // server or the NAT does not support the method: later trials do without it). Idle then counts
    // from the control's answer, and its round trip joins the slack (a NAT that refreshes mappings on
    // outbound datagrams only, RFC 4787 REQ-6, saw the binding request last).
    bool rp = false;
    if (!response_port_unusable) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto left = std::min(p.stun.wait, deadline.left());
      // g++ 12: no temporaries inside co_await arguments (probes/net/deadline.hpp)
      const std::string test = "round " + std::to_string(round) + " start";
      auto c = co_await response_port(*port, mapped.port, test, left);
      rp = c && c->ok;
      if (rp) {
        response_port_used = true;
        s.rtt += std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - t0);
      } else {
        response_port_unusable = true;
        response_port_why = !c ? msg("check.stun.no_udp_port")
                            : c->answered_to_sender
                                ? c->why
                                : msg("check.udp_lifetime.control_lost", {val("mapped", mapped.to_string())});
      }
    }
    s.rung = std::make_unique<MappingTrial>(*this, std::move(port), mapped, rp);
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
  bool response_port_used = false;      ///< some trial's RESPONSE-PORT control arrived
  bool response_port_unusable = false;  ///< a control failed: later trials do without
  Msg response_port_why;                ///< why, for the reason
  /// The longest idle a mapping was shown to survive beyond doubt: by the RESPONSE-PORT answer, or
  /// by the same mapped address on a port other than the node's own.
  std::optional<milliseconds> proven_survival;
  std::string proven_mapped;  ///< that mapping's address
  void proven(milliseconds idle, const stun::TransportAddress& mapped) {
    if (proven_survival && *proven_survival >= idle) return;
    proven_survival = idle;
    proven_mapped = mapped.to_string();
  }
};

awaitable<std::optional<bool>> MappingTrial::probe_response_port(const std::string& test, milliseconds wait) {
  auto o = co_await k_.response_port(*port_, before_.port, test, wait);
  if (!o) {
    if (k_.response_port_why.id.empty()) k_.response_port_why = msg("check.stun.no_udp_port");
    co_return std::nullopt;
  }
  if (o->ok) {
    rp_seen_ = "delivered";
    co_return true;
  }
  rp_seen_ = o->answered_to_sender ? "answered the sender" : "not delivered";
  not_delivered_ = !o->answered_to_sender && o->timed_out;
  // a survival shown by this trial's own request alone may need to say why RESPONSE-PORT did not
  if (!not_delivered_ && k_.response_port_why.id.empty()) k_.response_port_why = o->why;
  co_return false;
}

awaitable<nat64::Fate> MappingTrial::again(int round, milliseconds idle, milliseconds wait) {
  const std::vector<asio::ip::address> from{k_.server.address};
  const std::optional<std::uint32_t> no_change;
  const std::string test = "round " + std::to_string(round) + " after " + secs(idle) + " idle";
  if (response_port_) {
    // g++ 12: no temporaries inside co_await arguments (probes/net/deadline.hpp)
    const auto delivered = co_await probe_response_port(test, wait);
    if (delivered && *delivered) {
      after_ = before_;
      k_.proven(idle, before_);
      co_return nat64::Fate::survived;
    }
    wait = std::min(wait, k_.deadline.left());
  }
  // Without the method, or after its answer did not arrive: the port's own request, mapped anew or not.
  auto o = co_await nat64::stun_binding(*port_, k_.server, from, no_change, k_.p.stun.rto, wait);
  nat64::note_stun(k_.out.result, test, *port_, k_.server, o);
  if (!o.ok) {
    error_ = o.error;
    why_ = o.why.id.empty() ? foreign(o.error) : o.why;
    co_return nat64::Fate::unknown;
  }
  after_ = *o.message.mapped();
  if (*after_ != before_) co_return nat64::Fate::gone;
  // The same address: the server answers at once, so a RESPONSE-PORT answer that did not arrive was
  // dropped by the NAT, which had forgotten the mapping and made it again on the same port.
  if (not_delivered_) co_return nat64::Fate::gone;
  const auto local = port_->local();
  if (local && local->port != before_.port) k_.proven(idle, before_);
  co_return nat64::Fate::survived;
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
      // the start, its RESPONSE-PORT control, and after the idle the RESPONSE-PORT probe and the
      // port's own request
      .transactions = 4,
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
  r.observed["method"] = trials.response_port_used ? "response-port" : "rebinding";
  if (trials.response_port_unusable) r.observed["response_port_unusable"] = english(trials.response_port_why);

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
    case nat64::LifetimeCall::at_least_required: {
      // 2 minutes are shown only by a survival beyond doubt: the RESPONSE-PORT answer arrived, or the
      // same mapped address on a port other than the node's. With the node's port kept, "the same
      // mapped address after T idle" does not prove the mapping lived T: one that expired and was made
      // again looks the same (a Linux NAT44 keeps ports when it can, and its conntrack forgets a
      // one-exchange UDP flow after 30 s): cannot judge, with why RESPONSE-PORT did not help.
      const bool shown = trials.proven_survival && *trials.proven_survival >= kRequired;
      if (shown)
        nat64::set_verdict(
            out, Verdict::pass,
            msg(trials.response_port_used ? "check.udp_lifetime.survived_response_port"
                                          : "check.udp_lifetime.survived",
                {val("survived", secs(*trials.proven_survival)), val("mapped", trials.proven_mapped)}),
            kReq5);
      else
        nat64::set_verdict(
            out, Verdict::skipped,
            msg("check.udp_lifetime.port_kept", {val("survived", secs(*survived)), val("mapped", mapped),
                                                 sub("why", trials.response_port_why)}),
            kReq5);
      break;
    }
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
