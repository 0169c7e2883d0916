#include "core/fs_util.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace v6r {
namespace {

std::string os_error(const std::string& what, const std::string& file, int e) {
  return what + " " + file + ": " + std::strerror(e);
}

}  // namespace

std::optional<std::string> fsync_path(const std::filesystem::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return path.string() + ": cannot open for fsync: " + std::strerror(errno);
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0) return path.string() + ": fsync failed: " + std::strerror(e);
  return std::nullopt;
}

std::optional<std::string> write_atomic(const std::filesystem::path& path, std::string_view content,
                                        ParentDirs parents) {
  return write_atomic_stream(
      path,
      [content](std::ostream& out) {
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        return static_cast<bool>(out);
      },
      parents);
}

std::optional<std::string> write_atomic_stream(const std::filesystem::path& path,
                                               const std::function<bool(std::ostream&)>& produce,
                                               ParentDirs parents) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (parents == ParentDirs::create) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return "cannot create " + dir.string() + ": " + ec.message();
  }
  std::string tmp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return os_error("cannot create a temp file in", dir.string(), errno);
  ::close(fd);
  auto fail = [&](const std::string& msg) {
    ::unlink(tmp.c_str());
    return msg;
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fail(os_error("cannot open", tmp, errno));
    const bool ok = produce(out);
    out.flush();
    if (!ok || !out) return fail("cannot write " + tmp);
  }
  if (::chmod(tmp.c_str(), 0644) != 0) return fail(os_error("cannot chmod", tmp, errno));
  if (auto e = fsync_path(tmp, false)) return fail(*e);
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return fail("cannot rename " + tmp + " to " + path.string() + ": " + std::strerror(errno));
  return fsync_path(dir, true);
}

}  // namespace v6r
