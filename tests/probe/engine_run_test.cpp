// Run engine (probes/engine/engine.hpp) over a test-only kind (its own descriptor, test.fake):
// concurrency limit, deadlines, bounded retries, run budget, results in order into a bundle that
// verifies, the target of results the engine makes (the descriptor's label), exit-code mapping,
// refusal of a kind that is not in the list, stop(), a check with its own `resolver` (its DNS client,
// the allow-list).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "core/bundle.hpp"
#include "core/scenario.hpp"
#include "probes/check_params.hpp"
#include "probes/checks/builtin.hpp"
#include "probes/engine/engine.hpp"
#include "probes/engine/host_info.hpp"
#include "probes/net/fake_dns_client.hpp"
#include "probes/net/fake_transport.hpp"

namespace v6r::probe {
namespace {

using std::chrono::milliseconds;

// The test kind: behaviour chosen by its `behave` parameter (scenario_text() sets it from the check
// id without its digits: "hang1" -> hang).
enum class Behave { ok, hang, flaky, fail, slow };
constexpr EnumTable<Behave, 5> kBehave = {{
    {Behave::ok, "ok"},
    {Behave::hang, "hang"},
    {Behave::flaky, "flaky"},
    {Behave::fail, "fail"},
    {Behave::slow, "slow"},
}};

int g_in_flight = 0;
int g_peak = 0;
int g_calls = 0;
std::vector<const DnsClient*> g_dns;  // the DNS client each call was given, in call order

scenario::CheckSchema fake_schema() {
  return scenario::CheckSchema("test.fake", "A check that behaves as told.")
      .rfc("none")
      .field(scenario::Field::enumeration("behave", enum_names(kBehave)).def("ok").describe("What it does"))
      .field(scenario::resolver_field());
}

struct FakeParams {
  Behave behave = Behave::ok;
};

FakeParams fake_params(const scenario::ParamValues& v) {
  return FakeParams{enum_param(v, "behave", kBehave)};
}

CheckTargets fake_targets(const FakeParams& p) {
  return CheckTargets{"fake-" + std::string(enum_name(kBehave, p.behave)), {}};
}

awaitable<CheckOutcome> fake_check(CheckEnv& env, const FakeParams& p, milliseconds deadline) {
  ++g_calls;
  g_dns.push_back(&env.dns);
  ++g_in_flight;
  g_peak = std::max(g_peak, g_in_flight);
  CheckOutcome o;
  o.result.target = std::string(enum_name(kBehave, p.behave));
  if (env.resolver) o.result.addresses.resolver = env.resolver->to_string();
  if (p.behave == Behave::hang) {
    co_await sleep_for(std::chrono::hours(1));  // never finishes in time: the engine cuts it
  } else if (p.behave == Behave::flaky) {
    co_await sleep_for(milliseconds(5));
    o.result.verdict = Verdict::fail;
    o.result.reason = "timeout";
    o.retryable = true;
    // Each attempt: a query on the shared resolver socket and a connection of its own.
    const auto n = static_cast<std::uint16_t>(g_calls);
    o.result.evidence.dns_ids = {n};
    o.result.evidence.flows = {
        v6r::Flow{"udp", "2001:db8::1", 5353, "2001:db8::53", 53, {n}, false},
        v6r::Flow{
            "tcp", "2001:db8::1", static_cast<std::uint16_t>(40000 + n), "2001:db8::80", 80, {}, false}};
  } else if (p.behave == Behave::fail) {
    co_await sleep_for(milliseconds(5));
    o.result.verdict = Verdict::fail;
    o.result.reason = "broken";
  } else if (p.behave == Behave::slow) {
    co_await sleep_for(std::min(deadline, milliseconds(60)));
    o.result.verdict = Verdict::pass;
  } else {
    co_await sleep_for(milliseconds(20));
    o.result.verdict = Verdict::pass;
  }
  --g_in_flight;
  co_return o;
}

constexpr KindBlock<FakeParams> kFake{
    .name = "test.fake",
    .schema = &fake_schema,
    .params = &fake_params,
    .targets = &fake_targets,
    .run = &fake_check,
};
const CheckKind fake_kind = kind_of<kFake>;

/// The built-in schemas plus the test kind's, so a scenario may mix both.
scenario::CheckSchemaRegistry test_schemas() {
  auto r = builtin_schema_registry();
  r.add(fake_schema());
  return r;
}

std::string scenario_text(const std::string& budget, const std::vector<std::string>& ids,
                          const std::string& defaults = "{deadline_ms: 200, retries: 0}") {
  std::string s = "version: 1\nname: engine-test\ndefaults: " + defaults + "\nbudget: " + budget +
                  "\nallow: [\"2001:db8::/32\", \"192.0.2.0/24\"]\nchecks:\n";
  for (const auto& id : ids) {
    const std::string behave = id.substr(0, id.find_first_of("0123456789"));
    s += "  - {id: " + id + ", kind: test.fake, params: {behave: " + (behave == "a" ? "ok" : behave) + "}}\n";
  }
  return s;
}

struct Harness {
  explicit Harness(const std::string& text) {
    auto s = scenario::load_scenario_text(text, "engine-test.yaml", test_schemas());
    if (!s) throw std::runtime_error(s.error().to_string());
    sc = std::move(*s);
    g_in_flight = g_peak = g_calls = 0;
    g_dns.clear();
  }
  EngineReport run(EngineOptions opts = {}, bool stop_after_50ms = false, ResolverClients resolvers = {}) {
    CheckEnv env{dns, net, allow, rate, sc, IpAddr::parse("2001:db8:53::1"), "lo"};
    Engine engine(env, kinds, opts, std::move(resolvers));
    EngineReport rep;
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          rep = co_await engine.run([&](const CheckResult& r) -> Expected<std::monostate, std::string> {
            results.push_back(r);
            if (writer) return writer->append_result(r);
            return std::monostate{};
          });
          io.stop();
        },
        asio::detached);
    asio::steady_timer stopper(io);
    if (stop_after_50ms) {
      stopper.expires_after(milliseconds(50));
      stopper.async_wait([&](const ErrorCode& ec) {
        if (!ec) engine.stop("interrupted by SIGTERM");
      });
    }
    io.run();
    return rep;
  }
  asio::io_context io;
  scenario::Scenario sc;
  FakeDnsClient dns;
  FakeTransport net;
  AllowList allow;
  RateLimiter rate;
  CheckKindList kinds{&fake_kind};
  std::vector<CheckResult> results;
  std::optional<bundle::BundleWriter> writer;
};

TEST(EngineRun, ConcurrencyLimitHonoured) {
  Harness h(scenario_text("{concurrency: 3}", {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"}));
  auto rep = h.run();
  EXPECT_EQ(g_peak, 3);
  EXPECT_EQ(rep.peak_in_flight, 3u);
  EXPECT_EQ(rep.counts.pass, 8u);
  EXPECT_EQ(rep.status(), RunStatus::complete);
  EXPECT_EQ(exit_code_for(rep.counts, rep.status()), 0);
}

TEST(EngineRun, DeadlineCutsAHangingCheckAndTheRunCompletes) {
  Harness h(scenario_text("{concurrency: 2}", {"hang1", "ok1", "ok2"}));
  const auto t0 = std::chrono::steady_clock::now();
  auto rep = h.run();
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(h.results.size(), 3u);
  const auto& hang = *std::find_if(h.results.begin(), h.results.end(),
                                   [](const CheckResult& r) { return r.check_id == "hang1"; });
  EXPECT_EQ(hang.verdict, Verdict::error);
  EXPECT_EQ(hang.reason, "deadline of 200 ms exceeded");
  EXPECT_GE(hang.duration_ms, 200.0);
  EXPECT_LT(hang.duration_ms, 200.0 + 100 + 10 + 200);  // deadline + grace + slack
  EXPECT_EQ(rep.deadline_cut, 1u);
  EXPECT_EQ(rep.stragglers, 1u);  // still sleeping in the background; the run did not wait for it
  EXPECT_LT(took, milliseconds(200 + 110 + 1500 + 500));
  EXPECT_EQ(exit_code_for(rep.counts, rep.status()), 1);
}

TEST(EngineRun, RetriesBoundedAndCounted) {
  Harness h(scenario_text("{concurrency: 4}", {"flaky1", "fail1", "ok1"}, "{deadline_ms: 500, retries: 2}"));
  EngineOptions opts;
  opts.backoff.initial_backoff = milliseconds(5);
  auto rep = h.run(opts);
  ASSERT_EQ(h.results.size(), 3u);
  for (const auto& r : h.results) {
    if (r.check_id == "flaky1") {
      EXPECT_EQ(r.attempts, 3u);
      // The evidence of every attempt, not only the last: three ids on the one resolver flow, three
      // connections.
      EXPECT_EQ(r.evidence.dns_ids.size(), 3u);
      ASSERT_EQ(r.evidence.flows.size(), 4u);
      EXPECT_EQ(r.evidence.flows[0].dns_ids.size(), 3u);
      for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(r.evidence.flows[i].proto, "tcp");
      EXPECT_NE(r.evidence.flows[1].sport, r.evidence.flows[3].sport);
    }  // retryable: 1 + retries
    if (r.check_id == "fail1") {
      EXPECT_EQ(r.attempts, 1u);
    }  // not retryable
    if (r.check_id == "ok1") {
      EXPECT_EQ(r.attempts, 1u);
    }
  }
  EXPECT_EQ(g_calls, 5);
  EXPECT_EQ(rep.counts.fail, 2u);
}

TEST(EngineRun, RunBudgetSkipsChecksNotStarted) {
  Harness h(scenario_text("{concurrency: 1}", {"slow1", "slow2", "slow3", "slow4", "slow5"},
                          "{deadline_ms: 1000, retries: 0}"));
  EngineOptions opts;
  opts.run_budget = milliseconds(150);
  auto rep = h.run(opts);
  ASSERT_EQ(h.results.size(), 5u);
  EXPECT_GE(rep.skipped_budget, 1u);
  EXPECT_EQ(rep.counts.skipped, rep.skipped_budget);
  for (const auto& r : h.results)
    if (r.verdict == Verdict::skipped) {
      EXPECT_EQ(r.reason, "run budget exhausted");
      EXPECT_EQ(r.attempts, 0u);
      EXPECT_EQ(r.target, "fake-slow");  // the descriptor's label: the check never ran
    }
  EXPECT_EQ(rep.status(), RunStatus::partial);
  EXPECT_EQ(exit_code_for(rep.counts, rep.status()), 3);
}

TEST(EngineRun, AttemptDeadlineClampedByRunBudget) {
  Harness h(scenario_text("{concurrency: 1}", {"hang1"}, "{deadline_ms: 5000, retries: 0}"));
  EngineOptions opts;
  opts.run_budget = milliseconds(100);
  opts.drain = milliseconds(0);
  h.run(opts);
  ASSERT_EQ(h.results.size(), 1u);
  // Clamped to what is left of the 100 ms budget when the attempt starts (100 ms on an idle machine,
  // a few ms less when the machine is busy), never the check's own 5000 ms.
  const std::string& reason = h.results[0].reason;
  const std::string head = "deadline of ", tail = " ms exceeded";
  ASSERT_TRUE(reason.starts_with(head) && reason.ends_with(tail)) << reason;
  const int ms = std::stoi(reason.substr(head.size(), reason.size() - head.size() - tail.size()));
  EXPECT_GT(ms, 0) << reason;
  EXPECT_LE(ms, 100) << reason;
}

TEST(EngineRun, ResultsAppendedInOrderAndBundleVerifies) {
  Harness h(scenario_text("{concurrency: 3}", {"ok1", "fail1", "slow1", "ok2", "ok3"}));
  auto dir = std::filesystem::temp_directory_path() / ("v6r-engine-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  RunInfo info;
  info.probe_id = "test";
  info.site = "p/d/c";
  info.scenario.name = h.sc.name;
  info.tool.name = "v6probe";
  auto w = bundle::BundleWriter::create(dir, info, h.sc.source_text);
  ASSERT_TRUE(w) << w.error();
  h.writer.emplace(std::move(*w));
  auto rep = h.run();
  auto fin = h.writer->finish(rep.status(), rep.partial_reason());
  ASSERT_TRUE(fin) << fin.error();
  auto rd = bundle::BundleReader::open(*fin);
  ASSERT_TRUE(rd) << rd.error().message;
  ASSERT_TRUE(rd->verification().verified());
  auto rr = rd->results();
  ASSERT_TRUE(rr);
  std::uint64_t seq = 0;
  while (auto line = rr->next()) {
    ASSERT_TRUE(line->result) << line->result.error().to_string();
    EXPECT_EQ(line->result->seq, ++seq);
    EXPECT_FALSE(line->result->check_id.empty());
    EXPECT_EQ(line->result->kind, "test.fake");
    EXPECT_LE(line->result->evidence.window.start_utc, line->result->evidence.window.end_utc);
  }
  EXPECT_EQ(seq, 5u);
  EXPECT_EQ(rd->run_info().status, RunStatus::complete);
  EXPECT_EQ(rd->run_info().counts.fail, 1u);
  auto sy = rd->read_file("scenario.yaml");
  ASSERT_TRUE(sy);
  EXPECT_EQ(*sy, h.sc.source_text);
  std::filesystem::remove_all(dir);
}

TEST(EngineRun, StopInterruptsInFlightAndSkipsTheRest) {
  Harness h(
      scenario_text("{concurrency: 2}", {"hang1", "hang2", "ok1", "ok2"}, "{deadline_ms: 5000, retries: 0}"));
  EngineOptions opts;
  opts.drain = milliseconds(0);
  auto rep = h.run(opts, /*stop_after_50ms=*/true);
  ASSERT_EQ(h.results.size(), 4u);
  EXPECT_TRUE(rep.interrupted);
  EXPECT_EQ(rep.status(), RunStatus::partial);
  EXPECT_EQ(rep.partial_reason().value_or(""), "interrupted by SIGTERM");
  EXPECT_EQ(rep.counts.error, 2u);
  EXPECT_EQ(rep.counts.skipped, 2u);
  for (const auto& r : h.results) {
    if (r.verdict == Verdict::error) {
      EXPECT_EQ(r.reason, "interrupted by SIGTERM while running");
    }
    if (r.verdict == Verdict::skipped) {
      EXPECT_EQ(r.reason, "interrupted by SIGTERM before it started");
    }
  }
  EXPECT_LT(rep.elapsed, milliseconds(1000));
  EXPECT_EQ(exit_code_for(rep.counts, rep.status()), 3);
}

TEST(EngineRun, RefusesKindWithoutRunner) {
  Harness h(
      "version: 1\nname: t\nallow: [\"2001:db8::/32\"]\nchecks:\n"
      "  - {id: a, kind: test.fake}\n"
      "  - {id: b, kind: v6only.leak}\n");
  auto r = check_runnable(h.sc, h.kinds);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("checks[1] 'b': kind 'v6only.leak' is not implemented"), std::string::npos)
      << r.error();
  EXPECT_TRUE(check_runnable(Harness(scenario_text("{concurrency: 1}", {"a"})).sc, h.kinds));
  EXPECT_FALSE(check_runnable(h.sc, builtin_kinds()));  // test.fake is not built in
}

/// Two checks without a resolver of their own and two naming the secondary DNS64 2001:db8:53::2.
std::string per_check_resolver_scenario(const std::string& secondary) {
  return "version: 1\nname: t\ndefaults: {deadline_ms: 200, retries: 0}\n"
         "allow: [\"2001:db8::/32\"]\nchecks:\n"
         "  - {id: primary, kind: test.fake}\n"
         "  - {id: secondary, kind: test.fake, params: {resolver: \"" +
         secondary +
         "\"}}\n"
         "  - {id: secondary-again, kind: test.fake, params: {resolver: \"" +
         secondary +
         "\"}}\n"
         "  - {id: primary-again, kind: test.fake}\n";
}

TEST(EngineRun, PerCheckResolverGetsItsOwnDnsClient) {
  Harness h(per_check_resolver_scenario("2001:db8:53::2"));
  ASSERT_TRUE(check_targets_allowed(h.sc, h.kinds));
  FakeDnsClient secondary;
  std::vector<std::string> asked;  // the engine makes one client per distinct resolver
  auto rep = h.run({}, false, [&](const IpAddr& a) -> Expected<DnsClient*, std::string> {
    asked.push_back(a.to_string());
    return &secondary;
  });
  EXPECT_EQ(rep.counts.pass, 4u);
  EXPECT_EQ(asked, std::vector<std::string>{"2001:db8:53::2"});
  ASSERT_EQ(h.results.size(), 4u);
  ASSERT_EQ(g_dns.size(), 4u);
  for (const auto& r : h.results) {
    const bool own = r.check_id.rfind("secondary", 0) == 0;
    EXPECT_EQ(r.addresses.resolver.value_or(""), own ? "2001:db8:53::2" : "2001:db8:53::1") << r.check_id;
  }
  EXPECT_EQ(std::count(g_dns.begin(), g_dns.end(), &secondary), 2);
  EXPECT_EQ(std::count(g_dns.begin(), g_dns.end(), &h.dns), 2);
}

TEST(EngineRun, PerCheckResolverWithoutAClientIsErrorNothingSent) {
  Harness h(per_check_resolver_scenario("2001:db8:53::2"));
  auto rep = h.run({}, false, [](const IpAddr&) -> Expected<DnsClient*, std::string> {
    return Unexpected{std::string("no route to it")};
  });
  EXPECT_EQ(rep.counts.pass, 2u);
  EXPECT_EQ(rep.counts.error, 2u);
  EXPECT_EQ(g_calls, 2);  // the checks with their own resolver never ran
  for (const auto& r : h.results)
    if (r.verdict == Verdict::error) {
      EXPECT_EQ(r.reason, "no DNS client for the check's resolver 2001:db8:53::2: no route to it");
    }
}

TEST(EngineRun, PerCheckResolverOutsideTheAllowListIsRefusedBeforeAnyTraffic) {
  Harness h(per_check_resolver_scenario("2001:db9::53"));
  auto r = check_targets_allowed(h.sc, h.kinds);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("checks[1] 'secondary' params.resolver: 2001:db9::53"), std::string::npos)
      << r.error();
  EXPECT_NE(r.error().find("(refused before any traffic)"), std::string::npos) << r.error();
}

TEST(EngineExitCode, Mapping) {
  VerdictCounts c;
  c.pass = 3;
  c.info = 1;
  c.warn = 2;
  c.skipped = 1;
  EXPECT_EQ(exit_code_for(c, RunStatus::complete), 0);
  c.fail = 1;
  EXPECT_EQ(exit_code_for(c, RunStatus::complete), 1);
  c.fail = 0;
  c.error = 1;
  EXPECT_EQ(exit_code_for(c, RunStatus::complete), 1);
  EXPECT_EQ(exit_code_for(c, RunStatus::partial), 3);
  EXPECT_EQ(exit_code_for(VerdictCounts{}, RunStatus::partial), 3);
}

TEST(EngineHostInfo, SiteDefaultRouteClock) {
  // 1 to 6 segments (core/site_path.hpp): a service site, a commune, a national sweep.
  EXPECT_TRUE(is_cli_site("province/district-a/commune-ready"));
  EXPECT_TRUE(is_cli_site("service-portal"));
  EXPECT_TRUE(is_cli_site("vn/province/district/commune"));
  EXPECT_TRUE(is_cli_site("a/b/c/d/e/f"));
  EXPECT_FALSE(is_cli_site("a/b/c/d/e/f/g"));
  EXPECT_FALSE(is_cli_site("a//c"));
  EXPECT_FALSE(is_cli_site("A/b/c"));
  EXPECT_FALSE(is_cli_site("a/b/c_d"));
  EXPECT_FALSE(is_cli_site("a/../c"));
  const std::string routes =
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"
      "20010db8000100010000000000000000 40 00000000000000000000000000000000 00 "
      "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
      "20010db8000100010000000000000001 00000400 00000001 00000000 00000003     eth0\n";
  EXPECT_EQ(default_route_interface(routes).value_or(""), "eth0");
  EXPECT_FALSE(default_route_interface(routes.substr(0, routes.find('\n') + 1)));
  auto c = clock_state_from(0, 0x40 /*STA_UNSYNC*/, 16, 16000000);
  EXPECT_EQ(c.synced, std::optional<bool>(false));
  EXPECT_EQ(clock_state_from(0, 0, 1, 2).synced, std::optional<bool>(true));
  EXPECT_FALSE(clock_state_from(-1, 0, 0, 0).synced.has_value());
}

}  // namespace
}  // namespace v6r::probe
