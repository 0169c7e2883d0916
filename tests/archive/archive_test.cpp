// The sweep archive (analyzers/archive/): import and identity, one transaction per sweep, each history
// query's answer on small hand-made sweeps, prune, migration, and refusal of foreign or damaged files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include "analyzers/archive/history.hpp"
#include "analyzers/archive/import.hpp"
#include "analyzers/archive/maintain.hpp"
#include "analyzers/archive/schema.hpp"
#include "core/sha256.hpp"

namespace v6r::archive {
namespace {

namespace fs = std::filesystem;
using findings::Level;

struct SiteSpec {
  std::string site;
  Level level;
  bool meets_plan;
  std::vector<std::string> failing;  // check ids with verdict fail
};

findings::Document make_doc(const std::string& label, const std::string& when,
                            const std::vector<SiteSpec>& specs) {
  findings::Document d;
  d.sweep.label = label;
  d.generated_utc = *parse_rfc3339_ms(when);
  d.plan.name = "test-plan";
  d.plan.year = 2026;
  d.plan_targets = {{2026, "commune", Level::L1}, {2027, "commune", Level::L2}};
  for (const auto& s : specs) {
    findings::Site site;
    site.site = s.site;
    site.site_class = "commune";
    site.level = s.level;
    site.required_level = Level::L1;
    site.plan_verdict = s.meets_plan ? findings::PlanVerdict::meets : findings::PlanVerdict::below;
    site.bundle.name = s.site + "@" + label;
    site.bundle.run_id = "0000abcd";
    site.bundle.started_utc = *parse_rfc3339_ms(when);
    site.level_reasons = {"reason of " + s.site};
    findings::CheckRow ok;
    ok.check_id = "dns64.discovery";
    ok.kind = "dns64.discovery";
    ok.verdict = Verdict::pass;
    site.checks.push_back(ok);
    for (const auto& id : s.failing) {
      findings::CheckRow c;
      c.check_id = id;
      c.kind = id.substr(0, id.find('.', id.find('.') + 1));
      c.verdict = Verdict::fail;
      site.checks.push_back(c);
      findings::Finding f;
      f.id = s.site + "#" + std::to_string(site.findings.size() + 1);
      f.rule = c.kind;
      f.severity = findings::Severity::fail;
      f.title = id + " failed";
      site.findings.push_back(f);
      site.counts.fail++;
    }
    site.counts.pass = 1;
    d.sites.push_back(site);
  }
  return d;
}

std::vector<BundleRef> refs_for(const findings::Document& d) {
  std::vector<BundleRef> r;
  for (const auto& s : d.sites) r.push_back({sha256_hex(s.bundle.name), sha256_hex(s.bundle.name)});
  return r;
}

std::string file_sha(const fs::path& p) {
  return *sha256_file_hex(p);
}

std::string cell(const Cell& c) {
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  if (std::holds_alternative<std::int64_t>(c)) return std::to_string(std::get<std::int64_t>(c));
  if (std::holds_alternative<double>(c)) return std::to_string(std::get<double>(c));
  return "null";
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("archive_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "a.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Three weekly sweeps of four communes in two districts.
  void fill(Db& db) {
    const auto a = "p/d1/a", b = "p/d1/b", c = "p/d2/c", e = "p/d2/e";
    docs_ = {
        make_doc("w1", "2026-03-02T02:00:00.000Z",
                 {{a, Level::L1, true, {}},
                  {b, Level::L0, false, {"nat64.tcp.x"}},
                  {c, Level::L2, true, {}},
                  {e, Level::L0, false, {"nat64.tcp.x", "dns64.synth.y"}}}),
        make_doc("w2", "2026-03-09T02:00:00.000Z",
                 {{a, Level::L2, true, {}},
                  {b, Level::L0, false, {"nat64.tcp.x"}},
                  {c, Level::L1, true, {}},
                  {e, Level::L0, false, {"nat64.tcp.x"}}}),
        make_doc("w3", "2026-03-16T02:00:00.000Z",
                 {{a, Level::L3, true, {}},
                  {b, Level::L0, false, {"dns64.synth.y"}},
                  {c, Level::L1, true, {}},
                  {e, Level::L1, true, {}}}),
    };
    for (const auto& d : docs_) {
      auto r = add_sweep(db, d, refs_for(d));
      ASSERT_TRUE(r) << r.error();
      ASSERT_TRUE(r->added);
    }
  }

  fs::path dir_;
  std::string path_;
  std::vector<findings::Document> docs_;
};

TEST_F(ArchiveTest, SameBundlesTwiceIsANoOp) {
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db) << db.error();
  fill(*db);
  auto again = add_sweep(*db, docs_[1], refs_for(docs_[1]));
  ASSERT_TRUE(again) << again.error();
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->sweep_id, 2);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM sweeps"), 3);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results"), 12);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM sites"), 4);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM plan_targets"), 6);
  // Another label over the same bundles is still the same sweep.
  auto relabelled = docs_[0];
  relabelled.sweep.label = "renamed";
  EXPECT_FALSE(add_sweep(*db, relabelled, refs_for(relabelled))->added);
  EXPECT_TRUE(check_archive(*db)->empty());
}

TEST_F(ArchiveTest, ASweepIsOneTransaction) {
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db);
  fill(*db);
  // The third site of the next sweep cannot be written: nothing of that sweep may stay.
  ASSERT_TRUE(
      db->exec("CREATE TEMP TRIGGER boom BEFORE INSERT ON site_results WHEN "
               "(SELECT COUNT(*) FROM site_results WHERE sweep_id = NEW.sweep_id) = 2 "
               "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"));
  const auto before = *db->scalar("SELECT COUNT(*) FROM check_results");
  auto d = make_doc("w4", "2026-03-23T02:00:00.000Z",
                    {{"p/d1/a", Level::L3, true, {}},
                     {"p/d1/new", Level::L1, true, {"x.y.z"}},
                     {"p/d2/c", Level::L1, true, {}}});
  auto r = add_sweep(*db, d, refs_for(d));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("disk on fire"), std::string::npos);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM sweeps"), 3);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results"), 12);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM sites"), 4);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM check_results"), before);
}

TEST_F(ArchiveTest, Queries) {
  {
    auto db = open_archive(path_, Access::write);
    ASSERT_TRUE(db);
    fill(*db);
  }
  auto db = open_archive(path_, Access::read);
  ASSERT_TRUE(db) << db.error();

  auto sweeps = query_sweeps(*db, {});
  ASSERT_TRUE(sweeps) << sweeps.error();
  ASSERT_EQ(sweeps->rows.size(), 3u);
  // #1: L0 2, L1 1, L2 1; meets plan 2.
  EXPECT_EQ(cell(sweeps->rows[0][4]), "2");
  EXPECT_EQ(cell(sweeps->rows[0][5]), "1");
  EXPECT_EQ(cell(sweeps->rows[0][6]), "1");
  EXPECT_EQ(cell(sweeps->rows[0][9]), "2");

  auto site = query_site(*db, "p/d1/a", false, {});
  ASSERT_TRUE(site);
  ASSERT_EQ(site->rows.size(), 3u);
  EXPECT_EQ(cell(site->rows[0][3]), "L1");
  EXPECT_EQ(cell(site->rows[2][3]), "L3");
  auto missing = query_site(*db, "p/d9/zz", false, {});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("no site"), std::string::npos);

  auto sf = query_site(*db, "p/d2/e", true, Period{"2026-03-01", "2026-03-09"});
  ASSERT_TRUE(sf);
  ASSERT_EQ(sf->rows.size(), 3u);  // w1: two findings, w2: one; w3 is outside the period
  EXPECT_EQ(cell(sf->rows[2][4]), "nat64.tcp");

  auto ch = query_changes(*db, "#1", "2026-03-16");
  ASSERT_TRUE(ch) << ch.error();
  ASSERT_EQ(ch->rows.size(), 3u);  // c regressed L2→L1 (listed first), a L1→L3, e L0→L1
  EXPECT_EQ(cell(ch->rows[0][0]), "p/d2/c");
  EXPECT_EQ(cell(ch->rows[0][1]), "regression");
  EXPECT_EQ(cell(ch->rows[1][0]), "p/d2/e");
  EXPECT_EQ(cell(ch->rows[2][0]), "p/d1/a");
  EXPECT_EQ(cell(ch->rows[2][3]), "L3");
  auto by_label = query_changes(*db, "w2", "w3");
  ASSERT_TRUE(by_label);
  EXPECT_EQ(by_label->rows.size(), 2u);  // a L2→L3, e L0→L1
  EXPECT_FALSE(query_changes(*db, "#99", "#1"));
  EXPECT_FALSE(query_changes(*db, "2025-01-01", "#1"));  // nothing on or before that day

  auto below = query_below_plan(*db, 2);
  ASSERT_TRUE(below);
  ASSERT_EQ(below->rows.size(), 1u);  // b (three in a row); e met the plan in w3
  EXPECT_EQ(cell(below->rows[0][0]), "p/d1/b");
  EXPECT_EQ(cell(below->rows[0][5]), "3");
  EXPECT_EQ(cell(below->rows[0][6]), "2026-03-02T02:00:00.000Z");
  EXPECT_EQ(query_below_plan(*db, 1)->rows.size(), 1u);
  EXPECT_EQ(query_below_plan(*db, 4)->rows.size(), 0u);

  auto fc = query_failing_checks(*db, {}, 10);
  ASSERT_TRUE(fc);
  ASSERT_EQ(fc->rows.size(), 2u);
  EXPECT_EQ(cell(fc->rows[0][1]), "nat64.tcp.x");
  EXPECT_EQ(cell(fc->rows[0][2]), "4");  // fails
  EXPECT_EQ(cell(fc->rows[0][3]), "2");  // sites
  EXPECT_EQ(cell(fc->rows[0][4]), "2");  // sweeps
  auto fc3 = query_failing_checks(*db, Period{"2026-03-10", std::nullopt}, 10);
  ASSERT_EQ(fc3->rows.size(), 1u);
  EXPECT_EQ(cell(fc3->rows[0][1]), "dns64.synth.y");

  auto dist = query_districts(*db, {}, std::string("p/d2"));
  ASSERT_TRUE(dist);
  ASSERT_EQ(dist->rows.size(), 3u);
  EXPECT_EQ(std::get<double>(dist->rows[0][4]), 50.0);  // w1 d2: c L2, e L0
  EXPECT_EQ(std::get<double>(dist->rows[0][6]), 50.0);
  EXPECT_EQ(std::get<double>(dist->rows[2][5]), 100.0);  // w3 d2: both L1
  EXPECT_EQ(cell(dist->rows[0][9]), "1");
  EXPECT_EQ(query_districts(*db, {}, std::nullopt)->rows.size(), 6u);
}

TEST_F(ArchiveTest, PlanProgressAndProjection) {
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db);
  fill(*db);
  // Targets of the newest sweep (2026): L1 in 2026, L2 in 2027. Pace over 2 sweeps: w1 → w3, two weeks.
  auto t = query_plan(*db, {}, 2);
  ASSERT_TRUE(t) << t.error();
  ASSERT_EQ(t->rows.size(), 4u);  // p/d1, p/d2 × 2026, 2027
  // p/d1 2026 (L1): w3 a L3, b L0 → 50 %; w1 a L1, b L0 → 50 %: no progress.
  EXPECT_EQ(cell(t->rows[0][0]), "p/d1");
  EXPECT_EQ(cell(t->rows[0][2]), "2026");
  EXPECT_EQ(std::get<double>(t->rows[0][5]), 50.0);
  EXPECT_EQ(std::get<double>(t->rows[0][6]), 50.0);
  EXPECT_EQ(cell(t->rows[0][8]), "not at this pace");
  EXPECT_EQ(cell(t->rows[0][9]), "no");
  // p/d2 2026 (L1): w3 c L1, e L1 → 100 %: reached.
  EXPECT_EQ(cell(t->rows[2][0]), "p/d2");
  EXPECT_EQ(cell(t->rows[2][8]), "reached");
  // p/d2 2027 (L2): w3 0 %, w1 50 % (c was L2): going down.
  EXPECT_EQ(std::get<double>(t->rows[3][5]), 0.0);
  EXPECT_EQ(std::get<double>(t->rows[3][7]), -25.0);
  EXPECT_EQ(cell(t->rows[3][8]), "not at this pace");
  // p/d1 2027 (L2): w3 a L3 → 50 %, w1 0 %: +25 points a week, 100 % two weeks after 2026-03-16.
  EXPECT_EQ(std::get<double>(t->rows[1][7]), 25.0);
  EXPECT_EQ(cell(t->rows[1][8]), "2026-03-30");
  EXPECT_EQ(cell(t->rows[1][9]), "yes");
  // As of w2 (--until), pace over 1 sweep.
  auto t2 = query_plan(*db, Period{std::nullopt, "2026-03-09"}, 1);
  ASSERT_TRUE(t2);
  EXPECT_EQ(std::get<double>(t2->rows[1][5]), 50.0);  // p/d1 2027: a L2 in w2
}

TEST_F(ArchiveTest, PruneKeepsLevels) {
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db);
  fill(*db);
  auto r = prune(*db, PruneOptions{1, std::nullopt, true});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->sweeps_pruned, 2);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM findings"), 1);  // w3: b's one finding
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results"), 12);
  EXPECT_TRUE(check_archive(*db)->empty());
  EXPECT_EQ(query_site(*db, "p/d1/a", false, {})->rows.size(), 3u);
  EXPECT_EQ(query_changes(*db, "#1", "#3")->rows.size(), 3u);
  EXPECT_EQ(query_below_plan(*db, 3)->rows.size(), 1u);
  // A pruned sweep is still known: adding it again changes nothing.
  EXPECT_FALSE(add_sweep(*db, docs_[0], refs_for(docs_[0]))->added);
  EXPECT_EQ(prune(*db, PruneOptions{1, std::nullopt, true})->sweeps_pruned, 0);
  EXPECT_FALSE(prune(*db, PruneOptions{}));
}

TEST_F(ArchiveTest, MigratesForward) {
  {
    auto db = Db::open(path_, OpenMode::create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA application_id = " + std::to_string(kApplicationId)));
    ASSERT_TRUE(migrate(*db, 1));
    EXPECT_EQ(*schema_version(*db), 1);
  }
  {
    auto ro = open_archive(path_, Access::read);  // an older schema is read as it is
    ASSERT_TRUE(ro) << ro.error();
    EXPECT_EQ(*schema_version(*ro), 1);
  }
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(*schema_version(*db), kSchemaVersion);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM plan_targets"), 0);
}

TEST_F(ArchiveTest, RefusesForeignDamagedAndNewerFilesWithoutTouchingThem) {
  auto refuse = [&](const std::string& what, const std::string& expect) {
    const auto before = file_sha(path_);
    for (auto access : {Access::read, Access::write}) {
      auto db = open_archive(path_, access);
      ASSERT_FALSE(db) << what;
      EXPECT_NE(db.error().find(expect), std::string::npos) << what << ": " << db.error();
    }
    EXPECT_EQ(file_sha(path_), before) << what;
    EXPECT_FALSE(fs::exists(path_ + "-wal")) << what;
  };
  std::ofstream(path_, std::ios::binary) << "id,site\n1,commune\n";
  refuse("text file", "not an SQLite database");
  fs::remove(path_);
  {
    auto db = Db::open(path_, OpenMode::create);
    ASSERT_TRUE(db->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));
  }
  refuse("foreign database", "another application");
  fs::remove(path_);
  {
    auto db = open_archive(path_, Access::write);
    ASSERT_TRUE(db);
    fill(*db);
    ASSERT_TRUE(db->exec("PRAGMA user_version = 99"));
  }
  refuse("newer schema", "newer");
  fs::remove(path_);
  {
    auto db = open_archive(path_, Access::write);
    fill(*db);
  }
  fs::resize_file(path_, fs::file_size(path_) / 2);
  refuse("truncated", "damaged archive");
  EXPECT_FALSE(open_archive((dir_ / "absent.db").string(), Access::read));
  EXPECT_FALSE(fs::exists(dir_ / "absent.db"));
}

TEST_F(ArchiveTest, OutputEscapesArchiveContent) {
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db);
  const std::string evil =
      "p/d1/\x1b[31mred\xe2\x80\xae"
      "evil";
  auto d = make_doc("=HYPERLINK(\"x\")\n", "2026-03-02T02:00:00.000Z", {{evil, Level::L1, true, {}}});
  ASSERT_TRUE(add_sweep(*db, d, refs_for(d)));
  auto t = query_sweeps(*db, {});
  ASSERT_TRUE(t);
  const auto term = render(*t, Format::terminal);
  EXPECT_EQ(term.find('\x1b'), std::string::npos);
  EXPECT_NE(term.find("=HYPERLINK(\"x\")\\x0a"), std::string::npos);
  const auto csv = render(*t, Format::csv);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\\x0a\""), std::string::npos) << csv;
  auto s = query_site(*db, evil, false, {});
  ASSERT_TRUE(s);
  const auto st = render(*s, Format::terminal);
  EXPECT_EQ(st.find('\x1b'), std::string::npos);
  EXPECT_EQ(st.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_NE(st.find("\\u202e"), std::string::npos);
  const auto js = render(*s, Format::json);
  EXPECT_EQ(js.find('\x1b'), std::string::npos);
  EXPECT_NE(js.find("\\u001b[31mred\\u202eevil"), std::string::npos) << js;
}

// findings /2: a site without a level is stored at no rank, and one not assessed against the plan is
// not below it; a site with a level but not assessed against the plan neither.
TEST_F(ArchiveTest, NotAssessedIsNeitherALevelNorBelowThePlan) {
  auto db = open_archive(path_, Access::write);
  ASSERT_TRUE(db) << db.error();
  fill(*db);
  auto d = make_doc("w4", "2026-03-23T02:00:00.000Z",
                    {{"p/d1/a", Level::L3, true, {}},
                     {"p/d1/b", Level::L0, false, {}},
                     {"p/d2/c", Level::L1, true, {}},
                     {"p/d2/e", Level::L1, false, {}}});
  d.sites[1].level.reset();
  d.sites[1].plan_verdict = findings::PlanVerdict::not_assessed;
  d.sites[3].plan_verdict = findings::PlanVerdict::not_assessed;
  auto r = add_sweep(*db, d, refs_for(d));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(*db->scalar("SELECT level_rank FROM site_results WHERE sweep_id = 4 AND site_id = 2"), -1);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results WHERE plan_verdict = 'not_assessed'"), 2);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results WHERE meets_plan = 1 AND sweep_id = 4"), 2);
  auto sweeps = query_sweeps(*db, {});
  ASSERT_TRUE(sweeps) << sweeps.error();
  ASSERT_EQ(sweeps->rows.size(), 4u);
  EXPECT_EQ(cell(sweeps->rows[3][4]), "0");  // L0: none (b is not assessed)
  EXPECT_EQ(cell(sweeps->rows[3][5]), "2");  // L1: c, e
  // b was below in w1..w3 and is not assessed in w4: not below for the last 2 sweeps.
  EXPECT_EQ(query_below_plan(*db, 1)->rows.size(), 0u);
  EXPECT_EQ(query_below_plan(*db, 2)->rows.size(), 0u);
  auto dist = query_districts(*db, {}, std::string("p/d1"));
  ASSERT_TRUE(dist) << dist.error();
  ASSERT_EQ(dist->rows.size(), 4u);
  EXPECT_EQ(cell(dist->rows[2].back()), "1");  // w3: b below
  EXPECT_EQ(cell(dist->rows[3].back()), "0");  // w4: b not assessed
}

TEST_F(ArchiveTest, SchemaThreeDerivesThePlanVerdictOfOlderRows) {
  {
    auto db = Db::open(path_, OpenMode::create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA application_id = " + std::to_string(kApplicationId)));
    ASSERT_TRUE(migrate(*db, 2));
    ASSERT_TRUE(db->exec(
        "INSERT INTO sweeps VALUES (1,'k','w1','2026-03-02T02:00:00.000Z','x','x','complete','p',NULL,2026,"
        "'v',3,1); INSERT INTO sites VALUES (1,'p/d/a','p/d'),(2,'p/d/b','p/d'),(3,'p/d/c','p/d');"));
    // (site, level, required, meets_plan): meets; below; not in the plan.
    for (const char* v : {"1,'L2','L1',1", "2,'L0','L1',0", "3,'L0',NULL,0"})
      ASSERT_TRUE(db->exec(
          std::string("INSERT INTO site_results (sweep_id, site_id, level, required_level, meets_plan, "
                      "site_class, level_rank, n_pass, n_info, n_warn, n_fail, n_error, n_skipped, n_checks, "
                      "n_findings, bundle_name, bundle_path, bundle_key, verified, run_id, probe_id, "
                      "started_utc, scenario_name, scenario_sha256) VALUES (1,") +
          v + ",'c',0,0,0,0,0,0,0,0,0,'b','b','k',1,'r','p','t','s','h')"));
  }
  auto db = open_archive(path_, Access::read);  // read as it is: below from meets_plan
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(*schema_version(*db), 2);
  EXPECT_EQ(query_below_plan(*db, 1)->rows.size(), 1u);
  db = open_archive(path_, Access::write);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(*schema_version(*db), kSchemaVersion);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results WHERE site_id = 1 AND plan_verdict = 'meets'"), 1);
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM site_results WHERE site_id = 2 AND plan_verdict = 'below'"), 1);
  EXPECT_EQ(
      *db->scalar("SELECT COUNT(*) FROM site_results WHERE site_id = 3 AND plan_verdict = 'not_in_plan'"), 1);
  auto below = query_below_plan(*db, 1);
  ASSERT_TRUE(below) << below.error();
  ASSERT_EQ(below->rows.size(), 1u);
  EXPECT_EQ(cell(below->rows[0][0]), "p/d/b");
}

}  // namespace
}  // namespace v6r::archive
