#pragma once
// A file's bytes, read once from an open descriptor: mapped read-only (large captures stay out of the
// heap), with the descriptor kept so that a change after mapping is detected. The mapping shares the
// page cache with the file, so someone who can write the file while it is being read could change
// bytes after they were hashed: changed() compares size, mtime and ctime (ctime cannot be set back by
// a user) with what fstat said when the file was mapped; callers check it once they are done.
// A file truncated while mapped makes reads past its new end fault (SIGBUS): only someone who can
// write the bundle can do that, and it stops the run, it cannot forge a result.
#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/expected.hpp"
#include "core/safe_open.hpp"

namespace v6r {

class MappedFile {
 public:
  /// Maps the whole regular file behind `fd`. `label` names it in errors.
  static Expected<MappedFile, std::string> map(fsafe::UniqueFd fd, std::string label);

  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  [[nodiscard]] std::span<const std::uint8_t> bytes() const {
    return {static_cast<const std::uint8_t*>(map_), size_};
  }
  [[nodiscard]] const std::string& label() const { return label_; }
  /// Why the file is no longer what was mapped ("changed while being read"), or nothing.
  [[nodiscard]] std::optional<std::string> changed() const;

 private:
  MappedFile() = default;
  fsafe::UniqueFd fd_;
  void* map_ = nullptr;
  std::size_t size_ = 0;
  struct stat at_map_ {};
  std::string label_;
};

}  // namespace v6r
