#pragma once
// A small, pure ustar reader and writer for packing run bundles into one `.tar`.
// Format: POSIX.1-2017 (IEEE Std 1003.1-2017), pax utility, "ustar Interchange Format": 512-byte
// header blocks (name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8] typeflag[1]
// linkname[100] magic[6]="ustar\0" version[2]="00" uname[32] gname[32] devmajor[8] devminor[8]
// prefix[155]), numeric fields in zero-filled octal terminated by space or NUL, chksum = sum of the
// header bytes with the chksum field taken as 8 spaces, file data padded to 512, and two zero blocks
// at the end. GNU tar's "ustar  \0" magic is also read (its short-name headers are ustar-compatible).
// Only regular files ('0', NUL) and directories ('5') are supported: that is all a bundle contains.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace v6r::bundle {

inline constexpr std::size_t kTarBlock = 512;

struct TarEntry {
  std::string path;  // without trailing '/' for directories; safe relative path
  bool is_directory = false;
  std::uint32_t mode = 0;
  std::uint64_t mtime = 0;             // seconds since the epoch
  std::span<const std::uint8_t> data;  // view into the archive (empty for directories)
};

struct TarError {
  std::size_t offset = 0;  // byte offset of the offending header
  std::string message;     // never quotes bytes of the archive (names included): offsets only
  bool link = false;       // a hard or symbolic link, device or FIFO entry: a bundle never holds one
  /// "tar header at offset 1024: ..."
  [[nodiscard]] std::string to_string() const;
};

/// Pure reader over the archive bytes; entries view into `archive`. Never throws or reads out of bounds.
/// Errors: truncated header, bad checksum, non-octal numeric field, size overrunning the archive,
/// unsupported entry type (pax 'x'/'g', GNU 'L'/'K'; links, devices and FIFOs with `link` set),
/// unsafe or duplicate path.
Expected<std::vector<TarEntry>, TarError> read_ustar(std::span<const std::uint8_t> archive);

struct TarInput {
  std::string path;  // safe relative path; split into prefix/name when longer than 100 bytes
  bool is_directory = false;
  std::uint32_t mode = 0644;
  std::uint64_t mtime = 0;
  std::vector<std::uint8_t> data;
};

/// Pure writer: ustar archive of the given entries in order, ending with two zero blocks.
/// Errors on unsafe paths, names that do not fit ustar's prefix/name split, or files >= 8 GiB.
Expected<std::vector<std::uint8_t>, std::string> write_ustar(const std::vector<TarInput>& entries);

}  // namespace v6r::bundle
