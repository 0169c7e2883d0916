// write_atomic: the file appears whole with mode 0644, no temp file is left behind, a failure leaves
// the old file untouched; fsync_path on files and directories.
#include "core/fs_util.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace v6r {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "v6r_fs_util_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, ec);
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteAtomic, WritesReplacesAndLeavesNoTempFile) {
  TempDir d;
  const auto f = d.path() / "findings.json";
  EXPECT_EQ(write_atomic(f, "first\n"), std::nullopt);
  EXPECT_EQ(slurp(f), "first\n");
  const std::string big(1 << 20, 'x');
  EXPECT_EQ(write_atomic(f, big), std::nullopt);
  EXPECT_EQ(slurp(f), big);
  EXPECT_EQ(entries(d.path()), 1U);
  struct stat st {};
  ASSERT_EQ(::stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644U);
  EXPECT_EQ(write_atomic(f, ""), std::nullopt);
  EXPECT_EQ(fs::file_size(f), 0U);
}

TEST(WriteAtomic, ParentDirectories) {
  TempDir d;
  const auto f = d.path() / "a" / "b" / "out.json";
  auto err = write_atomic(f, "x");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot create a temp file in"), std::string::npos) << *err;
  EXPECT_EQ(write_atomic(f, "x", ParentDirs::create), std::nullopt);
  EXPECT_EQ(slurp(f), "x");
}

TEST(WriteAtomic, FailureKeepsTheOldFile) {
  TempDir d;
  const auto f = d.path() / "report.html";
  ASSERT_EQ(write_atomic(f, "old"), std::nullopt);
  // A directory in the way of the rename: the write fails, the temp file is removed.
  const auto blocked = d.path() / "dir";
  fs::create_directories(blocked / "inside");
  auto err = write_atomic(blocked, "new");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot rename"), std::string::npos) << *err;
  EXPECT_EQ(entries(d.path()), 2U);
  EXPECT_EQ(slurp(f), "old");
  if (::geteuid() != 0) {  // root ignores directory permissions
    fs::permissions(d.path(), fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_TRUE(write_atomic(f, "new").has_value());
    fs::permissions(d.path(), fs::perms::owner_all);
    EXPECT_EQ(slurp(f), "old");
  }
}

TEST(FsyncPath, FilesAndDirectories) {
  TempDir d;
  const auto f = d.path() / "x";
  ASSERT_EQ(write_atomic(f, "x"), std::nullopt);
  EXPECT_EQ(fsync_path(f, false), std::nullopt);
  EXPECT_EQ(fsync_path(d.path(), true), std::nullopt);
  auto err = fsync_path(d.path() / "missing", false);
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot open for fsync"), std::string::npos);
}

}  // namespace
}  // namespace v6r
