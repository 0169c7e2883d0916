// nat64.tcp_lifetime: how long an established TCP connection through the NAT64 survives without traffic
// (docs/checks-realtime.md), against a TCP echo (RFC 862) behind the NAT64.
//
// RFC 5382 §5 REQ-5: "the value of the 'established connection idle-timeout' MUST NOT be less than 2
// hours 4 minutes"; RFC 6146 §4 carries it into NAT64 as TCP_EST ("cannot be less than 2 hours and 4
// minutes, as defined in [RFC5382]"). A MUST: a connection shown gone after less idle is `fail`.
//
// Method (the ladder of nat64.udp_lifetime, nat64_lifetime.hpp): each trial is its own connection (its
// own NAT session): connect, write a nonce, read its echo; silence for the trial's idle time T; write a
// second nonce and read its echo within wait_ms:
//   the echo comes back          the session survived T
//   a reset, or no echo at all   the session was gone after T (a NAT that forgot it drops the segment,
//                                or maps it anew and the server answers the unknown connection with RST)
//   the peer closed (FIN)        nothing learnt: the server, not the NAT, ended it
// A check deadline is at most 10 minutes, so the 2 h 4 min can never be shown here: a survival is
// `skipped` with the lower bound actually proven ("survived 5.0 min idle; the 2 h 4 min requirement not
// tested within max_idle"); only a failure is a verdict.
#include <algorithm>

#include <openssl/rand.h>

#include "probes/check_util.hpp"
#include "probes/checks/nat64_lifetime.hpp"
#include "probes/checks/nat64_path.hpp"
#include "probes/net/tcp_stream.hpp"

namespace v6r::probe {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr const char* kReq5 = "RFC 5382 REQ-5";
constexpr milliseconds kRequired{(2 * 60 + 4) * 60 * 1000};  // RFC 5382 REQ-5, RFC 6146 §4 TCP_EST
constexpr std::size_t kNonce = 16;

scenario::CheckSchema tcp_lifetime_schema() {
  using scenario::Field;
  return scenario::CheckSchema("nat64.tcp_lifetime",
                               "Idle lifetime of an established TCP connection through the NAT64 (echo "
                               "after growing idle times); the 2 h 4 min minimum is beyond one check")
      .rfc(kReq5)
      .rfc("RFC 6146 §4")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("TCP echo server name, resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe(
          "TCP echo server literal (an IPv4 address is embedded in the NAT64 prefix, RFC 6052)"))
      .field(Field::port("port").def("7").describe("TCP echo port (RFC 862)"))
      .field(Field::duration_ms("wait_ms").def("3000").min(100).max(30000).describe(
          "Budget of the connect and of each echo"))
      .field(Field::duration_ms("min_idle_ms")
                 .def("30000")
                 .min(10)
                 .max(590000)
                 .describe("Shortest idle time tried (the first rung of the ladder)"))
      .field(Field::duration_ms("max_idle_ms")
                 .def("300000")
                 .min(20)
                 .max(590000)
                 .describe("Longest idle time tried, cut to what the check's deadline leaves: the lower "
                           "bound the check can "
                           "prove (RFC 5382 asks for 2 h 4 min, beyond any check deadline)"))
      .field(Field::integer("steps").def("4").min(2).max(12).describe(
          "Trials per round (each its own connection): geometric from min_idle_ms to max_idle_ms"))
      .field(Field::boolean("refine").def("true").describe(
          "After a connection is gone, a second round between the longest survival and that idle time"))
      .field(scenario::resolver_field());
}

struct TcpLifetimeParams {
  nat64::TargetSpec target;
  std::uint16_t port = 7;
  milliseconds wait{3000};
  milliseconds min_idle{30000};
  milliseconds max_idle{300000};
  int steps = 4;
  bool refine = true;
};
TcpLifetimeParams tcp_lifetime_params(const scenario::ParamValues& v) {
  return TcpLifetimeParams{nat64::target_from_params(v),  static_cast<std::uint16_t>(v.get_int("port")),
                           v.get_duration("wait_ms"),     v.get_duration("min_idle_ms"),
                           v.get_duration("max_idle_ms"), static_cast<int>(v.get_int("steps")),
                           v.get_bool("refine")};
}
CheckTargets tcp_lifetime_targets(const TcpLifetimeParams& p) {
  return nat64::targets_of(p.target);
}

std::string secs(milliseconds d) {
  return nat64::seconds_text(d);
}

std::vector<std::uint8_t> nonce() {
  std::vector<std::uint8_t> n(kNonce);
  const char tag[] = "v6r-tcp-";
  std::copy(tag, tag + 8, n.begin());
  if (RAND_bytes(n.data() + 8, static_cast<int>(kNonce - 8)) != 1)
    for (std::size_t i = 8; i < kNonce; ++i)
      n[i] = static_cast<std::uint8_t>(Clock::now().time_since_epoch().count() >> (i % 8));
  return n;
}

/// One echo on `s`: "" when the nonce came back, else what happened; `gone` when that shows the
/// session gone (a reset, a failed write, no echo).
awaitable<std::optional<Msg>> echo(TcpStream& s, milliseconds wait, bool& gone) {
  gone = false;
  const auto n = nonce();
  const std::string werr = co_await s.write(n);
  if (!werr.empty()) {
    gone = true;
    co_return foreign(werr);
  }
  const auto got = co_await s.read(kNonce, wait);
  if (got.ok)
    co_return got.data == n ? std::nullopt : std::optional<Msg>(msg("check.tcp_lifetime.echo_differs"));
  gone = got.reset || got.timed_out;
  co_return foreign(got.error);
}

/// One trial: its own connection, so its own NAT session.
class ConnectionTrial final : public nat64::Rung {
 public:
  explicit ConnectionTrial(std::unique_ptr<TcpStream> stream) : stream_(std::move(stream)) {}
  awaitable<nat64::Fate> again(int, milliseconds, milliseconds wait) override {
    bool gone = false;
    how_ = co_await echo(*stream_, wait, gone);
    co_return !how_ ? nat64::Fate::survived : gone ? nat64::Fate::gone : nat64::Fate::unknown;
  }
  void close() override { stream_.reset(); }
  void describe(nlohmann::json& j) const override {
    if (how_) j["how"] = english(*how_);
  }
  [[nodiscard]] std::optional<Msg> why() const override { return how_; }

 private:
  std::unique_ptr<TcpStream> stream_;
  std::optional<Msg> how_;  ///< what ended it, or why nothing was learnt
};

/// A trial starts with a connection and one echo on it.
class EchoTrials final : public nat64::LadderKind {
 public:
  EchoTrials(CheckEnv& env, const TcpLifetimeParams& p, const nat64::Dest& dest, const Deadline& deadline,
             CheckOutcome& out)
      : env_(env), p_(p), dest_(dest), server_(dest.endpoint(p.port)), deadline_(deadline), out_(out) {}

  awaitable<Started> start(int, milliseconds, bool first) override {
    TcpStreamOpener* opener = env_.net.tcp_streams();
    Started s;
    co_await nat64::take_token(env_, dest_.v6);
    const auto wait = std::min(p_.wait, deadline_.left());
    auto conn = co_await opener->connect(server_, wait);
    nat64::note_transport(out_.result, "tcp", conn.local, server_);
    std::optional<Msg> why;
    const auto t0 = Clock::now();
    if (conn.stream) {
      bool gone = false;
      const auto echo_wait = std::min(p_.wait, deadline_.left());
      why = co_await echo(*conn.stream, echo_wait, gone);
    } else {
      why = foreign("connect: " + conn.error);
    }
    if (why) {
      if (first) {
        nat64::set_verdict(out_, Verdict::error,
                           msg("check.tcp_lifetime.no_echo",
                               {val("server", dest_.describe()), val("port", p_.port), sub("why", *why)}),
                           "RFC 862", conn.timed_out);
        s.stop = true;
      }
      co_return s;
    }
    s.rtt = std::chrono::duration_cast<Micros>(Clock::now() - t0);
    s.rung = std::make_unique<ConnectionTrial>(std::move(conn.stream));
    co_return s;
  }

 private:
  CheckEnv& env_;
  const TcpLifetimeParams& p_;
  const nat64::Dest& dest_;
  Endpoint server_;
  const Deadline& deadline_;
  CheckOutcome& out_;
};

awaitable<CheckOutcome> run_nat64_tcp_lifetime(CheckEnv& env, const TcpLifetimeParams& p,
                                               milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;
  if (env.net.tcp_streams() == nullptr) {
    nat64::set_verdict(out, Verdict::error, msg("check.tcp_lifetime.no_streams"));
    co_return out;
  }
  r.observed["port"] = p.port;
  EchoTrials trials(env, p, *dest, deadline, out);
  const nat64::LadderSpec spec{
      .min_idle = p.min_idle,
      .max_idle = p.max_idle,
      .steps = p.steps,
      .refine = p.refine,
      .wait = p.wait,
      .transactions = 3,
      .no_room_id = "check.tcp_lifetime.no_room",
      .rfc = kReq5,
      .required = kRequired,
      .gone_name = "gone",
      .unknown_name = "unknown",
      .gone_key = "gone_ms",
      .rtt_key = "trial_echo_rtt_max",
  };
  const auto ladder = co_await nat64::run_ladder(env, dest->v6, deadline, spec, trials, out);
  if (!ladder) co_return out;
  const auto& [call, max_idle_tried, survived, gone, how, unknown, first_unknown] = *ladder;

  switch (call) {
    case nat64::LifetimeCall::below_required: {
      std::vector<MessageArg> args{val("gone", secs(*gone)), sub("how", how.value_or(foreign("")))};
      if (survived) args.push_back(val("survived", secs(*survived)));
      nat64::set_verdict(
          out, Verdict::fail,
          msg(survived ? "check.tcp_lifetime.below_since" : "check.tcp_lifetime.below", std::move(args)),
          kReq5);
      break;
    }
    case nat64::LifetimeCall::at_least_required:  // unreachable within a 10-minute deadline; kept exact
      nat64::set_verdict(out, Verdict::pass,
                         msg("check.tcp_lifetime.survived", {val("survived", secs(*survived))}), kReq5);
      break;
    case nat64::LifetimeCall::not_tested:
      nat64::set_verdict(out, Verdict::skipped,
                         nat64::not_tested_reason("check.tcp_lifetime.not_tested", spec, *ladder), kReq5);
      break;
    case nat64::LifetimeCall::gone_late:
      nat64::set_verdict(out, Verdict::skipped,
                         msg("check.tcp_lifetime.gone_late", {val("gone", secs(*gone))}), kReq5);
      break;
    case nat64::LifetimeCall::nothing_learnt:
      nat64::set_verdict(
          out, Verdict::error,
          msg("check.lifetime.nothing_learnt", {sub("first", first_unknown.value_or(foreign("")))}), kReq5);
      break;
  }
  co_return out;
}

// ---- the nat64.tcp_lifetime block
constexpr KindBlock<TcpLifetimeParams> kBlock{
    .name = "nat64.tcp_lifetime",
    .schema = &tcp_lifetime_schema,
    .params = &tcp_lifetime_params,
    .targets = &tcp_lifetime_targets,
    .run = &run_nat64_tcp_lifetime,
};

}  // namespace

extern const CheckKind nat64_tcp_lifetime_kind = kind_of<kBlock>;

}  // namespace v6r::probe
