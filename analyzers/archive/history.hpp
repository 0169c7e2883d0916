#pragma once
// History queries over the sweep archive (docs/archive.md "Queries"). Each returns one Table
// (table.hpp); none writes to the archive. Sweeps are named by "#<id>", by label, or by a UTC date
// YYYY-MM-DD (the newest sweep on or before that day); periods by --since/--until dates (inclusive).
#include <cstdint>
#include <optional>
#include <string>

#include "analyzers/archive/sqlite_db.hpp"
#include "analyzers/archive/table.hpp"
#include "core/expected.hpp"

namespace v6r::archive {

struct Period {
  std::optional<std::string> since;  ///< YYYY-MM-DD, inclusive
  std::optional<std::string> until;  ///< YYYY-MM-DD, inclusive
};

/// Checks a date argument (YYYY-MM-DD); the error names what was expected.
Expected<std::string, std::string> check_date(std::string_view s);

/// The sweep a selector names: "#12", a label (newest sweep with it), or a date. Error when none.
Expected<std::int64_t, std::string> find_sweep(Db& db, std::string_view selector);

/// Every sweep: id, label, time, sites, sites per level, meeting the plan, whether detail is kept.
Expected<Table, std::string> query_sweeps(Db& db, const Period& p);
/// One site over time: level, required level, plan met, fails, warns, findings per sweep. With
/// `findings`: one row per finding instead (sweeps whose detail was pruned have none).
Expected<Table, std::string> query_site(Db& db, const std::string& site, bool findings, const Period& p);
/// Sites whose level changed between two sweeps, regressions first.
Expected<Table, std::string> query_changes(Db& db, std::string_view from, std::string_view to);
/// Sites below the plan in each of the last `n` sweeps (present and not meeting the plan in all of
/// them), with the length of their current run below the plan.
Expected<Table, std::string> query_below_plan(Db& db, int n);
/// Probe checks with verdict fail, most frequent first, over the sweeps of the period.
Expected<Table, std::string> query_failing_checks(Db& db, const Period& p, int top);
/// Per sweep and district: sites, share (%) at each level, sites below the plan.
Expected<Table, std::string> query_districts(Db& db, const Period& p,
                                             const std::optional<std::string>& district);

/// Plan tracking: per district and class of site, for each plan target year from the newest sweep's
/// year on (the targets the newest sweep was judged with), the share of sites at the target level or
/// above, the share `pace_sweeps` sweeps earlier, the pace in points per week, and a naive projection
/// of the day the share reaches 100 % at that pace ("reached", a date, or "not at this pace"); on
/// track when that day is no later than 31 December of the target year. --until picks the "newest".
Expected<Table, std::string> query_plan(Db& db, const Period& p, int pace_sweeps);

/// The plan tracking's history, for its chart: per district and class of site, the share of sites at
/// the level of the class's next target (the first target year from the newest sweep's year on) in each
/// of the last `max_sweeps` sweeps (oldest first). Columns: district, class, year, target, swept_utc,
/// sites, share.
Expected<Table, std::string> query_plan_series(Db& db, const Period& p, std::size_t max_sweeps);

}  // namespace v6r::archive
