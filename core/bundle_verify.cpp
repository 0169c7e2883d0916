#include "core/bundle_verify.hpp"

#include <filesystem>

#include "core/sha256.hpp"

namespace v6r::bundle {
namespace {

std::string_view as_text(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

std::string SignatureCheck::summary() const {
  switch (status) {
    case SignatureStatus::unsigned_bundle:
      return "unsigned";
    case SignatureStatus::signed_trusted:
      return "signed-by-" + key_fingerprint;
    case SignatureStatus::unknown_key:
      return "unknown signer " + key_fingerprint;
    case SignatureStatus::bad_signature:
      return "bad signature (" + detail + ")";
  }
  return "unsigned";
}

SignatureCheck check_signature(std::span<const std::uint8_t> manifest,
                               std::optional<std::span<const std::uint8_t>> sig,
                               std::optional<std::span<const std::uint8_t>> signer_pub,
                               const TrustPolicy& policy) {
  SignatureCheck c;
  if (!sig && !signer_pub) return c;
  c.status = SignatureStatus::bad_signature;
  if (!sig) {
    // The writer puts both there; signer.pub alone means the signature was removed.
    c.detail = std::string(kSignerKeyFile) + " without " + std::string(kSignatureFile) +
               ": the signature was removed";
    return c;
  }
  if (!signer_pub) {
    c.detail = std::string(kSignatureFile) + " without " + std::string(kSignerKeyFile);
    return c;
  }
  auto key = sign::parse_public_pem(as_text(*signer_pub));
  if (!key) {
    c.detail = std::string(kSignerKeyFile) + ": " + key.error();
    return c;
  }
  c.key_fingerprint = key->fingerprint();
  if (sig->size() != sign::kSignatureBytes) {
    c.detail = std::string(kSignatureFile) + " is " + std::to_string(sig->size()) +
               " bytes, an Ed25519 signature " + std::to_string(sign::kSignatureBytes);
    return c;
  }
  if (!sign::verify(*key, manifest, *sig)) {
    c.detail = std::string(kSignatureFile) + " does not verify " + std::string(kManifestFile) + " with key " +
               c.key_fingerprint;
    return c;
  }
  const auto* trusted = policy.keys != nullptr ? policy.keys->find(*key) : nullptr;
  if (trusted != nullptr) {
    c.status = SignatureStatus::signed_trusted;
    c.trusted_key_file = trusted->file;
  } else {
    c.status = SignatureStatus::unknown_key;
  }
  return c;
}

Expected<TrustedKeys, std::string> load_trusted_keys(const std::string& keys_dir) {
  TrustedKeys t;
  std::error_code ec;
  t.given = !keys_dir.empty();
  const std::string dir = t.given ? keys_dir : std::string(sign::kDefaultTrustDir);
  if (!std::filesystem::is_directory(dir, ec)) {
    if (t.given) return Unexpected{"--keys " + dir + ": not a directory"};
    return t;
  }
  auto ring = sign::KeyRing::load_dir(dir);
  if (!ring) return Unexpected{ring.error()};
  t.ring = std::move(ring).value();
  t.dir = dir;
  return t;
}

bool Verification::verified() const {
  return !manifest_error && files.ok() && signature.status != SignatureStatus::bad_signature &&
         !key_refused && !unsigned_refused;
}

bool Verification::allow_unverified_admits() const {
  return !verified() && signature.status == SignatureStatus::unsigned_bundle;
}

bool Verification::admitted_with(bool allow_unverified) const {
  return verified() || (allow_unverified && allow_unverified_admits());
}

std::vector<std::string> Verification::problems() const {
  std::vector<std::string> p;
  if (manifest_error) p.push_back(*manifest_error);
  for (const auto& f : files.mismatched) p.push_back("mismatched: " + f);
  for (const auto& f : files.missing) p.push_back("missing: " + f);
  for (const auto& f : files.unlisted) p.push_back("unlisted: " + f);
  if (signature.status == SignatureStatus::bad_signature)
    p.push_back(std::string(kSignatureFile) + ": " + signature.summary());
  if (key_refused)
    p.push_back(std::string(kSignatureFile) + ": unknown signer " + signature.key_fingerprint + " (not in " +
                trust_dir + ")");
  if (unsigned_refused)
    p.push_back("unsigned: no " + std::string(kSignatureFile) + ", and trusted keys are configured (" +
                trust_dir + ")");
  const bool signed_bundle =
      signature.status == SignatureStatus::signed_trusted || signature.status == SignatureStatus::unknown_key;
  if (signed_bundle && (manifest_error || !files.ok()))
    p.push_back("signed bundle changed after it was signed");
  return p;
}

Verification verify_files(const FileMap& files, const TrustPolicy& policy) {
  Verification v;
  auto find = [&](std::string_view n) -> std::optional<std::span<const std::uint8_t>> {
    auto it = files.find(n);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  const auto manifest = find(kManifestFile);
  std::vector<ManifestEntry> listed;
  if (!manifest) {
    v.manifest_error = std::string(kManifestFile) + ": cannot open: no such file";
  } else if (auto m = parse_manifest(as_text(*manifest)); !m) {
    v.manifest_error = m.error().to_string();
  } else {
    listed = std::move(m).value();
  }
  std::vector<ManifestEntry> actual;
  for (const auto& [name, bytes] : files)
    if (name != kManifestFile && name != kSignatureFile) {
      actual.push_back({sha256_hex(bytes), name});
      v.digests.emplace(name, actual.back().sha256);
    }
  if (!v.manifest_error) {
    v.files = compare_manifest(listed, actual);
  }
  if (manifest) {
    v.signature = check_signature(*manifest, find(kSignatureFile), find(kSignerKeyFile), policy);
    v.key_refused = v.signature.status == SignatureStatus::unknown_key && policy.require_signature;
  } else if (find(kSignatureFile) || find(kSignerKeyFile)) {
    v.signature.status = SignatureStatus::bad_signature;
    v.signature.detail = std::string(find(kSignatureFile) ? kSignatureFile : kSignerKeyFile) + " without " +
                         std::string(kManifestFile);
  }
  v.unsigned_refused = v.signature.status == SignatureStatus::unsigned_bundle && policy.require_signature;
  v.trust_dir = policy.dir;
  if (!v.manifest_error && v.signature.status != SignatureStatus::bad_signature) {
    std::map<std::string_view, std::string_view> listed_by_name;
    for (const auto& e : listed) listed_by_name.emplace(e.path, e.sha256);
    for (const auto& e : actual)
      if (auto it = listed_by_name.find(e.path); it != listed_by_name.end() && it->second == e.sha256)
        v.vouched.insert(e.path);
  }
  return v;
}

}  // namespace v6r::bundle
