// v6bench-probe: the probe's own code paths under load, for bench/probe_bench.sh (compared there with
// dnsperf and with v6bench-connectloop, a bare epoll connect loop).
//
//   v6bench-probe dns64 --server ADDR [--port P] [--checks N] [--in-flight K] [--names a,b,...]
//                       [--prefix PREF64] [--capture IFACE --capture-out FILE]
//     N dns64.synthesis checks (expect synthesized, TTL judged: AAAA + A + SOA each) through the run
//     engine (probes/engine, the code `v6probe run` uses) over CaresDnsClient, K checks in flight,
//     the names used round-robin (default v4only.lab.test,cname.lab.test,big.lab.test). The scenario's
//     rate limits are raised for the benchmark (the limiter itself stays in the path).
//     Prints `checks=N ok=O failed=F queries=Q seconds=S checks_per_s=C qps=R`; a check is ok when its
//     verdict is pass/info/warn; F counts fail/error/skipped (first reason on stderr).
//
//   v6bench-probe connect --addr ADDR [--port P] [--connects N] [--in-flight K] [--close fin|reset]
//                         [--capture IFACE --capture-out FILE]
//     K coroutines, each AsioTransport::tcp_connect (the nat64.tcp / service.tcp transport) in a loop
//     until N connects are done; `--close reset`: tcp_connect_abort (nat64.capacity's rate phase:
//     aborted with a reset, no TIME_WAIT; compare with `v6bench-connectloop --close reset`).
//     Prints `connects=N ok=O failed=F seconds=S cps=C`.
//
// --capture IFACE: the probe's own capture (probes/net/capture, TPACKET_V3, pcapng through core) runs
// on the same Asio loop during the workload, with the filter `v6probe run` builds from the resolver
// and allow-list; prints `capture written=W received=R dropped=D if_dropped=I` after the figures.
// Exit 0 all ok, 1 any failure, 2 usage, 3 setup error.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.hpp"
#include "core/scenario.hpp"
#include "probes/checks/builtin.hpp"
#include "probes/engine/engine.hpp"
#include "probes/net/capture.hpp"
#include "probes/net/cares_dns_client.hpp"
#include "probes/net/transport.hpp"

namespace {

using namespace v6r;
using namespace v6r::probe;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string mode;
  std::string server;  // dns64: resolver; connect: destination
  std::uint16_t port = 0;
  std::uint64_t count = 0;
  std::size_t in_flight = 16;
  std::vector<std::string> names{"v4only.lab.test", "cname.lab.test", "big.lab.test"};
  std::string prefix = "2001:db8:64::/96";
  std::string capture_if;
  std::string capture_out;
  bool reset = false;  // connect: --close reset
};

int usage() {
  std::fprintf(stderr,
               "usage: v6bench-probe dns64 --server ADDR [--port P] [--checks N] [--in-flight K] "
               "[--names a,b,...] [--prefix PREF64] [--capture IFACE --capture-out FILE]\n"
               "       v6bench-probe connect --addr ADDR [--port P] [--connects N] [--in-flight K] "
               "[--close fin|reset] [--capture IFACE --capture-out FILE]\n");
  return 2;
}

std::vector<std::string> split_csv(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto c = s.find(',');
    if (c != 0) out.emplace_back(s.substr(0, c));
    if (c == std::string_view::npos) break;
    s.remove_prefix(c + 1);
  }
  return out;
}

/// The probe's capture on `a.capture_if`, as `v6probe run` opens it; nullptr without --capture.
std::unique_ptr<Capture> open_capture(asio::io_context& io, const Args& a, const IpAddr& resolver,
                                      const std::vector<Prefix>& allow, bool& failed) {
  if (a.capture_if.empty()) return nullptr;
  const std::vector<IpAddr> resolvers{resolver};
  CaptureConfig cc;
  cc.interface = a.capture_if;
  cc.output_path = a.capture_out;
  cc.filter = build_capture_filter(resolvers, allow);
  auto cap = Capture::open(io.get_executor(), cc);
  if (!cap) {
    std::fprintf(stderr, "v6bench-probe: capture on %s: %s\n", a.capture_if.c_str(), cap.error().c_str());
    failed = true;
    return nullptr;
  }
  return std::move(*cap);
}

void print_capture(const std::optional<Expected<CaptureStats, std::string>>& st) {
  if (!st) return;
  if (!*st) {
    std::printf("capture error=%s\n", st->error().c_str());
    return;
  }
  std::printf("capture written=%llu received=%u dropped=%u if_dropped=%u\n",
              static_cast<unsigned long long>((*st)->written), (*st)->received, (*st)->dropped,
              (*st)->if_dropped);
}

std::string scenario_text(const Args& a) {
  std::string t =
      "version: 1\nname: bench-dns64\n"
      "defaults: {deadline_ms: 5000, retries: 0}\n"
      "budget: {run_deadline_s: 3600, concurrency: " +
      std::to_string(a.in_flight) +
      "}\n"
      "expect: {pref64: \"" +
      a.prefix +
      "\"}\n"
      "allow: [\"2001:db8::/32\", \"192.0.2.0/24\"]\n"
      "checks:\n";
  for (std::uint64_t i = 0; i < a.count; ++i) {
    t += "  - {id: c" + std::to_string(i) +
         ", kind: dns64.synthesis, params: {name: " + a.names[i % a.names.size()] + "}}\n";
  }
  return t;
}

int run_dns64(const Args& a) {
  const auto server = IpAddr::parse(a.server);
  if (!server || a.names.empty() || a.in_flight > 256) return usage();
  const auto registry = builtin_schema_registry();
  const std::string text = scenario_text(a);
  auto sc = scenario::load_scenario_text(text, "bench-dns64.yaml", registry);
  if (!sc) {
    std::fprintf(stderr, "v6bench-probe: scenario: %s\n", sc.error().to_string().c_str());
    return 3;
  }
  const scenario::Scenario& s = *sc;

  asio::io_context io;
  bool cap_failed = false;
  auto capture = open_capture(io, a, *server, s.allow, cap_failed);
  if (cap_failed) return 3;
  CaresConfig dc;
  dc.servers = {ResolverAddress{*server, a.port ? a.port : std::uint16_t{53}, {}}};
  dc.max_in_flight = 256;
  auto dns = CaresDnsClient::create(io.get_executor(), dc);
  if (!dns) {
    std::fprintf(stderr, "v6bench-probe: DNS client: %s\n", dns.error().c_str());
    return 3;
  }
  AsioTransport transport;
  AllowList allow(s.allow);
  // The scenario schema caps rates at 10000/s (safety); the benchmark raises them in the limiter
  // config, so the token buckets are still consulted on every query.
  RateLimitConfig rl;
  rl.global = BucketConfig{1e9, 1e9};
  rl.per_target = BucketConfig{1e9, 1e9};
  RateLimiter rate(rl);
  CheckEnv env{**dns, transport, allow, rate, s, *server, a.capture_if};
  Engine engine(env, builtin_kinds());

  std::uint64_t ok = 0, failed = 0, queries = 0;
  std::string first_failure;
  double secs = 0;
  std::optional<Expected<CaptureStats, std::string>> cap_stats;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        if (capture) capture->start();
        const auto t0 = Clock::now();
        auto op = engine.run([&](const CheckResult& r) -> Expected<std::monostate, std::string> {
          for (const auto& [k, v] : r.timings_ms)
            if (k.starts_with("dns_")) ++queries;
          if (r.verdict == Verdict::pass || r.verdict == Verdict::info || r.verdict == Verdict::warn) {
            ++ok;
          } else {
            ++failed;
            if (first_failure.empty()) first_failure = r.check_id + ": " + r.reason;
          }
          return std::monostate{};
        });
        co_await std::move(op);
        secs = std::chrono::duration<double>(Clock::now() - t0).count();
        if (capture) cap_stats = capture->stop();
        co_return;
      },
      asio::detached);
  io.run();
  std::printf("checks=%llu ok=%llu failed=%llu queries=%llu seconds=%.3f checks_per_s=%.0f qps=%.0f\n",
              static_cast<unsigned long long>(ok + failed), static_cast<unsigned long long>(ok),
              static_cast<unsigned long long>(failed), static_cast<unsigned long long>(queries), secs,
              static_cast<double>(ok + failed) / secs, static_cast<double>(queries) / secs);
  print_capture(cap_stats);
  if (!first_failure.empty())
    std::fprintf(stderr, "v6bench-probe: first failure: %s\n", first_failure.c_str());
  return failed == 0 ? 0 : 1;
}

struct ConnectState {
  Endpoint remote;
  std::uint64_t total = 0, started = 0, ok = 0, failed = 0;
  std::string first_error;
  bool reset = false;
};

awaitable<void> connect_worker(AsioTransport& t, ConnectState& st) {
  while (st.started < st.total) {
    ++st.started;
    auto op = st.reset ? t.tcp_connect_abort(st.remote, std::chrono::milliseconds(3000))
                       : t.tcp_connect(st.remote, std::chrono::milliseconds(3000));
    TcpConnectResult r = co_await std::move(op);
    if (r.ok) {
      ++st.ok;
    } else {
      ++st.failed;
      if (st.first_error.empty()) st.first_error = r.error;
    }
  }
}

int run_connect(const Args& a) {
  const auto addr = IpAddr::parse(a.server);
  if (!addr) return usage();
  ConnectState st;
  st.remote = Endpoint{asio::ip::make_address(addr->to_string()), a.port ? a.port : std::uint16_t{80}};
  st.total = a.count;
  st.reset = a.reset;
  asio::io_context io;
  bool cap_failed = false;
  const std::vector<Prefix> allow{Prefix::masked(*addr, addr->is_v4() ? 32 : 128)};
  auto capture = open_capture(io, a, *addr, allow, cap_failed);
  if (cap_failed) return 3;
  AsioTransport transport;
  double secs = 0;
  std::optional<Expected<CaptureStats, std::string>> cap_stats;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        if (capture) capture->start();
        const auto t0 = Clock::now();
        auto ex = co_await asio::this_coro::executor;
        auto left = std::make_shared<std::size_t>(a.in_flight);
        asio::steady_timer all_done(ex, asio::steady_timer::time_point::max());
        for (std::size_t k = 0; k < a.in_flight; ++k) {
          asio::co_spawn(ex, connect_worker(transport, st), [left, &all_done](std::exception_ptr) {
            if (--*left == 0) all_done.cancel();
          });
        }
        ErrorCode ec;
        while (*left > 0) co_await all_done.async_wait(asio::redirect_error(use_awaitable, ec));
        secs = std::chrono::duration<double>(Clock::now() - t0).count();
        if (capture) cap_stats = capture->stop();
      },
      asio::detached);
  io.run();
  std::printf("connects=%llu ok=%llu failed=%llu seconds=%.3f cps=%.0f\n",
              static_cast<unsigned long long>(st.ok + st.failed), static_cast<unsigned long long>(st.ok),
              static_cast<unsigned long long>(st.failed), secs,
              static_cast<double>(st.ok + st.failed) / secs);
  print_capture(cap_stats);
  if (!st.first_error.empty())
    std::fprintf(stderr, "v6bench-probe: first error: %s\n", st.first_error.c_str());
  return st.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  Args a;
  a.mode = argv[1];
  if (a.mode == "-h" || a.mode == "--help") {
    usage();
    return 0;
  }
  if (a.mode != "dns64" && a.mode != "connect") return usage();
  a.count = a.mode == "dns64" ? 3000 : 5000;
  if (argc % 2 != 0) return usage();
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--server" || k == "--addr") {
      a.server = v;
    } else if (k == "--port") {
      a.port = static_cast<std::uint16_t>(std::strtoul(v, nullptr, 10));
    } else if (k == "--checks" || k == "--connects") {
      a.count = std::strtoull(v, nullptr, 10);
    } else if (k == "--in-flight") {
      a.in_flight = std::strtoul(v, nullptr, 10);
    } else if (k == "--names") {
      a.names = split_csv(v);
    } else if (k == "--prefix") {
      a.prefix = v;
    } else if (k == "--capture") {
      a.capture_if = v;
    } else if (k == "--capture-out") {
      a.capture_out = v;
    } else if (k == "--close" && (std::string_view(v) == "fin" || std::string_view(v) == "reset")) {
      a.reset = std::string_view(v) == "reset";
    } else {
      return usage();
    }
  }
  if (a.count == 0 || a.in_flight == 0 || (!a.capture_if.empty() && a.capture_out.empty())) return usage();
  return a.mode == "dns64" ? run_dns64(a) : run_connect(a);
}
