#include "analyzers/capture_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace v6r::analyze {

Expected<CaptureFile, std::string> CaptureFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Unexpected{path + ": " + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const std::string why = S_ISREG(st.st_mode) ? std::strerror(errno) : "not a regular file";
    ::close(fd);
    return Unexpected{path + ": " + why};
  }
  CaptureFile f;
  f.path_ = path;
  f.size_ = static_cast<std::size_t>(st.st_size);
  if (f.size_ > 0) {
    void* m = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Unexpected{path + ": mmap: " + why};
    }
    ::madvise(m, f.size_, MADV_SEQUENTIAL);
    f.map_ = m;
  }
  ::close(fd);
  return f;
}

CaptureFile::CaptureFile(CaptureFile&& o) noexcept
    : map_(std::exchange(o.map_, nullptr)), size_(std::exchange(o.size_, 0)), path_(std::move(o.path_)) {}

CaptureFile& CaptureFile::operator=(CaptureFile&& o) noexcept {
  if (this != &o) {
    if (map_ != nullptr) ::munmap(map_, size_);
    map_ = std::exchange(o.map_, nullptr);
    size_ = std::exchange(o.size_, 0);
    path_ = std::move(o.path_);
  }
  return *this;
}

CaptureFile::~CaptureFile() {
  if (map_ != nullptr) ::munmap(map_, size_);
}

}  // namespace v6r::analyze
