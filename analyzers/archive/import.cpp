// Appending a sweep to the archive (analyzers/archive/import.hpp).
#include "analyzers/archive/import.hpp"

#include <algorithm>

#include "core/time_util.hpp"

namespace v6r::archive {

namespace {

using findings::Document;
using findings::Site;

std::int64_t i64(std::uint64_t v) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(v, INT64_MAX));
}

/// The statements of one import, prepared once.
struct Inserts {
  Stmt sweep, site_upsert, site_id, result, check, finding, reason, target;
};

Expected<Inserts, std::string> prepare_all(Db& db) {
  Inserts s;
  const std::pair<Stmt*, std::string_view> list[] = {
      {&s.sweep,
       "INSERT INTO sweeps (sweep_key, label, swept_utc, generated_utc, imported_utc, status, plan_name, "
       "plan_sha256, plan_year, tool_version, site_count, has_detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,1)"},
      {&s.site_upsert, "INSERT INTO sites (path, district) VALUES (?, ?) ON CONFLICT (path) DO NOTHING"},
      {&s.site_id, "SELECT id FROM sites WHERE path = ?"},
      {&s.result,
       "INSERT INTO site_results (sweep_id, site_id, site_class, level, level_rank, required_level, "
       "meets_plan, plan_verdict, "
       "n_pass, n_info, n_warn, n_fail, n_error, n_skipped, n_checks, n_findings, bundle_name, bundle_path, "
       "bundle_key, manifest_sha256, verified, run_id, probe_id, started_utc, scenario_name, "
       "scenario_sha256, "
       "capture_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
      {&s.check,
       "INSERT INTO check_results (site_result_id, seq, check_id, kind, target, family, verdict, reason, "
       "duration_ms, rfc, cross_check) VALUES (?,?,?,?,?,?,?,?,?,?,?)"},
      {&s.finding,
       "INSERT INTO findings (site_result_id, finding_id, rule, severity, source, title, explanation, rfc, "
       "check_id) VALUES (?,?,?,?,?,?,?,?,?)"},
      {&s.reason, "INSERT INTO level_reasons (site_result_id, ord, reason) VALUES (?,?,?)"},
      {&s.target,
       "INSERT INTO plan_targets (sweep_id, year, site_class, level, level_rank) VALUES (?,?,?,?,?) "
       "ON CONFLICT (sweep_id, year, site_class) DO NOTHING"},
  };
  for (const auto& [st, sql] : list) {
    auto p = db.prepare(sql);
    if (!p) return Unexpected{p.error()};
    *st = std::move(*p);
  }
  return s;
}

Expected<std::int64_t, std::string> site_id(Inserts& s, const Site& site) {
  s.site_upsert.bind(1, std::string_view(site.site)).bind(2, std::string_view(district_of(site.site)));
  if (auto r = s.site_upsert.run(); !r) return Unexpected{r.error()};
  s.site_id.bind(1, std::string_view(site.site));
  auto row = s.site_id.step();
  if (!row) return Unexpected{row.error()};
  if (!*row) return Unexpected{std::string("site row vanished")};
  const auto id = s.site_id.i64(0);
  s.site_id.reset();
  return id;
}

Status add_site(Db& db, Inserts& s, std::int64_t sweep_id, const Site& site, const BundleRef& ref) {
  auto sid = site_id(s, site);
  if (!sid) return Unexpected{sid.error()};
  const auto& b = site.bundle;
  auto& r = s.result;
  r.bind(1, sweep_id).bind(2, *sid).bind(3, std::string_view(site.site_class));
  // A site without a level (not assessed): 'not_assessed', rank -1 (docs/archive.md "Schema").
  if (site.level)
    r.bind(4, findings::to_string(*site.level)).bind(5, std::int64_t{findings::level_number(*site.level)});
  else
    r.bind(4, std::string_view("not_assessed")).bind(5, std::int64_t{-1});
  if (site.required_level)
    r.bind(6, findings::to_string(*site.required_level));
  else
    r.bind_null(6);
  r.bind(7, std::int64_t{site.plan_verdict == findings::PlanVerdict::meets ? 1 : 0});
  r.bind(8, findings::to_string(site.plan_verdict));
  const auto& c = site.counts;
  r.bind(9, i64(c.pass)).bind(10, i64(c.info)).bind(11, i64(c.warn)).bind(12, i64(c.fail));
  r.bind(13, i64(c.error)).bind(14, i64(c.skipped));
  r.bind(15, i64(site.checks.size())).bind(16, i64(site.findings.size()));
  r.bind(17, std::string_view(b.name)).bind(18, std::string_view(b.path)).bind(19, std::string_view(ref.key));
  r.bind(20, ref.manifest_sha256).bind(21, std::int64_t{b.verified ? 1 : 0});
  r.bind(22, std::string_view(b.run_id)).bind(23, std::string_view(b.probe_id));
  r.bind(24, std::string_view(format_rfc3339_ms(b.started_utc)));
  r.bind(25, std::string_view(b.scenario.name)).bind(26, std::string_view(b.scenario.sha256));
  r.bind(27, b.capture ? std::optional<std::string>(b.capture->sha256) : std::nullopt);
  if (auto x = r.run(); !x) return Unexpected{x.error()};
  const auto rid = db.last_insert_rowid();

  for (const auto& k : site.checks) {
    auto& q = s.check;
    q.bind(1, rid)
        .bind(2, i64(k.seq))
        .bind(3, std::string_view(k.check_id))
        .bind(4, std::string_view(k.kind));
    q.bind(5, std::string_view(k.target)).bind(6, to_string(k.family)).bind(7, to_string(k.verdict));
    q.bind(8, std::string_view(k.reason)).bind(9, k.duration_ms).bind(10, k.rfc);
    q.bind(11, findings::to_string(k.cross_check));
    if (auto x = q.run(); !x) return Unexpected{x.error()};
  }
  for (const auto& f : site.findings) {
    auto& q = s.finding;
    q.bind(1, rid).bind(2, std::string_view(f.id)).bind(3, std::string_view(f.rule));
    q.bind(4, findings::to_string(f.severity)).bind(5, findings::to_string(f.source));
    q.bind(6, std::string_view(f.title))
        .bind(7, std::string_view(f.explanation))
        .bind(8, f.rfc)
        .bind(9, f.check_id);
    if (auto x = q.run(); !x) return Unexpected{x.error()};
  }
  std::int64_t ord = 0;
  for (const auto& why : site.level_reasons) {
    s.reason.bind(1, rid).bind(2, ord++).bind(3, std::string_view(why));
    if (auto x = s.reason.run(); !x) return Unexpected{x.error()};
  }
  return std::monostate{};
}

}  // namespace

std::string district_of(std::string_view site) {
  const auto slash = site.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(site.substr(0, slash));
}

Expected<ImportResult, std::string> add_sweep(Db& db, const Document& doc,
                                              const std::vector<BundleRef>& refs) {
  if (doc.sites.empty())
    return Unexpected{std::string("the findings document has no site: nothing to archive")};
  if (refs.size() != doc.sites.size())
    return Unexpected{std::string("one bundle reference per site expected")};
  ImportResult out;
  out.label = doc.sweep.label;
  out.sites = doc.sites.size();
  const auto key = sweep_key(refs);
  UtcMs swept = doc.sites.front().bundle.started_utc;
  for (const auto& s : doc.sites) swept = std::max(swept, s.bundle.started_utc);

  auto tx = Transaction::begin(db);
  if (!tx) return Unexpected{tx.error()};
  {
    auto existing = db.prepare("SELECT id FROM sweeps WHERE sweep_key = ?");
    if (!existing) return Unexpected{existing.error()};
    existing->bind(1, std::string_view(key));
    auto row = existing->step();
    if (!row) return Unexpected{row.error()};
    if (*row) {
      out.sweep_id = existing->i64(0);
      return out;  // the same bundles: already archived; the transaction rolls back (nothing written)
    }
  }
  auto s = prepare_all(db);
  if (!s) return Unexpected{s.error()};
  auto& w = s->sweep;
  w.bind(1, std::string_view(key)).bind(2, std::string_view(doc.sweep.label));
  w.bind(3, std::string_view(format_rfc3339_ms(swept)))
      .bind(4, std::string_view(format_rfc3339_ms(doc.generated_utc)));
  w.bind(5, std::string_view(format_rfc3339_ms(now_utc_ms()))).bind(6, to_string(doc.status));
  w.bind(7, std::string_view(doc.plan.name)).bind(8, doc.plan.sha256).bind(9, doc.plan.year);
  w.bind(10, std::string_view(doc.tool.version)).bind(11, i64(doc.sites.size()));
  if (auto r = w.run(); !r) return Unexpected{r.error()};
  out.sweep_id = db.last_insert_rowid();
  for (std::size_t i = 0; i < doc.sites.size(); ++i)
    if (auto r = add_site(db, *s, out.sweep_id, doc.sites[i], refs[i]); !r) return Unexpected{r.error()};
  for (const auto& t : doc.plan_targets) {
    s->target.bind(1, out.sweep_id).bind(2, t.year).bind(3, std::string_view(t.site_class));
    s->target.bind(4, findings::to_string(t.level)).bind(5, std::int64_t{findings::level_number(t.level)});
    if (auto r = s->target.run(); !r) return Unexpected{r.error()};
  }
  if (auto r = tx->commit(); !r) return Unexpected{r.error()};
  out.added = true;
  return out;
}

}  // namespace v6r::archive
