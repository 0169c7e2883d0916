#pragma once
// Which bundles a sweep is made of, as the archive identifies them (docs/archive.md "Identity"): the
// SHA-256 of each bundle's MANIFEST.sha256 — the manifest names the SHA-256 of every file of the
// bundle, so its hash identifies the whole bundle, captures included, without storing any of it. A
// sweep's key is the SHA-256 of its sorted bundle keys: the same bundles are the same sweep.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/findings.hpp"

namespace v6r::archive {

struct BundleRef {
  std::optional<std::string> manifest_sha256;  ///< null when the bundle could not be read (see key)
  /// manifest_sha256, or, only with allow_missing, "run:" + SHA-256 of the bundle's name, run id,
  /// start time and capture hash as the findings document gives them.
  std::string key;
};

/// SHA-256 (hex) of MANIFEST.sha256 inside a bundle directory or bundle .tar. The manifest must parse
/// (core/manifest.hpp) and be at most 1 MiB. Errors name the bundle.
Expected<std::string, std::string> manifest_sha256(const std::filesystem::path& bundle);

struct RefOptions {
  std::filesystem::path findings_dir;               ///< where the findings.json was read from
  std::vector<std::filesystem::path> bundle_roots;  ///< --bundles DIR: DIR/<bundle name>[.tar]
  bool allow_missing = false;                       ///< --no-manifest
};

/// One BundleRef per site of `doc`, in order. Each site's bundle is looked for at its path as given to
/// the analyzer (absolute, or relative to the working directory), relative to findings_dir, then by
/// name under each bundle root. A bundle found nowhere is an error unless allow_missing.
Expected<std::vector<BundleRef>, std::string> resolve_bundle_refs(const findings::Document& doc,
                                                                  const RefOptions& opt);

/// SHA-256 over the sorted keys, one per line.
std::string sweep_key(const std::vector<BundleRef>& refs);

}  // namespace v6r::archive
