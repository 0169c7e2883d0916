#pragma once
// The four states of a bundle's signature (core/bundle_verify.hpp decides; findings.json's
// sites[].bundle.signature.status and the reports show them; docs/auditor-guide.md explains them).
#include <optional>
#include <string_view>

namespace v6r {

enum class SignatureStatus {
  unsigned_bundle,  ///< "unsigned": no MANIFEST.sig
  signed_trusted,   ///< "signed": MANIFEST.sig verifies with signer.pub, a trusted key
  unknown_key,      ///< "unknown_key": it verifies, but the key is not one of the trusted keys
  bad_signature,  ///< "bad_signature": MANIFEST.sig does not verify (or signer.pub is missing or unreadable)
};
std::string_view to_string(SignatureStatus s);
std::optional<SignatureStatus> signature_status_from_string(std::string_view s);

}  // namespace v6r
