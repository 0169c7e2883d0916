// Plan tracking over the sweep archive (analyzers/archive/history.hpp, query_plan): for each district
// and class of site, the share of sites at the plan's level for each target year still ahead, its pace
// over the last sweeps, and a naive projection of the day it reaches 100 % at that pace.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

#include "analyzers/archive/history.hpp"
#include "core/escape.hpp"
#include "core/findings.hpp"
#include "core/time_util.hpp"

namespace v6r::archive {

namespace {

struct SweepAt {
  std::int64_t id = 0;
  UtcMs when{};
};

struct Target {
  std::int64_t year = 0;
  std::string site_class;
  std::string level;
  std::int64_t rank = 0;
};

/// The plan's targets that sweep `sweep_id` carried for `year_now` and later, by class then year.
Expected<std::vector<Target>, std::string> targets_from(Db& db, std::int64_t sweep_id, int year_now) {
  auto st = db.prepare(
      "SELECT year, site_class, level, level_rank FROM plan_targets WHERE sweep_id = ? AND year >= ? "
      "ORDER BY site_class, year");
  if (!st) return Unexpected{st.error()};
  st->bind(1, sweep_id).bind(2, std::int64_t{year_now});
  std::vector<Target> out;
  for (;;) {
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (!*r) break;
    out.push_back({st->i64(0), st->text(1), st->text(2), st->i64(3)});
  }
  return out;
}

/// The newest sweep on or before `until`, skipping `back` newer ones.
Expected<std::optional<SweepAt>, std::string> sweep_back(Db& db, const std::string& until,
                                                         std::int64_t back) {
  auto st = db.prepare(
      "SELECT id, swept_utc FROM sweeps WHERE swept_utc < ? ORDER BY swept_utc DESC, id DESC LIMIT 1 OFFSET "
      "?");
  if (!st) return Unexpected{st.error()};
  st->bind(1, until).bind(2, back);
  auto r = st->step();
  if (!r) return Unexpected{r.error()};
  if (!*r) return std::optional<SweepAt>();
  auto t = parse_rfc3339_ms(st->text(1));
  if (!t)
    return Unexpected{std::string(kDamaged) + "sweep #" + std::to_string(st->i64(0)) + " has no valid time"};
  return std::optional<SweepAt>(SweepAt{st->i64(0), *t});
}

/// (district, class) → (sites, sites at rank >= `rank`) in one sweep.
Expected<std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>>, std::string>
shares(Db& db, std::int64_t sweep, const std::string& site_class, std::int64_t rank) {
  auto st = db.prepare(
      "SELECT s.district, COUNT(*), SUM(CASE WHEN r.level_rank >= ? THEN 1 ELSE 0 END) FROM site_results r "
      "JOIN sites s ON s.id = r.site_id WHERE r.sweep_id = ? AND r.site_class = ? GROUP BY s.district");
  if (!st) return Unexpected{st.error()};
  st->bind(1, rank).bind(2, sweep).bind(3, site_class);
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> out;
  for (;;) {
    auto r = st->step();
    if (!r) return Unexpected{r.error()};
    if (!*r) break;
    out[{st->text(0), site_class}] = {st->i64(1), st->i64(2)};
  }
  return out;
}

}  // namespace

Expected<Table, std::string> query_plan(Db& db, const Period& p, int pace_sweeps) {
  if (pace_sweeps < 1) return Unexpected{std::string("the pace needs at least 1 sweep")};
  const std::string until = p.until ? *p.until + "T~" : std::string("~");
  auto now = sweep_back(db, until, 0);
  if (!now) return Unexpected{now.error()};
  Table t{"plan",
          "Progress against the plan's yearly targets, and a naive projection at the pace of the last " +
              std::to_string(pace_sweeps) + " sweeps",
          {{"district", "district"},
           {"class", "class"},
           {"year", "year"},
           {"target", "target"},
           {"sites", "sites"},
           {"share", "at target %"},
           {"share_before", "before %"},
           {"pace_per_week", "pace %/week"},
           {"projected", "100 % by (UTC)"},
           {"on_track", "on track"}},
          {},
          {{"pace", std::to_string(pace_sweeps)}}};
  if (!*now) return t;
  auto before = sweep_back(db, until, pace_sweeps);
  if (!before) return Unexpected{before.error()};
  if (!*before) {  // fewer sweeps than the pace asks: the oldest one
    auto oldest = db.prepare("SELECT COUNT(*) FROM sweeps WHERE swept_utc < ?");
    if (!oldest) return Unexpected{oldest.error()};
    oldest->bind(1, until);
    auto r = oldest->step();
    if (!r) return Unexpected{r.error()};
    const auto count = oldest->i64(0);
    oldest->reset();
    before = sweep_back(db, until, std::max<std::int64_t>(count - 1, 0));
    if (!before) return Unexpected{before.error()};
  }
  const auto now_day = std::chrono::floor<std::chrono::days>((*now)->when);
  const auto year_now = static_cast<int>(std::chrono::year_month_day(now_day).year());
  std::vector<Target> targets;
  {
    auto read = targets_from(db, (*now)->id, year_now);
    if (!read) return Unexpected{read.error()};
    targets = std::move(*read);
  }
  const double weeks = std::chrono::duration<double>((*now)->when - (*before)->when).count() / (7 * 86400.0);
  std::vector<std::tuple<std::string, std::string, std::int64_t, std::vector<Cell>>> rows;
  for (const auto& tg : targets) {
    auto a = shares(db, (*now)->id, tg.site_class, tg.rank);
    if (!a) return Unexpected{a.error()};
    auto b = shares(db, (*before)->id, tg.site_class, tg.rank);
    if (!b) return Unexpected{b.error()};
    for (const auto& [key, nk] : *a) {
      const double share =
          nk.first > 0 ? 100.0 * static_cast<double>(nk.second) / static_cast<double>(nk.first) : 0;
      std::optional<double> share_before, pace;
      if (auto it = b->find(key); it != b->end() && it->second.first > 0) {
        share_before = 100.0 * static_cast<double>(it->second.second) / static_cast<double>(it->second.first);
        if (weeks > 0) pace = (share - *share_before) / weeks;
      }
      Cell projected, on_track;
      const auto deadline = std::chrono::sys_days(std::chrono::year(static_cast<int>(tg.year)) / 12 / 31);
      if (share >= 100.0) {
        projected = std::string("reached");
        on_track = std::string("yes");
      } else if (pace && *pace > 0) {
        const auto days = static_cast<std::int64_t>(std::ceil((100.0 - share) / *pace * 7.0));
        const auto when = now_day + std::chrono::days(days);
        projected = format_rfc3339_ms(UtcMs(when)).substr(0, 10);
        on_track = std::string(when <= deadline ? "yes" : "no");
      } else {
        projected = std::string("not at this pace");
        on_track = std::string("no");
      }
      std::vector<Cell> row{
          key.first.empty() ? std::string("-") : key.first, key.second, tg.year, tg.level, nk.first, share};
      row.push_back(share_before ? Cell{*share_before} : Cell{});
      row.push_back(pace ? Cell{*pace} : Cell{});
      row.push_back(projected);
      row.push_back(on_track);
      rows.emplace_back(key.first, key.second, tg.year, std::move(row));
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return std::tie(std::get<0>(x), std::get<1>(x), std::get<2>(x)) <
           std::tie(std::get<0>(y), std::get<1>(y), std::get<2>(y));
  });
  for (auto& r : rows) t.rows.push_back(std::move(std::get<3>(r)));
  return t;
}

Expected<Table, std::string> query_plan_series(Db& db, const Period& p, std::size_t max_sweeps) {
  const std::string until = p.until ? *p.until + "T~" : std::string("~");
  Table t{"plan_series",
          "The share of sites at the next target's level, per sweep",
          {{"district", "district"},
           {"class", "class"},
           {"year", "year"},
           {"target", "target"},
           {"swept_utc", "swept (UTC)"},
           {"sites", "sites"},
           {"share", "at target %"}},
          {},
          {}};
  auto now = sweep_back(db, until, 0);
  if (!now) return Unexpected{now.error()};
  if (!*now || max_sweeps == 0) return t;
  const auto year_now = static_cast<int>(
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>((*now)->when)).year());
  std::map<std::string, Target> next;  // class → its next target
  {
    auto read = targets_from(db, (*now)->id, year_now);
    if (!read) return Unexpected{read.error()};
    for (auto& tg : *read) next.emplace(tg.site_class, std::move(tg));  // the first: the earliest year
  }
  std::vector<SweepAt> sweeps;
  for (std::size_t back = 0; back < max_sweeps; ++back) {
    auto s = sweep_back(db, until, static_cast<std::int64_t>(back));
    if (!s) return Unexpected{s.error()};
    if (!*s) break;
    sweeps.push_back(**s);
  }
  std::reverse(sweeps.begin(), sweeps.end());
  // (district, class) → its rows, oldest sweep first.
  std::map<std::pair<std::string, std::string>, std::vector<std::vector<Cell>>> series;
  for (const auto& [cls, tg] : next)
    for (const auto& sw : sweeps) {
      auto a = shares(db, sw.id, cls, tg.rank);
      if (!a) return Unexpected{a.error()};
      for (const auto& [key, nk] : *a) {
        const double share =
            nk.first > 0 ? 100.0 * static_cast<double>(nk.second) / static_cast<double>(nk.first) : 0;
        series[key].push_back({key.first.empty() ? std::string("-") : key.first, key.second, tg.year,
                               tg.level, format_rfc3339_ms(sw.when), nk.first, share});
      }
    }
  for (auto& [key, rows] : series)
    for (auto& r : rows) t.rows.push_back(std::move(r));
  return t;
}

}  // namespace v6r::archive
