// `v6analyze archive add|prune|check` and the archive step of `analyze --archive` (docs/archive.md).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>

#include "analyzers/archive/bundle_ref.hpp"
#include "analyzers/archive/history.hpp"
#include "analyzers/archive/import.hpp"
#include "analyzers/archive/maintain.hpp"
#include "analyzers/archive/schema.hpp"
#include "apps/v6analyze/cli.hpp"
#include "core/term_print.hpp"

namespace v6r::app {

namespace {

struct AddOptions {
  std::string db;
  std::vector<std::string> findings;
  std::vector<std::string> bundle_roots;
  bool no_manifest = false;
  bool quiet = false;
};

int run_add(const AddOptions& o) {
  auto db = archive::open_archive(o.db, archive::Access::write);
  if (!db) {
    term::print(stderr, "v6analyze archive add: {}\n", db.error());
    return kExitUsage;
  }
  int rc = kExitOk;
  for (const auto& file : o.findings) {
    auto doc = findings::load_document(file);
    if (!doc) {
      term::print(stderr, "v6analyze archive add: {}\n", doc.error());
      rc = std::max(rc, kExitUsage);
      continue;
    }
    archive::RefOptions ro;
    ro.findings_dir = file == "-" ? std::filesystem::path() : std::filesystem::path(file).parent_path();
    for (const auto& r : o.bundle_roots) ro.bundle_roots.emplace_back(r);
    ro.allow_missing = o.no_manifest;
    const int one = archive_import(*db, *doc, ro, file, o.quiet);
    rc = std::max(rc, one);
  }
  return rc;
}

}  // namespace

int archive_import(archive::Db& db, const findings::Document& doc, const archive::RefOptions& refs,
                   const std::string& source, bool quiet) {
  auto r = archive::resolve_bundle_refs(doc, refs);
  if (!r) {
    term::print(stderr, "v6analyze archive: {}: {}\n", source, r.error());
    return kExitUsage;
  }
  auto added = archive::add_sweep(db, doc, *r);
  if (!added) {
    term::print(stderr, "v6analyze archive: {}: not archived: {}\n", source, added.error());
    return archive::is_damage(added.error()) || doc.sites.empty() ? kExitUsage : kExitPartial;
  }
  if (!quiet) {
    if (added->added)
      term::print(stdout, "archived sweep #{} \"{}\" ({} sites) from {}\n", added->sweep_id, added->label,
                  added->sites, source);
    else
      term::print(stdout, "already archived as sweep #{}: {} (same bundles)\n", added->sweep_id, source);
  }
  return kExitOk;
}

void add_archive(CLI::App& app, int& exit_code) {
  CLI::App* sub = app.add_subcommand(
      "archive",
      "Keep every sweep in one SQLite archive (docs/archive.md): add findings.json files, prune old detail, "
      "check consistency. Query it with `v6analyze history`.");
  sub->require_subcommand(1);

  auto add = std::make_shared<AddOptions>();
  CLI::App* add_cmd = sub->add_subcommand(
      "add",
      "Append sweeps (findings.json files) to ARCHIVE.db, created when missing; one transaction per sweep. A "
      "sweep whose bundles (SHA-256 of each MANIFEST.sha256) are already archived is skipped. Exit 0 every "
      "file "
      "archived or already there, 2 a file unreadable or not a findings document, a bundle not found, or an "
      "archive that is foreign, damaged or newer (never modified), 3 a write failed (nothing of that sweep "
      "kept)");
  add_cmd->add_option("archive", add->db, "archive file (SQLite)")->required();
  add_cmd->add_option("findings", add->findings, "findings.json files of `v6analyze analyze`")->required();
  add_cmd->add_option(
      "--bundles", add->bundle_roots,
      "directory holding the bundles by name, when they are no longer where the analysis found them");
  add_cmd->add_flag(
      "--no-manifest", add->no_manifest,
      "archive sites whose bundle cannot be found, identified by bundle name, run id, start and capture "
      "hash instead of the manifest's SHA-256");
  add_cmd->add_flag("--quiet,-q", add->quiet, "no line per sweep on stdout");
  add_cmd->callback([add, &exit_code] { exit_code = run_add(*add); });

  auto db = std::make_shared<std::string>();
  auto keep = std::make_shared<std::int64_t>(-1);
  auto keep_since = std::make_shared<std::string>();
  auto no_vacuum = std::make_shared<bool>(false);
  CLI::App* p = sub->add_subcommand(
      "prune",
      "Remove the probe results, findings and level reasons of old sweeps; their levels, plan status, counts "
      "and bundle references stay. Exit 0 done, 2 usage or unusable archive, 3 write error (nothing "
      "removed)");
  p->add_option("archive", *db, "archive file")->required();
  p->add_option("--keep", *keep, "keep the detail of the newest N sweeps");
  p->add_option("--keep-since", *keep_since,
                "keep the detail of sweeps on or after this UTC date (YYYY-MM-DD)");
  p->add_flag("--no-vacuum", *no_vacuum, "do not compact the file afterwards");
  p->callback([db, keep, keep_since, no_vacuum, &exit_code] {
    archive::PruneOptions o;
    if (*keep >= 0) o.keep_sweeps = *keep;
    if (!keep_since->empty()) {
      auto d = archive::check_date(*keep_since);
      if (!d) {
        term::print(stderr, "v6analyze archive prune: --keep-since: {}\n", d.error());
        exit_code = kExitUsage;
        return;
      }
      o.keep_since = *d;
    }
    o.vacuum = !*no_vacuum;
    if (!o.keep_sweeps && !o.keep_since) {
      term::print(stderr, "v6analyze archive prune: say what to keep: --keep N or --keep-since DATE\n");
      exit_code = kExitUsage;
      return;
    }
    auto a = archive::open_archive(*db, archive::Access::write);
    if (!a) {
      term::print(stderr, "v6analyze archive prune: {}\n", a.error());
      exit_code = kExitUsage;
      return;
    }
    auto r = archive::prune(*a, o);
    if (!r) {
      term::print(stderr, "v6analyze archive prune: {}\n", r.error());
      exit_code = archive::is_damage(r.error()) ? kExitUsage : kExitPartial;
      return;
    }
    term::print(stdout, "pruned the detail of {} sweeps ({} rows); their levels are kept\n", r->sweeps_pruned,
                r->rows_removed);
    exit_code = kExitOk;
  });

  auto cdb = std::make_shared<std::string>();
  CLI::App* c = sub->add_subcommand(
      "check",
      "Check the archive: SQLite integrity_check and every sweep complete (all its sites, and each site's "
      "results and findings). Exit 0 consistent, 1 problems found (listed), 2 unusable archive");
  c->add_option("archive", *cdb, "archive file")->required();
  c->callback([cdb, &exit_code] {
    auto a = archive::open_archive(*cdb, archive::Access::read);
    if (!a) {
      term::print(stderr, "v6analyze archive check: {}\n", a.error());
      exit_code = kExitUsage;
      return;
    }
    auto r = archive::check_archive(*a);
    if (!r) {
      term::print(stderr, "v6analyze archive check: {}\n", r.error());
      exit_code = kExitUsage;
      return;
    }
    for (const auto& problem : *r) term::print(stdout, "{}\n", problem);
    if (r->empty()) term::print(stdout, "archive consistent\n");
    exit_code = r->empty() ? kExitOk : kExitFailed;
  });
}

}  // namespace v6r::app
