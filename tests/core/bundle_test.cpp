#include "core/bundle.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/sha256.hpp"
#include "tests/core/bundle_fixtures.hpp"

namespace v6r::bundle {
namespace {

namespace fs = std::filesystem;

using fixtures::info;
using fixtures::result;

/// A temporary directory for this file's tests.
struct TempDir : fixtures::TempDir {
  TempDir() : fixtures::TempDir("v6r_bundle") {}
};

const char* kScenario = "name: commune-basic\nchecks: []\n";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The verification of a bundle directory, also when it does not verify.
Verification verify_dir(const fs::path& dir) {
  auto b = BundleReader::open(dir, OpenOptions{true, {}});
  if (b) return b->verification();
  EXPECT_TRUE(b.error().verification) << b.error().message;  // e.g. run.json changed: not parsed
  return b.error().verification.value_or(Verification{});
}

fs::path make_bundle(const fs::path& out) {
  auto w = BundleWriter::create(out, info(), kScenario);
  EXPECT_TRUE(w) << w.error();
  EXPECT_TRUE(w->append_result(result(1, Verdict::pass)));
  EXPECT_TRUE(w->append_result(result(2, Verdict::fail)));
  EXPECT_TRUE(w->append_result(result(3, Verdict::pass)));
  std::ofstream(w->capture_path(), std::ios::binary) << std::string("\x0a\x0d\x0d\x0a", 4);
  auto done = w->finish(RunStatus::complete);
  EXPECT_TRUE(done) << done.error();
  return *done;
}

TEST(BundleName, FormatAndParse) {
  auto t = *parse_rfc3339_ms("2024-05-01T12:34:56.789Z");
  auto n = bundle_name("hanoi/ba-dinh/phuc-xa", t, "0123abcd");
  EXPECT_EQ(n, "hanoi.ba-dinh.phuc-xa_20240501T123456Z_0123abcd");
  auto p = parse_bundle_name(n);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->site, "hanoi.ba-dinh.phuc-xa");
  EXPECT_EQ(p->run_id, "0123abcd");
  EXPECT_EQ(format_compact_utc(p->started), "20240501T123456Z");
  EXPECT_FALSE(parse_bundle_name("x_20240501T123456Z_0123abc"));
  EXPECT_FALSE(parse_bundle_name(".x_20240501T123456Z_0123abcd"));
  EXPECT_FALSE(parse_bundle_name("_20240501T123456Z_0123abcd"));
  EXPECT_TRUE(is_valid_site("a/b-c/d-e"));
  EXPECT_FALSE(is_valid_site("a/b-c/d_e"));  // core/site_path.hpp; its own test covers the rule
  EXPECT_FALSE(is_valid_site("a//b"));
  EXPECT_FALSE(is_valid_site("../x"));
  EXPECT_FALSE(is_valid_site("a b"));
  auto id = new_run_id();
  EXPECT_TRUE(is_run_id(id)) << id;
  EXPECT_NE(id, new_run_id());
}

TEST(Bundle, RoundTripAndCoreutilsVerify) {
  TempDir d;
  auto dir = make_bundle(d.path());
  EXPECT_EQ(dir.filename().string().substr(0, 39), "hanoi.ba-dinh.phuc-xa_20240501T120000Z_");
  EXPECT_FALSE(fs::exists(dir / kWriterPidFile));
  for (auto f : {kRunJson, kResultsFile, kCaptureFile, kScenarioFile, kManifestFile})
    EXPECT_TRUE(fs::is_regular_file(dir / f)) << f;
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path()), fs::directory_iterator{}), 1)
      << "tmp dir renamed away";
  EXPECT_EQ(
      std::system(("cd '" + dir.string() + "' && sha256sum --quiet --strict -c MANIFEST.sha256").c_str()), 0);

  auto b = BundleReader::open(dir);
  ASSERT_TRUE(b) << b.error().message;
  const auto& ri = b->run_info();
  EXPECT_EQ(ri.status, RunStatus::complete);
  EXPECT_FALSE(ri.partial_reason);
  EXPECT_EQ(ri.counts.pass, 2u);
  EXPECT_EQ(ri.counts.fail, 1u);
  EXPECT_EQ(ri.scenario.sha256, sha256_hex(std::string_view(kScenario)));
  EXPECT_FALSE(ri.tool.version.empty());
  EXPECT_GE(ri.stopped_utc, ri.started_utc);
  EXPECT_EQ(*b->read_file(kScenarioFile), kScenario);
  ASSERT_TRUE(b->capture_bytes());
  EXPECT_EQ(b->capture_bytes()->size(), 4u);
  auto rs = b->results();
  ASSERT_TRUE(rs) << rs.error();
  std::vector<CheckResult> got;
  while (auto l = rs->next()) {
    ASSERT_TRUE(l->result) << l->result.error().to_string();
    got.push_back(*l->result);
  }
  EXPECT_FALSE(rs->truncated());
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1], result(2, Verdict::fail));
  EXPECT_TRUE(b->verification().verified());
  EXPECT_EQ(b->verification().signature.status, SignatureStatus::unsigned_bundle);
  for (auto f : {kRunJson, kResultsFile, kCaptureFile, kScenarioFile}) EXPECT_TRUE(b->vouched(f)) << f;
  EXPECT_EQ(list_bundles(d.path()), std::vector<fs::path>{dir});
}

TEST(Bundle, FlippingOneByteNamesExactlyThatFile) {
  TempDir d;
  auto dir = make_bundle(d.path());
  for (auto f : {kRunJson, kResultsFile, kCaptureFile, kScenarioFile}) {
    auto p = dir / f;
    auto original = slurp(p);
    auto changed = original;
    changed[changed.size() / 2] = static_cast<char>(changed[changed.size() / 2] ^ 0x01);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << changed;
    auto v = verify_dir(dir);
    EXPECT_EQ(v.files.mismatched, std::vector<std::string>{std::string(f)});
    EXPECT_TRUE(v.files.missing.empty());
    EXPECT_TRUE(v.files.unlisted.empty());
    EXPECT_FALSE(v.vouched.contains(f));
    EXPECT_FALSE(BundleReader::open(dir)) << "refused without --allow-unverified";
    EXPECT_NE(
        std::system(
            ("cd '" + dir.string() + "' && sha256sum --quiet -c MANIFEST.sha256 >/dev/null 2>&1").c_str()),
        0);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << original;
  }
  EXPECT_TRUE(verify_dir(dir).verified());
}

TEST(Bundle, MissingAndExtraFilesAreNamed) {
  TempDir d;
  auto dir = make_bundle(d.path());
  fs::remove(dir / kCaptureFile);
  std::ofstream(dir / "notes.txt") << "added later\n";
  auto refused = BundleReader::open(dir);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().refused && refused.error().unverified);
  auto b = BundleReader::open(dir, OpenOptions{true, {}});
  ASSERT_TRUE(b) << b.error().message;
  const auto& v = b->verification().files;
  EXPECT_EQ(v.missing, std::vector<std::string>{"capture.pcapng"});
  EXPECT_EQ(v.unlisted, std::vector<std::string>{"notes.txt"});
  EXPECT_TRUE(v.mismatched.empty());
  EXPECT_FALSE(b->capture_bytes());
}

TEST(Bundle, KilledWriterLeavesTmpThatCleanupRemoves) {
  TempDir d;
  fs::path tmp;
  // A child process creates a bundle, appends, and dies without finishing (as under SIGKILL).
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto w = BundleWriter::create(d.path(), info(), kScenario);
    if (!w || !w->append_result(result(1, Verdict::pass))) ::_exit(1);
    ::_exit(0);  // no destructor, no finish
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  for (const auto& e : fs::directory_iterator(d.path())) tmp = e.path();
  ASSERT_FALSE(tmp.empty());
  EXPECT_TRUE(tmp.filename().string().starts_with(".hanoi.ba-dinh.phuc-xa_"));
  EXPECT_TRUE(tmp.filename().string().ends_with(".tmp"));
  EXPECT_TRUE(fs::exists(tmp / kWriterPidFile));

  // Never mistaken for a bundle.
  EXPECT_TRUE(list_bundles(d.path()).empty());
  auto b = BundleReader::open(tmp);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("not a finished bundle"), std::string::npos);

  // A live writer in this process is kept; a dir that does not look like ours is never touched.
  auto live = BundleWriter::create(d.path(), info(), kScenario);
  ASSERT_TRUE(live) << live.error();
  fs::create_directory(d.path() / ".someone-else.tmp");
  fs::create_directory(d.path() / ".x_20240501T120000Z_0123abcd.tmp");
  std::ofstream(d.path() / ".x_20240501T120000Z_0123abcd.tmp" / "photo.jpg") << "x";

  auto r = cleanup_stale(d.path(), std::chrono::hours(1));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->removed, std::vector<fs::path>{tmp});
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_TRUE(fs::exists(live->tmp_dir()));
  EXPECT_TRUE(fs::exists(d.path() / ".someone-else.tmp"));
  EXPECT_TRUE(fs::exists(d.path() / ".x_20240501T120000Z_0123abcd.tmp"));

  // Old enough: removed even when the pid file is gone (killed during finish).
  fs::remove(live->tmp_dir() / kWriterPidFile);
  auto r2 = cleanup_stale(d.path(), std::chrono::seconds(0));
  ASSERT_TRUE(r2);
  EXPECT_FALSE(fs::exists(live->tmp_dir()));
}

// finish() removes .writer.pid first, then writes run.json, fsyncs, writes the manifest and renames:
// a writer killed in between left a .tmp dir without a pid that cleanup_stale kept for max_age (24 h).
TEST(Bundle, WriterKilledInFinishIsStaleAtOnce) {
  TempDir d;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto w = BundleWriter::create(d.path(), info(), kScenario);
    if (!w || !w->append_result(result(1, Verdict::pass))) ::_exit(1);
    std::error_code ec;
    fs::remove(w->tmp_dir() / kWriterPidFile, ec);  // where finish() starts
    std::ofstream(w->tmp_dir() / kRunJson) << "{}";
    std::ofstream(w->tmp_dir() / kManifestFile) << "";
    ::_exit(ec ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  // A live writer in the same state (pid file gone) is kept: it holds the dir's lock.
  auto live = BundleWriter::create(d.path(), info(), kScenario);
  ASSERT_TRUE(live) << live.error();
  fs::remove(live->tmp_dir() / kWriterPidFile);
  auto r = cleanup_stale(d.path(), std::chrono::hours(1));
  ASSERT_TRUE(r) << r.error();
  ASSERT_EQ(r->removed.size(), 1u);
  EXPECT_NE(r->removed[0], live->tmp_dir());
  EXPECT_FALSE(fs::exists(r->removed[0]));
  EXPECT_TRUE(fs::exists(live->tmp_dir()));
  ASSERT_EQ(r->kept.size(), 1u);
  EXPECT_EQ(r->kept[0].second, "writer holds the dir's lock");
}

TEST(Bundle, TruncatedLastLineIsReportedNotFatal) {
  TempDir d;
  auto dir = make_bundle(d.path());
  auto full = slurp(dir / kResultsFile);
  std::ofstream(dir / kResultsFile, std::ios::binary | std::ios::trunc) << full << full.substr(0, 40);
  ASSERT_TRUE(write_manifest(dir));  // as a probe killed mid-line and then finished would have sealed it
  auto b = BundleReader::open(dir);
  ASSERT_TRUE(b);
  auto rs = b->results();
  ASSERT_TRUE(rs);
  std::size_t ok = 0;
  std::optional<RecordError> err;
  while (auto l = rs->next()) {
    if (l->result)
      ++ok;
    else
      err = l->result.error();
  }
  EXPECT_EQ(ok, 3u);
  ASSERT_TRUE(err);
  EXPECT_TRUE(err->truncated);
  EXPECT_EQ(err->line, 4u);
  EXPECT_TRUE(rs->truncated());
  EXPECT_NE(err->to_string().find("results.jsonl:4: truncated"), std::string::npos) << err->to_string();
}

TEST(Bundle, MalformedMiddleLineNamesLineAndFieldAndContinues) {
  std::string good = to_json_line(result(1, Verdict::pass));
  std::string bad = good;
  bad.replace(bad.find("\"pass\""), 6, "\"PASS\"");
  std::string text = good + "\n" + bad + "\n" + good + "\n";
  ResultsReader rs(text);
  auto l1 = rs.next(), l2 = rs.next(), l3 = rs.next();
  EXPECT_FALSE(rs.next());
  ASSERT_TRUE(l1 && l2 && l3);
  EXPECT_TRUE(l1->result);
  ASSERT_FALSE(l2->result);
  EXPECT_EQ(l2->result.error().line, 2u);
  EXPECT_EQ(l2->result.error().field, "verdict");
  EXPECT_FALSE(l2->result.error().truncated);
  EXPECT_TRUE(l3->result);
}

TEST(Bundle, PartialFinishAndTarRoundTrip) {
  TempDir d;
  auto w = BundleWriter::create(d.path() / "out", info(), kScenario);
  ASSERT_TRUE(w) << w.error();
  ASSERT_TRUE(w->append_result(result(1, Verdict::warn)));
  auto dir = w->finish(RunStatus::partial, "SIGTERM after 1 check");
  ASSERT_TRUE(dir) << dir.error();
  EXPECT_FALSE(w->finish(RunStatus::complete)) << "finish is once";
  EXPECT_FALSE(w->append_result(result(2, Verdict::pass)));

  auto tar = pack_bundle(*dir, d.path() / (dir->filename().string() + ".tar"));
  ASSERT_TRUE(tar) << tar.error();
  EXPECT_EQ(std::system(("tar -tf '" + tar->string() + "' >/dev/null").c_str()), 0);
  auto b = BundleReader::open(*tar);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_TRUE(b->is_tar());
  EXPECT_EQ(b->name(), dir->filename().string());
  EXPECT_EQ(b->run_info().status, RunStatus::partial);
  EXPECT_EQ(b->run_info().partial_reason, "SIGTERM after 1 check");
  EXPECT_EQ(b->run_info().counts.warn, 1u);
  EXPECT_FALSE(b->capture_bytes()) << "no capture was written";
  EXPECT_TRUE(b->verification().verified());
  auto rs = b->results();
  ASSERT_TRUE(rs);
  auto l = rs->next();
  ASSERT_TRUE(l && l->result);
  EXPECT_EQ(l->result->verdict, Verdict::warn);
  EXPECT_EQ(list_bundles(d.path()), std::vector<fs::path>{*tar});
}

TEST(Bundle, CreateRejectsBadInput) {
  TempDir d;
  auto bad_site = info();
  bad_site.site = "../etc";
  EXPECT_FALSE(BundleWriter::create(d.path(), bad_site, kScenario));
  auto bad_id = info();
  bad_id.run_id = "nothex!!";
  EXPECT_FALSE(BundleWriter::create(d.path(), bad_id, kScenario));
  EXPECT_FALSE(BundleReader::open(d.path() / "nope"));
}

}  // namespace
}  // namespace v6r::bundle
