#include "core/safe_open.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/escape.hpp"

namespace v6r::fsafe {
namespace {

constexpr int kFileFlags = O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

Unexpected<OpenFailure> fail(Refusal why, std::string_view what, std::string_view detail = {}) {
  std::string m = shown_name(what);
  m += ": ";
  m += detail.empty() ? refusal_text(why) : std::string(detail);
  return Unexpected{OpenFailure{why, std::move(m)}};
}

bool plain_component(std::string_view c) {
  return !c.empty() && c != "." && c != ".." && c.find('/') == std::string_view::npos &&
         c.find('\0') == std::string_view::npos;
}

Refusal refusal_of(EntryType t) {
  switch (t) {
    case EntryType::missing:
      return Refusal::missing;
    case EntryType::symlink:
      return Refusal::symlink;
    case EntryType::directory:
      return Refusal::directory;
    case EntryType::special:
      return Refusal::special;
    case EntryType::regular:
      break;
  }
  return Refusal::io;
}

EntryType type_of(const struct stat& st) {
  if (S_ISLNK(st.st_mode)) return EntryType::symlink;
  if (S_ISDIR(st.st_mode)) return EntryType::directory;
  if (S_ISREG(st.st_mode)) return EntryType::regular;
  return EntryType::special;
}

/// After open: the descriptor must be the inode lstat saw, of the expected type, and (regular files)
/// have exactly one link.
Expected<UniqueFd, OpenFailure> confirm(UniqueFd fd, const struct stat& before, bool directory,
                                        bool single_link, std::string_view what) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(Refusal::io, what, std::strerror(errno));
  if (st.st_dev != before.st_dev || st.st_ino != before.st_ino)
    return fail(Refusal::io, what, "replaced while being opened");
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
    return fail(directory ? Refusal::not_directory : Refusal::special, what);
  if (!directory && single_link && st.st_nlink != 1) return fail(Refusal::hard_linked, what);
  return fd;
}

/// lstat + O_NOFOLLOW open + confirm of one component in dirfd.
Expected<UniqueFd, OpenFailure> open_component(int dirfd, std::string_view name, bool directory,
                                               bool single_link, std::string_view what) {
  if (!plain_component(name)) return fail(Refusal::io, what, "not a plain file name");
  const std::string n(name);
  struct stat st {};
  const EntryType t = entry_type_at(dirfd, n, &st);
  if (t == EntryType::missing) return fail(Refusal::missing, what);
  if (directory && t != EntryType::directory)
    return fail(t == EntryType::regular ? Refusal::not_directory : refusal_of(t), what);
  if (!directory && t != EntryType::regular) return fail(refusal_of(t), what);
  const int fd = ::openat(dirfd, n.c_str(), directory ? kDirFlags : kFileFlags);
  if (fd < 0) {
    if (errno == ELOOP) return fail(Refusal::symlink, what);
    if (errno == ENOENT) return fail(Refusal::missing, what);
    return fail(Refusal::io, what, std::strerror(errno));
  }
  return confirm(UniqueFd(fd), st, directory, single_link, what);
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

std::string refusal_text(Refusal why) {
  switch (why) {
    case Refusal::missing:
      return "no such file or directory";
    case Refusal::symlink:
      return "is a symbolic link (never followed)";
    case Refusal::special:
      return "is not a regular file (FIFO, device or socket: never opened)";
    case Refusal::directory:
      return "is a directory, not a file";
    case Refusal::not_directory:
      return "is not a directory";
    case Refusal::hard_linked:
      return "has more than one hard link (a bundle file has exactly one)";
    case Refusal::io:
      break;
  }
  return "cannot be opened";
}

std::string shown_name(std::string_view name) {
  constexpr std::size_t kMax = 1024;
  if (name.size() <= kMax) return escape::terminal(name);
  return escape::terminal(name.substr(0, kMax)) + "...";
}

EntryType entry_type_at(int dirfd, std::string_view name, struct stat* out) {
  struct stat st {};
  if (::fstatat(dirfd, std::string(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return EntryType::missing;
  if (out != nullptr) *out = st;
  return type_of(st);
}

Expected<UniqueFd, OpenFailure> open_directory(const std::string& path, bool follow_last) {
  if (follow_last) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return fail(errno == ENOENT    ? Refusal::missing
                  : errno == ENOTDIR ? Refusal::not_directory
                                     : Refusal::io,
                  path, errno == ENOENT || errno == ENOTDIR ? std::string_view{} : std::strerror(errno));
    return UniqueFd(fd);
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return fail(Refusal::missing, path);
  if (S_ISLNK(st.st_mode)) return fail(Refusal::symlink, path);
  if (!S_ISDIR(st.st_mode)) return fail(Refusal::not_directory, path);
  const int fd = ::open(path.c_str(), kDirFlags);
  if (fd < 0) return fail(errno == ELOOP ? Refusal::symlink : Refusal::io, path, std::strerror(errno));
  return confirm(UniqueFd(fd), st, true, false, path);
}

Expected<UniqueFd, OpenFailure> open_file(const std::string& path, bool follow_last) {
  if (follow_last) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      return fail(errno == ENOENT ? Refusal::missing : Refusal::io, path,
                  errno == ENOENT ? std::string_view{} : std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return fail(S_ISDIR(st.st_mode) ? Refusal::directory : Refusal::special, path);
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return fail(Refusal::io, path, std::strerror(errno));
    return confirm(UniqueFd(fd), st, false, false, path);
  }
  // The parent as typed (links allowed: the user's own path), the last component never a link.
  const auto slash = path.find_last_of('/');
  const std::string parent = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string_view last =
      slash == std::string::npos ? std::string_view(path) : std::string_view(path).substr(slash + 1);
  auto dir = open_directory(parent, true);
  if (!dir) return fail(dir.error().why == Refusal::missing ? Refusal::missing : Refusal::io, path);
  return open_component(dir->get(), last, false, true, path);
}

Expected<UniqueFd, OpenFailure> open_beneath(int dirfd, std::string_view rel, bool want_directory) {
  std::vector<std::string_view> parts;
  for (std::size_t pos = 0; pos <= rel.size();) {
    auto slash = rel.find('/', pos);
    if (slash == std::string_view::npos) slash = rel.size();
    parts.push_back(rel.substr(pos, slash - pos));
    pos = slash + 1;
  }
  UniqueFd cur;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const int at = cur.valid() ? cur.get() : dirfd;
    const std::string what(
        rel.substr(0, static_cast<std::size_t>(parts[i].data() - rel.data()) + parts[i].size()));
    auto next = open_component(at, parts[i], !last || want_directory, true, what);
    if (!next) return Unexpected{std::move(next.error())};
    cur = std::move(next).value();
  }
  return cur;
}

Expected<UniqueFd, OpenFailure> open_regular_at(int dirfd, std::string_view name) {
  return open_component(dirfd, name, false, true, name);
}

}  // namespace v6r::fsafe
