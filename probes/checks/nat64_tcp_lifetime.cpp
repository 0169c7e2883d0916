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

enum class Fate { pending, survived, gone, unknown };
const char* fate_name(Fate f) {
  switch (f) {
    case Fate::pending:
      return "not probed";
    case Fate::survived:
      return "survived";
    case Fate::gone:
      return "gone";
    case Fate::unknown:
      return "unknown";
  }
  return "?";
}

struct Trial {
  int round = 1;
  milliseconds planned{0};
  std::unique_ptr<TcpStream> stream;
  Clock::time_point echoed;
  Micros rtt{0};
  Fate fate = Fate::pending;
  milliseconds idle{0};
  std::string how;  ///< what ended it, or why nothing was learnt
};

struct Ctx {
  CheckEnv& env;
  const TcpLifetimeParams& p;
  const nat64::Dest& dest;
  Endpoint server;
  const Deadline& deadline;
  CheckOutcome& out;
};

/// One echo on `s`: "" when the nonce came back, else what happened; sets `reset`/`closed`.
awaitable<std::string> echo(TcpStream& s, milliseconds wait, bool& gone) {
  gone = false;
  const auto n = nonce();
  const std::string werr = co_await s.write(n);
  if (!werr.empty()) {
    gone = true;
    co_return werr;
  }
  const auto got = co_await s.read(kNonce, wait);
  if (got.ok) co_return got.data == n ? std::string() : std::string("the echo differs from what was sent");
  gone = got.reset || got.timed_out;
  co_return got.error;
}

awaitable<bool> start_round(Ctx& c, std::vector<Trial>& trials, int round,
                            const std::vector<milliseconds>& idles) {
  TcpStreamOpener* opener = c.env.net.tcp_streams();
  for (const auto t : idles) {
    co_await nat64::take_token(c.env, c.dest.v6);
    const auto wait = std::min(c.p.wait, c.deadline.left());
    auto conn = co_await opener->connect(c.server, wait);
    nat64::note_transport(c.out.result, "tcp", conn.local, c.server);
    std::string why;
    const auto t0 = Clock::now();
    if (conn.stream) {
      bool gone = false;
      why = co_await echo(*conn.stream, std::min(c.p.wait, c.deadline.left()), gone);
    } else {
      why = "connect: " + conn.error;
    }
    if (!why.empty()) {
      if (trials.empty()) {
        nat64::set_verdict(c.out, Verdict::error,
                           "cannot judge: no working TCP echo at " + c.dest.describe() + " port " +
                               std::to_string(c.p.port) + " through NAT64: " + why,
                           "RFC 862", conn.timed_out);
        co_return false;
      }
      continue;
    }
    Trial tr;
    tr.round = round;
    tr.planned = t;
    tr.stream = std::move(conn.stream);
    tr.echoed = Clock::now();
    tr.rtt = std::chrono::duration_cast<Micros>(tr.echoed - t0);
    trials.push_back(std::move(tr));
  }
  co_return true;
}

awaitable<void> finish_round(Ctx& c, std::vector<Trial*> trials) {
  std::sort(trials.begin(), trials.end(),
            [](const Trial* a, const Trial* b) { return a->planned < b->planned; });
  for (Trial* t : trials) {
    const auto due = t->echoed + t->planned;
    if (due + c.p.wait > c.deadline.end()) break;
    if (due > Clock::now()) co_await sleep_for(due - Clock::now());
    co_await nat64::take_token(c.env, c.dest.v6);
    t->idle = std::chrono::duration_cast<milliseconds>(Clock::now() - t->echoed);
    bool gone = false;
    const std::string why = co_await echo(*t->stream, std::min(c.p.wait, c.deadline.left()), gone);
    t->stream.reset();
    t->fate = why.empty() ? Fate::survived : gone ? Fate::gone : Fate::unknown;
    t->how = why;
    if (t->fate == Fate::gone) break;
  }
  for (Trial* t : trials) t->stream.reset();
}

awaitable<CheckOutcome> run_nat64_tcp_lifetime(CheckEnv& env, const TcpLifetimeParams& p,
                                               milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.target, deadline, out);
  if (!dest) co_return out;
  if (env.net.tcp_streams() == nullptr) {
    nat64::set_verdict(out, Verdict::error, "cannot judge: this transport keeps no TCP connection open");
    co_return out;
  }
  Ctx c{env, p, *dest, dest->endpoint(p.port), deadline, out};
  r.observed["port"] = p.port;

  const auto margin = std::max(milliseconds(100), deadline.total() / 10);
  const auto room = deadline.left() - margin - p.wait * 3;
  const milliseconds max_idle = std::min(p.max_idle, room);
  r.observed["max_idle_ms"] = p.max_idle.count();
  if (max_idle < p.max_idle)
    r.observed["max_idle_cut_to_ms"] = std::max<milliseconds::rep>(0, max_idle.count());
  if (max_idle < p.min_idle) {
    nat64::set_verdict(out, Verdict::error,
                       "cannot judge: the check's deadline (" + nat64::ms_text(deadline.total()) +
                           ") leaves no room for an idle time of min_idle_ms " + nat64::ms_text(p.min_idle) +
                           " plus the connect and two echoes",
                       kReq5);
    co_return out;
  }

  std::vector<Trial> trials;
  trials.reserve(static_cast<std::size_t>(p.steps) * 2);
  // g++ 12: no temporaries inside co_await arguments (probes/net/deadline.hpp)
  const auto first_idles = nat64::idle_ladder(p.min_idle, max_idle, p.steps, true);
  if (!co_await start_round(c, trials, 1, first_idles)) co_return out;
  {
    std::vector<Trial*> round1;
    for (auto& t : trials) round1.push_back(&t);
    co_await finish_round(c, round1);
  }
  auto bounds = [&trials] {
    std::optional<milliseconds> survived, gone;
    for (const auto& t : trials) {
      if (t.fate == Fate::survived) survived = std::max(survived.value_or(t.idle), t.idle);
      if (t.fate == Fate::gone) gone = std::min(gone.value_or(t.idle), t.idle);
    }
    return std::pair{survived, gone};
  };
  auto [survived, gone] = bounds();
  if (p.refine && gone) {
    const milliseconds lo = survived && *survived < *gone ? *survived : milliseconds(0);
    const auto left = deadline.left() - margin - p.wait * 3;
    const auto idles = nat64::idle_ladder(lo, *gone, p.steps - 1, false);
    if (!idles.empty() && *gone <= left) {
      const std::size_t first = trials.size();
      if (co_await start_round(c, trials, 2, idles)) {
        std::vector<Trial*> round2;
        for (std::size_t i = first; i < trials.size(); ++i) round2.push_back(&trials[i]);
        co_await finish_round(c, round2);
        std::tie(survived, gone) = bounds();
      }
    } else {
      r.observed["refine_skipped"] = "the deadline leaves no room for a second round";
    }
  }

  nlohmann::json list = nlohmann::json::array();
  Micros rtt{0};
  std::string first_unknown;
  for (const auto& t : trials) {
    nlohmann::json j = {
        {"round", t.round}, {"planned_idle_ms", t.planned.count()}, {"fate", fate_name(t.fate)}};
    if (t.fate != Fate::pending) j["idle_ms"] = t.idle.count();
    if (!t.how.empty()) j["how"] = t.how;
    list.push_back(std::move(j));
    rtt = std::max(rtt, t.rtt);
    if (t.fate == Fate::unknown && first_unknown.empty()) first_unknown = t.how;
  }
  r.observed["trials"] = std::move(list);
  if (survived) r.observed["survived_ms"] = survived->count();
  if (gone) r.observed["gone_ms"] = gone->count();
  r.observed["required_ms"] = kRequired.count();
  r.timings_ms["trial_echo_rtt_max"] = nat64::ms(rtt);

  const auto rtt_ms = std::chrono::duration_cast<milliseconds>(rtt) + milliseconds(1);
  const std::string since = survived ? "; another survived " + secs(*survived) : "";
  switch (nat64::judge_lifetime(survived, gone, rtt_ms, kRequired)) {
    case nat64::LifetimeCall::below_required: {
      std::string how;
      for (const auto& t : trials)
        if (t.fate == Fate::gone && t.idle == *gone) how = t.how;
      r.observed["lifetime_below_ms"] = (*gone + rtt_ms).count();
      nat64::set_verdict(out, Verdict::fail,
                         "established TCP connection through NAT64 gone after at most " + secs(*gone) +
                             " idle (" + how + ")" + since +
                             "; the established-connection idle timeout MUST NOT be less than 2 h 4 min",
                         kReq5);
      break;
    }
    case nat64::LifetimeCall::at_least_required:  // unreachable within a 10-minute deadline; kept exact
      r.observed["lifetime_at_least_ms"] = survived->count();
      nat64::set_verdict(out, Verdict::pass,
                         "established TCP connection through NAT64 survived " + secs(*survived) + " idle",
                         kReq5);
      break;
    case nat64::LifetimeCall::not_tested:
      r.observed["lifetime_at_least_ms"] = survived->count();
      nat64::set_verdict(
          out, Verdict::skipped,
          "cannot judge within max_idle: the established TCP connection survived " + secs(*survived) +
              " idle; the 2 h 4 min requirement was not tested (max_idle_ms " +
              std::to_string(p.max_idle.count()) +
              (max_idle < p.max_idle ? ", cut by the check's deadline to " + std::to_string(max_idle.count())
                                     : std::string()) +
              ")",
          kReq5);
      break;
    case nat64::LifetimeCall::gone_late:
      nat64::set_verdict(out, Verdict::skipped,
                         "cannot judge: the connection was gone after " + secs(*gone) +
                             " idle and no shorter idle time was shown survived",
                         kReq5);
      break;
    case nat64::LifetimeCall::nothing_learnt:
      nat64::set_verdict(
          out, Verdict::error,
          "cannot judge: no trial told anything after its idle time (first: " + first_unknown + ")", kReq5);
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
