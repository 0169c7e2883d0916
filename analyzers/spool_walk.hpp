#pragma once
// Finding the bundles under what the user named: bundle directories, bundle .tar files, or spool trees
// holding them (any depth, up to kMaxSpoolDepth). A spool is walked by directory descriptors and never
// through a symbolic link (a link is skipped and said); a directory already visited (same device and
// inode: a bind mount looping back) is not entered again; each bundle is returned once, however many
// inputs or paths lead to it (same device and inode).
#include <string>
#include <vector>

#include "core/bundle_files.hpp"
#include "core/expected.hpp"

namespace v6r::analyze {

inline constexpr int kMaxSpoolDepth = 16;

struct FoundBundles {
  std::vector<bundle::BundleLocation> bundles;  ///< sorted by path, each bundle once
  std::vector<std::string> notes;               ///< what was skipped and why, for stderr
};

/// Bundles under the inputs. A directory that holds run.json (or is named like a bundle) is a bundle;
/// a `.tar` whose name parses as a bundle name is one; `.`-prefixed entries (unfinished runs) are
/// skipped; a directory named like a bundle with neither run.json nor MANIFEST.sha256 is still being
/// shipped (skipped, noted). An input that is itself a symbolic link is returned as it is when it
/// points at a bundle (BundleReader then refuses it: a bundle is never read through a link), and
/// walked when it points at a plain directory (a spool path the user chose).
/// Error (usage, exit 2): an input that does not exist, or a directory with no bundle in it.
Expected<FoundBundles, std::string> find_bundles(const std::vector<std::string>& inputs);

}  // namespace v6r::analyze
