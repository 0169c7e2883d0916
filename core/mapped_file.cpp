#include "core/mapped_file.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace v6r {
namespace {

bool same_times(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

}  // namespace

Expected<MappedFile, std::string> MappedFile::map(fsafe::UniqueFd fd, std::string label) {
  MappedFile f;
  if (::fstat(fd.get(), &f.at_map_) != 0) return Unexpected{label + ": " + std::strerror(errno)};
  if (!S_ISREG(f.at_map_.st_mode)) return Unexpected{label + ": not a regular file"};
  f.size_ = static_cast<std::size_t>(f.at_map_.st_size);
  if (f.size_ > 0) {
    void* m = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (m == MAP_FAILED) return Unexpected{label + ": mmap: " + std::strerror(errno)};
    ::madvise(m, f.size_, MADV_SEQUENTIAL);
    f.map_ = m;
  }
  f.fd_ = std::move(fd);
  f.label_ = std::move(label);
  return f;
}

MappedFile::MappedFile(MappedFile&& o) noexcept
    : fd_(std::move(o.fd_)),
      map_(std::exchange(o.map_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      at_map_(o.at_map_),
      label_(std::move(o.label_)) {}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (map_ != nullptr) ::munmap(map_, size_);
    fd_ = std::move(o.fd_);
    map_ = std::exchange(o.map_, nullptr);
    size_ = std::exchange(o.size_, 0);
    at_map_ = o.at_map_;
    label_ = std::move(o.label_);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (map_ != nullptr) ::munmap(map_, size_);
}

std::optional<std::string> MappedFile::changed() const {
  struct stat now {};
  if (!fd_.valid()) return std::nullopt;
  if (::fstat(fd_.get(), &now) != 0) return label_ + ": cannot be checked again: " + std::strerror(errno);
  if (now.st_size != at_map_.st_size || !same_times(now.st_mtim, at_map_.st_mtim) ||
      !same_times(now.st_ctim, at_map_.st_ctim))
    return label_ + ": changed while being read";
  return std::nullopt;
}

}  // namespace v6r
