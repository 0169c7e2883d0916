// dns64.capacity over a scripted resolver with a known capacity (a token bucket: a query beyond it is
// never answered, as a saturated resolver drops it): the binary search finds the capacity, the offered
// load never exceeds the ceiling in any second, the synthesized phase asks a fresh name per query, and
// a scenario without the ceilings is refused with the place of the check.
#include <gmock/gmock.h>

#include <set>

#include "check_fixture.hpp"

namespace v6r::probe::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

/// A resolver that answers at most `capacity` queries per second (bucket depth `burst`); the rest time
/// out (immediately: the test need not wait for each timeout). Records every query.
class BucketResolver : public DnsClient {
 public:
  BucketResolver(double capacity, double burst) : capacity_(capacity), burst_(burst), tokens_(burst) {}
  double capacity_, burst_, tokens_;
  Clock::time_point last_ = Clock::now();
  dns::Rcode rcode = dns::Rcode::noerror;
  std::vector<Clock::time_point> times;
  std::vector<std::string> names;

  awaitable<DnsOutcome> query(const dns::Name& qname, std::uint16_t, QueryOptions,
                              std::chrono::milliseconds) override {
    const auto now = Clock::now();
    times.push_back(now);
    names.push_back(qname.to_text());
    tokens_ = std::min(burst_, tokens_ + capacity_ * std::chrono::duration<double>(now - last_).count());
    last_ = now;
    DnsOutcome o;
    o.local = ep("2001:db8:1:1::100", 40000);
    o.resolver = ep("2001:db8:53::1", 53);
    if (tokens_ < 1) {
      o.status = DnsStatus::timeout;
      co_return o;
    }
    tokens_ -= 1;
    o.status = DnsStatus::ok;
    dns::Message m = aaaa_answer(qname.to_text(), {"2001:db8:64::c000:20a"});
    m.header.qr = true;
    m.set_rcode(rcode);
    o.message = m;
    co_return o;
  }
  /// The most queries in any window of `w`.
  [[nodiscard]] std::size_t max_in_window(std::chrono::milliseconds w) const {
    std::size_t best = 0, j = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      while (times[i] - times[j] >= w) ++j;
      best = std::max(best, i - j + 1);
    }
    return best;
  }
};

/// Did the test machine stall the pacer (queries counted late)? Then the pace and the figure's lower
/// bound cannot be judged (a trial short of its schedule gives only the rate it offered: the figure only
/// comes out lower, flagged as the probe's limit); the safety properties (ceiling, names, upper bound)
/// are asserted either way.
bool stalled(const nlohmann::json& phase) {
  for (const auto& t : phase["trials"])
    if (t["late"].get<std::uint64_t>() > 0) return true;
  return false;
}

struct CapacityRun {
  scenario::Scenario sc;
  BucketResolver dns;
  FakeTransport net;
  AllowList allow{{*Prefix::parse("2001:db8::/32"), *Prefix::parse("192.0.2.0/24")}};
  RateLimiter rate{RateLimitConfig{{10.0, 10.0}, {10.0, 10.0}}};  // would cap at 10 q/s: not used
  CapacityRun(double capacity, const std::string& params) : dns(capacity, std::max(1.0, capacity / 100)) {
    auto s = scenario::load_scenario_text(one_check_scenario("dns64.capacity", params, kPref64, kAllow),
                                          "c.yaml", builtin_schema_registry());
    if (!s) throw std::runtime_error(s.error().to_string());
    sc = std::move(s).value();
  }
  CheckOutcome run(std::chrono::milliseconds deadline) {
    CheckEnv env{dns, net, allow, rate, sc, IpAddr(*Ipv6Addr::parse("2001:db8:53::1")), "eth0"};
    return run_check(env, sc.checks.at(0), deadline);
  }
};

TEST(Dns64Capacity, BinarySearchFindsTheResolversCapacity) {
  CapacityRun c(
      400,
      "{name: v4only.lab.test, max_rate: 2000, max_duration_ms: 7000, step_ms: 250, timeout_ms: 50, "
      "precision_percent: 10, rest_ms: 0}");
  const auto out = c.run(8000ms);
  // pass, or warn when a stall of the loaded test machine made queries late (counted as loss: the
  // figure can then only come out lower, never above the resolver's capacity).
  ASSERT_TRUE(out.result.verdict == Verdict::pass || out.result.verdict == Verdict::warn)
      << out.result.reason << "\n"
      << out.result.observed.dump();
  const auto& cached = out.result.observed["cached"];
  ASSERT_TRUE(cached.contains("qps")) << cached.dump();
  const auto qps = cached["qps"].get<std::int64_t>();
  EXPECT_LE(qps, 480) << cached.dump();
  if (!stalled(cached)) {
    EXPECT_EQ(out.result.verdict, Verdict::pass);
    EXPECT_GE(qps, 300) << cached.dump();
  }
  EXPECT_FALSE(cached["at_ceiling"].get<bool>());
  EXPECT_GE(cached["trials"].size(), 2u);
  EXPECT_EQ(cached["trials"][0]["rate"], 2000);  // the ceiling first
  // The figure in the reason; "at least" when a stall left the probe short of a higher rate's schedule.
  EXPECT_THAT(out.result.reason,
              HasSubstr(cached["probe_limited"].get<bool>()
                            ? "cached at least " + std::to_string(qps) + " q/s (all the probe could offer)"
                            : "cached " + std::to_string(qps) + " q/s"));
  EXPECT_EQ(out.result.rfc, "RFC 8219 §9");
  // Only the cached phase (no unique_zone): the same name every time.
  EXPECT_EQ(std::set<std::string>(c.dns.names.begin(), c.dns.names.end()).size(), 1u);
  // The scenario's 10 q/s rate limit does not throttle the measurement (its ceiling replaces it).
  EXPECT_GT(c.dns.names.size(), 300u);
  // The resolver's socket is the evidence.
  ASSERT_FALSE(out.result.evidence.flows.empty());
  EXPECT_EQ(out.result.evidence.flows[0].dport, 53);
}

TEST(Dns64Capacity, NeverAboveTheCeilingInAnySecond) {
  CapacityRun c(100000,
                "{name: v4only.lab.test, unique_zone: cap.lab.test, max_rate: 150, max_duration_ms: 7000, "
                "step_ms: 1500, timeout_ms: 50, max_loss_percent: 10}");
  // max_loss_percent 10: a stall of the loaded test machine may make a few queries late (loss).
  const auto out = c.run(8000ms);
  const auto& obs = out.result.observed;
  ASSERT_NE(out.result.verdict, Verdict::error) << out.result.reason << "\n" << obs.dump();
  // Safety, whatever the machine's load: never more than the ceiling in any second.
  EXPECT_LE(c.dns.max_in_window(1000ms), 150u);
  EXPECT_EQ(obs["synthesized"]["trials"][0]["scheduled"], 221);  // 1.5 s at 150 / 1.02 per s
  if (!stalled(obs["synthesized"]) && !stalled(obs["cached"])) {
    // Both phases pass at the ceiling, one trial each, and the pace is kept.
    EXPECT_EQ(out.result.verdict, Verdict::pass) << out.result.reason << "\n" << obs.dump();
    EXPECT_EQ(obs["synthesized"]["at_ceiling"], true);
    EXPECT_EQ(obs["cached"]["at_ceiling"], true);
    EXPECT_EQ(obs["synthesized"]["trials"][0]["sent"], 221);
    EXPECT_THAT(out.result.reason,
                HasSubstr("synthesized at least 150 q/s (the ceiling); cached at least 150 q/s"));
    EXPECT_GE(c.dns.max_in_window(1000ms), 140u);
    EXPECT_EQ(c.dns.names.size(), 442u);
  }
  // The synthesized phase asks a fresh name under the zone every time.
  const std::size_t n_synth = out.result.observed["synthesized"]["trials"][0]["sent"].get<std::size_t>();
  const std::set<std::string> synth(c.dns.names.begin(), c.dns.names.begin() + static_cast<long>(n_synth));
  EXPECT_EQ(synth.size(), n_synth);
  for (const auto& n : synth) EXPECT_THAT(n, ::testing::EndsWith(".cap.lab.test."));
  EXPECT_EQ(c.dns.names.back(), "v4only.lab.test.");
}

TEST(Dns64Capacity, AnswersWithoutSynthesisAreLoss) {
  CapacityRun c(100000,
                "{name: v4only.lab.test, max_rate: 100, min_rate: 50, max_duration_ms: 3000, step_ms: 200, "
                "timeout_ms: 50}");
  c.dns.rcode = dns::Rcode::servfail;
  const auto out = c.run(4000ms);
  EXPECT_EQ(out.result.verdict, Verdict::warn) << out.result.reason;
  EXPECT_THAT(out.result.reason, HasSubstr("cached not measured (even the lowest rate lost too much)"));
  EXPECT_GT(out.result.observed["cached"]["rcode_errors"].get<int>(), 0);
}

// Time for a trial or two (each 300 ms + 50 ms + 100 ms of margin in 1 s), all failing: the search stops
// well above min_rate (10 q/s would be the fifth trial), so the reason says how far it came and that
// lower rates were not tried, not that even the lowest rate lost too much.
TEST(Dns64Capacity, OutOfTimeAboveTheLowestRateSaysSo) {
  CapacityRun c(100000,
                "{name: v4only.lab.test, max_rate: 100, min_rate: 10, max_duration_ms: 1000, step_ms: 300, "
                "timeout_ms: 50, rest_ms: 0}");
  c.dns.rcode = dns::Rcode::servfail;
  const auto out = c.run(4000ms);
  EXPECT_EQ(out.result.verdict, Verdict::warn) << out.result.reason;
  const auto& cached = out.result.observed["cached"];
  ASSERT_FALSE(cached["trials"].empty()) << cached.dump();
  EXPECT_TRUE(cached["out_of_time"].get<bool>());
  std::int64_t lowest = 0;
  for (const auto& t : cached["trials"])
    if (lowest == 0 || t["rate"].get<std::int64_t>() < lowest) lowest = t["rate"].get<std::int64_t>();
  EXPECT_GT(lowest, 10);
  EXPECT_THAT(out.result.reason,
              HasSubstr("cached not measured (no rate down to " + std::to_string(lowest) +
                        " q/s passed before the duration ceiling; lower rates were not tried)"));
  EXPECT_THAT(out.result.reason, ::testing::Not(HasSubstr("lowest rate")));
}

TEST(Dns64Capacity, NoTimeForATrialIsAnError) {
  CapacityRun c(1000, "{name: v4only.lab.test, max_rate: 100, max_duration_ms: 1000, step_ms: 5000}");
  const auto out = c.run(2000ms);
  EXPECT_EQ(out.result.verdict, Verdict::error);
  EXPECT_THAT(out.result.reason, HasSubstr("no time for a trial"));
  EXPECT_TRUE(c.dns.names.empty());
}

TEST(Dns64Capacity, RefusedWithoutTheCeilings) {
  for (const char* params :
       {"{name: v4only.lab.test, max_duration_ms: 5000}", "{name: v4only.lab.test, max_rate: 100}"}) {
    auto s = scenario::load_scenario_text(one_check_scenario("dns64.capacity", params, kPref64, kAllow),
                                          "cap.yaml", builtin_schema_registry());
    ASSERT_FALSE(s.has_value()) << params;
    const std::string e = s.error().to_string();
    EXPECT_THAT(e, HasSubstr("cap.yaml:6:")) << e;
    EXPECT_THAT(e, ::testing::AnyOf(HasSubstr("max_rate"), HasSubstr("max_duration_ms"))) << e;
  }
}

}  // namespace
}  // namespace v6r::probe::testing
