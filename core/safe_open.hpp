#pragma once
// Opening files that someone else wrote (run bundles, spools) without being led elsewhere: no symbolic
// link is ever followed below a directory the user named, nothing but a directory or a regular file
// with exactly one link is opened, and FIFOs, devices and sockets are never opened at all (lstat
// first, then open with O_NOFOLLOW, then fstat of the descriptor must show the same inode).
//
// Why component by component with O_NOFOLLOW and not openat2(2): the names we open are single
// components read from a directory listing or a relative path we built ourselves, so O_NOFOLLOW on
// each component refuses the same links as RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH, and works on every
// kernel. A ".." or an empty component is refused before any system call.
#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace v6r::fsafe {

/// Owns one file descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool valid() const { return fd_ >= 0; }
  int release() {
    const int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_ = -1;
};

/// Why an open was refused. `symlink`, `special` and `hard_linked` mean the entry is not what a bundle
/// may hold (the caller refuses the bundle); `missing` and `io` are plain errors.
enum class Refusal { missing, symlink, special, directory, not_directory, hard_linked, io };

struct OpenFailure {
  Refusal why = Refusal::io;
  std::string message;  ///< names the entry and the reason, never any of its content
};

/// What an entry is, from lstat (links are not followed).
enum class EntryType { missing, regular, directory, symlink, special };
EntryType entry_type_at(int dirfd, std::string_view name, struct stat* st = nullptr);

/// Opens `path` as a directory. With `follow_last` false, its last component must not be a symbolic
/// link (O_NOFOLLOW); earlier components are resolved as the user typed them.
Expected<UniqueFd, OpenFailure> open_directory(const std::string& path, bool follow_last);

/// Opens `path` as a regular file. With `follow_last` false its last component must not be a symbolic
/// link and the file must have exactly one link (a bundle .tar); with true, links are followed (a bare
/// capture the user named). Never opens a FIFO, device or socket.
Expected<UniqueFd, OpenFailure> open_file(const std::string& path, bool follow_last);

/// Opens the relative path `rel` beneath `dirfd`, component by component with O_NOFOLLOW, so no
/// component may be a symbolic link. `want_directory`: the last component must be a directory;
/// otherwise a regular file with one link. `rel` must be plain components ("a/b"), no "." or "..".
Expected<UniqueFd, OpenFailure> open_beneath(int dirfd, std::string_view rel, bool want_directory);

/// Opens `name` (one component) in `dirfd` as a regular file with exactly one link: lstat first (a
/// FIFO, device or socket is refused without being opened), then O_NOFOLLOW, then fstat must show a
/// regular file with st_nlink == 1 and the inode lstat saw.
Expected<UniqueFd, OpenFailure> open_regular_at(int dirfd, std::string_view name);

/// "is a symbolic link (never followed)" etc.: the words of each refusal, for messages.
std::string refusal_text(Refusal why);

/// A file name as a message may show it: escape::terminal (core/escape.hpp: every control, bidi control
/// and invalid UTF-8 byte written visibly), at most 1024 bytes of it. Names in a bundle or spool are
/// chosen by whoever wrote it.
std::string shown_name(std::string_view name);

}  // namespace v6r::fsafe
