#include "core/tar.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace v6r::bundle {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> bytes(std::string_view s) {
  return {s.begin(), s.end()};
}
std::string str(std::span<const std::uint8_t> b) {
  return {b.begin(), b.end()};
}

std::vector<std::uint8_t> sample_archive() {
  std::vector<TarInput> in;
  in.push_back({"bundle", true, 0755, 1714564800, {}});
  in.push_back({"bundle/run.json", false, 0644, 1714564800, bytes("{}\n")});
  in.push_back({"bundle/empty", false, 0600, 0, {}});
  in.push_back({"bundle/" + std::string(60, 'd') + "/" + std::string(60, 'n'), false, 0644, 5,
                bytes(std::string(513, 'z'))});
  auto out = write_ustar(in);
  EXPECT_TRUE(out) << out.error();
  return *out;
}

// Recomputes the header checksum after a test modifies a header (to test the field, not the checksum).
void fix_checksum(std::vector<std::uint8_t>& a, std::size_t off) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : a[off + i];
  std::snprintf(reinterpret_cast<char*>(&a[off + 148]), 8, "%06o", sum);
  a[off + 155] = ' ';
}

TEST(Tar, RoundTrip) {
  auto a = sample_archive();
  EXPECT_EQ(a.size() % 512, 0u);
  auto e = read_ustar(a);
  ASSERT_TRUE(e) << e.error().to_string();
  ASSERT_EQ(e->size(), 4u);
  EXPECT_TRUE((*e)[0].is_directory);
  EXPECT_EQ((*e)[0].path, "bundle");
  EXPECT_EQ((*e)[1].path, "bundle/run.json");
  EXPECT_EQ(str((*e)[1].data), "{}\n");
  EXPECT_FALSE(write_ustar({{"bundle/" + std::string(120, 'n'), false, 0644, 0, {}}})) << "name part > 100";
  EXPECT_EQ((*e)[1].mtime, 1714564800u);
  EXPECT_EQ((*e)[2].mode, 0600u);
  EXPECT_TRUE((*e)[2].data.empty());
  EXPECT_EQ((*e)[3].path, "bundle/" + std::string(60, 'd') + "/" + std::string(60, 'n'))
      << "long names use the ustar prefix field";
  EXPECT_EQ(str((*e)[3].data), std::string(513, 'z'));
}

TEST(Tar, GnuTarReadsOursAndWeReadGnuTar) {
  char tmpl[] = "/tmp/v6r_tar_XXXXXX";
  fs::path d = ::mkdtemp(tmpl);
  auto a = sample_archive();
  std::ofstream(d / "ours.tar", std::ios::binary)
      .write(reinterpret_cast<const char*>(a.data()), static_cast<std::streamsize>(a.size()));
  EXPECT_EQ(std::system(("tar -tf '" + (d / "ours.tar").string() + "' >/dev/null").c_str()), 0);
  EXPECT_EQ(
      std::system(("cd '" + d.string() + "' && tar -xf ours.tar && printf '{}\\n' | cmp -s bundle/run.json -")
                      .c_str()),
      0);
  // GNU format: fine with short names; a long name becomes a GNU 'L' record, which we refuse by name.
  for (const std::string fmt : {"ustar", "gnu", "gnu-long"}) {
    auto tarfile = d / (fmt + ".tar");
    std::string what = fmt == "gnu" ? "bundle/run.json bundle/empty" : "bundle";
    std::string f = fmt == "gnu-long" ? "gnu" : fmt;
    ASSERT_EQ(
        std::system(("cd '" + d.string() + "' && tar --format=" + f + " -cf " + tarfile.string() + " " + what)
                        .c_str()),
        0);
    std::ifstream in(tarfile, std::ios::binary);
    std::vector<std::uint8_t> g((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto e = read_ustar(g);
    if (fmt == "gnu-long") {
      ASSERT_FALSE(e);
      EXPECT_NE(e.error().message.find("'L'"), std::string::npos) << e.error().to_string();
      continue;
    }
    ASSERT_TRUE(e) << fmt << ": " << e.error().to_string();
    bool found = false;
    for (const auto& x : *e) found = found || (x.path == "bundle/run.json" && str(x.data) == "{}\n");
    EXPECT_TRUE(found) << fmt;
  }
  fs::remove_all(d);
}

TEST(Tar, BadChecksum) {
  auto a = sample_archive();
  a[512 + 0] ^= 1;  // second header's name
  auto e = read_ustar(a);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().offset, 512u);
  EXPECT_NE(e.error().message.find("checksum"), std::string::npos);
}

TEST(Tar, SizeOverrunningArchive) {
  auto a = sample_archive();
  std::snprintf(reinterpret_cast<char*>(&a[512 + 124]), 12, "%011o", 1u << 20);
  fix_checksum(a, 512);
  auto e = read_ustar(a);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("overruns"), std::string::npos) << e.error().to_string();
}

TEST(Tar, NonOctalDigits) {
  for (std::size_t field : {100u, 124u, 136u}) {  // mode, size, mtime
    auto a = sample_archive();
    a[512 + field + 3] = '9';
    fix_checksum(a, 512);
    auto e = read_ustar(a);
    ASSERT_FALSE(e) << field;
    EXPECT_NE(e.error().message.find("not octal"), std::string::npos) << e.error().to_string();
  }
  auto a = sample_archive();
  a[148] = 'x';
  auto e = read_ustar(a);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("checksum field"), std::string::npos);
}

TEST(Tar, TruncatedUnsafeAndUnsupported) {
  auto a = sample_archive();
  EXPECT_FALSE(read_ustar(std::span(a).first(700)));  // cut in data
  EXPECT_FALSE(read_ustar(std::span(a).first(100)));  // cut in header
  EXPECT_TRUE(read_ustar(std::span<const std::uint8_t>{})) << "empty input is an empty archive";

  auto b = sample_archive();
  b[512 + 156] = '2';  // symlink
  fix_checksum(b, 512);
  EXPECT_FALSE(read_ustar(b));
  auto c = sample_archive();
  std::memcpy(&c[512], "../evil\0", 8);
  fix_checksum(c, 512);
  auto ce = read_ustar(c);
  ASSERT_FALSE(ce);
  EXPECT_NE(ce.error().message.find("unsafe"), std::string::npos);
  auto m = sample_archive();
  m[512 + 257] = 'X';
  fix_checksum(m, 512);
  EXPECT_FALSE(read_ustar(m));
  EXPECT_FALSE(write_ustar({{"/abs", false, 0644, 0, {}}}));
  EXPECT_FALSE(write_ustar({{std::string(300, 'a'), false, 0644, 0, {}}}));
}

}  // namespace
}  // namespace v6r::bundle
