#include "core/bundle_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/safe_open.hpp"
#include "core/tar.hpp"

namespace v6r::bundle {
namespace {

using fsafe::OpenFailure;
using fsafe::Refusal;
using fsafe::shown_name;
using fsafe::UniqueFd;

bool is_refusal(Refusal r) {
  return r == Refusal::symlink || r == Refusal::special || r == Refusal::directory ||
         r == Refusal::hard_linked || r == Refusal::not_directory;
}

Unexpected<LoadError> error(bool refused, const std::string& path, std::string name, std::string file,
                            const std::string& what) {
  return Unexpected{
      LoadError{refused, std::move(name), std::move(file), "bundle " + shown_name(path) + ": " + what, what}};
}

/// The names in a directory (no "." / ".."), sorted; nullopt with errno set on failure.
std::optional<std::vector<std::string>> list_names(int dirfd, std::size_t max, bool& too_many) {
  const int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return std::nullopt;
  DIR* d = ::fdopendir(dup);
  if (d == nullptr) {
    ::close(dup);
    return std::nullopt;
  }
  std::vector<std::string> names;
  too_many = false;
  errno = 0;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view n = e->d_name;
    if (n == "." || n == "..") continue;
    if (names.size() == max) {
      too_many = true;
      break;
    }
    names.emplace_back(n);
  }
  const int err = errno;
  ::closedir(d);
  if (err != 0 && !too_many) {
    errno = err;
    return std::nullopt;
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string BundleLocation::path() const {
  if (rel.empty()) return root;
  return root.ends_with('/') ? root + rel : root + "/" + rel;
}

std::optional<std::span<const std::uint8_t>> BundleFiles::file(std::string_view name) const {
  auto it = files_.find(name);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> BundleFiles::changed() const {
  for (const auto& m : maps_)
    if (auto c = m.changed()) return "bundle " + shown_name(path_) + ": " + *c;
  return std::nullopt;
}

Expected<BundleFiles, LoadError> BundleFiles::load(const BundleLocation& loc) {
  BundleFiles b;
  b.path_ = loc.path();
  const auto err = [&](bool refused, std::string file, const std::string& what) {
    return error(refused, b.path_, b.name_, std::move(file), what);
  };

  // 1. The directory holding the bundle, and the bundle's own name in it.
  UniqueFd parent;
  std::string last;
  if (loc.rel.empty()) {
    std::string root = loc.root;
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    const auto slash = root.find_last_of('/');
    last = slash == std::string::npos ? root : root.substr(slash + 1);
    if (last.empty() || last == "." || last == "..") {
      // "." or "..": not a link; the bundle is the real directory's name in the one above it.
      std::error_code ec;
      last = std::filesystem::canonical(root, ec).filename().string();
      if (ec || last.empty()) return err(false, "", "no such directory or file");
      auto up = fsafe::open_directory(root + "/..", true);
      if (!up) return err(false, "", "cannot open the directory above it");
      parent = std::move(up).value();
    } else {
      const std::string up = slash == std::string::npos ? "." : slash == 0 ? "/" : root.substr(0, slash);
      auto dir = fsafe::open_directory(up, true);
      if (!dir) return err(false, "", "no such directory or file");
      parent = std::move(dir).value();
    }
  } else {
    auto rootfd = fsafe::open_directory(loc.root, true);
    if (!rootfd) return err(false, "", "spool directory " + rootfd.error().message);
    const auto slash = loc.rel.find_last_of('/');
    last = slash == std::string::npos ? loc.rel : loc.rel.substr(slash + 1);
    if (slash == std::string::npos) {
      parent = std::move(rootfd).value();
    } else {
      auto dir = fsafe::open_beneath(rootfd->get(), loc.rel.substr(0, slash), true);
      if (!dir) return err(is_refusal(dir.error().why), "", dir.error().message);
      parent = std::move(dir).value();
    }
  }
  b.name_ = last;

  // 2. What it is, by lstat: a link is never followed, not even for a path the user typed.
  switch (fsafe::entry_type_at(parent.get(), last)) {
    case fsafe::EntryType::missing:
      return err(false, "", "no such directory or file");
    case fsafe::EntryType::symlink:
      return err(true, "",
                 "is a symbolic link: a bundle is never read through a link (give its real path, e.g. "
                 "`readlink -f`)");
    case fsafe::EntryType::special:
      return err(true, "", "is not a directory or a regular file");
    case fsafe::EntryType::regular: {
      auto fd = fsafe::open_regular_at(parent.get(), last);
      if (!fd) return err(is_refusal(fd.error().why), "", fd.error().message);
      auto m = MappedFile::map(std::move(fd).value(), last);
      if (!m) return err(false, "", m.error());
      if (b.name_.ends_with(".tar")) b.name_.resize(b.name_.size() - 4);
      b.maps_.push_back(std::move(m).value());
      const auto bytes = b.maps_.back().bytes();
      return from_tar_bytes(std::move(b), bytes);
    }
    case fsafe::EntryType::directory:
      break;
  }
  if (last.starts_with(".") && last.ends_with(".tmp"))
    return err(false, "",
               "not a finished bundle (temporary directory of a run that did not finish; cleanup_stale "
               "removes it)");
  auto dir = fsafe::open_beneath(parent.get(), last, true);
  if (!dir) return err(is_refusal(dir.error().why), "", dir.error().message);

  // 3. Every entry: a regular file with one link, or the bundle is refused (nothing opened is read).
  bool too_many = false;
  auto names = list_names(dir->get(), kMaxBundleEntries, too_many);
  if (!names) return err(false, "", std::string("cannot list: ") + std::strerror(errno));
  if (too_many)
    return err(true, "", "more than " + std::to_string(kMaxBundleEntries) + " entries: not a bundle");
  std::vector<std::string> refusals;
  std::string first_refused;
  std::vector<std::pair<std::string, UniqueFd>> opened;
  for (const auto& n : *names) {
    auto fd = fsafe::open_regular_at(dir->get(), n);
    if (!fd) {
      if (fd.error().why == Refusal::missing) continue;  // removed since the listing
      if (!is_refusal(fd.error().why)) return err(false, n, fd.error().message);
      if (first_refused.empty()) first_refused = n;
      refusals.push_back(fd.error().message);
      continue;
    }
    opened.emplace_back(n, std::move(fd).value());
  }
  if (!refusals.empty()) {
    std::string why;
    for (const auto& r : refusals) why += (why.empty() ? "" : "; ") + r;
    return err(true, first_refused, why + " (a bundle holds only regular files, each with one link)");
  }
  for (auto& [n, fd] : opened) {
    auto m = MappedFile::map(std::move(fd), n);
    if (!m) return err(false, n, m.error());
    b.maps_.push_back(std::move(m).value());
    b.files_.emplace(n, b.maps_.back().bytes());
  }
  return b;
}

Expected<BundleFiles, LoadError> BundleFiles::from_tar(std::string label, std::vector<std::uint8_t> archive) {
  BundleFiles b;
  b.path_ = std::move(label);
  auto slash = b.path_.find_last_of('/');
  b.name_ = slash == std::string::npos ? b.path_ : b.path_.substr(slash + 1);
  if (b.name_.ends_with(".tar")) b.name_.resize(b.name_.size() - 4);
  b.owned_ = std::make_shared<const std::vector<std::uint8_t>>(std::move(archive));
  const std::span<const std::uint8_t> bytes(*b.owned_);
  return from_tar_bytes(std::move(b), bytes);
}

Expected<BundleFiles, LoadError> BundleFiles::from_tar_bytes(BundleFiles b,
                                                             std::span<const std::uint8_t> bytes) {
  b.is_tar_ = true;
  const auto err = [&](bool refused, std::string file, const std::string& what) {
    return error(refused, b.path_, b.name_, std::move(file), what);
  };
  auto entries = read_ustar(bytes);
  if (!entries) return err(entries.error().link, "", entries.error().to_string());
  std::string top;
  for (const auto& e : *entries) {
    const auto slash = e.path.find('/');
    const std::string t = e.path.substr(0, slash);
    if (top.empty()) top = t;
    if (t != top)
      return err(false, "",
                 "archive must hold one top-level directory (found two: '" + shown_name(top) + "' and '" +
                     shown_name(t) + "')");
    if (slash == std::string::npos) {
      if (!e.is_directory)
        return err(false, "", "top-level file '" + shown_name(e.path) + "' (want NAME/...)");
      continue;
    }
    const std::string rest = e.path.substr(slash + 1);
    if (e.is_directory || rest.find('/') != std::string::npos)
      return err(true, "", "subdirectory '" + shown_name(rest) + "' in the archive (a bundle is flat)");
    b.files_.emplace(rest, e.data);
  }
  if (top.empty()) return err(false, "", "empty archive");
  b.name_ = top;
  return b;
}

}  // namespace v6r::bundle
