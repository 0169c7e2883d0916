#include "probes/engine/run_command.hpp"

#include <bit>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/bundle.hpp"
#include "core/scenario.hpp"
#include "probes/checks/registry.hpp"
#include "probes/engine/engine.hpp"
#include "probes/engine/host_info.hpp"
#include "probes/net/capture.hpp"
#include "probes/net/cares_dns_client.hpp"
#include "probes/net/privileges.hpp"
#include "probes/net/progress.hpp"
#include "probes/net/signals.hpp"

namespace v6r::probe {
namespace {

constexpr int kExitUsage = 2;
constexpr int kExitPartial = 3;
/// After the last check, keep capturing this long so the last replies are in the pcapng.
constexpr std::chrono::milliseconds kCaptureGrace{200};

class Log {
 public:
  explicit Log(bool quiet) : quiet_(quiet) {}
  void note(const std::string& msg) const {
    if (!quiet_) std::cerr << "v6probe: " << msg << "\n";
  }
  static int error(int code, const std::string& msg) {
    std::cerr << "v6probe: error: " << msg << "\n";
    return code;
  }

 private:
  bool quiet_;
};

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s.empty() ? "none" : s;
}

std::string counts_text(const VerdictCounts& c) {
  std::ostringstream o;
  o << "pass " << c.pass << ", info " << c.info << ", warn " << c.warn << ", fail " << c.fail << ", error "
    << c.error << ", skipped " << c.skipped;
  return o.str();
}

RateLimitConfig rate_config(const scenario::RateLimits& r) {
  RateLimitConfig cfg;
  cfg.global = BucketConfig{static_cast<double>(r.global_per_s), static_cast<double>(r.burst)};
  cfg.per_target = BucketConfig{static_cast<double>(r.per_target_per_s), static_cast<double>(r.burst)};
  return cfg;
}

}  // namespace

int run_probe(const RunOptions& o, const CheckRunnerTable& runners) {
  const Log log(o.quiet);
  // 1. Everything that is a usage or scenario error (exit 2) before anything is written.
  if (!is_cli_site(o.site))
    return Log::error(kExitUsage, "--site '" + o.site +
                                      "': want province/district/commune (three segments of a-z, 0-9, '-')");
  const auto registry = builtin_schema_registry();
  auto sc = scenario::load_scenario_file(o.scenario_path, registry);
  if (!sc) return Log::error(kExitUsage, sc.error().to_string());
  const scenario::Scenario& s = *sc;
  if (auto r = check_runnable(s, runners); !r) return Log::error(kExitUsage, r.error());
  if (auto r = check_targets_allowed(s, registry); !r) return Log::error(kExitUsage, r.error());

  std::optional<ResolverAddress> resolver;
  std::string resolver_source;
  if (!o.resolver.empty()) {
    auto a = IpAddr::parse(o.resolver);
    if (!a) return Log::error(kExitUsage, "--resolver '" + o.resolver + "': not an IP address");
    resolver = ResolverAddress{*a, 53, {}};
    resolver_source = "--resolver";
  } else if (s.defaults.resolver) {
    resolver = ResolverAddress{*s.defaults.resolver, 53, {}};
    resolver_source = "scenario defaults.resolver";
  } else {
    resolver = first_system_nameserver();
    resolver_source = "/etc/resolv.conf";
    if (!resolver)
      return Log::error(kExitUsage,
                        "no resolver: give --resolver, set defaults.resolver, or add a nameserver to "
                        "/etc/resolv.conf");
  }
  std::string iface = o.iface;
  if (iface.empty()) iface = default_route_interface().value_or("any");

  // 2. Signals first, so SIGTERM from now on means "stop and write a partial bundle".
  asio::io_context io;
  Engine* engine_ptr = nullptr;
  std::optional<std::string> early_stop;
  StopSignals signals(io, [&](int signo) {
    const std::string why = std::string("interrupted by ") + (signo == SIGINT ? "SIGINT" : "SIGTERM");
    std::cerr << "\nv6probe: " << why << ": stopping (a second signal exits at once)\n";
    if (engine_ptr)
      engine_ptr->stop(why);
    else
      early_stop = why;
  });

  // 3. The bundle (temp dir), after removing stale temp dirs of killed runs.
  if (auto c = bundle::cleanup_stale(o.out_dir); !c) {
    log.note("stale temp bundle cleanup failed: " + c.error());
  } else {
    for (const auto& p : c->removed) log.note("removed stale temp bundle " + p.string());
  }
  RunInfo info;
  info.probe_id = o.probe_id.empty() ? host_name() : o.probe_id;
  info.site = o.site;
  info.scenario.name = s.name;
  info.tool.name = "v6probe";
  info.host = host_name();
  info.interface = iface;
  info.clock = clock_state();
  // What the analyzer judges the capture against (RunInfo::expect): the scenario's Pref64::/n and each
  // check's own expected_prefix where the scenario sets one.
  info.expect = RunExpectations{s.expect.pref64, {}};
  for (const auto& c : s.checks)
    if (c.params.has("expected_prefix"))
      info.expect->check_prefixes.emplace(c.id, c.params.get_prefix("expected_prefix"));
  auto bw = bundle::BundleWriter::create(o.out_dir, info, s.source_text);
  if (!bw) return Log::error(kExitUsage, "cannot create the bundle in '" + o.out_dir + "': " + bw.error());
  bundle::BundleWriter& writer = *bw;
  auto abandon = [&](int code, const std::string& msg) {
    std::error_code ec;
    std::filesystem::remove_all(writer.tmp_dir(), ec);
    return Log::error(code, msg);
  };
  log.note("scenario " + s.name + " (" + std::to_string(s.checks.size()) + " checks), site " + o.site +
           ", resolver " + resolver->address.to_string() + " (" + resolver_source + "), interface " + iface);

  // 4. Capture, then drop the privileges it needed.
  std::unique_ptr<Capture> capture;
  std::string capture_filter;
  if (!o.no_capture) {
    const std::vector<IpAddr> resolvers{resolver->address};
    CaptureConfig cc;
    cc.interface = iface;
    cc.output_path = writer.capture_path().string();
    cc.filter = build_capture_filter(resolvers, s.allow);
    auto cap = Capture::open(io.get_executor(), cc);
    if (!cap)
      return abandon(kExitUsage, "capture on " + iface + ": " + cap.error() +
                                     " (run as root / with CAP_NET_RAW, or pass --no-capture)");
    capture = std::move(*cap);
    capture_filter = cc.filter;
    log.note("capture on " + iface + ", filter: " + cc.filter);
  }
  auto dropped = drop_privileges(kProbeKeptCaps);
  if (!dropped) return abandon(kExitPartial, "dropping privileges failed: " + dropped.error());
  const auto cap_eff = read_cap_eff();
  log.note("privileges dropped: kept " + join(cap_names(dropped->kept)) + "; dropped " +
           std::to_string(std::popcount(dropped->dropped)) + " capabilities; no_new_privs " +
           (dropped->no_new_privs ? "on" : "off") + "; /proc/self/status CapEff " +
           (cap_eff ? hex16(*cap_eff) : std::string("unreadable")));

  // 5. The check environment over the real network edge.
  CaresConfig dc;
  dc.servers = {*resolver};
  auto dns = CaresDnsClient::create(io.get_executor(), dc);
  if (!dns) return abandon(kExitUsage, "DNS client: " + dns.error());
  AsioTransport transport;
  AllowList allow(s.allow);
  RateLimiter rate(rate_config(s.budget.rate));
  CheckEnv env{**dns, transport, allow, rate, s, resolver->address, iface};
  Engine engine(env, runners);
  engine_ptr = &engine;
  if (early_stop) engine.stop(*early_stop);

  Progress progress(static_cast<int>(s.checks.size()), o.quiet);
  EngineReport report;
  std::optional<std::string> internal_error;
  std::optional<CaptureStats> cap_stats;
  std::optional<std::string> cap_error;

  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        try {
          if (capture) capture->start();
          report = co_await engine.run([&](const CheckResult& r) -> Expected<std::monostate, std::string> {
            progress.check_finished(r.check_id, r.target, to_string(r.verdict),
                                    std::chrono::milliseconds(static_cast<std::int64_t>(r.duration_ms)));
            return writer.append_result(r);
          });
          if (capture) {
            co_await sleep_for(kCaptureGrace);
            auto st = capture->stop();
            if (st)
              cap_stats = *st;
            else
              cap_error = st.error();
          }
        } catch (const std::exception& e) {
          internal_error = e.what();
        }
        signals.cancel();
        io.stop();
      },
      asio::detached);
  io.run();
  engine_ptr = nullptr;
  progress.finish();

  if (capture && !cap_stats && !cap_error) {  // the loop ended early (internal error)
    auto st = capture->stop();
    if (st) cap_stats = *st;
  }
  if (cap_stats)
    log.note("capture: " + std::to_string(cap_stats->written) + " packets written, " +
             std::to_string(cap_stats->received) + " received, " + std::to_string(cap_stats->dropped) +
             " dropped by the kernel, " + std::to_string(cap_stats->if_dropped) + " by the interface");
  if (cap_error) log.note("capture error: " + *cap_error);
  if (cap_stats) {
    CaptureInfo ci;
    ci.file = writer.capture_path().filename().string();
    ci.written = cap_stats->written;
    ci.received = cap_stats->received;
    ci.dropped = cap_stats->dropped;
    ci.if_dropped = cap_stats->if_dropped;
    ci.interface = capture->interface();
    ci.filter = capture_filter;
    if (ci.lossy())  // even with --quiet: the evidence is incomplete
      std::cerr << "v6probe: warning: the capture is incomplete: " << ci.dropped
                << " packet(s) dropped by the kernel, " << ci.if_dropped
                << " by the interface (recorded in run.json \"capture\")\n";
    writer.set_capture(std::move(ci));
  }

  RunStatus status = report.status();
  std::optional<std::string> reason = report.partial_reason();
  if (internal_error) {
    status = RunStatus::partial;
    reason = "internal error: " + *internal_error;
  }
  auto done = writer.finish(status, reason);
  if (!done) return Log::error(kExitPartial, "cannot finish the bundle: " + done.error());
  int rc = exit_code_for(report.counts, status);
  if (report.counts.warn > 0) log.note(std::to_string(report.counts.warn) + " warning(s): see the bundle");
  log.note(std::string("run ") + std::string(to_string(status)) + (reason ? " (" + *reason + ")" : "") +
           ": " + counts_text(report.counts) + "; exit " + std::to_string(rc));
  if (o.json) {
    nlohmann::json j = {{"bundle", done->string()},
                        {"status", std::string(to_string(status))},
                        {"exit_code", rc},
                        {"elapsed_ms", report.elapsed.count()}};
    for (Verdict v : kAllVerdicts) j["counts"][std::string(to_string(v))] = report.counts.get(v);
    if (reason) j["partial_reason"] = *reason;
    if (cap_stats)
      j["capture"] = {{"written", cap_stats->written},
                      {"received", cap_stats->received},
                      {"dropped", cap_stats->dropped},
                      {"if_dropped", cap_stats->if_dropped}};
    std::cout << j.dump() << "\n";
  } else {
    std::cout << done->string() << "\n";
  }
  std::cout.flush();
  if (engine.outstanding() > 0) {
    // Attempts cut at their deadline still reference the DNS client and transport: the bundle is
    // durable, so leave without tearing the loop down under them.
    std::cerr << std::flush;
    std::_Exit(rc);
  }
  return rc;
}

}  // namespace v6r::probe
