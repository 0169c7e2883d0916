#pragma once
// The files of one run bundle (a directory, or a .tar of one), each opened exactly once and safely,
// before anything in them is parsed. Rules (docs/architecture.md, "Reading a bundle"):
//  - A bundle is reached without following a symbolic link: its own path must not be a link (give its
//    real path), and below a spool directory the user named no component may be one.
//  - A bundle is flat: regular files with exactly one hard link each, no subdirectories. A symbolic
//    link, a hard-linked file, a FIFO, device, socket or subdirectory refuses the whole bundle (none is
//    opened, nothing of any is read). In a .tar: link, device and FIFO entries likewise.
//  - Every file is mapped from the descriptor that was checked (core/mapped_file.hpp), so the bytes that
//    are hashed against MANIFEST.sha256 are the bytes that are parsed; changed() tells whether any file
//    changed on disk after it was mapped.
// --allow-unverified never relaxes any of this (it only lets files that do not match the manifest be
// analysed, flagged).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/mapped_file.hpp"

namespace v6r::bundle {

/// Where a bundle is: a path the user named, and (for bundles found by walking a spool) the path below
/// it, which is opened component by component without following any link.
struct BundleLocation {
  std::string root;  ///< as the user gave it (a bundle, or the spool directory it was found in)
  std::string rel;   ///< below root, '/'-separated; "" when root is the bundle itself
  /// root/rel, for messages and findings.json.
  [[nodiscard]] std::string path() const;
  bool operator==(const BundleLocation&) const = default;
};

/// Why a bundle could not be loaded. `refused`: it holds something a bundle never does (a link, a
/// special file, a subdirectory, a link entry in the tar) or is itself reached through a link — hostile
/// or tampered, the whole bundle is refused. Otherwise unreadable (missing, I/O error, damaged .tar).
struct LoadError {
  bool refused = false;
  std::string name;     ///< the bundle's name as far as known (directory name or .tar stem)
  std::string file;     ///< the file concerned, "" for the bundle itself
  std::string message;  ///< "bundle PATH: <reason>" — names entries, never quotes their content
  std::string reason;   ///< the same without "bundle PATH: "
};

using FileMap = std::map<std::string, std::span<const std::uint8_t>, std::less<>>;

class BundleFiles {
 public:
  /// Opens the bundle at `loc` and maps every file in it (see the rules above).
  static Expected<BundleFiles, LoadError> load(const BundleLocation& loc);
  /// A .tar bundle already in memory (the fuzz target and tests); `label` names it in messages.
  static Expected<BundleFiles, LoadError> from_tar(std::string label, std::vector<std::uint8_t> archive);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool is_tar() const { return is_tar_; }
  /// Every file by name (one component), MANIFEST.sha256 and MANIFEST.sig included.
  [[nodiscard]] const FileMap& files() const { return files_; }
  [[nodiscard]] std::optional<std::span<const std::uint8_t>> file(std::string_view name) const;
  /// Why a file (or the .tar) is no longer what was mapped, or nothing. Check after using the bytes.
  [[nodiscard]] std::optional<std::string> changed() const;

 private:
  BundleFiles() = default;
  static Expected<BundleFiles, LoadError> from_tar_bytes(BundleFiles b, std::span<const std::uint8_t> bytes);
  std::string path_, name_;
  bool is_tar_ = false;
  std::vector<MappedFile> maps_;                            // directory: one per file; tar: the archive
  std::shared_ptr<const std::vector<std::uint8_t>> owned_;  // from_tar()
  FileMap files_;                                           // spans into maps_ / owned_
};

/// At most this many entries in a bundle directory (a bundle has seven at most).
inline constexpr std::size_t kMaxBundleEntries = 64;

}  // namespace v6r::bundle
