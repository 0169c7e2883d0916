#include "probes/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "core/ip.hpp"
#include "core/rfc6052.hpp"
#include "core/scenario.hpp"
#include "core/signing.hpp"
#include "core/term_print.hpp"
#include "core/version_info.hpp"
#include "probes/checks/builtin.hpp"
#include "probes/engine/engine.hpp"
#include "probes/engine/run_command.hpp"

namespace v6r::probe {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Everything written to the terminal goes through core/term_print.hpp: arguments, scenario text and
// messages built from them are escaped, so no byte from the command line or a file acts on the terminal.

int usage_error(const std::string& msg) {
  term::print(stderr, "v6probe: {}\n", msg);
  return kExitUsage;
}

/// Each line of a multi-line error list on a line of its own, each escaped.
void print_lines(std::FILE* out, const std::string& lines) {
  std::size_t start = 0;
  while (start <= lines.size()) {
    const std::size_t nl = std::min(lines.find('\n', start), lines.size());
    if (nl > start) term::print(out, "{}\n", lines.substr(start, nl - start));
    start = nl + 1;
  }
}

int cmd_embed(const std::string& prefix_text, const std::string& v4_text, bool allow_wkp) {
  auto prefix = Prefix::parse(prefix_text);
  if (!prefix) return usage_error("invalid prefix '" + prefix_text + "': " + prefix.error());
  auto v4 = Ipv4Addr::parse(v4_text);
  if (!v4) return usage_error("invalid IPv4 address '" + v4_text + "'");
  auto r = addr::embed(*prefix, *v4, addr::Options{!allow_wkp});
  if (!r) return usage_error(r.error().message);
  term::print(stdout, "{}\n", r->to_string());
  return kExitOk;
}

int cmd_extract(const std::string& prefix_text, const std::string& v6_text, bool allow_wkp) {
  auto prefix = Prefix::parse(prefix_text);
  if (!prefix) return usage_error("invalid prefix '" + prefix_text + "': " + prefix.error());
  auto v6 = Ipv6Addr::parse(v6_text);
  if (!v6) return usage_error("invalid IPv6 address '" + v6_text + "'");
  auto r = addr::extract(*prefix, *v6, addr::Options{!allow_wkp});
  if (!r) return usage_error(r.error().message);
  if (r->suffix_nonzero)
    term::print(stderr,
                "v6probe: warning: {}: suffix bits are not zero (RFC 6052 §2.2: they SHOULD be zero)\n",
                v6->to_string());
  term::print(stdout, "{}\n", r->ipv4.to_string());
  return kExitOk;
}

int cmd_discover(const std::vector<std::string>& answers) {
  std::vector<Ipv6Addr> aaaa;
  for (const auto& a : answers) {
    auto v6 = Ipv6Addr::parse(a);
    if (!v6) return usage_error("invalid IPv6 address '" + a + "'");
    aaaa.push_back(*v6);
  }
  const auto r = addr::discover_pref64(aaaa);
  for (const auto& note : r.notes) term::print(stderr, "v6probe: note: {}\n", note);
  for (const auto& p : r.prefixes) term::print(stdout, "{}\n", p.to_string());
  if (r.prefixes.empty()) {
    term::print(stderr, "v6probe: no Pref64::/n found (RFC 7050 §3)\n");
    return kExitFailed;
  }
  return kExitOk;
}

int cmd_check(const std::string& file) {
  auto s = scenario::load_scenario_file(file, builtin_schema_registry());
  if (!s) {  // every error of the file, one per line (at most scenario::kMaxErrorsListed)
    print_lines(stderr, scenario::format_errors(s.error()));
    return kExitUsage;
  }
  if (auto r = check_targets_allowed(*s, builtin_kinds()); !r) {
    print_lines(stderr, r.error());
    return kExitUsage;
  }
  term::print(stdout, "ok: {} {}\n", s->checks.size(), s->checks.size() == 1 ? "check" : "checks");
  return kExitOk;
}

int cmd_list_checks(bool markdown) {
  const auto registry = builtin_schema_registry();
  if (markdown) {
    term::write(stdout, scenario::render_markdown(registry));
    return kExitOk;
  }
  for (const auto& [kind, schema] : registry) {
    std::string k = kind;
    k.resize(std::max<std::size_t>(k.size(), 26), ' ');
    term::print(stdout, "{} {}\n", k, schema.summary);
  }
  return kExitOk;
}

/// `v6probe keygen --out DIR`: the probe's own Ed25519 key pair (core/signing.hpp).
int cmd_keygen(const std::string& dir) {
  auto pub = sign::write_keypair(dir);
  if (!pub) {
    term::print(stderr, "v6probe keygen: {}\n", pub.error());
    return kExitUsage;
  }
  const std::string d = dir.ends_with('/') ? dir : dir + "/";
  term::print(stderr,
              "v6probe keygen: wrote {}{} (0600, keep it on this node) and {}{} (give it to the analysing "
              "side's trusted keys)\n",
              d, std::string(sign::kPrivateKeyFile), d, std::string(sign::kPublicKeyFile));
  term::print(stdout, "{}\n", pub->fingerprint());
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"v6probe: IPv6-only readiness probe (DNS64/NAT64 checks with packet evidence)", "v6probe"};
  app.set_version_flag("--version", version_string("v6probe"));
  app.require_subcommand(1);

  int rc = kExitOk;
  bool allow_wkp = false;

  auto* addr_cmd = app.add_subcommand("addr", "RFC 6052 address tools (embed, extract, discover)");
  addr_cmd->require_subcommand(1);

  std::string e_prefix, e_v4;
  auto* embed = addr_cmd->add_subcommand("embed", "Embed an IPv4 address in a Pref64::/n (RFC 6052 §2.2)");
  embed->add_option("PREFIX", e_prefix, "Pref64::/n, length one of " + addr::legal_lengths_text())
      ->required();
  embed->add_option("IPV4", e_v4, "IPv4 address")->required();
  embed->add_flag(
      "--allow-wkp-non-global", allow_wkp,
      "Allow 64:ff9b::/96 with a non-global IPv4 (forbidden by RFC 6052 §3.1; the §2.4 table uses it)");
  embed->callback([&] { rc = cmd_embed(e_prefix, e_v4, allow_wkp); });

  std::string x_prefix, x_v6;
  auto* extract =
      addr_cmd->add_subcommand("extract", "Extract the IPv4 address from an IPv4-embedded IPv6 address");
  extract->add_option("PREFIX", x_prefix, "Pref64::/n")->required();
  extract->add_option("IPV6", x_v6, "IPv4-embedded IPv6 address")->required();
  extract->add_flag("--allow-wkp-non-global", allow_wkp, "Allow 64:ff9b::/96 with a non-global IPv4");
  extract->callback([&] { rc = cmd_extract(x_prefix, x_v6, allow_wkp); });

  std::vector<std::string> answers;
  auto* discover = addr_cmd->add_subcommand(
      "discover", "Pref64::/n from the AAAA answers for ipv4only.arpa (RFC 7050 §3)");
  discover->add_option("AAAA", answers, "IPv6 addresses from the AAAA answer")->required();
  discover->callback([&] { rc = cmd_discover(answers); });

  std::string scenario_file;
  auto* check = app.add_subcommand("check", "Validate a scenario file and exit (0 valid, 2 invalid)");
  check->add_option("SCENARIO", scenario_file, "Scenario YAML file")->required();
  check->callback([&] { rc = cmd_check(scenario_file); });

  RunOptions run_opts;
  auto* run = app.add_subcommand(
      "run",
      "Run a scenario at a site and write one bundle; exit 0 all pass, 1 checks failed, 2 usage or "
      "scenario error, 3 partial (interrupted, budget exhausted) or internal error");
  run->add_option("SCENARIO", run_opts.scenario_path, "Scenario YAML file")->required();
  run->add_option(
         "--site", run_opts.site,
         "Site path: 1 to 6 '/'-separated [a-z0-9-] segments (province/district/commune, a service name)")
      ->required();
  run->add_option("--out", run_opts.out_dir, "Directory for the bundle (stale .tmp dirs there are removed)")
      ->capture_default_str();
  run->add_option("--iface", run_opts.iface,
                  "Capture interface (default: that of the default IPv6 route, else 'any')");
  run->add_option("--resolver", run_opts.resolver,
                  "DNS64 resolver address (default: scenario defaults.resolver, else /etc/resolv.conf)");
  run->add_option("--probe-id", run_opts.probe_id, "Probe id recorded in run.json (default: hostname)");
  run->add_flag("--no-capture", run_opts.no_capture, "Do not capture packets (no privileges needed)");
  run->add_flag("--quiet,-q", run_opts.quiet,
                "No progress, notes or run summary on stderr (errors still go there)");
  run->add_flag(
      "--json", run_opts.json,
      "Print a JSON summary on stdout instead of the path (bundle, status, counts, exit_code, and each "
      "check that did not pass with its reason)");
  run->add_option(
      "--sign-key", run_opts.sign_key,
      "Ed25519 private key (PEM, mode 0600, owned by the user running this) that signs the bundle: "
      "MANIFEST.sig over MANIFEST.sha256, and signer.pub (default: /etc/v6ready/probe.key when it exists)");
  run->add_flag("--no-sign", run_opts.no_sign, "Write an unsigned bundle even when a key is installed");
  run->callback([&] { rc = run_probe(run_opts, builtin_kinds()); });

  std::string keygen_dir;
  auto* keygen = app.add_subcommand(
      "keygen",
      "Make this probe's Ed25519 signing key: DIR/probe.key (mode 0600) and DIR/probe.pub; prints the "
      "key's fingerprint. Never overwrites a key. Exit 0 written, 2 error");
  keygen->add_option("--out", keygen_dir, "Directory for probe.key and probe.pub (created if missing)")
      ->required();
  keygen->callback([&] { rc = cmd_keygen(keygen_dir); });

  bool markdown = false;
  auto* list = app.add_subcommand("list-checks", "List the check kinds with a one-line summary");
  list->add_flag("--markdown", markdown, "Print the full parameter reference as Markdown");
  list->callback([&] { rc = cmd_list_checks(markdown); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return rc;
}

}  // namespace v6r::probe
