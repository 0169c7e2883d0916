// `v6analyze analyze`: bundles → DIR/findings.json + a plain text summary (analyzers/analyze.hpp);
// `analyze --capture FILE`: one bare capture → DIR/findings.json (analyzers/capture_only.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include "analyzers/analyze.hpp"
#include "analyzers/archive/bundle_ref.hpp"
#include "analyzers/archive/schema.hpp"
#include "analyzers/capture_only.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/fs_util.hpp"
#include "core/i18n.hpp"
#include "core/term_print.hpp"
#include "reports/summary_text.hpp"

namespace v6r::app {
using namespace v6r::analyze;

namespace {

int run_capture_only(const std::string& capture, const std::string& plan, const std::string& expect_pref64,
                     const std::string& out_dir, bool quiet) {
  CaptureOnlyOptions o;
  o.capture = capture;
  if (!plan.empty()) o.plan_file = plan;
  if (!expect_pref64.empty()) o.expect_pref64 = expect_pref64;
  auto r = analyze_capture_only(o);
  if (!r) {
    term::print(stderr, "v6analyze analyze: {}\n", r.error());
    return kExitUsage;
  }
  // A corrupt capture still gets its findings.json: everything before the bad record was analysed.
  if (!r->error.empty()) term::print(stderr, "v6analyze analyze: {}\n", r->error);
  const std::string path = (std::filesystem::path(out_dir) / "findings.json").string();
  if (auto err = write_atomic(path, findings::to_json_text(r->findings), ParentDirs::create)) {
    term::print(stderr, "v6analyze analyze: {}\n", *err);
    return kExitPartial;
  }
  term::print(stderr, "{}\n", r->stats.line());
  if (!quiet) {
    term::write_wrapped(stdout, r->summary_text);
    term::print(stdout, "wrote {}\n", path);
  }
  return r->exit_code;
}

}  // namespace

void add_analyze(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<AnalyzeOptions>();
  auto out_dir = std::make_shared<std::string>(".");
  auto quiet = std::make_shared<bool>(false);
  auto plan = std::make_shared<std::string>();
  auto capture = std::make_shared<std::string>();
  auto expect_pref64 = std::make_shared<std::string>();
  auto archive_db = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "analyze",
      "Analyse run bundles (dirs, .tar, or spool trees): cross-check results with captures, findings, "
      "levels, roll-up → DIR/findings.json. Exit 0 no site below the plan or not assessed against it (sites "
      "not in the plan do not count) and no fail finding, 1 otherwise (or a bundle refused as tampered, "
      "badly "
      "signed, or holding a link or special file), 2 usage/config, 3 partial (a corrupt capture or bundle).\n"
      "With --capture FILE instead of bundles: the same stateful capture analysis (flows, DNS "
      "transactions, ICMP/PTB, RA PREF64, IPv4 hygiene) over one bare pcap/pcapng, findings that need no "
      "probe results → DIR/findings.json (schema v6ready.capture-findings/1), and one line on stderr: "
      "packets= bytes= seconds= pps= flows= flows_peak= ... rss_anon_base_kb= rss_anon_peak_kb= (always, "
      "also with -q). Exit 0 no fail finding, 1 a fail finding, 2 file cannot be opened, 3 corrupt or "
      "truncated capture (frame and byte offset on stderr; findings.json of the frames before it kept)");
  sub->add_option("inputs", opt->inputs,
                  "bundle directories, bundle .tar files, or directories containing them");
  sub->add_option("--capture", *capture,
                  "analyse one bare pcap/pcapng file instead of bundles (no probe results: capture-derived "
                  "findings only)");
  sub->add_option("--expect-pref64", *expect_pref64,
                  "with --capture: the expected NAT64 prefix (e.g. 2001:db8:64::/96); AAAA answers under "
                  "another Pref64::/n seen in the capture are findings");
  sub->add_option(
      "--plan", *plan,
      "plan file (default: scenarios/plan-2026-2030.yaml if found, else built-in; with --capture: only "
      "its thresholds are used, built-in ones by default)");
  sub->add_option("--year", opt->year, "plan year (default: current UTC year clamped to the plan)");
  sub->add_option("--out", *out_dir, "output directory for findings.json (default: .)");
  sub->add_flag("--allow-unverified", opt->allow_unverified,
                "analyse UNSIGNED bundles that do not verify (files that do not match the manifest, or no "
                "signature while trusted keys are configured), flagged in findings and report; never a "
                "signed bundle with a bad signature, an unknown signer or changed files; never relaxes the "
                "refusal of links, hard links and special files");
  sub->add_option(
      "--keys", opt->keys_dir,
      "directory of trusted probe public keys (*.pub): a bundle must be signed by one of them; an "
      "unknown signer or a bad signature refuses it (exit 1), an unsigned bundle needs "
      "--allow-unverified (default: /etc/v6ready/keys when it exists)");
  sub->add_option("--label", opt->label, "sweep label (default: date of the newest bundle)");
  sub->add_option("--previous", opt->previous, "earlier findings.json files (trend)");
  sub->add_flag("--quiet,-q", *quiet, "no summary on stdout, no progress on stderr");
  sub->add_option(
      "--archive", *archive_db,
      "also append the sweep to this SQLite archive (created when missing; docs/archive.md); a foreign, "
      "damaged or newer archive is refused before the analysis (exit 2) and never modified");
  add_lang_option(*sub, *lang);
  sub->callback([opt, out_dir, quiet, plan, capture, expect_pref64, archive_db, lang, &exit_code] {
    if (!capture->empty()) {
      if (!archive_db->empty()) {
        term::print(stderr, "v6analyze analyze: --archive keeps sweeps of bundles, not --capture results\n");
        exit_code = kExitUsage;
        return;
      }
      if (!opt->inputs.empty()) {
        term::print(stderr, "v6analyze analyze: --capture FILE takes no bundle inputs\n");
        exit_code = kExitUsage;
        return;
      }
      exit_code = run_capture_only(*capture, *plan, *expect_pref64, *out_dir, *quiet);
      return;
    }
    if (!expect_pref64->empty()) {
      term::print(stderr, "v6analyze analyze: --expect-pref64 needs --capture (bundles carry their own)\n");
      exit_code = kExitUsage;
      return;
    }
    if (opt->inputs.empty()) {
      term::print(
          stderr,
          "v6analyze analyze: give bundle directories, .tar files or a spool tree, or --capture FILE\n");
      exit_code = kExitUsage;
      return;
    }
    if (!plan->empty()) opt->plan_file = *plan;
    opt->progress = !*quiet;
    std::optional<archive::Db> db;  // opened first: an archive we must not touch stops the run early
    if (!archive_db->empty()) {
      auto a = archive::open_archive(*archive_db, archive::Access::write);
      if (!a) {
        term::print(stderr, "v6analyze analyze: --archive: {}\n", a.error());
        exit_code = kExitUsage;
        return;
      }
      db = std::move(*a);
    }
    auto r = v6r::analyze::analyze(*opt);
    if (!r) {
      term::print(stderr, "v6analyze analyze: {}\n", r.error());
      exit_code = kExitUsage;
      return;
    }
    const std::string path = (std::filesystem::path(*out_dir) / "findings.json").string();
    // Site by site into the file: no text or JSON tree of the whole document in memory.
    if (auto err = write_atomic_stream(
            path, [&](std::ostream& o) { return findings::write_json_text(o, r->findings); },
            ParentDirs::create)) {
      term::print(stderr, "v6analyze analyze: {}\n", *err);
      exit_code = kExitPartial;
      return;
    }
    if (!*quiet) {
      const auto& cat = output_catalog(*lang, r->findings);
      term::write_wrapped(stdout, report::summary_text(r->findings, cat));
      term::print(stdout, "{}\n", cat.text("term.wrote", {{"path", path}}));
    }
    exit_code = r->exit_code;
    if (db) {
      archive::RefOptions refs;  // the bundles were just read at the paths the document names
      const int rc = archive_import(*db, r->findings, refs, path, *quiet);
      if (rc != kExitOk) exit_code = std::max(exit_code, kExitPartial);
    }
  });
}

}  // namespace v6r::app
