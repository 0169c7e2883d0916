#pragma once
// The I/O edge of reading a bare capture the user named (`v6analyze dissect`, `analyze --capture`):
// opened as a regular file (never a FIFO or device), mapped read-only (core/mapped_file.hpp) and handed
// to the pure CaptureReader (analyzers/capture/capture_reader.hpp). A bundle's capture is read with the
// bundle instead (core/bundle_files.hpp: mapped once, hashed, then analysed). Why not libpcap: README.md.
#include <string>

#include "core/expected.hpp"
#include "core/mapped_file.hpp"
#include "core/wire_reader.hpp"

namespace v6r::analyze {

class CaptureFile {
 public:
  /// Maps `path`; the error names the file and the system's reason.
  static Expected<CaptureFile, std::string> open(const std::string& path);

  [[nodiscard]] Bytes bytes() const { return map_.bytes(); }
  [[nodiscard]] const std::string& path() const { return map_.label(); }

 private:
  explicit CaptureFile(MappedFile m) : map_(std::move(m)) {}
  MappedFile map_;
};

}  // namespace v6r::analyze
