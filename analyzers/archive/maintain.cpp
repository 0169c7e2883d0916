// Retention and consistency of the sweep archive (analyzers/archive/maintain.hpp).
#include "analyzers/archive/maintain.hpp"

namespace v6r::archive {

Expected<PruneResult, std::string> prune(Db& db, const PruneOptions& opt) {
  if (!opt.keep_sweeps && !opt.keep_since)
    return Unexpected{std::string("say what to keep: --keep N or --keep-since DATE")};
  if (opt.keep_sweeps && *opt.keep_sweeps < 0) return Unexpected{std::string("--keep must be 0 or more")};
  PruneResult out;
  {
    auto tx = Transaction::begin(db);
    if (!tx) return Unexpected{tx.error()};
    if (auto r = db.exec("CREATE TEMP TABLE prune_sweeps (id INTEGER PRIMARY KEY)"); !r)
      return Unexpected{r.error()};
    auto pick = db.prepare(
        "INSERT INTO prune_sweeps (id) SELECT id FROM sweeps WHERE has_detail = 1 "
        "AND (? = 0 OR id NOT IN (SELECT id FROM sweeps ORDER BY swept_utc DESC, id DESC LIMIT ?)) "
        "AND (? = 0 OR swept_utc < ?)");
    if (!pick) return Unexpected{pick.error()};
    pick->bind(1, std::int64_t{opt.keep_sweeps ? 1 : 0}).bind(2, opt.keep_sweeps.value_or(0));
    pick->bind(3, std::int64_t{opt.keep_since ? 1 : 0}).bind(4, opt.keep_since.value_or(std::string()));
    if (auto r = pick->run(); !r) return Unexpected{r.error()};
    out.sweeps_pruned = db.changes();
    for (const char* table : {"check_results", "findings", "level_reasons"}) {
      const std::string sql = std::string("DELETE FROM ") + table +
                              " WHERE site_result_id IN (SELECT r.id FROM site_results r "
                              "WHERE r.sweep_id IN (SELECT id FROM prune_sweeps))";
      if (auto r = db.exec(sql); !r) return Unexpected{r.error()};
      out.rows_removed += db.changes();
    }
    if (auto r = db.exec("UPDATE sweeps SET has_detail = 0 WHERE id IN (SELECT id FROM prune_sweeps)"); !r)
      return Unexpected{r.error()};
    if (auto r = db.exec("DROP TABLE prune_sweeps"); !r) return Unexpected{r.error()};
    if (auto r = tx->commit(); !r) return Unexpected{r.error()};
  }
  if (opt.vacuum && out.sweeps_pruned > 0)
    if (auto r = db.exec("VACUUM"); !r) return Unexpected{"pruned, but VACUUM failed: " + r.error()};
  return out;
}

Expected<std::vector<std::string>, std::string> check_archive(Db& db) {
  std::vector<std::string> problems;
  {
    auto st = db.prepare("PRAGMA integrity_check");
    if (!st) return Unexpected{st.error()};
    for (;;) {
      auto r = st->step();
      if (!r) return Unexpected{r.error()};
      if (!*r) break;
      if (st->text(0) != "ok") problems.push_back("integrity: " + st->text(0));
    }
  }
  const std::pair<const char*, const char*> checks[] = {
      {"SELECT w.id, w.site_count, (SELECT COUNT(*) FROM site_results r WHERE r.sweep_id = w.id) FROM sweeps "
       "w "
       "WHERE w.site_count <> (SELECT COUNT(*) FROM site_results r WHERE r.sweep_id = w.id)",
       "site results"},
      {"SELECT r.sweep_id, r.n_checks, (SELECT COUNT(*) FROM check_results c WHERE c.site_result_id = r.id) "
       "FROM site_results r JOIN sweeps w ON w.id = r.sweep_id WHERE w.has_detail = 1 AND r.n_checks <> "
       "(SELECT COUNT(*) FROM check_results c WHERE c.site_result_id = r.id)",
       "probe results of a site"},
      {"SELECT r.sweep_id, r.n_findings, (SELECT COUNT(*) FROM findings f WHERE f.site_result_id = r.id) "
       "FROM site_results r JOIN sweeps w ON w.id = r.sweep_id WHERE w.has_detail = 1 AND r.n_findings <> "
       "(SELECT COUNT(*) FROM findings f WHERE f.site_result_id = r.id)",
       "findings of a site"},
  };
  for (const auto& [sql, what] : checks) {
    auto st = db.prepare(sql);
    if (!st) return Unexpected{st.error()};
    for (;;) {
      auto r = st->step();
      if (!r) return Unexpected{r.error()};
      if (!*r) break;
      problems.push_back("sweep #" + std::to_string(st->i64(0)) + ": " + what + ": expected " +
                         std::to_string(st->i64(1)) + ", found " + std::to_string(st->i64(2)));
    }
  }
  return problems;
}

}  // namespace v6r::archive
