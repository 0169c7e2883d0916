#pragma once
// Appending a sweep (one findings document) to the archive: one transaction, so an import that is
// killed, fails or finds a damaged page leaves the archive exactly as it was (docs/archive.md).
#include <cstdint>
#include <string>
#include <vector>

#include "analyzers/archive/bundle_ref.hpp"
#include "analyzers/archive/sqlite_db.hpp"
#include "core/expected.hpp"
#include "core/findings.hpp"

namespace v6r::archive {

struct ImportResult {
  bool added = false;  ///< false: a sweep with the same bundles is already in the archive (no-op)
  std::int64_t sweep_id = 0;
  std::string label;
  std::uint64_t sites = 0;
};

/// Stores the sweep, its sites' levels, plan, counts, bundle references (refs[i] for doc.sites[i]),
/// probe results, findings, level reasons and the plan targets; never captures. A document without
/// sites is refused (nothing identifies it).
Expected<ImportResult, std::string> add_sweep(Db& db, const findings::Document& doc,
                                              const std::vector<BundleRef>& refs);

/// "province/district-a" for "province/district-a/commune-x"; "" for a one-component path.
std::string district_of(std::string_view site);

}  // namespace v6r::archive
