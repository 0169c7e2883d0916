#include "core/signing.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "core/safe_open.hpp"
#include "core/sha256.hpp"

namespace v6r::sign {
namespace {

constexpr std::size_t kMaxPemBytes = 4096;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string bio_text(BIO* b) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(b, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

BioPtr mem_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

PkeyPtr raw_public(const PublicKey& k) {
  return PkeyPtr(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, k.raw.data(), k.raw.size()));
}

/// Reads a small regular file (key material) whole: at most kMaxPemBytes.
Expected<std::string, std::string> read_small(const std::filesystem::path& file, struct stat* st_out) {
  auto fd = fsafe::open_file(file.string(), true);
  if (!fd) return Unexpected{fd.error().message};
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) return Unexpected{file.string() + ": " + std::strerror(errno)};
  if (static_cast<std::size_t>(st.st_size) > kMaxPemBytes)
    return Unexpected{file.string() + ": larger than a key file can be (" + std::to_string(kMaxPemBytes) +
                      " bytes)"};
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd->get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Unexpected{file.string() + ": read failed: " + std::strerror(errno)};
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  if (st_out != nullptr) *st_out = st;
  return text;
}

/// Creates `path` with `mode` (never over an existing file or through a link) and writes `text`.
std::optional<std::string> create_file(const std::filesystem::path& path, std::string_view text,
                                       mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0)
    return path.string() + (errno == EEXIST
                                ? ": already exists (not overwritten; move it away to make a new key)"
                                : ": cannot create: " + std::string(std::strerror(errno)));
  fsafe::UniqueFd owner(fd);
  if (::fchmod(fd, mode) != 0) return path.string() + ": chmod: " + std::strerror(errno);  // despite umask
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return path.string() + ": write failed: " + std::strerror(errno);
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) return path.string() + ": fsync failed: " + std::strerror(errno);
  return std::nullopt;
}

}  // namespace

struct PrivateKey::Impl {
  PkeyPtr key;
};

std::string PublicKey::fingerprint() const {
  return sha256_hex(std::span<const std::uint8_t>(raw));
}

std::string PublicKey::pem() const {
  auto k = raw_public(*this);
  BioPtr b(BIO_new(BIO_s_mem()));
  if (!k || !b || PEM_write_bio_PUBKEY(b.get(), k.get()) != 1) return {};
  return bio_text(b.get());
}

Expected<PublicKey, std::string> parse_public_pem(std::string_view pem) {
  if (pem.size() > kMaxPemBytes) return Unexpected{std::string("larger than a public key file can be")};
  auto b = mem_bio(pem);
  PkeyPtr k(b ? PEM_read_bio_PUBKEY(b.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!k) return Unexpected{std::string("not a PEM public key")};
  if (EVP_PKEY_get_id(k.get()) != EVP_PKEY_ED25519) return Unexpected{std::string("not an Ed25519 key")};
  PublicKey out;
  std::size_t len = out.raw.size();
  if (EVP_PKEY_get_raw_public_key(k.get(), out.raw.data(), &len) != 1 || len != out.raw.size())
    return Unexpected{std::string("Ed25519 key of the wrong length")};
  return out;
}

bool verify(const PublicKey& key, std::span<const std::uint8_t> message, std::span<const std::uint8_t> sig) {
  if (sig.size() != kSignatureBytes) return false;
  auto k = raw_public(key);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!k || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, k.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) == 1;
}

Expected<PrivateKey, std::string> PrivateKey::generate() {
  PrivateKey out;
  out.impl_ = std::make_shared<Impl>();
  out.impl_->key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!out.impl_->key) return Unexpected{std::string("OpenSSL could not generate an Ed25519 key")};
  return out;
}

Expected<PrivateKey, std::string> PrivateKey::load(const std::filesystem::path& file) {
  struct stat st {};
  auto text = read_small(file, &st);
  if (!text) return Unexpected{text.error()};
  // Like ssh with its keys: a key someone else owns (who could read or replace it) or that group or
  // others may read or write is not this user's secret, so nothing is signed with it.
  std::string refused;
  if (st.st_uid != ::geteuid())
    refused = file.string() + ": owned by uid " + std::to_string(st.st_uid) +
              ", not by the user running this (uid " + std::to_string(::geteuid()) +
              "); run as the key's owner or give the key to this user (chown)";
  else if ((st.st_mode & 077) != 0)
    refused = file.string() + ": readable or writable by others than its owner (chmod 600 it)";
  if (!refused.empty()) {
    std::fill(text->begin(), text->end(), '\0');
    return Unexpected{refused};
  }
  auto b = mem_bio(*text);
  PrivateKey out;
  out.impl_ = std::make_shared<Impl>();
  out.impl_->key.reset(b ? PEM_read_bio_PrivateKey(b.get(), nullptr, nullptr, nullptr) : nullptr);
  std::fill(text->begin(), text->end(), '\0');
  if (!out.impl_->key) return Unexpected{file.string() + ": not a PEM private key (unencrypted PKCS #8)"};
  if (EVP_PKEY_get_id(out.impl_->key.get()) != EVP_PKEY_ED25519)
    return Unexpected{file.string() + ": not an Ed25519 key"};
  return out;
}

PublicKey PrivateKey::public_key() const {
  PublicKey out;
  std::size_t len = out.raw.size();
  EVP_PKEY_get_raw_public_key(impl_->key.get(), out.raw.data(), &len);
  return out;
}

std::array<std::uint8_t, kSignatureBytes> PrivateKey::sign(std::span<const std::uint8_t> message) const {
  std::array<std::uint8_t, kSignatureBytes> sig{};
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 || len != sig.size())
    sig.fill(0);  // an all-zero signature never verifies: the bundle reads as badly signed, not unsigned
  return sig;
}

std::string PrivateKey::pem() const {
  BioPtr b(BIO_new(BIO_s_mem()));
  if (!b || PEM_write_bio_PrivateKey(b.get(), impl_->key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return {};
  return bio_text(b.get());
}

Expected<PublicKey, std::string> write_keypair(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Unexpected{dir.string() + ": cannot create: " + ec.message()};
  }
  const auto key_path = dir / kPrivateKeyFile, pub_path = dir / kPublicKeyFile;
  for (const auto& p : {key_path, pub_path})
    if (std::filesystem::symlink_status(p, ec).type() != std::filesystem::file_type::not_found)
      return Unexpected{p.string() + ": already exists (not overwritten; move it away to make a new key)"};
  auto key = PrivateKey::generate();
  if (!key) return Unexpected{key.error()};
  const PublicKey pub = key->public_key();
  if (auto err = create_file(key_path, key->pem(), 0600)) return Unexpected{*err};
  if (auto err = create_file(pub_path, pub.pem(), 0644)) return Unexpected{*err};
  return pub;
}

const KeyRing::Entry* KeyRing::find(const PublicKey& k) const {
  for (const auto& e : keys)
    if (e.key == k) return &e;
  return nullptr;
}

Expected<KeyRing, std::string> KeyRing::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".pub") files.push_back(e.path());
  if (ec) return Unexpected{dir.string() + ": cannot list trusted keys: " + ec.message()};
  std::sort(files.begin(), files.end());
  KeyRing ring;
  for (const auto& f : files) {
    auto text = read_small(f, nullptr);
    if (!text) return Unexpected{"trusted key " + text.error()};
    auto k = parse_public_pem(*text);
    if (!k) return Unexpected{"trusted key " + f.string() + ": " + k.error()};
    if (!ring.find(*k)) ring.keys.push_back({*k, f.string()});
  }
  return ring;
}

}  // namespace v6r::sign
