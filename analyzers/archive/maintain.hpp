#pragma once
// Keeping the archive: retention (prune) and a consistency check (docs/archive.md "Retention").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/archive/sqlite_db.hpp"
#include "core/expected.hpp"

namespace v6r::archive {

struct PruneOptions {
  std::optional<std::int64_t> keep_sweeps;  ///< the newest N sweeps keep their detail
  std::optional<std::string> keep_since;    ///< sweeps on or after this date (YYYY-MM-DD) keep it
  bool vacuum = true;                       ///< give the freed pages back to the file system
};
struct PruneResult {
  std::int64_t sweeps_pruned = 0;
  std::int64_t rows_removed = 0;
};

/// Removes the probe results, findings and level reasons of every sweep outside what is kept, in one
/// transaction; their sweeps, site levels, plan, counts and bundle references stay (has_detail = 0),
/// so every query but the findings of one site still answers for them. At least one of keep_sweeps /
/// keep_since must be given (a sweep is kept when either keeps it).
Expected<PruneResult, std::string> prune(Db& db, const PruneOptions& opt);

/// PRAGMA integrity_check, then each sweep complete: as many site results as its site_count, and in a
/// sweep with detail, each site result's probe results and findings as many as it counted. Returns the
/// problems found (empty: consistent).
Expected<std::vector<std::string>, std::string> check_archive(Db& db);

}  // namespace v6r::archive
