#pragma once
// Checking a bundle's files (core/bundle_files.hpp) against its MANIFEST.sha256 and, when signed, the
// manifest against its detached signature MANIFEST.sig (Ed25519, core/signing.hpp) by the key in the
// bundle's signer.pub. Pure: bytes in, a verdict out.
//
// Signature states (docs/auditor-guide.md, "Who wrote it?"):
//   signed         "verified": MANIFEST.sig verifies with signer.pub, and that key is a trusted key
//   unknown_key    "unknown signer": it verifies, but the key is not trusted (never called verified)
//   bad_signature  MANIFEST.sig does not verify, is malformed, or stands without signer.pub (or the
//                  other way round: signer.pub without MANIFEST.sig, a signature removed)
//   unsigned       neither MANIFEST.sig nor signer.pub
//
// Admission (admitted_with()): a bundle is admitted when it is verified(); --allow-unverified admits
// an UNSIGNED bundle that is not (files that do not match, or no signature while trusted keys are
// configured), flagged. A signed bundle is all or nothing: a bad signature, an unknown signer while
// trusted keys are configured, or a signed manifest its files no longer match is never admitted.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle_files.hpp"
#include "core/manifest.hpp"
#include "core/signature_status.hpp"
#include "core/signing.hpp"

namespace v6r::bundle {

using v6r::SignatureStatus;

struct SignatureCheck {
  SignatureStatus status = SignatureStatus::unsigned_bundle;
  std::string key_fingerprint;   ///< of signer.pub when it could be read (core/signing.hpp format)
  std::string trusted_key_file;  ///< signed: the trusted .pub file that holds the key
  std::string detail;            ///< bad_signature: why
  /// "signed-by-<fingerprint>", "unsigned", "unknown signer <fingerprint>", "bad signature (...)".
  [[nodiscard]] std::string summary() const;
};

struct TrustPolicy {
  const sign::KeyRing* keys = nullptr;  ///< trusted keys; null: none configured
  /// Trusted keys are configured (a trust directory is in effect, even an empty one): a bundle must be
  /// signed by one of them. An unknown signer is refused; an unsigned bundle needs --allow-unverified.
  bool require_signature = false;
  std::string dir;  ///< the trust directory, for messages
};

/// The trusted keys of `v6analyze verify|analyze|gate`: --keys DIR when given, else /etc/v6ready/keys
/// when it exists, else none. Either directory has the same effect (TrustPolicy::require_signature).
struct TrustedKeys {
  sign::KeyRing ring;
  std::string dir;     ///< "" when none is configured
  bool given = false;  ///< from --keys
  [[nodiscard]] TrustPolicy policy() const { return {dir.empty() ? nullptr : &ring, !dir.empty(), dir}; }
};
/// `keys_dir` "" = the default directory if it exists. Error (usage, exit 2): --keys names something
/// that is not a directory, or a .pub file in it is not an Ed25519 public key.
Expected<TrustedKeys, std::string> load_trusted_keys(const std::string& keys_dir);

/// The signature of `manifest`: `sig` and `signer_pub` are the bundle's MANIFEST.sig and signer.pub.
SignatureCheck check_signature(std::span<const std::uint8_t> manifest,
                               std::optional<std::span<const std::uint8_t>> sig,
                               std::optional<std::span<const std::uint8_t>> signer_pub,
                               const TrustPolicy& policy);

struct Verification {
  std::optional<std::string>
      manifest_error;  ///< MANIFEST.sha256 missing or malformed (then nothing is vouched)
  VerifyReport files;  ///< mismatched / missing / unlisted
  SignatureCheck signature;
  bool key_refused = false;       ///< unknown_key while the policy requires a trusted signature
  bool unsigned_refused = false;  ///< unsigned while the policy requires a trusted signature
  std::string trust_dir;          ///< TrustPolicy::dir, for problems()
  /// Files whose SHA-256 is the one the manifest lists (none when the manifest is badly signed).
  std::set<std::string, std::less<>> vouched;
  /// SHA-256 (hex) of every file but MANIFEST.sha256 and MANIFEST.sig, as read.
  std::map<std::string, std::string, std::less<>> digests;

  /// Every check passed: the manifest was read, every file matches it, the signature is not bad, and
  /// when trusted keys are configured the bundle is signed by one of them.
  [[nodiscard]] bool verified() const;
  /// --allow-unverified may admit this bundle: it is not verified() but UNSIGNED (a signed bundle that
  /// fails any check is never admitted).
  [[nodiscard]] bool allow_unverified_admits() const;
  /// verified(), or allow_unverified_admits() when `allow_unverified`.
  [[nodiscard]] bool admitted_with(bool allow_unverified) const;
  /// What is wrong, one item each: "mismatched: results.jsonl", "MANIFEST.sha256: cannot open: ...",
  /// "MANIFEST.sig: bad signature (...)". Empty when verified().
  [[nodiscard]] std::vector<std::string> problems() const;
};

/// Checks `files` (every file of one bundle by name) against their manifest and signature.
Verification verify_files(const FileMap& files, const TrustPolicy& policy);

}  // namespace v6r::bundle
