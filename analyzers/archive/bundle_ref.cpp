// Bundle identity for the sweep archive (analyzers/archive/bundle_ref.hpp).
#include "analyzers/archive/bundle_ref.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "core/bundle.hpp"
#include "core/escape.hpp"
#include "core/manifest.hpp"
#include "core/sha256.hpp"
#include "core/time_util.hpp"

namespace v6r::archive {

namespace {
constexpr std::uintmax_t kMaxManifest = 1 << 20;

Expected<std::string, std::string> read_small(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(file, ec)))
    return Unexpected{std::string("no regular file ") + std::string(bundle::kManifestFile)};
  if (std::filesystem::file_size(file, ec) > kMaxManifest)
    return Unexpected{std::string(bundle::kManifestFile) + " is larger than 1 MiB"};
  std::ifstream in(file, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof())
    return Unexpected{std::string("cannot read ") + std::string(bundle::kManifestFile)};
  return s;
}
}  // namespace

Expected<std::string, std::string> manifest_sha256(const std::filesystem::path& bundle) {
  std::error_code ec;
  Expected<std::string, std::string> text = std::string();
  if (std::filesystem::is_directory(std::filesystem::symlink_status(bundle, ec))) {
    text = read_small(bundle / bundle::kManifestFile);
  } else {
    // Only a regular file can be a bundle .tar: never a device or FIFO a findings file points at.
    if (!std::filesystem::is_regular_file(std::filesystem::status(bundle, ec)))
      return Unexpected{escape::terminal(bundle.string()) + ": neither a bundle directory nor a bundle .tar"};
    // Opened as every bundle is (core/bundle_files.hpp: no link followed); only the manifest is used.
    auto r = bundle::BundleFiles::load(bundle::BundleLocation{bundle.string(), ""});
    if (!r) return Unexpected{r.error().message};
    const auto m = r->file(bundle::kManifestFile);
    if (!m)
      return Unexpected{escape::terminal(bundle.string()) + ": no " + std::string(bundle::kManifestFile)};
    text = std::string(reinterpret_cast<const char*>(m->data()), m->size());
  }
  const std::string where = escape::terminal(bundle.string());
  if (!text) return Unexpected{where + ": " + text.error()};
  if (text->size() > kMaxManifest) return Unexpected{where + ": manifest larger than 1 MiB"};
  if (auto m = bundle::parse_manifest(*text); !m) return Unexpected{where + ": " + m.error().to_string()};
  return sha256_hex(*text);
}

Expected<std::vector<BundleRef>, std::string> resolve_bundle_refs(const findings::Document& doc,
                                                                  const RefOptions& opt) {
  std::vector<BundleRef> out;
  out.reserve(doc.sites.size());
  for (const auto& s : doc.sites) {
    const auto& b = s.bundle;
    std::vector<std::filesystem::path> tries;
    const std::filesystem::path given(b.path);
    if (!b.path.empty()) {
      tries.push_back(given);
      if (given.is_relative() && !opt.findings_dir.empty()) tries.push_back(opt.findings_dir / given);
    }
    // A bundle name is one path component ([A-Za-z0-9._-]); anything else is not looked up by name.
    const bool plain_name =
        !b.name.empty() && b.name != "." && b.name != ".." &&
        std::all_of(b.name.begin(), b.name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        });
    if (plain_name)
      for (const auto& root : opt.bundle_roots) {
        tries.push_back(root / b.name);
        tries.push_back(root / (b.name + ".tar"));
      }
    std::optional<std::string> found;
    std::string last_error = "not found";
    for (const auto& t : tries) {
      std::error_code ec;
      if (!std::filesystem::exists(t, ec)) continue;
      auto h = manifest_sha256(t);
      if (h) {
        found = *h;
        break;
      }
      last_error = h.error();
    }
    if (found) {
      out.push_back({found, *found});
    } else if (opt.allow_missing) {
      const std::string id = b.name + "\n" + b.run_id + "\n" + format_rfc3339_ms(b.started_utc) + "\n" +
                             (b.capture ? b.capture->sha256 : std::string());
      out.push_back({std::nullopt, "run:" + sha256_hex(id)});
    } else {
      return Unexpected{"site " + escape::terminal(s.site) + ": bundle " + escape::terminal(b.name) +
                        ": cannot read its MANIFEST.sha256 (" + last_error +
                        "); give --bundles DIR where the bundles are, or --no-manifest"};
    }
  }
  return out;
}

std::string sweep_key(const std::vector<BundleRef>& refs) {
  std::vector<std::string> keys;
  keys.reserve(refs.size());
  for (const auto& r : refs) keys.push_back(r.key);
  std::sort(keys.begin(), keys.end());
  std::string all;
  for (const auto& k : keys) all += k + "\n";
  return sha256_hex(all);
}

}  // namespace v6r::archive
