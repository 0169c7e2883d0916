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
// The first round's idle times grow geometrically from min_idle_ms to max_idle_ms (cut to what the
// check's deadline leaves); all its trials start together, so the round lasts about max_idle, not the
// sum. A round stops at its first expiry; with `refine`, a second round places its trials evenly
// between the longest survival and the first expiry (a k-ary search: each round divides the bracket by
// steps + 1), when the deadline leaves room. Idle is counted from the answer that created the mapping
// (the last datagram through it; the outbound request was one round trip earlier).
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
using Clock = std::chrono::steady_clock;

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

enum class Fate { pending, survived, expired, unanswered };
const char* fate_name(Fate f) {
  switch (f) {
    case Fate::pending:
      return "not probed";
    case Fate::survived:
      return "survived";
    case Fate::expired:
      return "expired";
    case Fate::unanswered:
      return "unanswered";
  }
  return "?";
}

struct Trial {
  int round = 1;
  milliseconds planned{0};
  std::unique_ptr<UdpPort> port;
  stun::TransportAddress before;
  Clock::time_point answered;
  Micros rtt{0};
  Fate fate = Fate::pending;
  milliseconds idle{0};  ///< actual: answer → the second request
  std::optional<stun::TransportAddress> after;
  std::string error;
};

struct Ctx {
  CheckEnv& env;
  const UdpLifetimeParams& p;
  const nat64::Dest& dest;
  Endpoint server;
  const Deadline& deadline;
  CheckOutcome& out;
};

/// Opens the trials' ports and creates their mappings; false with the verdict set when the server does
/// not answer the very first one (nothing can be judged).
awaitable<bool> start_round(Ctx& c, std::vector<Trial>& trials, int round,
                            const std::vector<milliseconds>& idles) {
  const std::vector<asio::ip::address> from{c.server.address};
  const std::optional<std::uint32_t> no_change;
  const auto ex = co_await asio::this_coro::executor;
  for (const auto t : idles) {
    auto port = nat64::open_port(c.env, ex, c.out);
    if (!port) co_return false;
    co_await nat64::take_token(c.env, c.dest.v6);
    const auto budget = std::min(c.p.stun.wait, c.deadline.left());
    auto o = co_await nat64::stun_binding(*port, c.server, from, no_change, c.p.stun.rto, budget);
    nat64::note_stun(c.out.result, "round " + std::to_string(round) + " start, idle " + secs(t), *port,
                     c.server, o);
    if (!o.ok) {
      if (trials.empty()) {
        nat64::cannot_judge(c.out,
                            "STUN server " + c.dest.describe() + " port " + std::to_string(c.p.stun.port), o,
                            "RFC 5389 §7.2.1");
        co_return false;
      }
      continue;  // this rung is lost; the others still tell
    }
    Trial tr;
    tr.round = round;
    tr.planned = t;
    tr.port = std::move(port);
    tr.before = *o.message.mapped();
    tr.answered = Clock::now();
    tr.rtt = o.rtt;
    trials.push_back(std::move(tr));
  }
  co_return true;
}

/// Waits out each trial's idle time (shortest first) and probes it again; stops at the first expiry.
awaitable<void> finish_round(Ctx& c, std::vector<Trial*> trials) {
  std::sort(trials.begin(), trials.end(),
            [](const Trial* a, const Trial* b) { return a->planned < b->planned; });
  const std::vector<asio::ip::address> from{c.server.address};
  const std::optional<std::uint32_t> no_change;
  for (Trial* t : trials) {
    const auto due = t->answered + t->planned;
    if (due + c.p.stun.wait > c.deadline.end()) break;  // planned within the deadline; a slow start ate it
    if (due > Clock::now()) co_await sleep_for(due - Clock::now());
    co_await nat64::take_token(c.env, c.dest.v6);
    t->idle = std::chrono::duration_cast<milliseconds>(Clock::now() - t->answered);
    const auto budget = std::min(c.p.stun.wait, c.deadline.left());
    auto o = co_await nat64::stun_binding(*t->port, c.server, from, no_change, c.p.stun.rto, budget);
    nat64::note_stun(c.out.result, "round " + std::to_string(t->round) + " after " + secs(t->idle) + " idle",
                     *t->port, c.server, o);
    t->port.reset();  // this mapping's story is told
    if (!o.ok) {
      t->fate = Fate::unanswered;
      t->error = o.error;
      continue;
    }
    t->after = *o.message.mapped();
    t->fate = *t->after == t->before ? Fate::survived : Fate::expired;
    if (t->fate == Fate::expired) break;
  }
  for (Trial* t : trials) t->port.reset();
}

awaitable<CheckOutcome> run_nat64_udp_lifetime(CheckEnv& env, const UdpLifetimeParams& p,
                                               milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  auto dest = co_await nat64::prepare(env, p.stun.server, deadline, out);
  if (!dest) co_return out;
  Ctx c{env, p, *dest, dest->endpoint(p.stun.port), deadline, out};

  // The longest idle the deadline allows: the trials' start, the idle, the second transaction, and the
  // reporting margin.
  const auto margin = std::max(milliseconds(100), deadline.total() / 10);
  const auto room = deadline.left() - margin - p.stun.wait * 2;
  const milliseconds max_idle = std::min(p.max_idle, room);
  r.observed["max_idle_ms"] = p.max_idle.count();
  if (max_idle < p.max_idle)
    r.observed["max_idle_cut_to_ms"] = std::max<milliseconds::rep>(0, max_idle.count());
  if (max_idle < p.min_idle) {
    nat64::set_verdict(out, Verdict::error,
                       "cannot judge: the check's deadline (" + nat64::ms_text(deadline.total()) +
                           ") leaves no room for an idle time of min_idle_ms " + nat64::ms_text(p.min_idle) +
                           " plus two STUN transactions",
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
    std::optional<milliseconds> survived, expired;
    for (const auto& t : trials) {
      if (t.fate == Fate::survived) survived = std::max(survived.value_or(t.idle), t.idle);
      if (t.fate == Fate::expired) expired = std::min(expired.value_or(t.idle), t.idle);
    }
    return std::pair{survived, expired};
  };
  auto [survived, expired] = bounds();
  if (p.refine && expired && p.steps > 0) {
    const milliseconds lo = survived && *survived < *expired ? *survived : milliseconds(0);
    const auto left = deadline.left() - margin - p.stun.wait * 2;
    if (*expired - lo > milliseconds(2 * p.steps) && *expired <= left) {
      const std::size_t first = trials.size();
      const auto idles = nat64::idle_ladder(lo, *expired, p.steps - 1, false);
      if (!idles.empty() && co_await start_round(c, trials, 2, idles)) {
        std::vector<Trial*> round2;
        for (std::size_t i = first; i < trials.size(); ++i) round2.push_back(&trials[i]);
        co_await finish_round(c, round2);
        std::tie(survived, expired) = bounds();
      }
    } else {
      r.observed["refine_skipped"] = "the deadline leaves no room for a second round";
    }
  }

  nlohmann::json list = nlohmann::json::array();
  Micros rtt{0};
  int unanswered = 0;
  std::string first_unanswered;
  for (const auto& t : trials) {
    nlohmann::json j = {{"round", t.round},
                        {"planned_idle_ms", t.planned.count()},
                        {"fate", fate_name(t.fate)},
                        {"mapped_before", t.before.to_string()}};
    if (t.fate != Fate::pending) j["idle_ms"] = t.idle.count();
    if (t.after) j["mapped_after"] = t.after->to_string();
    if (!t.error.empty()) j["error"] = t.error;
    list.push_back(std::move(j));
    rtt = std::max(rtt, t.rtt);
    if (t.fate == Fate::unanswered && unanswered++ == 0) first_unanswered = t.error;
  }
  r.observed["trials"] = std::move(list);
  r.observed["mapped_address"] = trials.front().before.to_string();
  if (survived) r.observed["survived_ms"] = survived->count();
  if (expired) r.observed["expired_ms"] = expired->count();
  r.observed["required_ms"] = kRequired.count();
  r.timings_ms["trial_rtt_max"] = nat64::ms(rtt);

  const auto rtt_ms = std::chrono::duration_cast<milliseconds>(rtt) + milliseconds(1);
  const std::string since = survived ? "; it survived " + secs(*survived) : "";
  switch (nat64::judge_lifetime(survived, expired, rtt_ms, kRequired)) {
    case nat64::LifetimeCall::below_required: {
      const Trial* e = nullptr;
      for (const auto& t : trials)
        if (t.fate == Fate::expired && t.idle == *expired) e = &t;
      r.observed["lifetime_below_ms"] = (*expired + rtt_ms).count();
      nat64::set_verdict(out, Verdict::fail,
                         "UDP mapping through NAT64 expired after at most " + secs(*expired) + " idle (" +
                             e->before.to_string() + " became " + e->after->to_string() + ")" + since +
                             "; a NAT UDP mapping timer MUST NOT expire in less than 2 minutes",
                         kReq5);
      break;
    }
    case nat64::LifetimeCall::at_least_required:
      r.observed["lifetime_at_least_ms"] = survived->count();
      nat64::set_verdict(out, Verdict::pass,
                         "UDP mapping through NAT64 survived " + secs(*survived) + " idle (" +
                             trials.front().before.to_string() + " kept), at least the 2 minutes required",
                         kReq5);
      break;
    case nat64::LifetimeCall::not_tested:
      r.observed["lifetime_at_least_ms"] = survived->count();
      nat64::set_verdict(
          out, Verdict::skipped,
          "cannot judge within max_idle: the UDP mapping survived " + secs(*survived) +
              " idle; the 2-minute requirement was not tested (max_idle_ms " +
              std::to_string(p.max_idle.count()) +
              (max_idle < p.max_idle ? ", cut by the check's deadline to " + std::to_string(max_idle.count())
                                     : std::string()) +
              ")",
          kReq5);
      break;
    case nat64::LifetimeCall::gone_late:
      nat64::set_verdict(out, Verdict::skipped,
                         "cannot judge: the UDP mapping expired after " + secs(*expired) +
                             " idle, 2 minutes or more, and no shorter idle time was shown survived",
                         kReq5);
      break;
    case nat64::LifetimeCall::nothing_learnt:
      nat64::set_verdict(out, Verdict::error,
                         "cannot judge: no trial was answered after its idle time (" +
                             std::to_string(unanswered) + " unanswered; first: " + first_unanswered + ")",
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
