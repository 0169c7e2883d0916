#include "core/sha256.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

namespace v6r {
namespace {

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values", SHA-256).
TEST(Sha256, NistVectors) {
  EXPECT_EQ(sha256_hex(std::string_view("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string_view("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalEqualsOneShotAndResets) {
  Sha256 h;
  h.update(std::string_view("a"));
  h.update(std::string_view("bc"));
  EXPECT_EQ(h.finish_hex(), sha256_hex(std::string_view("abc")));
  EXPECT_EQ(h.finish_hex(), sha256_hex(std::string_view(""))) << "finish() resets the hasher";
}

TEST(Sha256, FileStreamsLargerThanOneBlock) {
  auto p = std::filesystem::temp_directory_path() / ("v6r_sha_" + std::to_string(::getpid()));
  std::string big(200000, 'x');
  std::ofstream(p, std::ios::binary) << big;
  auto h = sha256_file_hex(p);
  ASSERT_TRUE(h) << h.error();
  EXPECT_EQ(*h, sha256_hex(std::string_view(big)));
  std::filesystem::remove(p);
  auto missing = sha256_file_hex(p);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find(p.string()), std::string::npos);
}

TEST(Sha256, HexHelpers) {
  const std::uint8_t b[] = {0x00, 0xab, 0xff};
  EXPECT_EQ(to_hex(b), "00abff");
  EXPECT_TRUE(is_sha256_hex(std::string(64, 'A')));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a')));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a') + "g"));
}

}  // namespace
}  // namespace v6r
