#pragma once
// MANIFEST.sha256 of a run bundle, in the exact format GNU coreutils `sha256sum` prints and
// `sha256sum -c` checks (coreutils manual, "md5sum invocation"/"sha2 utilities"):
//     <64 hex digits><space><space or '*'><file name>\n
// We write lowercase hex, two spaces (text-mode marker), one line per file sorted by path (bytewise),
// and never file names that would need sha256sum's backslash escaping. So `cd bundle && sha256sum -c
// MANIFEST.sha256` verifies a bundle with nothing but coreutils.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace v6r::bundle {

inline constexpr std::string_view kManifestFile = "MANIFEST.sha256";
/// Detached Ed25519 signature of MANIFEST.sha256 (core/signing.hpp); never listed in the manifest.
inline constexpr std::string_view kSignatureFile = "MANIFEST.sig";
/// The signer's public key (PEM), written before the manifest and listed in it.
inline constexpr std::string_view kSignerKeyFile = "signer.pub";

struct ManifestEntry {
  std::string sha256;  // 64 lowercase hex
  std::string path;    // relative, '/'-separated, no "." / ".." / empty components
  bool operator==(const ManifestEntry&) const = default;
};

struct ManifestError {
  std::size_t line = 0;  // 1-based
  std::string message;
  /// "MANIFEST.sha256:4: ..."
  [[nodiscard]] std::string to_string() const;
};

/// Pure parser over the manifest text. Accepts what sha256sum prints (either case of hex, ' ' or '*'
/// mode marker, last line with or without '\n'); rejects empty lines, escaped names (lines starting
/// with '\\'), unsafe paths (absolute, "..", control characters) and duplicate paths.
Expected<std::vector<ManifestEntry>, ManifestError> parse_manifest(std::string_view text);

/// Sorted, sha256sum-format text. Errors on a bad digest or a path that is unsafe or needs escaping.
Expected<std::string, std::string> format_manifest(std::vector<ManifestEntry> entries);

/// True if `path` is relative and safe to list (see parse_manifest).
bool is_safe_relative_path(std::string_view path);

/// SHA-256 of every regular file under `dir` except MANIFEST.sha256 and MANIFEST.sig, sorted by path.
/// Symlinks and other non-regular files are errors (a bundle contains only regular files).
Expected<std::vector<ManifestEntry>, std::string> hash_tree(const std::filesystem::path& dir);

/// hash_tree + write `dir/MANIFEST.sha256` and fsync it. Returns the entries written.
Expected<std::vector<ManifestEntry>, std::string> write_manifest(const std::filesystem::path& dir);

struct VerifyReport {
  std::vector<std::string> mismatched;  // listed and present, digest differs
  std::vector<std::string> missing;     // listed, not present
  std::vector<std::string> unlisted;    // present, not listed
  [[nodiscard]] bool ok() const { return mismatched.empty() && missing.empty() && unlisted.empty(); }
  /// "ok" or e.g. "mismatched: results.jsonl; missing: capture.pcapng"
  [[nodiscard]] std::string summary() const;
};

/// Pure comparison of the listed entries with what is actually there (both from hash_tree-like data).
/// MANIFEST.sha256 and MANIFEST.sig are never "unlisted". Reading a bundle's files safely and checking
/// them: core/bundle_verify.hpp.
VerifyReport compare_manifest(const std::vector<ManifestEntry>& listed,
                              const std::vector<ManifestEntry>& actual);

}  // namespace v6r::bundle
