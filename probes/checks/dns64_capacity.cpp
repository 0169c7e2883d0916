// dns64.capacity: the highest AAAA query rate the DNS64 resolver answers with loss at or below a
// threshold within a timeout (RFC 8219 §9: DNS64 performance, a binary search over the rate), for
// synthesized answers the resolver must fetch (a fresh name under `unique_zone` per query: a cache miss
// each time) and for cached ones (`name`, asked again and again). Opt-in and bounded: the scenario must
// name the rate ceiling `max_rate` and the duration ceiling `max_duration_ms` (required parameters, so
// `v6probe check` refuses the check without them with file:line:col); the load never exceeds the
// ceiling in any second (capacity_load.hpp), and the whole check stays within both ceilings and its
// deadline. The scenario's per-resolver rate limit does not apply: this check's ceiling replaces it.
// An answer is good when it comes within `timeout_ms` with NOERROR and at least one AAAA (for the
// synthesized phase: under the expected prefix when one is known).
// Verdict: `pass` with the figures (a capacity is a measurement, not a requirement); `warn` when a
// phase could not be measured (even min_rate lost too much) or the probe, not the resolver, was the
// limit (late operations); `error` when nothing could be sent.
#include <algorithm>
#include <cmath>
#include <random>

#include "core/check_kind.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/capacity_common.hpp"
#include "probes/checks/dns64_common.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

const std::string kRfc = "RFC 8219 §9";

scenario::CheckSchema capacity_schema() {
  return CheckSchema(std::string(check_kind::kDns64Capacity),
                     "Highest AAAA query rate the DNS64 resolver answers within the timeout with loss at or "
                     "below the threshold, synthesized (cache misses) and cached (binary search, RFC 8219 "
                     "§9). Opt-in: loads the resolver up to max_rate for up to max_duration_ms.")
      .rfc("RFC 8219 §9")
      .rfc("RFC 6147 §5.1")
      .field(Field::dns_name("name").req().describe(
          "IPv4-only name for the cached phase (asked again and again: synthesized from the cache)"))
      .field(Field::dns_name("unique_zone")
                 .describe("Zone whose every name has an A record only (a wildcard): each query asks a fresh "
                           "name under it, a cache miss synthesized from a new upstream answer; without it "
                           "only the cached phase runs"))
      .field(Field::integer("max_rate")
                 .req()
                 .min(1)
                 .max(200000)
                 .describe("Rate ceiling, queries per second: never exceeded in any second"))
      .field(Field::duration_ms("max_duration_ms")
                 .req()
                 .min(1000)
                 .max(600000)
                 .describe("Duration ceiling for the whole measurement (both phases)"))
      .field(Field::integer("min_rate").min(1).max(200000).def("10").describe("Lowest rate tried"))
      .field(
          Field::duration_ms("step_ms").min(100).max(60000).def("1000").describe("Sending time of one trial"))
      .field(Field::duration_ms("rest_ms").min(0).max(60000).def("2000").describe(
          "Pause after a failing trial before the next, for the server to recover (RFC 2544 §23)"))
      .field(Field::duration_ms("timeout_ms")
                 .min(10)
                 .max(10000)
                 .def("1000")
                 .describe("An answer later than this counts as lost (RFC 8219 §9: 1 s)"))
      .field(
          Field::integer("max_loss_percent").min(0).max(50).def("0").describe("Loss a passing rate may have"))
      .field(Field::integer("precision_percent")
                 .min(1)
                 .max(50)
                 .def("5")
                 .describe("The search stops when the interval is narrower than this share of the figure"))
      .field(scenario::resolver_field());
}

struct CapacityParams : capacity::SearchParams {
  std::string name_text;
  dns::Name name;
  std::optional<dns::Name> unique_zone;
};

CapacityParams capacity_params(const scenario::ParamValues& v) {
  CapacityParams p;
  static_cast<capacity::SearchParams&>(p) = capacity::search_params(v);
  p.name_text = v.get_string("name");
  p.name = dns64::param_name(p.name_text);
  if (auto z = optional_string(v, "unique_zone")) p.unique_zone = dns64::param_name(*z);
  return p;
}

CheckTargets capacity_targets(const CapacityParams& p) {
  return name_target(p.name_text);  // the load goes to the resolver
}

/// Counters one phase's operations share (the evidence: the resolver sockets used, bounded).
struct PhaseState {
  std::vector<DnsLeg> legs;
  std::optional<Prefix> pref64;
  std::uint64_t rcode_errors = 0, no_aaaa = 0, wrong_prefix = 0;
  std::uint64_t serial = 0;  ///< names under unique_zone, one per query
};

bool good_answer(const DnsOutcome& o, PhaseState& ps) {
  if (!o.ok()) return false;
  if (o.message->rcode() != dns::Rcode::noerror) {
    ++ps.rcode_errors;
    return false;
  }
  const auto aaaa = aaaa_records(*o.message);
  if (aaaa.empty()) {
    ++ps.no_aaaa;
    return false;
  }
  if (ps.pref64 && !ps.pref64->contains(IpAddr(aaaa.front()))) {
    ++ps.wrong_prefix;
    return false;
  }
  return true;
}

struct Phase {
  std::string label;  // "synthesized", "cached"
  capacity::SearchResult s;
  std::shared_ptr<PhaseState> ps = std::make_shared<PhaseState>();
};

awaitable<CheckOutcome> run_dns64_capacity(CheckEnv& env, const CapacityParams& p,
                                           std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  r.target = p.name.to_text();
  r.family = Family::ipv6;
  if (env.resolver) r.addresses.resolver = env.resolver->to_string();
  const auto start = capacity::Clock::now();
  const auto until = start + std::min(p.max_duration, deadline.waitable());
  capacity::record_limits(r.observed, p);
  const std::optional<Prefix> expected = expected_pref64(env, std::nullopt);
  capacity::CeilingGuard guard(p.max_rate);
  std::mt19937 rng(std::random_device{}());
  const std::string tag = [&] {
    char b[9];
    std::snprintf(b, sizeof b, "%08x", static_cast<unsigned>(rng()));
    return std::string(b);
  }();

  std::vector<Phase> phases;
  const int n_phases = p.unique_zone ? 2 : 1;
  for (int i = 0; i < n_phases; ++i) {
    const bool synth = p.unique_zone && i == 0;
    Phase ph;
    ph.label = synth ? "synthesized" : "cached";
    ph.ps->pref64 = expected;
    std::shared_ptr<PhaseState> ps =
        ph.ps;  // shared with the operations (they may outlive a phase by a tick)
    // Each phase gets its share of what is left of the duration ceiling.
    const auto left = until - capacity::Clock::now();
    const auto phase_until = capacity::Clock::now() + left / (n_phases - i);
    DnsClient& dns = env.dns;
    const std::chrono::milliseconds timeout = p.timeout;
    const dns::Name cached = p.name;
    const std::optional<dns::Name> zone = synth ? p.unique_zone : std::nullopt;
    capacity::Operation op = [&dns, timeout, cached, zone, ps,
                              tag](std::uint64_t) -> awaitable<capacity::OpOutcome> {
      dns::Name qn = cached;
      if (zone) {
        // A fresh name per query: q<tag>-<serial>.<zone> (never asked before, so never cached).
        auto n = dns::Name::from_text("q" + tag + "-" + std::to_string(ps->serial++) + "." + zone->to_text());
        if (n) qn = *n;
      }
      DnsOutcome o =
          co_await dns.query(qn, static_cast<std::uint16_t>(dns::RrType::aaaa), QueryOptions{}, timeout);
      if (!o.legs.empty() && ps->legs.size() < 16) {
        for (const auto& l : o.legs)
          if (std::find(ps->legs.begin(), ps->legs.end(), l) == ps->legs.end() && ps->legs.size() < 16)
            ps->legs.push_back(l);
      } else if (o.local && o.resolver && ps->legs.size() < 16) {
        DnsLeg l{o.transport, *o.local, *o.resolver};
        if (std::find(ps->legs.begin(), ps->legs.end(), l) == ps->legs.end()) ps->legs.push_back(l);
      }
      capacity::OpOutcome res;
      res.good = good_answer(o, *ps);
      res.timed_out = o.status == DnsStatus::timeout;
      co_return res;
    };
    ph.s = co_await capacity::search(p, phase_until, guard, op);
    phases.push_back(std::move(ph));
  }

  bool any_sent = false, limited = false, unmeasured = false;
  std::vector<Msg> summary;
  for (const Phase& ph : phases) {
    nlohmann::json j = capacity::search_json(ph.s, "qps", "answered");
    for (const auto& t : ph.s.trials) any_sent = any_sent || t.sent > 0;
    j["rcode_errors"] = ph.ps->rcode_errors;
    j["no_aaaa"] = ph.ps->no_aaaa;
    j["wrong_prefix"] = ph.ps->wrong_prefix;
    r.observed[ph.label] = j;
    limited = limited || (ph.s.probe_limited && !ph.s.at_ceiling);
    unmeasured = unmeasured || !ph.s.best;
    summary.push_back(capacity::figure_text(ph.s, "check.capacity." + ph.label, "qps", p.max_rate));
    for (const auto& l : ph.ps->legs) note_flow(r, l.transport, l.local, l.resolver);
  }
  r.timings_ms["total"] = std::chrono::duration<double, std::milli>(capacity::Clock::now() - start).count();
  const Msg who = env.resolver ? msg("check.capacity.resolver", {val("resolver", env.resolver->to_string())})
                               : msg("check.capacity.the_resolver");
  const Msg loss = capacity::loss_text(p);
  if (!any_sent) {
    out.result.verdict = Verdict::error;
    set_reason(out.result,
               msg("check.capacity.not_measured",
                   {sub("who", who), val("ms", std::min(p.max_duration, deadline.waitable()).count())}));
    out.result.rfc = kRfc;
    co_return out;
  }
  out.result.verdict = (limited || unmeasured) ? Verdict::warn : Verdict::pass;
  set_reason(out.result, msg(limited ? "check.capacity.result_limited" : "check.capacity.result",
                             {sub("who", who), sub("loss", loss), val("timeout", p.timeout.count()),
                              val("ceiling", p.max_rate), list("phases", std::move(summary))}));
  out.result.rfc = kRfc;
  co_return out;
}

// ---- the dns64.capacity block
constexpr KindBlock<CapacityParams> kBlock{
    .name = check_kind::kDns64Capacity,
    .schema = &capacity_schema,
    .params = &capacity_params,
    .targets = &capacity_targets,
    .run = &run_dns64_capacity,
};

}  // namespace

extern const CheckKind dns64_capacity_kind = kind_of<kBlock>;

}  // namespace v6r::probe
