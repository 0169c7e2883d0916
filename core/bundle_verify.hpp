#pragma once
// Checking a bundle's files (core/bundle_files.hpp) against its MANIFEST.sha256 and, when signed, the
// manifest against its detached signature MANIFEST.sig (Ed25519, core/signing.hpp) by the key in the
// bundle's signer.pub. Pure: bytes in, a verdict out.
//
// Signature states (docs/auditor-guide.md):
//   signed         MANIFEST.sig verifies with signer.pub, and that key is one of the trusted keys
//   unknown_key    it verifies, but the key is not trusted (refused when the caller requires a known key)
//   bad_signature  MANIFEST.sig is there but does not verify (or signer.pub is missing or not a key)
//   unsigned       no MANIFEST.sig
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
  /// "signed-by-<fingerprint>", "unsigned", "unknown key <fingerprint>", "bad signature (...)".
  [[nodiscard]] std::string summary() const;
};

struct TrustPolicy {
  const sign::KeyRing* keys = nullptr;  ///< trusted keys; null: none configured
  bool require_known_key = false;       ///< a signature by a key not in `keys` refuses the bundle
};

/// The trusted keys of `v6analyze verify|analyze|gate`: --keys DIR when given (then a bundle signed by
/// any other key is refused), else /etc/v6ready/keys when it exists (other keys are reported as
/// unknown_key, not refused), else none.
struct TrustedKeys {
  sign::KeyRing ring;
  std::string dir;     ///< "" when none is configured
  bool given = false;  ///< from --keys
  [[nodiscard]] TrustPolicy policy() const { return {dir.empty() ? nullptr : &ring, given}; }
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
  bool key_refused = false;  ///< unknown_key while the policy requires a known key
  /// Files whose SHA-256 is the one the manifest lists (none when the manifest is badly signed).
  std::set<std::string, std::less<>> vouched;
  /// SHA-256 (hex) of every file but MANIFEST.sha256 and MANIFEST.sig, as read.
  std::map<std::string, std::string, std::less<>> digests;

  /// The manifest was read, every file matches, and the signature is not bad (nor refused).
  [[nodiscard]] bool verified() const;
  /// What is wrong, one item each: "mismatched: results.jsonl", "MANIFEST.sha256: cannot open: ...",
  /// "MANIFEST.sig: bad signature (...)". Empty when verified().
  [[nodiscard]] std::vector<std::string> problems() const;
};

/// Checks `files` (every file of one bundle by name) against their manifest and signature.
Verification verify_files(const FileMap& files, const TrustPolicy& policy);

}  // namespace v6r::bundle
