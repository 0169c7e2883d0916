#include "analyzers/spool_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "core/bundle.hpp"
#include "core/safe_open.hpp"

namespace v6r::analyze {
namespace {

using fsafe::EntryType;
using fsafe::shown_name;
using Inode = std::pair<dev_t, ino_t>;

bool is_bundle_tar_name(std::string_view name) {
  return name.ends_with(".tar") && bundle::parse_bundle_name(name.substr(0, name.size() - 4)).has_value();
}

std::vector<std::string> sorted_names(int dirfd) {
  std::vector<std::string> names;
  const int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return names;
  DIR* d = ::fdopendir(dup);
  if (d == nullptr) {
    ::close(dup);
    return names;
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string_view n = e->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

bool has_entry(int dirfd, std::string_view name) {
  return fsafe::entry_type_at(dirfd, name) != EntryType::missing;
}

struct Walker {
  std::map<Inode, bundle::BundleLocation> found;  // each bundle once, by device and inode
  std::set<Inode> visited;                        // directories entered
  std::vector<std::string> notes;
  std::size_t adds = 0;  // bundles seen, before de-duplication

  void add(Inode id, bundle::BundleLocation loc) {
    ++adds;
    auto [it, inserted] = found.emplace(id, loc);
    if (!inserted && loc.path() < it->second.path())
      it->second = std::move(loc);  // the same one, shortest name
  }

  void walk(int dirfd, const std::string& root, const std::string& rel, int depth) {
    for (const auto& name : sorted_names(dirfd)) {
      if (name.front() == '.') continue;  // .<name>.tmp: unfinished runs
      const std::string child = rel.empty() ? name : rel + "/" + name;
      const bundle::BundleLocation loc{root, child};
      struct stat st {};
      switch (fsafe::entry_type_at(dirfd, name, &st)) {
        case EntryType::symlink:
          notes.push_back("skipping " + shown_name(loc.path()) +
                          ": symbolic link (never followed in a spool)");
          break;
        case EntryType::regular:
          if (is_bundle_tar_name(name)) add({st.st_dev, st.st_ino}, loc);
          break;
        case EntryType::directory:
          directory(dirfd, name, loc, {st.st_dev, st.st_ino}, depth);
          break;
        case EntryType::missing:
        case EntryType::special:
          break;
      }
    }
  }

  void directory(int parentfd, const std::string& name, const bundle::BundleLocation& loc, Inode id,
                 int depth) {
    auto fd = fsafe::open_beneath(parentfd, name, true);
    if (!fd) {
      notes.push_back("skipping " + fd.error().message);
      return;
    }
    // Named like a bundle and holding run.json or MANIFEST.sha256: a bundle, even without run.json
    // (BundleReader then says what is wrong). Named like a bundle with neither: still being shipped
    // (v6ready-ship sends those two files last).
    const bool named = bundle::parse_bundle_name(name).has_value();
    if (has_entry(fd->get(), bundle::kRunJson) || (named && has_entry(fd->get(), bundle::kManifestFile))) {
      add(id, loc);
    } else if (named) {
      notes.push_back("skipping " + shown_name(loc.path()) +
                      ": no run.json or MANIFEST.sha256 yet (a bundle still being shipped)");
    } else if (!visited.insert(id).second) {
      notes.push_back("skipping " + shown_name(loc.path()) + ": directory already visited (a loop)");
    } else if (depth >= kMaxSpoolDepth) {
      notes.push_back("skipping " + shown_name(loc.path()) + ": deeper than " +
                      std::to_string(kMaxSpoolDepth) + " levels");
    } else {
      walk(fd->get(), loc.root, loc.rel, depth + 1);
    }
  }
};

}  // namespace

Expected<FoundBundles, std::string> find_bundles(const std::vector<std::string>& inputs) {
  Walker w;
  for (const auto& in : inputs) {
    struct stat lst {
    }, st{};
    if (::lstat(in.c_str(), &lst) != 0) return Unexpected{shown_name(in) + ": no such file or directory"};
    const bool link = S_ISLNK(lst.st_mode);
    const bool dir = link ? ::stat(in.c_str(), &st) == 0 && S_ISDIR(st.st_mode) : S_ISDIR(lst.st_mode);
    if (!dir) {
      w.add({lst.st_dev, lst.st_ino}, {in, ""});  // a .tar (BundleReader says if it is not one)
      continue;
    }
    auto fd = fsafe::open_directory(in, true);
    if (!fd) return Unexpected{fd.error().message};
    std::string name = in;
    while (name.size() > 1 && name.back() == '/') name.pop_back();
    name = name.substr(name.find_last_of('/') + 1);
    if (has_entry(fd->get(), bundle::kRunJson) || bundle::parse_bundle_name(name)) {
      w.add({lst.st_dev, lst.st_ino}, {in, ""});  // a link to a bundle: BundleReader refuses it
      continue;
    }
    struct stat rst {};
    ::fstat(fd->get(), &rst);
    w.visited.insert({rst.st_dev, rst.st_ino});
    const auto before = w.adds;
    w.walk(fd->get(), in, "", 0);
    if (w.adds == before)
      return Unexpected{shown_name(in) + ": no bundle (directory with run.json, or bundle .tar) found"};
  }
  FoundBundles out;
  out.notes = std::move(w.notes);
  for (auto& [id, loc] : w.found) out.bundles.push_back(std::move(loc));
  std::sort(out.bundles.begin(), out.bundles.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return out;
}

}  // namespace v6r::analyze
