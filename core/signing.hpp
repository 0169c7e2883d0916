#pragma once
// Ed25519 (RFC 8032) keys and signatures for run bundles, through OpenSSL's EVP interface, in the
// formats the `openssl` command line reads, so an auditor needs nothing else (docs/auditor-guide.md):
//   private key  PEM "PRIVATE KEY" (PKCS #8, unencrypted), file mode 0600   — `openssl genpkey -algorithm
//   ed25519` public key   PEM "PUBLIC KEY" (SubjectPublicKeyInfo)                    — `openssl pkey -pubout`
//   signature    the 64 raw bytes of Ed25519 over the whole message       — `openssl pkeyutl -sign -rawin`
// Fingerprint of a public key: SHA-256 of its 32 raw bytes (RFC 8032 §5.1.5 encoding), 64 lowercase
// hex digits — `openssl pkey -pubin -in K.pub -outform DER | tail -c 32 | sha256sum`.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace v6r::sign {

inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSignatureBytes = 64;
/// Key files written by `v6probe keygen --out DIR`.
inline constexpr std::string_view kPrivateKeyFile = "probe.key";
inline constexpr std::string_view kPublicKeyFile = "probe.pub";
/// Where the Debian package's setup puts the probe's key, and `v6probe run` looks for one by default.
inline constexpr std::string_view kDefaultKeyDir = "/etc/v6ready";
/// Where `v6analyze verify|analyze` look for trusted public keys when --keys is not given.
inline constexpr std::string_view kDefaultTrustDir = "/etc/v6ready/keys";

struct PublicKey {
  std::array<std::uint8_t, kPublicKeyBytes> raw{};
  /// SHA-256 of `raw`, lowercase hex.
  [[nodiscard]] std::string fingerprint() const;
  /// PEM "PUBLIC KEY" text, as `openssl pkey -pubout` writes it.
  [[nodiscard]] std::string pem() const;
  bool operator==(const PublicKey&) const = default;
};

/// A PEM "PUBLIC KEY" holding an Ed25519 key (at most 4 KiB of text). Errors never quote the text.
Expected<PublicKey, std::string> parse_public_pem(std::string_view pem);

/// True when `sig` is a valid Ed25519 signature of `message` by `key`.
bool verify(const PublicKey& key, std::span<const std::uint8_t> message, std::span<const std::uint8_t> sig);

class PrivateKey {
 public:
  /// A fresh key from OpenSSL's CSPRNG.
  static Expected<PrivateKey, std::string> generate();
  /// Reads a PEM "PRIVATE KEY" file holding an Ed25519 key. Refuses, like ssh does with its keys, a
  /// file not owned by the effective user or that others than its owner may read or write (mode & 077).
  static Expected<PrivateKey, std::string> load(const std::filesystem::path& file);

  [[nodiscard]] PublicKey public_key() const;
  [[nodiscard]] std::array<std::uint8_t, kSignatureBytes> sign(std::span<const std::uint8_t> message) const;
  /// PEM "PRIVATE KEY" (PKCS #8) text.
  [[nodiscard]] std::string pem() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// `v6probe keygen --out DIR`: writes DIR/probe.key (0600) and DIR/probe.pub (0644), creating DIR
/// (0755) if needed. Refuses to overwrite either file. Returns the public key.
Expected<PublicKey, std::string> write_keypair(const std::filesystem::path& dir);

/// Trusted public keys: every `*.pub` file of a directory.
struct KeyRing {
  struct Entry {
    PublicKey key;
    std::string file;  ///< where it was read from
  };
  std::vector<Entry> keys;
  [[nodiscard]] const Entry* find(const PublicKey& k) const;
  /// Every `*.pub` in `dir` (not recursive); a file that is not an Ed25519 public key is an error
  /// naming it, so a broken trust directory is noticed. An empty directory is an empty ring.
  static Expected<KeyRing, std::string> load_dir(const std::filesystem::path& dir);
};

}  // namespace v6r::sign
