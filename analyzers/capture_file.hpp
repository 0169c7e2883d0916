#pragma once
// The I/O edge of capture reading: maps a capture file read-only (MADV_SEQUENTIAL) and hands its bytes
// to the pure CaptureReader (analyzers/capture/capture_reader.hpp). Why not libpcap: see README.md.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/expected.hpp"
#include "core/wire_reader.hpp"

namespace v6r::analyze {

class CaptureFile {
 public:
  /// Maps `path`; the error names the file and the system's reason.
  static Expected<CaptureFile, std::string> open(const std::string& path);

  CaptureFile(CaptureFile&& o) noexcept;
  CaptureFile& operator=(CaptureFile&& o) noexcept;
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;
  ~CaptureFile();

  [[nodiscard]] Bytes bytes() const { return {static_cast<const std::uint8_t*>(map_), size_}; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  CaptureFile() = default;
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string path_;
};

}  // namespace v6r::analyze
