#include "analyzers/capture_file.hpp"

#include "core/safe_open.hpp"

namespace v6r::analyze {

Expected<CaptureFile, std::string> CaptureFile::open(const std::string& path) {
  auto fd = fsafe::open_file(path, /*follow_last=*/true);
  if (!fd) return Unexpected{fd.error().message};
  auto m = MappedFile::map(std::move(fd).value(), path);
  if (!m) return Unexpected{m.error()};
  return CaptureFile(std::move(m).value());
}

}  // namespace v6r::analyze
