// The sweep archive's schema and its forward migrations (docs/archive.md "Schema"). Plain SQL that a
// PostgreSQL server takes as it is, except `INTEGER PRIMARY KEY` (SQLite's row id; BIGSERIAL there).
// Times are RFC 3339 UTC text ("2026-12-03T08:06:50.008Z"), which sorts as time.
#include "analyzers/archive/schema.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/escape.hpp"

namespace v6r::archive {

namespace {

// Migration n (index n-1) takes an archive from user_version n-1 to n. Append only; never edit one
// that has shipped.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    // 1: sweeps, sites, one row per site and sweep (level, plan, counts, bundle reference), the
    //    probe results, the findings and the level reasons of each.
    R"sql(
CREATE TABLE archive_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO archive_meta (name, value) VALUES ('format', 'v6ready.archive');
CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  sweep_key TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  swept_utc TEXT NOT NULL,
  generated_utc TEXT NOT NULL,
  imported_utc TEXT NOT NULL,
  status TEXT NOT NULL,
  plan_name TEXT NOT NULL,
  plan_sha256 TEXT,
  plan_year INTEGER NOT NULL,
  tool_version TEXT NOT NULL,
  site_count INTEGER NOT NULL,
  has_detail INTEGER NOT NULL
);
CREATE INDEX sweeps_by_time ON sweeps (swept_utc);
CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  district TEXT NOT NULL
);
CREATE TABLE site_results (
  id INTEGER PRIMARY KEY,
  sweep_id INTEGER NOT NULL REFERENCES sweeps (id),
  site_id INTEGER NOT NULL REFERENCES sites (id),
  site_class TEXT NOT NULL,
  level TEXT NOT NULL,
  level_rank INTEGER NOT NULL,
  required_level TEXT,
  meets_plan INTEGER NOT NULL,
  n_pass INTEGER NOT NULL,
  n_info INTEGER NOT NULL,
  n_warn INTEGER NOT NULL,
  n_fail INTEGER NOT NULL,
  n_error INTEGER NOT NULL,
  n_skipped INTEGER NOT NULL,
  n_checks INTEGER NOT NULL,
  n_findings INTEGER NOT NULL,
  bundle_name TEXT NOT NULL,
  bundle_path TEXT NOT NULL,
  bundle_key TEXT NOT NULL,
  manifest_sha256 TEXT,
  verified INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  probe_id TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  scenario_name TEXT NOT NULL,
  scenario_sha256 TEXT NOT NULL,
  capture_sha256 TEXT
);
CREATE INDEX site_results_by_sweep ON site_results (sweep_id);
CREATE INDEX site_results_by_site ON site_results (site_id, sweep_id);
CREATE TABLE check_results (
  site_result_id INTEGER NOT NULL REFERENCES site_results (id),
  seq INTEGER NOT NULL,
  check_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  family TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  rfc TEXT,
  cross_check TEXT NOT NULL
);
CREATE INDEX check_results_by_site_result ON check_results (site_result_id);
CREATE TABLE findings (
  site_result_id INTEGER NOT NULL REFERENCES site_results (id),
  finding_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  source TEXT NOT NULL,
  title TEXT NOT NULL,
  explanation TEXT NOT NULL,
  rfc TEXT,
  check_id TEXT
);
CREATE INDEX findings_by_site_result ON findings (site_result_id);
CREATE TABLE level_reasons (
  site_result_id INTEGER NOT NULL REFERENCES site_results (id),
  ord INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX level_reasons_by_site_result ON level_reasons (site_result_id);
)sql",
    // 2: the plan's yearly targets per class of site, as each sweep was judged against them (plan
    //    tracking; kept by prune).
    R"sql(
CREATE TABLE plan_targets (
  sweep_id INTEGER NOT NULL REFERENCES sweeps (id),
  year INTEGER NOT NULL,
  site_class TEXT NOT NULL,
  level TEXT NOT NULL,
  level_rank INTEGER NOT NULL,
  PRIMARY KEY (sweep_id, year, site_class)
);
)sql",
    // 3: findings /2: the plan verdict of each site (meets, below, not_assessed, not_in_plan);
    //    meets_plan stays, = (plan_verdict = 'meets'). A site without a level (not assessed) has
    //    level 'not_assessed' and level_rank -1. Rows from before take their verdict from meets_plan.
    R"sql(
ALTER TABLE site_results ADD COLUMN plan_verdict TEXT;
UPDATE site_results SET plan_verdict = CASE WHEN meets_plan = 1 THEN 'meets'
  WHEN required_level IS NULL THEN 'not_in_plan' ELSE 'below' END;
)sql",
};

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

std::int64_t be32(const unsigned char* p) {
  return (std::int64_t{p[0]} << 24) | (std::int64_t{p[1]} << 16) | (std::int64_t{p[2]} << 8) |
         std::int64_t{p[3]};
}

std::string shown(const std::string& path) {
  return escape::terminal(path);
}

// An error while reading what must be there: the file is damaged, whatever SQLite called it.
std::string damaged(const std::string& path, const std::string& error) {
  return shown(path) + ": " + (is_damage(error) ? error : std::string(kDamaged) + error);
}

// What the first 100 bytes of an existing file say (SQLite file format §1.3 "The database header").
// Refuses without opening it through SQLite, so nothing can write to a file that is not ours.
Expected<std::monostate, std::string> check_header(const std::string& path, std::uintmax_t size) {
  std::array<unsigned char, 100> h{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{shown(path) + ": cannot read: " + std::strerror(errno)};
  in.read(reinterpret_cast<char*>(h.data()), h.size());
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got < h.size() || std::string_view(reinterpret_cast<const char*>(h.data()), 16) != kSqliteMagic)
    return Unexpected{shown(path) + ": not a v6ready archive (not an SQLite database)"};
  const auto app_id = be32(&h[68]);
  if (app_id != kApplicationId)
    return Unexpected{shown(path) + ": not a v6ready archive (an SQLite database of another application, " +
                      "application_id " + std::to_string(app_id) + ")"};
  const auto version = be32(&h[60]);
  if (version > kSchemaVersion)
    return Unexpected{shown(path) + ": archive schema " + std::to_string(version) +
                      " is newer than this v6analyze reads (" + std::to_string(kSchemaVersion) +
                      "): upgrade v6analyze"};
  // Page size (offset 16; 1 means 65536) × database size in pages (offset 28, valid when the change
  // counter at 24 equals the version-valid-for number at 92).
  std::int64_t page_size = (std::int64_t{h[16]} << 8) | h[17];
  if (page_size == 1) page_size = 65536;
  const auto pages = be32(&h[28]);
  // Not while a WAL is next to it: a checkpoint copies the WAL's pages into the file in page order, so
  // one killed midway leaves a header (page 1) that already counts pages the file has not got yet, and
  // the WAL, which the next open replays, still holds them all (a SIGKILL during an import did that).
  std::error_code ec;
  const bool wal = std::filesystem::file_size(path + "-wal", ec) > 0 && !ec;
  if (!wal && be32(&h[24]) == be32(&h[92]) && pages > 0 &&
      static_cast<std::uintmax_t>(pages * page_size) > size)
    return Unexpected{shown(path) + ": " + std::string(kDamaged) + std::to_string(size) +
                      " bytes, its header says " + std::to_string(pages * page_size) + " (truncated?)"};
  return std::monostate{};
}

Status set_pragmas(Db& db) {
  // WAL: readers never block the importer and a killed import leaves only uncommitted WAL frames,
  // which the next open discards. FULL: a committed sweep survives a power cut.
  auto st = db.prepare("PRAGMA journal_mode = WAL");
  if (!st) return Unexpected{st.error()};
  auto r = st->step();
  if (!r) return Unexpected{r.error()};
  if (!*r || st->text(0) != "wal") return Unexpected{std::string("cannot switch to WAL mode")};
  return db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
}

// A new archive: built as a temp file next to `path`, then linked into place, so `path` is either
// absent or a complete, empty archive.
Expected<Db, std::string> create_archive(const std::string& path) {
  const auto tmp = path + ".new-" + std::to_string(::getpid());
  std::filesystem::remove(tmp + "-wal");
  std::filesystem::remove(tmp + "-shm");
  std::filesystem::remove(tmp);
  {
    auto db = Db::open(tmp, OpenMode::create);
    if (!db) return Unexpected{shown(path) + ": cannot create: " + db.error()};
    auto ok = db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    if (ok) ok = migrate(*db, kSchemaVersion);
    if (ok) ok = set_pragmas(*db);
    if (!ok) {
      db->close();
      std::filesystem::remove(tmp);
      return Unexpected{shown(path) + ": cannot create: " + ok.error()};
    }
  }  // closed: the WAL is checkpointed into the file and removed
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::filesystem::remove(tmp);
    if (e != EEXIST) return Unexpected{shown(path) + ": cannot create: " + std::strerror(e)};
  } else {
    std::filesystem::remove(tmp);
  }
  return Db::open(path, OpenMode::read_write);
}

}  // namespace

Expected<int, std::string> schema_version(Db& db) {
  auto v = db.scalar("PRAGMA user_version");
  if (!v) return Unexpected{v.error()};
  return static_cast<int>(*v);
}

Status migrate(Db& db, int target) {
  auto v = schema_version(db);
  if (!v) return Unexpected{v.error()};
  for (int n = *v; n < target && n < kSchemaVersion; ++n) {
    auto tx = Transaction::begin(db);
    if (!tx) return Unexpected{tx.error()};
    if (auto r = db.exec(kMigrations[static_cast<std::size_t>(n)]); !r)
      return Unexpected{"migration to schema " + std::to_string(n + 1) + ": " + r.error()};
    if (auto r = db.exec("PRAGMA user_version = " + std::to_string(n + 1)); !r) return Unexpected{r.error()};
    if (auto r = tx->commit(); !r) return Unexpected{r.error()};
  }
  return std::monostate{};
}

Expected<Db, std::string> open_archive(const std::string& path, Access access) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  const bool exists = !ec && std::filesystem::exists(st);
  const std::uintmax_t size =
      exists && std::filesystem::is_regular_file(st) ? std::filesystem::file_size(path, ec) : 0;
  if (!exists || (std::filesystem::is_regular_file(st) && size == 0)) {
    if (access == Access::read) return Unexpected{shown(path) + ": no such archive"};
    if (exists) std::filesystem::remove(path);  // an empty file holds nothing to lose
    auto db = create_archive(path);
    if (!db) return db;
    if (auto r = set_pragmas(*db); !r) return Unexpected{shown(path) + ": " + r.error()};
    return db;
  }
  if (!std::filesystem::is_regular_file(st)) return Unexpected{shown(path) + ": not a regular file"};
  if (auto r = check_header(path, size); !r) return Unexpected{r.error()};

  // A read-only open of a WAL database creates -wal/-shm beside it; a refused file keeps no trace.
  const bool had_wal = std::filesystem::exists(path + "-wal", ec),
             had_shm = std::filesystem::exists(path + "-shm", ec);
  auto db = Db::open(path, access == Access::read ? OpenMode::read_only : OpenMode::read_write);
  auto refuse = [&](std::string message) -> Expected<Db, std::string> {
    if (db) db->close();
    std::error_code e;
    if (!had_wal && std::filesystem::exists(path + "-wal", e) &&
        std::filesystem::file_size(path + "-wal", e) == 0)
      std::filesystem::remove(path + "-wal", e);
    if (!had_shm) std::filesystem::remove(path + "-shm", e);
    return Unexpected{std::move(message)};
  };
  if (!db) return refuse(shown(path) + ": cannot open: " + db.error());
  // The header can be right and the rest damaged: the archive's own marker must read back.
  {
    auto marker = db->prepare("SELECT value FROM archive_meta WHERE name = 'format'");
    if (!marker) return refuse(damaged(path, marker.error()));
    auto row = marker->step();
    if (!row) return refuse(damaged(path, row.error()));
    if (!*row || marker->text(0) != "v6ready.archive")
      return refuse(shown(path) + ": not a v6ready archive (no archive marker)");
  }  // statement finished: no read transaction stays open
  auto v = schema_version(*db);
  if (!v) return refuse(damaged(path, v.error()));
  if (*v > kSchemaVersion)
    return refuse(shown(path) + ": archive schema " + std::to_string(*v) +
                  " is newer than this v6analyze reads (" + std::to_string(kSchemaVersion) +
                  "): upgrade v6analyze");
  if (access == Access::write) {
    if (auto r = set_pragmas(*db); !r) return refuse(shown(path) + ": " + r.error());
    if (auto r = migrate(*db, kSchemaVersion); !r) return refuse(shown(path) + ": " + r.error());
  }
  return db;
}

}  // namespace v6r::archive
