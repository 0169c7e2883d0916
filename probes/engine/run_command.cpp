#include "probes/engine/run_command.hpp"

#include <algorithm>
#include <bit>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/bundle.hpp"
#include "core/scenario.hpp"
#include "core/site_path.hpp"
#include "core/term_print.hpp"
#include "probes/engine/engine.hpp"
#include "probes/engine/host_info.hpp"
#include "probes/engine/run_summary.hpp"
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

/// Notes and errors on stderr, each message escaped for the terminal (it may hold a scenario's text,
/// a path, a capture library's or a server's words).
class Log {
 public:
  explicit Log(bool quiet) : quiet_(quiet) {}
  void note(const std::string& msg) const {
    if (!quiet_) term::print(stderr, "v6probe: {}\n", msg);
  }
  static int error(int code, const std::string& msg) {
    term::print(stderr, "v6probe: error: {}\n", msg);
    return code;
  }
  /// Every line of a multi-line error (a scenario's errors, one per line) as an error line of its own.
  static int errors(int code, const std::string& msg) {
    std::size_t start = 0;
    while (start <= msg.size()) {
      const std::size_t nl = std::min(msg.find('\n', start), msg.size());
      if (nl > start) error(code, msg.substr(start, nl - start));
      start = nl + 1;
    }
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

RateLimitConfig rate_config(const scenario::RateLimits& r) {
  RateLimitConfig cfg;
  cfg.global = BucketConfig{static_cast<double>(r.global_per_s), static_cast<double>(r.burst)};
  cfg.per_target = BucketConfig{static_cast<double>(r.per_target_per_s), static_cast<double>(r.burst)};
  return cfg;
}

/// An error that ends the run with an exit code (2 usage/scenario, 3 partial/internal).
struct Stop {
  int code;
  std::string message;
};

// ---- stage 1: everything that is a usage or scenario error (exit 2), before anything is written.

struct Vetted {
  scenario::Scenario scenario;
  ResolverAddress resolver;
  std::string resolver_source;  // where the resolver came from (for the log)
  std::string iface;
  std::optional<sign::PrivateKey> key;  // signs the bundle (--sign-key, or the installed key)
};

Expected<ResolverAddress, Stop> choose_resolver(const RunOptions& o, const scenario::Scenario& s,
                                                std::string& source) {
  if (!o.resolver.empty()) {
    auto a = IpAddr::parse(o.resolver);
    if (!a) return Unexpected{Stop{kExitUsage, "--resolver '" + o.resolver + "': not an IP address"}};
    source = "--resolver";
    return ResolverAddress{*a, 53, {}};
  }
  if (s.defaults.resolver) {
    source = "scenario defaults.resolver";
    return ResolverAddress{*s.defaults.resolver, 53, {}};
  }
  source = "/etc/resolv.conf";
  if (auto r = first_system_nameserver()) return *r;
  return Unexpected{Stop{kExitUsage,
                         "no resolver: give --resolver, set defaults.resolver, or add a nameserver to "
                         "/etc/resolv.conf"}};
}

/// The bundle's signing key: --sign-key FILE, else the installed key when there is one, else none.
/// Read before anything is written (and before privileges are dropped): a key that cannot be used is
/// a usage error, never a silently unsigned bundle.
Expected<std::optional<sign::PrivateKey>, Stop> choose_key(const RunOptions& o) {
  if (o.no_sign) {
    if (!o.sign_key.empty())
      return Unexpected{Stop{kExitUsage, "--sign-key and --no-sign exclude each other"}};
    return std::optional<sign::PrivateKey>{};
  }
  std::string file = o.sign_key;
  if (file.empty()) {
    const auto installed = std::filesystem::path(sign::kDefaultKeyDir) / sign::kPrivateKeyFile;
    std::error_code ec;
    if (!std::filesystem::exists(installed, ec)) return std::optional<sign::PrivateKey>{};
    file = installed.string();
  }
  auto key = sign::PrivateKey::load(file);
  if (!key)
    return Unexpected{
        Stop{kExitUsage, "signing key: " + key.error() +
                             (o.sign_key.empty() ? " (give --no-sign to write an unsigned bundle)" : "")}};
  return std::optional<sign::PrivateKey>{std::move(key).value()};
}

Expected<Vetted, Stop> vet(const RunOptions& o, const CheckKindList& kinds) {
  if (!is_cli_site(o.site))
    return Unexpected{Stop{kExitUsage, "--site '" + o.site + "': " + site_path::problem(o.site).value_or("") +
                                           " (want " + std::string(site_path::rule_text()) +
                                           ", e.g. province/district/commune)"}};
  auto sc = scenario::load_scenario_file(o.scenario_path, kinds.schemas());
  if (!sc) return Unexpected{Stop{kExitUsage, scenario::format_errors(sc.error())}};
  if (auto r = check_runnable(*sc, kinds); !r) return Unexpected{Stop{kExitUsage, r.error()}};
  if (auto r = check_targets_allowed(*sc, kinds); !r) return Unexpected{Stop{kExitUsage, r.error()}};
  std::string source;
  auto resolver = choose_resolver(o, *sc, source);
  if (!resolver) return Unexpected{resolver.error()};
  auto key = choose_key(o);
  if (!key) return Unexpected{key.error()};
  std::string iface = o.iface.empty() ? default_route_interface().value_or("any") : o.iface;
  return Vetted{std::move(*sc), *resolver, std::move(source), std::move(iface), std::move(key).value()};
}

// ---- stage 3: the bundle (temp dir), after removing stale temp dirs of killed runs.

RunInfo make_run_info(const RunOptions& o, const scenario::Scenario& s, const std::string& iface) {
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
  return info;
}

Expected<bundle::BundleWriter, Stop> open_bundle(const RunOptions& o, const Vetted& v, const Log& log) {
  if (auto c = bundle::cleanup_stale(o.out_dir); !c) {
    log.note("stale temp bundle cleanup failed: " + c.error());
  } else {
    for (const auto& p : c->removed) log.note("removed stale temp bundle " + p.string());
  }
  auto bw =
      bundle::BundleWriter::create(o.out_dir, make_run_info(o, v.scenario, v.iface), v.scenario.source_text);
  if (!bw)
    return Unexpected{Stop{kExitUsage, "cannot create the bundle in '" + o.out_dir + "': " + bw.error()}};
  if (v.key) {
    bw->set_signing_key(v.key);
    log.note("signing the bundle with key " + v.key->public_key().fingerprint());
  }
  return std::move(*bw);
}

// ---- stage 4: the capture, then drop the privileges it needed.

struct OpenCapture {
  std::unique_ptr<Capture> capture;  // null with --no-capture
  std::string filter;
};

Expected<OpenCapture, Stop> open_capture(asio::io_context& io, const RunOptions& o, const Vetted& v,
                                         const bundle::BundleWriter& writer, const Log& log) {
  OpenCapture out;
  if (o.no_capture) return out;
  std::vector<IpAddr> resolvers{v.resolver.address};
  for (const auto& c : v.scenario.checks)  // checks with their own resolver (a secondary DNS64)
    if (const auto r = check_resolver(c);
        r && std::find(resolvers.begin(), resolvers.end(), *r) == resolvers.end())
      resolvers.push_back(*r);
  CaptureConfig cc;
  cc.interface = v.iface;
  cc.output_path = writer.capture_path().string();
  cc.filter = build_capture_filter(resolvers, v.scenario.allow);
  auto cap = Capture::open(io.get_executor(), cc);
  if (!cap)
    return Unexpected{Stop{kExitUsage, "capture on " + v.iface + ": " + cap.error() +
                                           " (run as root / with CAP_NET_RAW, or pass --no-capture)"}};
  out.capture = std::move(*cap);
  out.filter = cc.filter;
  log.note("capture on " + v.iface + ", filter: " + cc.filter);
  return out;
}

Expected<Ok, Stop> drop_capture_privileges(const Log& log) {
  auto dropped = drop_privileges(kProbeKeptCaps);
  if (!dropped) return Unexpected{Stop{kExitPartial, "dropping privileges failed: " + dropped.error()}};
  const auto cap_eff = read_cap_eff();
  log.note("privileges dropped: kept " + join(cap_names(dropped->kept)) + "; dropped " +
           std::to_string(std::popcount(dropped->dropped)) + " capabilities; no_new_privs " +
           (dropped->no_new_privs ? "on" : "off") + "; /proc/self/status CapEff " +
           (cap_eff ? hex16(*cap_eff) : std::string("unreadable")));
  return Ok{};
}

// ---- stage 6: the engine on the loop, results appended to the bundle as they come.

struct Ran {
  EngineReport report;
  std::optional<std::string> internal_error;
  std::optional<CaptureStats> cap_stats;
  std::optional<std::string> cap_error;
};

/// Redraws the progress line (piped: the heartbeat) until the loop stops.
awaitable<void> tick_progress(Progress& progress) {
  for (;;) {
    co_await sleep_for(kLiveTick);
    progress.tick();
  }
}

Ran run_loop(asio::io_context& io, Engine& engine, Capture* capture, StopSignals& signals,
             bundle::BundleWriter& writer, Progress& progress, RunSummary& summary) {
  Ran ran;
  if (progress.mode() != ProgressMode::quiet) asio::co_spawn(io, tick_progress(progress), asio::detached);
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        try {
          if (capture) capture->start();
          ran.report =
              co_await engine.run([&](const CheckResult& r) -> Expected<std::monostate, std::string> {
                progress.check_finished(r.check_id, r.target, to_string(r.verdict),
                                        std::chrono::milliseconds(static_cast<std::int64_t>(r.duration_ms)),
                                        r.reason);
                summary.add(r);
                return writer.append_result(r);
              });
          if (capture) {
            co_await sleep_for(kCaptureGrace);
            auto st = capture->stop();
            if (st)
              ran.cap_stats = *st;
            else
              ran.cap_error = st.error();
          }
        } catch (const std::exception& e) {
          ran.internal_error = e.what();
        }
        signals.cancel();
        io.stop();
      },
      asio::detached);
  io.run();
  progress.finish();
  if (capture && !ran.cap_stats && !ran.cap_error) {  // the loop ended early (internal error)
    auto st = capture->stop();
    if (st) ran.cap_stats = *st;
  }
  return ran;
}

// ---- stage 7: run.json "capture", the bundle finished, the summary.

void record_capture(const Ran& ran, const OpenCapture& cap, bundle::BundleWriter& writer, const Log& log) {
  if (ran.cap_stats)
    log.note("capture: " + std::to_string(ran.cap_stats->written) + " packets written, " +
             std::to_string(ran.cap_stats->received) + " received, " +
             std::to_string(ran.cap_stats->dropped) + " dropped by the kernel, " +
             std::to_string(ran.cap_stats->if_dropped) + " by the interface");
  if (ran.cap_error) log.note("capture error: " + *ran.cap_error);
  if (!ran.cap_stats) return;
  CaptureInfo ci;
  ci.file = writer.capture_path().filename().string();
  ci.written = ran.cap_stats->written;
  ci.received = ran.cap_stats->received;
  ci.dropped = ran.cap_stats->dropped;
  ci.if_dropped = ran.cap_stats->if_dropped;
  ci.interface = cap.capture->interface();
  ci.filter = cap.filter;
  if (ci.lossy())  // even with --quiet: the evidence is incomplete
    term::print(stderr,
                "v6probe: warning: the capture is incomplete: {} packet(s) dropped by the kernel, {} by the "
                "interface (recorded in run.json \"capture\")\n",
                ci.dropped, ci.if_dropped);
  writer.set_capture(std::move(ci));
}

/// stdout: the bundle path (scripts read it), or with --json the structured summary. stderr (unless
/// --quiet): the summary a person reads, naming every check that did not pass with its reason.
void print_summary(const RunOptions& o, const Ran& ran, RunSummary& summary) {
  if (!o.quiet) term::write_wrapped(stderr, format_summary_text(summary));
  if (o.json) {
    nlohmann::json j = summary_json(summary);
    if (ran.cap_stats)
      j["capture"] = {{"written", ran.cap_stats->written},
                      {"received", ran.cap_stats->received},
                      {"dropped", ran.cap_stats->dropped},
                      {"if_dropped", ran.cap_stats->if_dropped}};
    term::write_raw(stdout, json_line(j) + "\n");
  } else {
    term::print(stdout, "{}\n", summary.bundle);
  }
  std::fflush(stdout);
}

int finish(const RunOptions& o, const Ran& ran, bundle::BundleWriter& writer, RunSummary& summary) {
  RunStatus status = ran.report.status();
  std::optional<std::string> reason = ran.report.partial_reason();
  if (ran.internal_error) {
    status = RunStatus::partial;
    reason = "internal error: " + *ran.internal_error;
  }
  auto done = writer.finish(status, reason);
  if (!done) return Log::error(kExitPartial, "cannot finish the bundle: " + done.error());
  const int rc = exit_code_for(ran.report.counts, status);
  summary.counts = ran.report.counts;
  summary.elapsed = ran.report.elapsed;
  summary.status = status;
  summary.partial_reason = reason;
  summary.bundle = done->string();
  summary.exit_code = rc;
  print_summary(o, ran, summary);
  return rc;
}

}  // namespace

int run_probe(const RunOptions& o, const CheckKindList& kinds) {
  const Log log(o.quiet);
  // 1. Vet the options and the scenario: usage or scenario errors exit 2 before anything is written.
  auto vetted = vet(o, kinds);
  if (!vetted) return Log::errors(vetted.error().code, vetted.error().message);
  const Vetted& v = *vetted;
  const scenario::Scenario& s = v.scenario;

  // 2. Signals first, so SIGTERM from now on means "stop and write a partial bundle".
  asio::io_context io;
  Engine* engine_ptr = nullptr;
  std::optional<std::string> early_stop;
  StopSignals signals(io, [&](int signo) {
    const std::string why = std::string("interrupted by ") + (signo == SIGINT ? "SIGINT" : "SIGTERM");
    term::print(stderr, "\nv6probe: {}: stopping (a second signal exits at once)\n", why);
    if (engine_ptr)
      engine_ptr->stop(why);
    else
      early_stop = why;
  });

  // 3. The bundle; from here on a failure removes its temp dir.
  auto bw = open_bundle(o, v, log);
  if (!bw) return Log::error(bw.error().code, bw.error().message);
  bundle::BundleWriter& writer = *bw;
  auto abandon = [&](const Stop& stop) {
    std::error_code ec;
    std::filesystem::remove_all(writer.tmp_dir(), ec);
    return Log::error(stop.code, stop.message);
  };
  log.note("scenario " + s.name + " (" + std::to_string(s.checks.size()) + " checks), site " + o.site +
           ", resolver " + v.resolver.address.to_string() + " (" + v.resolver_source + "), interface " +
           v.iface);

  // 4. Capture, then drop the privileges it needed.
  auto cap = open_capture(io, o, v, writer, log);
  if (!cap) return abandon(cap.error());
  if (auto d = drop_capture_privileges(log); !d) return abandon(d.error());

  // 5. The check environment over the real network edge.
  CaresConfig dc;
  dc.servers = {v.resolver};
  auto dns = CaresDnsClient::create(io.get_executor(), dc);
  if (!dns) return abandon(Stop{kExitUsage, "DNS client: " + dns.error()});
  AsioTransport transport;
  AllowList allow(s.allow);
  RateLimiter rate(rate_config(s.budget.rate));
  CheckEnv env{**dns, transport, allow, rate, s, v.resolver.address, v.iface};
  // A DNS client per resolver that a check names itself (params.resolver), made when first needed.
  std::map<std::string, std::unique_ptr<CaresDnsClient>> check_dns;
  auto resolver_clients = [&](const IpAddr& a) -> Expected<DnsClient*, std::string> {
    auto& slot = check_dns[a.to_string()];
    if (!slot) {
      CaresConfig cfg;
      cfg.servers = {ResolverAddress{a, 53, {}}};
      auto made = CaresDnsClient::create(io.get_executor(), cfg);
      if (!made) return Unexpected{made.error()};
      slot = std::move(*made);
    }
    return slot.get();
  };
  Progress progress(static_cast<int>(s.checks.size()), o.quiet);
  EngineOptions eo;
  eo.on_start = [&progress](const std::string& id) { progress.check_started(id); };
  Engine engine(env, kinds, eo, resolver_clients);
  engine_ptr = &engine;
  if (early_stop) engine.stop(*early_stop);

  // 6. Run the checks on the one loop.
  RunSummary summary;
  const Ran ran = run_loop(io, engine, cap->capture.get(), signals, writer, progress, summary);
  engine_ptr = nullptr;

  // 7. Finish the bundle and report.
  record_capture(ran, *cap, writer, log);
  const int rc = finish(o, ran, writer, summary);
  if (engine.outstanding() > 0) {
    // Attempts cut at their deadline still reference the DNS client and transport: the bundle is
    // durable, so leave without tearing the loop down under them.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(rc);
  }
  return rc;
}

}  // namespace v6r::probe
