#include "core/manifest.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/sha256.hpp"

namespace v6r::bundle {
namespace {

namespace fs = std::filesystem;

const std::string kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const std::string kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "v6r_manifest_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

TEST(Manifest, FormatIsSortedSha256sumText) {
  auto text = format_manifest({{kEmpty, "b.txt"}, {kAbc, "a.txt"}});
  ASSERT_TRUE(text) << text.error();
  EXPECT_EQ(*text, kAbc + "  a.txt\n" + kEmpty + "  b.txt\n");
  EXPECT_FALSE(format_manifest({{kAbc, "../x"}}));
  EXPECT_FALSE(format_manifest({{kAbc, "a\nb"}}));
  EXPECT_FALSE(format_manifest({{"zz", "a"}}));
  EXPECT_FALSE(format_manifest({{kAbc, "a"}, {kAbc, "a"}}));
}

TEST(Manifest, ParseAcceptsWhatSha256sumPrints) {
  std::string upper = kAbc;
  for (auto& c : upper) c = static_cast<char>(std::toupper(c));
  auto m = parse_manifest(upper + " *bin.dat\n" + kEmpty + "  dir/text.txt");  // no final newline
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0], (ManifestEntry{kAbc, "bin.dat"}));
  EXPECT_EQ((*m)[1], (ManifestEntry{kEmpty, "dir/text.txt"}));
  EXPECT_TRUE(parse_manifest("")->empty());
}

TEST(Manifest, MalformedLinesNameTheLine) {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {kAbc + "  a\n\n", 2},
      {kAbc + "  a\n" + kAbc.substr(1) + "  b\n", 2},
      {kAbc + " a\n", 1},
      {kAbc + "\tx\n", 1},
      {"\\" + kAbc + "  a\\nb\n", 1},
      {kAbc + "  /etc/passwd\n", 1},
      {kAbc + "  a/../../b\n", 1},
      {kAbc + "  a\n" + kEmpty + "  b\n" + kEmpty + "  a\n", 3},
      {"SHA256 (a) = " + kAbc + "\n", 1},
      {std::string(64, 'g') + "  a\n", 1},
  };
  for (const auto& [text, line] : cases) {
    auto m = parse_manifest(text);
    ASSERT_FALSE(m) << text;
    EXPECT_EQ(m.error().line, line) << text << " -> " << m.error().to_string();
  }
}

TEST(Manifest, WriteVerifyAndCoreutilsAgree) {
  TempDir d;
  write(d.path() / "run.json", "{}\n");
  write(d.path() / "results.jsonl", "abc");
  fs::create_directory(d.path() / "sub");
  write(d.path() / "sub" / "x.bin", std::string("\0\1\2", 3));
  auto w = write_manifest(d.path());
  ASSERT_TRUE(w) << w.error();
  ASSERT_EQ(w->size(), 3u);
  EXPECT_EQ((*w)[0].path, "results.jsonl");
  EXPECT_EQ((*w)[0].sha256, kAbc);
  std::string cmd = "cd '" + d.path().string() + "' && sha256sum --quiet --strict -c MANIFEST.sha256";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST(Manifest, CompareNamesMismatchedMissingAndUnlisted) {
  const std::vector<ManifestEntry> listed{{kAbc, "a"}, {kAbc, "b"}, {kAbc, "c"}};
  const std::vector<ManifestEntry> actual{
      {kEmpty, "a"}, {kAbc, "c"}, {kAbc, "new"}, {kAbc, "MANIFEST.sha256"}, {kAbc, "MANIFEST.sig"}};
  auto v = compare_manifest(listed, actual);
  EXPECT_EQ(v.mismatched, std::vector<std::string>{"a"});
  EXPECT_EQ(v.missing, std::vector<std::string>{"b"});
  EXPECT_EQ(v.unlisted, std::vector<std::string>{"new"})
      << "the manifest and its signature are never unlisted";
  EXPECT_EQ(v.summary(), "mismatched: a; missing: b; unlisted: new");
}

TEST(Manifest, ErrorsQuoteNothingOfTheFile) {
  const std::string secret = "s3cr3t-line";
  for (const std::string& text : {kAbc + "  /" + secret + "\n",
                                  kAbc + "  " + secret + "\n" + kAbc + "  " + secret + "\n", secret + "\n"}) {
    auto m = parse_manifest(text);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().to_string().find(secret), std::string::npos) << m.error().to_string();
  }
}

TEST(Manifest, HashTreeSkipsTheManifestAndItsSignature) {
  TempDir d;
  write(d.path() / "a", "abc");
  write(d.path() / "MANIFEST.sig", "sig");
  ASSERT_TRUE(write_manifest(d.path()));
  auto again = hash_tree(d.path());
  ASSERT_TRUE(again) << again.error();
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].path, "a");
}

}  // namespace
}  // namespace v6r::bundle
