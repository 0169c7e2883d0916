#pragma once
// SHA-256 (FIPS 180-4) via OpenSSL EVP: of a byte span, of a file (streamed), as lowercase hex.
// Used for MANIFEST.sha256 and the scenario hash in run.json.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace v6r {

using Sha256Digest = std::array<std::uint8_t, 32>;

/// Incremental hasher (for data that arrives in pieces, e.g. a file or a capture being written).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::span<const std::uint8_t> data);
  void update(std::string_view data);
  /// Finishes the hash; the object is reset and may be reused.
  Sha256Digest finish();
  std::string finish_hex();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

Sha256Digest sha256(std::span<const std::uint8_t> data);
std::string sha256_hex(std::span<const std::uint8_t> data);
std::string sha256_hex(std::string_view data);
/// Streams the file in 64 KiB blocks. Error names the file and the OS reason.
Expected<std::string, std::string> sha256_file_hex(const std::filesystem::path& file);

/// Lowercase hex of arbitrary bytes.
std::string to_hex(std::span<const std::uint8_t> data);
/// True for exactly 64 hex digits (either case).
bool is_sha256_hex(std::string_view s);

}  // namespace v6r
