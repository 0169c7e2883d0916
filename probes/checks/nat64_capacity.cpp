// nat64.capacity: how many new TCP connections per second the NAT64 sets up, and how many concurrent TCP
// sessions it keeps before it refuses new ones, towards an IPv4-only target through its synthesized
// address (docs/checks-capacity.md). RFC 8219 §8 (stateful IPv6 transition technologies) benchmarks
// a NAT64 with RFC 3511's "maximum TCP connection establishment rate" (§8.2, RFC 3511 §5.3) and
// "concurrent TCP connection capacity" (§8.1, RFC 3511 §5.2); this is that method from one IPv6-only
// node, against a real server behind the NAT64.
//
// Opt-in and bounded: the scenario must name the SYN-rate ceiling `max_rate`, the session ceiling
// `max_sessions` and the duration ceiling `max_duration_ms` (required: `v6probe check` refuses the
// check without them with file:line:col). Every connection attempt of both phases goes through one
// pacer and ceiling guard (capacity_load.hpp): no window of 1.01 s holds more than `max_rate` SYNs.
// `timeout_ms` stays below the first SYN retransmission (1 s, RFC 6298 §2) and the kernel is told to give
// up then too (TCP_USER_TIMEOUT, tcp_connect.hpp give_up_on_wire), so it never sends a SYN the guard did
// not count, even when the probe's own timer fires late on a loaded node. The scenario's per-destination rate
// limit does not apply: the ceilings replace it.
//
//  1. rate: the binary search of capacity_load over the rate of new connections (connect, then abort
//     with a reset: no TIME_WAIT on the node or in the NAT64); a connection is good when its handshake
//     completes within `timeout_ms`; the figure is the highest rate whose loss (of the connects sent)
//     is at most `max_loss_percent`. A connect the probe could not start on time (a stalled probe) is
//     counted apart, not as the NAT64's loss; a trial short of its rate gives the rate it offered.
//     At most `max_sessions` connects are in flight (a connection is open until its operation has
//     reset it, and a late loop resets late): one the cap holds back is late. That is the NAT64's
//     limit when the kernel's handshake times show its queue held them (a NAT64 offered more than it
//     sets up keeps the rest waiting until the cap is full: the trial fails, capacity_load.hpp
//     queued_at_bound), otherwise the probe's.
//  2. sessions (once every socket of the rate phase is closed): connections opened at `session_rate` and kept
//  open, until `max_sessions` attempts, or
//     until `refusals` consecutive attempts fail (refused or unanswered): the NAT64 refuses new
//     sessions, and the sessions open when that run of failures began are the port-exhaustion point.
//     The sessions are then held `hold_ms` and those reset or closed meanwhile are counted.
// An attempt that fails on the node itself (no local port, no file descriptor) is the probe's limit,
// not the NAT64's.
// Verdict: `pass` with the figures (a capacity is a measurement, not a requirement); `warn` when the rate
// could not be measured, the probe (late connects, its own ports or descriptors) was the limit, or
// sessions the NAT64 had accepted were reset or closed during the hold; `error` when nothing was sent.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>

#include "core/check_kind.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/capacity_common.hpp"
#include "probes/checks/nat64_path.hpp"
#include "probes/net/tcp_stream.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;
using std::chrono::milliseconds;
using Clock = capacity::Clock;

const std::string kRfcRate = "RFC 8219 §8.2";
const std::string kRfcSessions = "RFC 8219 §8.1";
constexpr std::size_t kMaxFlows = 16;  // evidence: the first connections of each phase

CheckSchema capacity_schema() {
  return CheckSchema(std::string(check_kind::kNat64Capacity),
                     "New TCP connections per second the NAT64 sets up within the timeout (binary search, "
                     "RFC 8219 §8.2) and concurrent TCP sessions it keeps before refusing new ones (the "
                     "port-exhaustion point, RFC 8219 §8.1). Opt-in: up to max_rate SYNs per second and "
                     "max_sessions open sessions for up to max_duration_ms.")
      .rfc(kRfcRate)
      .rfc(kRfcSessions)
      .rfc("RFC 6146 §3.5.2")
      .one_of({"host", "address"})
      .field(Field::dns_name("host").describe("IPv4-only server name, resolved through the DNS64 resolver"))
      .field(Field::ip_address("address").describe(
          "Literal target (an IPv4 address is embedded with the expected prefix, RFC 6052)"))
      .field(Field::port("port").def("80").describe("TCP port of a server that accepts many connections"))
      .field(Field::integer("max_rate")
                 .req()
                 .min(1)
                 .max(100000)
                 .describe("SYN-rate ceiling, connection attempts per second: never exceeded in any second"))
      .field(Field::integer("max_sessions")
                 .req()
                 .min(1)
                 .max(60000)
                 .describe("Session ceiling: at most this many connections open at once"))
      .field(Field::duration_ms("max_duration_ms")
                 .req()
                 .min(1000)
                 .max(600000)
                 .describe("Duration ceiling for the whole measurement (both phases)"))
      .field(Field::integer("min_rate").min(1).max(100000).def("10").describe("Lowest connection rate tried"))
      .field(
          Field::duration_ms("step_ms").min(100).max(60000).def("1000").describe("Sending time of one trial"))
      .field(Field::duration_ms("rest_ms").min(0).max(60000).def("2000").describe(
          "Pause after a failing trial before the next, for the server to recover (RFC 2544 §23)"))
      .field(Field::duration_ms("timeout_ms")
                 .min(10)
                 .max(900)
                 .def("900")
                 .describe("A handshake later than this counts as lost; below the first SYN retransmission "
                           "(1 s), so every SYN sent is one the ceiling counted"))
      .field(Field::integer("max_loss_percent")
                 .min(0)
                 .max(50)
                 .def("0")
                 .describe("Lost connections a passing rate may have"))
      .field(Field::integer("precision_percent")
                 .min(1)
                 .max(50)
                 .def("5")
                 .describe("The search stops when the interval is narrower than this share of the figure"))
      .field(Field::integer("session_rate")
                 .min(1)
                 .max(100000)
                 .def("200")
                 .describe("Sessions opened per second in the sessions phase (at most max_rate)"))
      .field(Field::duration_ms("hold_ms").min(0).max(60000).def("1000").describe(
          "How long the sessions are held open before those reset or closed are counted"))
      .field(Field::integer("refusals")
                 .min(1)
                 .max(100)
                 .def("3")
                 .describe("Consecutive failed connects that mean the NAT64 refuses new sessions"))
      .field(scenario::resolver_field());
}

struct CapacityParams : capacity::SearchParams {
  nat64::TargetSpec target;
  std::uint16_t port = 80;
  std::int64_t max_sessions = 0;
  std::int64_t session_rate = 200;
  milliseconds hold{1000};
  std::int64_t refusals = 3;
};

CapacityParams capacity_params(const scenario::ParamValues& v) {
  CapacityParams p;
  static_cast<capacity::SearchParams&>(p) = capacity::search_params(v);
  p.target = nat64::target_from_params(v);
  p.port = static_cast<std::uint16_t>(v.get_int("port"));
  p.max_sessions = v.get_int("max_sessions");
  p.session_rate = std::min(v.get_int("session_rate"), p.max_rate);
  p.hold = v.get_duration("hold_ms");
  p.refusals = v.get_int("refusals");
  return p;
}

CheckTargets capacity_targets(const CapacityParams& p) {
  return nat64::targets_of(p.target);
}

/// Why a connection attempt failed: the NAT64 path (refused, unanswered, other) or the node itself.
enum class Failure { refused, timeout, local, other };
Failure classify(bool timed_out, const std::string& error) {
  if (timed_out) return Failure::timeout;
  if (error.find("refused") != std::string::npos) return Failure::refused;
  // EADDRNOTAVAIL (no local port left), EMFILE/ENFILE (no descriptor), ENOBUFS: the node's limit.
  if (error.find("assign requested address") != std::string::npos ||
      error.find("open files") != std::string::npos || error.find("buffer space") != std::string::npos)
    return Failure::local;
  return Failure::other;
}

/// Failure counts and the evidence of one phase (shared with its operations).
struct Failures {
  std::uint64_t refused = 0, timeouts = 0, local = 0, other = 0;
  std::uint64_t syns_resent = 0;  ///< SYNs the kernel sent again (half-open connections at the far end)
  std::uint64_t reaped = 0;       ///< connects the SYN reaper ended at their deadline (this check's own)
  std::uint64_t open = 0;         ///< sockets of the phase not closed yet
  std::string first_error;
  std::vector<std::pair<std::optional<Endpoint>, Endpoint>> flows;

  void note(const std::optional<Endpoint>& local_ep, const Endpoint& remote) {
    if (local_ep && flows.size() < kMaxFlows) flows.emplace_back(local_ep, remote);
  }
  void count(bool timed_out, const std::string& error) {
    switch (classify(timed_out, error)) {
      case Failure::refused:
        ++refused;
        break;
      case Failure::timeout:
        ++timeouts;
        break;
      case Failure::local:
        ++local;
        break;
      case Failure::other:
        ++other;
        break;
    }
    if (first_error.empty()) first_error = error;
  }
  [[nodiscard]] nlohmann::json json() const {
    nlohmann::json j{{"refused", refused},
                     {"timeouts", timeouts},
                     {"local_errors", local},
                     {"other", other},
                     {"syns_resent", syns_resent}};
    if (!first_error.empty()) j["first_error"] = first_error;
    return j;
  }
};

struct SessionState {
  std::vector<std::unique_ptr<TcpStream>> open;
  Failures f;
  std::int64_t consecutive = 0;      ///< failed attempts in a row (in completion order)
  std::uint64_t run_start_open = 0;  ///< sessions open when the current run of failures began
  bool run_local = false;            ///< the current run of failures includes the node's own errors
  std::optional<std::uint64_t> exhaustion_at;
  bool exhausted_locally = false;  ///< that run was (also) the node's own limit
  std::uint64_t peak_open = 0;
  std::uint64_t dropped = 0;  ///< reset or closed during the hold
  std::uint64_t checking = 0;
};

/// A file descriptor per session: the soft RLIMIT_NOFILE is raised towards the hard one when the
/// sessions would not fit (the node's limit would otherwise be measured as the NAT64's).
void make_room_for(std::int64_t sessions) {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  const auto want = static_cast<rlim_t>(sessions) + 256;
  if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want) return;
  rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? want : std::min(want, rl.rlim_max);
  (void)::setrlimit(RLIMIT_NOFILE, &rl);
}

/// Reads one octet with a short wait: a reset or a close means the session is gone.
awaitable<void> check_alive(std::shared_ptr<SessionState> ss, TcpStream* s) {
  const TcpStreamRead r = co_await s->read(1, milliseconds(50));
  if (r.reset || r.closed) ++ss->dropped;
  --ss->checking;
}

awaitable<void> sleep_until(Clock::time_point t) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_at(t);
  ErrorCode ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
}

awaitable<CheckOutcome> run_nat64_capacity(CheckEnv& env, const CapacityParams& p, milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;
  CheckResult& r = out.result;
  const auto start = Clock::now();
  const auto until = start + std::min(p.max_duration, deadline.waitable());
  const Endpoint server = dest->endpoint(p.port);
  r.observed["port"] = p.port;
  r.observed["max_sessions"] = p.max_sessions;
  capacity::record_limits(r.observed, p);
  // Shared with the operations: the SYNs the kernel sent again are put into its windows as they are
  // learnt (they were not asked for, but they are on the wire).
  // A connection of the rate phase is open from its SYN until its operation has reset it, so at most
  // max_sessions operations are in flight: a loop that runs late holds no more sessions than the
  // ceiling (the ones it could not start are counted late: the probe's limit, or the NAT64's when it
  // queued them, TrialResult::queued_at_bound).
  auto guard_ptr = std::make_shared<capacity::CeilingGuard>(
      p.max_rate,
      std::min<std::uint64_t>(capacity::kMaxInFlight, static_cast<std::uint64_t>(p.max_sessions)));
  capacity::CeilingGuard& guard = *guard_ptr;

  // The sessions phase needs max_sessions / pace, the last timeout, the hold and the count; it gets
  // that (at most half of what is left), the rate phase the rest.
  const double session_pace = capacity::paced_rate(p.session_rate, guard);
  const auto tail = p.timeout + p.hold + milliseconds(300);
  const auto session_need = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                static_cast<double>(p.max_sessions) / session_pace)) +
                            tail;
  const auto left = until - Clock::now();
  const auto rate_until = until - std::min<Clock::duration>(session_need, left / 2);

  // 1. The rate of new connections.
  auto rf = std::make_shared<Failures>();
  Transport& net = env.net;
  const milliseconds timeout = p.timeout;
  capacity::Operation connect_op = [&net, server, timeout, rf,
                                    guard_ptr](std::uint64_t) -> awaitable<capacity::OpOutcome> {
    ++rf->open;
    const TcpConnectResult c = co_await net.tcp_connect_abort(server, timeout);
    --rf->open;
    rf->note(c.local, server);
    rf->syns_resent += c.syns_resent;
    rf->reaped += c.reaped ? 1 : 0;
    for (std::uint32_t i = 0; i < c.syns_resent; ++i) guard_ptr->note(Clock::now());
    capacity::OpOutcome o;
    o.good = c.ok;
    o.timed_out = c.timed_out;
    // The kernel's clock: a queue in the NAT64 shows there, the probe's own slowness does not.
    if (c.kernel_rtt) o.server_ms = std::chrono::duration<double, std::milli>(*c.kernel_rtt).count();
    if (!c.ok) rf->count(c.timed_out, c.error);
    co_return o;
  };
  const capacity::SearchResult rate = co_await capacity::search(p, rate_until, guard, connect_op);

  // A trial stops waiting for its connects after their timeout, but a late loop may not have closed
  // them yet: the sessions phase starts once every socket of the rate phase is closed, so that the two
  // together never hold more than max_sessions (each connect ends by its own deadline).
  while (rf->open > 0 && Clock::now() < until) co_await sleep_until(Clock::now() + milliseconds(2));

  // 2. Concurrent sessions.
  auto ss = std::make_shared<SessionState>();
  TcpStreamOpener* opener = env.net.tcp_streams();
  capacity::TrialResult ramp;
  bool sessions_ran = false;
  std::string stopped_by;
  if (opener) {
    make_room_for(p.max_sessions);
    const std::int64_t refusals = p.refusals;
    capacity::Operation open_op = [opener, server, timeout, ss, refusals,
                                   guard_ptr](std::uint64_t) -> awaitable<capacity::OpOutcome> {
      TcpStreamConnect c = co_await opener->connect(server, timeout);
      ss->f.note(c.local, server);
      ss->f.syns_resent += c.syns_resent;
      for (std::uint32_t i = 0; i < c.syns_resent; ++i) guard_ptr->note(Clock::now());
      capacity::OpOutcome o;
      if (c.stream) {
        ss->open.push_back(std::move(c.stream));
        ss->peak_open = std::max<std::uint64_t>(ss->peak_open, ss->open.size());
        ss->consecutive = 0;
        o.good = true;
        co_return o;
      }
      ss->f.count(c.timed_out, c.error);
      const bool local = classify(c.timed_out, c.error) == Failure::local;
      if (ss->consecutive++ == 0) {
        ss->run_start_open = ss->open.size();
        ss->run_local = false;
      }
      ss->run_local = ss->run_local || local;
      if (ss->consecutive >= refusals && !ss->exhaustion_at) {
        ss->exhaustion_at = ss->run_start_open;
        ss->exhausted_locally = ss->run_local;
      }
      o.timed_out = c.timed_out;
      co_return o;
    };
    const auto ramp_end = until - tail;
    if (Clock::now() + p.timeout < ramp_end) {
      sessions_ran = true;
      bool out_of_time = false;
      std::function<bool()> stop = [ss, ramp_end, &out_of_time] {
        if (ss->exhaustion_at) return true;
        if (Clock::now() >= ramp_end) out_of_time = true;
        return out_of_time;
      };
      // Count::sent: a session the stalled probe could not open on time is opened later, not lost.
      ramp = co_await capacity::run_paced(p.session_rate, static_cast<std::uint64_t>(p.max_sessions),
                                          p.timeout, guard, open_op, stop, capacity::Count::sent);
      stopped_by = ss->exhaustion_at ? "refusals" : out_of_time ? "duration" : "ceiling";
      // Hold them, then see which are gone.
      co_await sleep_until(std::min(Clock::now() + p.hold, until - milliseconds(100)));
      ss->checking = ss->open.size();
      auto ex = co_await asio::this_coro::executor;
      for (auto& s : ss->open) asio::co_spawn(ex, check_alive(ss, s.get()), asio::detached);
      const auto check_end = Clock::now() + milliseconds(200);
      while (ss->checking > 0 && Clock::now() < check_end)
        co_await sleep_until(Clock::now() + milliseconds(2));
    }
  }
  const std::uint64_t held = ss->open.size();

  // The record.
  bool any_sent = false;
  nlohmann::json rj = capacity::search_json(rate, "cps", "connected");
  for (const auto& t : rate.trials) any_sent = any_sent || t.sent > 0;
  // Connects the SYN reaper ended at their deadline because the loop was late (syn_reaper.hpp).
  rj["reaped"] = rf->reaped;
  rj["failures"] = rf->json();
  r.observed["rate"] = rj;
  nlohmann::json sj;
  sj["ran"] = sessions_ran;
  if (sessions_ran) {
    any_sent = any_sent || ramp.sent > 0;
    sj["session_rate"] = p.session_rate;
    sj["attempted"] = ramp.sent;
    sj["late"] = ramp.late;
    sj["opened"] = ramp.answered;
    sj["peak_open"] = ss->peak_open;
    sj["stopped_by"] = stopped_by;
    if (ss->exhaustion_at) sj["exhaustion_at"] = *ss->exhaustion_at;
    sj["exhausted_locally"] = ss->exhausted_locally;
    sj["hold_ms"] = p.hold.count();
    sj["dropped_during_hold"] = ss->dropped;
    sj["kept"] = held - std::min(held, ss->dropped);
    sj["failures"] = ss->f.json();
  } else {
    sj["why"] = opener ? "no time left for the sessions phase" : "no kept-open TCP connections on this node";
  }
  r.observed["sessions"] = sj;
  for (const auto& [l, rem] : rf->flows) nat64::note_transport(r, "tcp", l, rem);
  for (const auto& [l, rem] : ss->f.flows) nat64::note_transport(r, "tcp", l, rem);
  r.timings_ms["total"] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  ss->open.clear();  // every session closed before the verdict

  const std::vector<MessageArg> what{val("ipv4", dest->ipv4.to_string()), val("port", p.port),
                                     val("v6", dest->v6.to_string())};
  if (!any_sent) {
    auto args = what;
    args.push_back(val("ms", std::min(p.max_duration, deadline.waitable()).count()));
    nat64::set_verdict(out, Verdict::error, msg("check.ncap.not_measured", std::move(args)), kRfcRate);
    co_return out;
  }
  std::optional<Msg> sessions;
  bool sessions_warn = false;
  if (!sessions_ran) {
    sessions = msg(opener ? "check.ncap.sessions_no_time" : "check.ncap.sessions_no_streams");
    sessions_warn = true;
  } else {
    const auto opened = ramp.answered;
    Msg phase;
    if (ss->exhaustion_at) {
      phase = msg(ss->exhausted_locally ? "check.ncap.exhausted_locally" : "check.ncap.exhausted",
                  {val("open", *ss->exhaustion_at), val("refusals", p.refusals),
                   sub("first", foreign(ss->f.first_error))});
      if (ss->exhausted_locally) sessions_warn = true;
    } else if (stopped_by == "duration") {
      phase = msg("check.ncap.sessions_duration", {val("opened", opened)});
    } else if (opened == static_cast<std::uint64_t>(p.max_sessions)) {
      phase = msg("check.ncap.sessions_ceiling", {val("max", p.max_sessions)});
    } else {
      phase = msg("check.ncap.sessions_opened", {val("opened", opened), val("sent", ramp.sent)});
    }
    std::vector<MessageArg> args{sub("phase", std::move(phase)),
                                 val("kept", held - std::min(held, ss->dropped)),
                                 val("hold", p.hold.count())};
    if (ss->dropped > 0) {
      args.push_back(val("dropped", ss->dropped));
      sessions_warn = true;
    }
    sessions = msg(ss->dropped > 0 ? "check.ncap.held_dropped" : "check.ncap.held", std::move(args));
    if (ss->f.local > 0) sessions_warn = true;
  }
  const bool rate_limited = rate.probe_limited && !rate.at_ceiling;
  const Msg loss = capacity::loss_text(p);
  auto args = what;
  for (auto& a : std::vector<MessageArg>{
           val("timeout", p.timeout.count()), sub("loss", loss), val("max_rate", p.max_rate),
           val("max_sessions", p.max_sessions),
           sub("rate", capacity::figure_text(rate, "check.ncap.rate", "rate", p.max_rate)),
           sub("sessions", *sessions)})
    args.push_back(std::move(a));
  if (rate_limited) args.push_back(val("late", rate.late));
  const bool warn = rate_limited || !rate.best || sessions_warn;
  nat64::set_verdict(out, warn ? Verdict::warn : Verdict::pass,
                     msg(rate_limited ? "check.ncap.result_limited" : "check.ncap.result", std::move(args)),
                     kRfcRate);
  co_return out;
}

// ---- the nat64.capacity block
constexpr KindBlock<CapacityParams> kBlock{
    .name = check_kind::kNat64Capacity,
    .schema = &capacity_schema,
    .params = &capacity_params,
    .targets = &capacity_targets,
    .run = &run_nat64_capacity,
};

}  // namespace

extern const CheckKind nat64_capacity_kind = kind_of<kBlock>;

}  // namespace v6r::probe
