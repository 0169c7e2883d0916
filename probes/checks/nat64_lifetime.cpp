// The idle ladder, the rounds of trials and the lifetime judgement (probes/checks/nat64_lifetime.hpp).
#include "probes/checks/nat64_lifetime.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "probes/checks/nat64_path.hpp"

namespace v6r::probe::nat64 {

using std::chrono::milliseconds;

std::vector<milliseconds> idle_ladder(milliseconds lo, milliseconds hi, int n, bool geometric) {
  std::vector<milliseconds> out;
  if (n <= 0 || hi <= milliseconds(0) || lo > hi) return out;
  const double a = static_cast<double>(std::max(lo, milliseconds(1)).count());
  const double b = static_cast<double>(hi.count());
  for (int i = 0; i < n; ++i) {
    double t = 0;
    if (geometric)
      t = n == 1 ? b : a * std::pow(b / a, static_cast<double>(i) / static_cast<double>(n - 1));
    else
      t = static_cast<double>(lo.count()) + (b - static_cast<double>(lo.count())) * (i + 1) / (n + 1);
    const milliseconds m{static_cast<milliseconds::rep>(std::llround(t))};
    if ((out.empty() || m > out.back()) && (geometric || (m > lo && m < hi))) out.push_back(m);
  }
  return out;
}

LifetimeCall judge_lifetime(std::optional<milliseconds> survived, std::optional<milliseconds> expired,
                            milliseconds slack, milliseconds required) {
  if (expired && *expired + slack < required) return LifetimeCall::below_required;
  if (survived && *survived >= required) return LifetimeCall::at_least_required;
  if (survived) return LifetimeCall::not_tested;
  if (expired) return LifetimeCall::gone_late;
  return LifetimeCall::nothing_learnt;
}

std::string seconds_text(milliseconds d) {
  char buf[48];
  const double s = static_cast<double>(d.count()) / 1000.0;
  if (d < std::chrono::minutes(10)) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else {
    const auto total = static_cast<long long>(d.count() / 1000);
    if (total >= 3600)
      std::snprintf(buf, sizeof buf, "%lld h %lld min %lld s", total / 3600, total % 3600 / 60, total % 60);
    else
      std::snprintf(buf, sizeof buf, "%lld min %lld s", total / 60, total % 60);
  }
  return buf;
}

namespace {

using Clock = std::chrono::steady_clock;

struct Trial {
  int round = 1;
  milliseconds planned{0};
  std::unique_ptr<Rung> rung;
  Clock::time_point answered;
  Micros rtt{0};
  Fate fate = Fate::pending;
  milliseconds idle{0};  ///< actual: the start's answer → the probe after the idle
};

const char* fate_name(const LadderSpec& s, Fate f) {
  switch (f) {
    case Fate::pending:
      return "not probed";
    case Fate::survived:
      return "survived";
    case Fate::gone:
      return s.gone_name;
    case Fate::unknown:
      return s.unknown_name;
  }
  return "?";
}

/// Starts a trial per idle time; false when the kind says nothing can be judged (verdict set).
awaitable<bool> start_round(LadderKind& kind, std::vector<Trial>& trials, int round,
                            const std::vector<milliseconds>& idles) {
  for (const auto t : idles) {
    const bool first = trials.empty();
    auto started = co_await kind.start(round, t, first);
    if (started.stop) co_return false;
    if (!started.rung) continue;  // this rung is lost; the others still tell
    Trial tr;
    tr.round = round;
    tr.planned = t;
    tr.rung = std::move(started.rung);
    tr.answered = Clock::now();
    tr.rtt = started.rtt;
    trials.push_back(std::move(tr));
  }
  co_return true;
}

/// Waits out each trial's idle time (shortest first) and probes it again; stops at the first loss.
awaitable<void> finish_round(CheckEnv& env, const Ipv6Addr& dest, const Deadline& deadline,
                             const LadderSpec& s, std::vector<Trial*> trials) {
  std::sort(trials.begin(), trials.end(),
            [](const Trial* a, const Trial* b) { return a->planned < b->planned; });
  for (Trial* t : trials) {
    const auto due = t->answered + t->planned;
    if (due + s.wait > deadline.end()) break;  // planned within the deadline; a slow start ate it
    if (due > Clock::now()) co_await sleep_for(due - Clock::now());
    co_await take_token(env, dest);
    t->idle = std::chrono::duration_cast<milliseconds>(Clock::now() - t->answered);
    const auto wait = std::min(s.wait, deadline.left());
    t->fate = co_await t->rung->again(t->round, t->idle, wait);
    t->rung->close();  // this mapping's story is told
    if (t->fate == Fate::gone) break;
  }
  for (Trial* t : trials) t->rung->close();
}

}  // namespace

Msg not_tested_reason(const std::string& id, const LadderSpec& s, const Ladder& l) {
  const std::string survived = l.survived ? seconds_text(*l.survived) : std::string("?");
  if (l.max_idle < s.max_idle)
    return msg(id + "_cut", {val("survived", survived), val("max_idle", s.max_idle.count()),
                             val("cut", l.max_idle.count())});
  return msg(id, {val("survived", survived), val("max_idle", s.max_idle.count())});
}

awaitable<std::optional<Ladder>> run_ladder(CheckEnv& env, const Ipv6Addr& dest, const Deadline& deadline,
                                            const LadderSpec& s, LadderKind& kind, CheckOutcome& out) {
  CheckResult& r = out.result;
  Ladder l;
  // The longest idle the deadline allows: the trials' start, the idle, the transactions, and the
  // reporting margin.
  const auto margin = std::max(milliseconds(100), deadline.total() / 10);
  const auto room = deadline.left() - margin - s.wait * s.transactions;
  l.max_idle = std::min(s.max_idle, room);
  r.observed["max_idle_ms"] = s.max_idle.count();
  if (l.max_idle < s.max_idle)
    r.observed["max_idle_cut_to_ms"] = std::max<milliseconds::rep>(0, l.max_idle.count());
  if (l.max_idle < s.min_idle) {
    set_verdict(out, Verdict::error,
                msg(s.no_room_id, {val("ms", deadline.total().count()), val("min_idle", s.min_idle.count()),
                                   val("transactions", s.transactions)}),
                s.rfc);
    co_return std::nullopt;
  }

  std::vector<Trial> trials;
  trials.reserve(static_cast<std::size_t>(s.steps) * 2);
  auto round_of = [&trials](std::size_t first) {
    std::vector<Trial*> round;
    for (std::size_t i = first; i < trials.size(); ++i) round.push_back(&trials[i]);
    return round;
  };
  // g++ 12: no temporaries inside co_await arguments (probes/net/deadline.hpp)
  const auto first_idles = idle_ladder(s.min_idle, l.max_idle, s.steps, true);
  if (!co_await start_round(kind, trials, 1, first_idles)) co_return std::nullopt;
  {
    auto round1 = round_of(0);
    co_await finish_round(env, dest, deadline, s, std::move(round1));
  }

  auto bounds = [&trials] {
    std::optional<milliseconds> survived, gone;
    for (const auto& t : trials) {
      if (t.fate == Fate::survived) survived = std::max(survived.value_or(t.idle), t.idle);
      if (t.fate == Fate::gone) gone = std::min(gone.value_or(t.idle), t.idle);
    }
    return std::pair{survived, gone};
  };
  std::tie(l.survived, l.gone) = bounds();
  if (s.refine && l.gone) {
    const milliseconds lo = l.survived && *l.survived < *l.gone ? *l.survived : milliseconds(0);
    const auto left = deadline.left() - margin - s.wait * s.transactions;
    const auto idles = idle_ladder(lo, *l.gone, s.steps - 1, false);
    if (*l.gone - lo > milliseconds(2 * s.steps) && !idles.empty() && *l.gone <= left) {
      const std::size_t first = trials.size();
      if (co_await start_round(kind, trials, 2, idles)) {
        auto round2 = round_of(first);
        co_await finish_round(env, dest, deadline, s, std::move(round2));
        std::tie(l.survived, l.gone) = bounds();
      }
    } else {
      r.observed["refine_skipped"] = "the deadline leaves no room for a second round";
    }
  }

  nlohmann::json list = nlohmann::json::array();
  Micros rtt{0};
  for (const auto& t : trials) {
    nlohmann::json j = {
        {"round", t.round}, {"planned_idle_ms", t.planned.count()}, {"fate", fate_name(s, t.fate)}};
    if (t.fate != Fate::pending) j["idle_ms"] = t.idle.count();
    t.rung->describe(j);
    list.push_back(std::move(j));
    rtt = std::max(rtt, t.rtt);
    if (t.fate == Fate::unknown && l.unknown++ == 0) l.first_unknown = t.rung->why();
    if (t.fate == Fate::gone && t.idle == *l.gone) l.gone_why = t.rung->why();
  }
  r.observed["trials"] = std::move(list);
  if (l.survived) r.observed["survived_ms"] = l.survived->count();
  if (l.gone) r.observed[s.gone_key] = l.gone->count();
  r.observed["required_ms"] = s.required.count();
  r.timings_ms[s.rtt_key] = ms(rtt);

  const auto rtt_ms = std::chrono::duration_cast<milliseconds>(rtt) + milliseconds(1);
  l.call = judge_lifetime(l.survived, l.gone, rtt_ms, s.required);
  if (l.call == LifetimeCall::below_required) r.observed["lifetime_below_ms"] = (*l.gone + rtt_ms).count();
  if (l.call == LifetimeCall::at_least_required || l.call == LifetimeCall::not_tested)
    r.observed["lifetime_at_least_ms"] = l.survived->count();
  co_return l;
}

}  // namespace v6r::probe::nat64
