// History queries over the sweep archive (analyzers/archive/history.hpp). Plain SQL (portable to
// PostgreSQL); values are always bound, never formatted into the SQL text.
#include "analyzers/archive/history.hpp"

#include <cctype>
#include <functional>

#include "analyzers/archive/schema.hpp"
#include "core/escape.hpp"
#include "core/findings.hpp"

namespace v6r::archive {

namespace {

/// SQL for "site result r is below the plan". Schema 3 stores the verdict; an older archive, read as it
/// is, has only meets_plan (there every site had a level, so not meeting a target = below it).
Expected<std::string, std::string> below_sql(Db& db) {
  auto v = schema_version(db);
  if (!v) return Unexpected{v.error()};
  return *v >= 3 ? std::string("r.plan_verdict = 'below'")
                 : std::string("(r.meets_plan = 0 AND r.required_level IS NOT NULL)");
}

using findings::kLevelCount;

// "2026-03-01" → lower bound; "2026-03-31" → every time of that day sorts below "2026-03-31T~".
std::string since_bound(const Period& p) {
  return p.since ? *p.since : std::string();
}
std::string until_bound(const Period& p) {
  return p.until ? *p.until + "T~" : std::string("~");
}

std::string level_name(int i) {
  return std::string(findings::to_string(findings::level_at(i)));
}

/// Steps `st` to the end, one row per step built by `row`.
Status collect(Stmt& st, Table& t, const std::function<std::vector<Cell>(const Stmt&)>& row) {
  for (;;) {
    auto r = st.step();
    if (!r) return Unexpected{r.error()};
    if (!*r) break;
    t.rows.push_back(row(st));
  }
  return std::monostate{};
}

Cell text_or_null(const Stmt& st, int col) {
  if (st.is_null(col)) return Cell{};
  return st.text(col);
}

}  // namespace

Expected<std::string, std::string> check_date(std::string_view s) {
  bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (std::size_t i = 0; ok && i < s.size(); ++i)
    if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(s[i]))) ok = false;
  if (!ok) return Unexpected{"expected a UTC date YYYY-MM-DD, got \"" + escape::terminal(s) + "\""};
  return std::string(s);
}

Expected<std::int64_t, std::string> find_sweep(Db& db, std::string_view sel) {
  if (!sel.empty() && sel[0] == '#') {
    auto st = db.prepare("SELECT id FROM sweeps WHERE id = ?");
    if (!st) return Unexpected{st.error()};
    std::int64_t id = 0;
    for (char c : sel.substr(1)) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || id > INT64_MAX / 10 - 10) {
        id = -1;
        break;
      }
      id = id * 10 + (c - '0');
    }
    st->bind(1, id);
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (*r) return st->i64(0);
    return Unexpected{"no sweep " + escape::terminal(sel)};
  }
  {
    auto st = db.prepare("SELECT id FROM sweeps WHERE label = ? ORDER BY swept_utc DESC, id DESC LIMIT 1");
    if (!st) return Unexpected{st.error()};
    st->bind(1, sel);
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (*r) return st->i64(0);
  }
  if (check_date(sel)) {
    auto st =
        db.prepare("SELECT id FROM sweeps WHERE swept_utc < ? ORDER BY swept_utc DESC, id DESC LIMIT 1");
    if (!st) return Unexpected{st.error()};
    st->bind(1, std::string(sel) + "T~");
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (*r) return st->i64(0);
    return Unexpected{"no sweep on or before " + escape::terminal(sel)};
  }
  return Unexpected{"no sweep labelled \"" + escape::terminal(sel) +
                    "\" (name a sweep by #id, label or date YYYY-MM-DD)"};
}

Expected<Table, std::string> query_sweeps(Db& db, const Period& p) {
  Table t{"sweeps",
          "Sweeps in the archive",
          {{"sweep", "sweep"}, {"label", "label"}, {"swept_utc", "swept (UTC)"}, {"sites", "sites"}},
          {}};
  std::string sql = "SELECT w.id, w.label, w.swept_utc, w.site_count";
  for (int i = 0; i < kLevelCount; ++i) {
    sql += ", SUM(CASE WHEN r.level_rank = " + std::to_string(i) + " THEN 1 ELSE 0 END)";
    t.columns.push_back({"sites_" + level_name(i), level_name(i)});
  }
  sql +=
      ", SUM(r.meets_plan), w.has_detail FROM sweeps w JOIN site_results r ON r.sweep_id = w.id "
      "WHERE w.swept_utc >= ? AND w.swept_utc < ? GROUP BY w.id, w.label, w.swept_utc, w.site_count, "
      "w.has_detail ORDER BY w.swept_utc, w.id";
  t.columns.push_back({"meets_plan", "meets plan"});
  t.columns.push_back({"detail", "detail kept"});
  auto st = db.prepare(sql);
  if (!st) return Unexpected{st.error()};
  st->bind(1, since_bound(p)).bind(2, until_bound(p));
  if (auto r =
          collect(*st, t,
                  [](const Stmt& s) {
                    std::vector<Cell> row{"#" + std::to_string(s.i64(0)), s.text(1), s.text(2), s.i64(3)};
                    for (int i = 0; i < kLevelCount; ++i) row.emplace_back(s.i64(4 + i));
                    row.emplace_back(s.i64(4 + kLevelCount));
                    row.emplace_back(s.i64(5 + kLevelCount) != 0 ? std::string("yes") : std::string("no"));
                    return row;
                  });
      !r)
    return Unexpected{r.error()};
  return t;
}

Expected<Table, std::string> query_site(Db& db, const std::string& site, bool with_findings,
                                        const Period& p) {
  {
    auto st = db.prepare("SELECT id FROM sites WHERE path = ?");
    if (!st) return Unexpected{st.error()};
    st->bind(1, std::string_view(site));
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (!*r) return Unexpected{"no site \"" + escape::terminal(site) + "\" in the archive"};
  }
  Table t;
  t.query = with_findings ? "site-findings" : "site";
  std::string sql;
  if (!with_findings) {
    t.title = "Site " + site + ": level over time";
    t.title_args = {{"site", site}};
    t.columns = {{"sweep", "sweep"}, {"label", "label"},       {"swept_utc", "swept (UTC)"},
                 {"level", "level"}, {"required", "required"}, {"meets_plan", "meets plan"},
                 {"fails", "fail"},  {"warns", "warn"},        {"findings", "findings"}};
    sql =
        "SELECT w.id, w.label, w.swept_utc, r.level, r.required_level, r.meets_plan, r.n_fail, r.n_warn, "
        "r.n_findings FROM site_results r JOIN sweeps w ON w.id = r.sweep_id JOIN sites s ON s.id = "
        "r.site_id "
        "WHERE s.path = ? AND w.swept_utc >= ? AND w.swept_utc < ? ORDER BY w.swept_utc, w.id, r.id";
  } else {
    t.title = "Site " + site + ": findings over time";
    t.title_args = {{"site", site}};
    t.columns = {{"sweep", "sweep"}, {"swept_utc", "swept (UTC)"},
                 {"level", "level"}, {"severity", "severity"},
                 {"rule", "rule"},   {"title", "finding"}};
    sql =
        "SELECT w.id, w.swept_utc, r.level, f.severity, f.rule, f.title FROM findings f "
        "JOIN site_results r ON r.id = f.site_result_id JOIN sweeps w ON w.id = r.sweep_id "
        "JOIN sites s ON s.id = r.site_id WHERE s.path = ? AND w.swept_utc >= ? AND w.swept_utc < ? "
        "ORDER BY w.swept_utc, w.id, r.id, f.finding_id";
  }
  auto st = db.prepare(sql);
  if (!st) return Unexpected{st.error()};
  st->bind(1, std::string_view(site)).bind(2, since_bound(p)).bind(3, until_bound(p));
  auto r = collect(*st, t, [with_findings](const Stmt& s) -> std::vector<Cell> {
    if (with_findings)
      return {"#" + std::to_string(s.i64(0)), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
    return {"#" + std::to_string(s.i64(0)),
            s.text(1),
            s.text(2),
            s.text(3),
            text_or_null(s, 4),
            s.i64(5) != 0 ? std::string("yes") : std::string("no"),
            s.i64(6),
            s.i64(7),
            s.i64(8)};
  });
  if (!r) return Unexpected{r.error()};
  return t;
}

Expected<Table, std::string> query_changes(Db& db, std::string_view from, std::string_view to) {
  auto a = find_sweep(db, from);
  if (!a) return Unexpected{a.error()};
  auto b = find_sweep(db, to);
  if (!b) return Unexpected{b.error()};
  Table t{"changes",
          "Level changes from sweep #" + std::to_string(*a) + " to sweep #" + std::to_string(*b),
          {{"site", "site"},
           {"change", "change"},
           {"from_level", "from"},
           {"to_level", "to"},
           {"from_meets_plan", "plan met before"},
           {"to_meets_plan", "plan met after"}},
          {},
          {{"from", "#" + std::to_string(*a)}, {"to", "#" + std::to_string(*b)}}};
  auto st = db.prepare(
      "SELECT s.path, ra.level, rb.level, rb.level_rank - ra.level_rank, ra.meets_plan, rb.meets_plan "
      "FROM site_results ra JOIN site_results rb ON rb.site_id = ra.site_id JOIN sites s ON s.id = "
      "ra.site_id "
      "WHERE ra.sweep_id = ? AND rb.sweep_id = ? AND ra.level_rank <> rb.level_rank "
      "ORDER BY rb.level_rank - ra.level_rank, s.path");
  if (!st) return Unexpected{st.error()};
  st->bind(1, *a).bind(2, *b);
  auto yes_no = [](std::int64_t v) { return v != 0 ? std::string("yes") : std::string("no"); };
  auto r = collect(*st, t, [&](const Stmt& s) -> std::vector<Cell> {
    return {s.text(0),        s.i64(3) < 0 ? std::string("regression") : std::string("improvement"),
            s.text(1),        s.text(2),
            yes_no(s.i64(4)), yes_no(s.i64(5))};
  });
  if (!r) return Unexpected{r.error()};
  return t;
}

Expected<Table, std::string> query_below_plan(Db& db, int n) {
  if (n < 1) return Unexpected{std::string("the number of sweeps must be at least 1")};
  Table t{"below-plan",
          "Sites below the plan in each of the last " + std::to_string(n) + " sweeps",
          {{"site", "site"},
           {"district", "district"},
           {"class", "class"},
           {"level", "level"},
           {"required", "required"},
           {"sweeps_below", "sweeps below (run)"},
           {"below_since", "below since (UTC)"}},
          {},
          {{"n", std::to_string(n)}}};
  auto last = db.scalar("SELECT COUNT(*) FROM sweeps");
  if (!last) return Unexpected{last.error()};
  if (*last < n) return t;  // fewer sweeps than asked: nobody can be below for n of them
  auto below = below_sql(db);
  if (!below) return Unexpected{below.error()};
  // Sites present and below the plan in all of the last n sweeps; their newest result.
  auto st = db.prepare(
      "WITH recent AS (SELECT id FROM sweeps ORDER BY swept_utc DESC, id DESC LIMIT ?), "
      "hit AS (SELECT r.site_id FROM site_results r WHERE r.sweep_id IN (SELECT id FROM recent) "
      "AND " +
      *below +
      " GROUP BY r.site_id HAVING COUNT(DISTINCT r.sweep_id) = ?) "
      "SELECT s.id, s.path, s.district FROM sites s WHERE s.id IN (SELECT site_id FROM hit) ORDER BY s.path");
  if (!st) return Unexpected{st.error()};
  st->bind(1, std::int64_t{n}).bind(2, std::int64_t{n});
  auto walk = db.prepare(
      "SELECT " + *below +
      ", r.site_class, r.level, r.required_level, w.swept_utc FROM "
      "site_results r "
      "JOIN sweeps w ON w.id = r.sweep_id WHERE r.site_id = ? ORDER BY w.swept_utc DESC, w.id DESC, r.id "
      "DESC");
  if (!walk) return Unexpected{walk.error()};
  for (;;) {
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (!*r) break;
    walk->bind(1, st->i64(0));
    std::vector<Cell> row{st->text(1), st->text(2)};
    std::int64_t run = 0;
    std::string since;
    for (;;) {
      auto w = walk->step();
      if (!w) return Unexpected{w.error()};
      if (!*w || walk->i64(0) == 0) break;
      if (run == 0) {
        row.emplace_back(walk->text(1));
        row.emplace_back(walk->text(2));
        row.push_back(text_or_null(*walk, 3));
      }
      ++run;
      since = walk->text(4);
    }
    walk->reset();
    row.emplace_back(run);
    row.emplace_back(since);
    t.rows.push_back(std::move(row));
  }
  return t;
}

Expected<Table, std::string> query_failing_checks(Db& db, const Period& p, int top) {
  Table t{
      "failing-checks",
      "Most frequent failing checks",
      {{"kind", "kind"}, {"check_id", "check"}, {"fails", "fails"}, {"sites", "sites"}, {"sweeps", "sweeps"}},
      {}};
  auto st = db.prepare(
      "SELECT c.kind, c.check_id, COUNT(*), COUNT(DISTINCT r.site_id), COUNT(DISTINCT r.sweep_id) "
      "FROM check_results c JOIN site_results r ON r.id = c.site_result_id JOIN sweeps w ON w.id = "
      "r.sweep_id "
      "WHERE c.verdict = 'fail' AND w.swept_utc >= ? AND w.swept_utc < ? "
      "GROUP BY c.kind, c.check_id ORDER BY COUNT(*) DESC, c.kind, c.check_id LIMIT ?");
  if (!st) return Unexpected{st.error()};
  st->bind(1, since_bound(p)).bind(2, until_bound(p)).bind(3, std::int64_t{top > 0 ? top : 20});
  auto r = collect(*st, t, [](const Stmt& s) -> std::vector<Cell> {
    return {s.text(0), s.text(1), s.i64(2), s.i64(3), s.i64(4)};
  });
  if (!r) return Unexpected{r.error()};
  return t;
}

Expected<Table, std::string> query_districts(Db& db, const Period& p,
                                             const std::optional<std::string>& district) {
  Table t{"districts",
          "Share of sites at each level, per sweep and district (%)",
          {{"sweep", "sweep"}, {"swept_utc", "swept (UTC)"}, {"district", "district"}, {"sites", "sites"}},
          {}};
  std::string sql = "SELECT w.id, w.swept_utc, s.district, COUNT(*)";
  for (int i = 0; i < kLevelCount; ++i) {
    sql += ", SUM(CASE WHEN r.level_rank = " + std::to_string(i) + " THEN 1 ELSE 0 END)";
    t.columns.push_back({"share_" + level_name(i), level_name(i) + " %"});
  }
  t.columns.push_back({"below_plan", "below plan"});
  auto below = below_sql(db);
  if (!below) return Unexpected{below.error()};
  sql += ", SUM(CASE WHEN " + *below +
         " THEN 1 ELSE 0 END) FROM site_results r JOIN sweeps w ON w.id "
         "= r.sweep_id "
         "JOIN sites s ON s.id = r.site_id WHERE w.swept_utc >= ? AND w.swept_utc < ? "
         "AND (? = 0 OR s.district = ?) GROUP BY w.id, w.swept_utc, s.district ORDER BY w.swept_utc, w.id, "
         "s.district";
  auto st = db.prepare(sql);
  if (!st) return Unexpected{st.error()};
  st->bind(1, since_bound(p)).bind(2, until_bound(p)).bind(3, std::int64_t{district ? 1 : 0});
  st->bind(4, district.value_or(std::string()));
  auto r = collect(*st, t, [](const Stmt& s) -> std::vector<Cell> {
    const auto n = s.i64(3);
    std::vector<Cell> row{"#" + std::to_string(s.i64(0)), s.text(1),
                          s.text(2).empty() ? std::string("-") : s.text(2), n};
    for (int i = 0; i < kLevelCount; ++i)
      row.emplace_back(n > 0 ? static_cast<double>(s.i64(4 + i)) * 100.0 / static_cast<double>(n) : 0.0);
    row.emplace_back(s.i64(4 + kLevelCount));
    return row;
  });
  if (!r) return Unexpected{r.error()};
  return t;
}

}  // namespace v6r::archive
