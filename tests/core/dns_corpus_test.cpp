// Generates and guards the committed fuzz corpus tests/fuzz/corpus/core_dns/ (see its README.md).
// Normal runs check that every generated file is committed with exactly these octets; run with
// V6READY_REGEN_DNS_CORPUS=1 to (re)write them after changing dns_samples.hpp.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "tests/core/dns_samples.hpp"

namespace v6r::dns {
namespace {

namespace fs = std::filesystem;

struct CorpusFile {
  std::string file;
  std::vector<std::uint8_t> wire;
};

std::vector<CorpusFile> generated() {
  // Malformed samples that add nothing a sibling does not already cover stay out of the corpus.
  const std::set<std::string> skip = {"label_type_0x80", "cname_short_of_rdlength", "opt_owner_not_root",
                                      "a_rdlength_5"};
  std::vector<CorpusFile> out;
  for (const auto& s : samples::valid_messages()) out.push_back({"valid_" + s.id + ".bin", build(s.message)});
  for (const auto& s : samples::malformed_messages())
    if (!skip.count(s.id)) out.push_back({"malformed_" + s.id + ".bin", s.wire});
  return out;
}

std::vector<std::uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(DnsCorpus, CommittedCorpusMatchesTheGenerator) {
  const fs::path dir = fs::path(V6READY_SOURCE_DIR) / "tests/fuzz/corpus/core_dns";
  const bool regen = std::getenv("V6READY_REGEN_DNS_CORPUS") != nullptr;
  const auto files = generated();
  EXPECT_GE(files.size(), 10u);
  EXPECT_LE(files.size(), 30u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.file);
    if (regen) {
      fs::create_directories(dir);
      std::ofstream(dir / f.file, std::ios::binary)
          .write(reinterpret_cast<const char*>(f.wire.data()), static_cast<std::streamsize>(f.wire.size()));
    }
    ASSERT_TRUE(fs::exists(dir / f.file)) << "run with V6READY_REGEN_DNS_CORPUS=1 to write it";
    EXPECT_EQ(read_file(dir / f.file), f.wire);
  }
}

}  // namespace
}  // namespace v6r::dns
