#include "core/tar.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "core/manifest.hpp"
#include "core/wire_reader.hpp"

namespace v6r::bundle {
namespace {

// Header field offsets and sizes (POSIX.1-2017 pax, "ustar Interchange Format", Table: ustar Header Block).
struct Field {
  std::size_t off, len;
};
constexpr Field kName{0, 100}, kMode{100, 8}, kUid{108, 8}, kGid{116, 8}, kSize{124, 12}, kMtime{136, 12},
    kChksum{148, 8}, kType{156, 1}, kMagic{257, 6}, kVersion{263, 2}, kUname{265, 32}, kGname{297, 32},
    kPrefix{345, 155};

std::string_view field_str(std::span<const std::uint8_t> h, Field f) {
  auto s = h.subspan(f.off, f.len);
  std::size_t n = 0;
  while (n < s.size() && s[n] != 0) ++n;  // NUL-terminated unless it fills the field
  return {reinterpret_cast<const char*>(s.data()), n};
}

// "zero-filled octal number ... terminated by one or more <space> or NUL characters"; leading spaces
// are tolerated (old writers). At least one digit is required.
std::optional<std::uint64_t> parse_octal(std::span<const std::uint8_t> h, Field f) {
  auto s = h.subspan(f.off, f.len);
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  std::uint64_t v = 0;
  std::size_t nd = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '7'; ++i, ++nd) {
    if (v > (UINT64_MAX >> 3)) return std::nullopt;
    v = (v << 3) | static_cast<std::uint64_t>(s[i] - '0');
  }
  if (nd == 0) return std::nullopt;
  for (; i < s.size(); ++i)
    if (s[i] != ' ' && s[i] != 0) return std::nullopt;
  return v;
}

bool all_zero(std::span<const std::uint8_t> b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t c) { return c == 0; });
}

void put_str(std::span<std::uint8_t> h, Field f, std::string_view s) {
  std::copy_n(s.begin(), std::min(s.size(), f.len), h.begin() + static_cast<std::ptrdiff_t>(f.off));
}

// Zero-filled octal in len-1 digits followed by NUL.
bool put_octal(std::span<std::uint8_t> h, Field f, std::uint64_t v) {
  std::size_t digits = f.len - 1;
  for (std::size_t i = digits; i-- > 0;) {
    h[f.off + i] = static_cast<std::uint8_t>('0' + (v & 7));
    v >>= 3;
  }
  h[f.off + digits] = 0;
  return v == 0;
}

std::uint32_t header_sum(std::span<const std::uint8_t> h) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < kTarBlock; ++i)
    sum += (i >= kChksum.off && i < kChksum.off + kChksum.len) ? std::uint32_t{' '} : h[i];
  return sum;
}

// Historic tars summed signed chars; accept that too.
std::int32_t header_sum_signed(std::span<const std::uint8_t> h) {
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < kTarBlock; ++i)
    sum += (i >= kChksum.off && i < kChksum.off + kChksum.len)
               ? std::int32_t{' '}
               : static_cast<std::int32_t>(static_cast<std::int8_t>(h[i]));
  return sum;
}

}  // namespace

std::string TarError::to_string() const {
  return "tar header at offset " + std::to_string(offset) + ": " + message;
}

Expected<std::vector<TarEntry>, TarError> read_ustar(std::span<const std::uint8_t> archive) {
  std::vector<TarEntry> out;
  std::set<std::string, std::less<>> seen;
  WireReader r(archive);
  while (!r.empty()) {
    const std::size_t at = r.offset();
    auto err = [&](std::string m) { return Unexpected{TarError{at, std::move(m)}}; };
    auto hdr = r.bytes(kTarBlock);
    if (!hdr) return err("truncated header (" + std::to_string(archive.size() - at) + " bytes left)");
    const auto h = *hdr;
    if (all_zero(h)) break;  // end-of-archive marker (a second zero block and padding may follow)
    auto magic = field_str(h, kMagic);
    auto version = h.subspan(kVersion.off, kVersion.len);
    const bool posix = magic == "ustar" && version[0] == '0' && version[1] == '0';
    const bool gnu = magic == "ustar " && version[0] == ' ' && version[1] == 0;
    if (!posix && !gnu) return err("not a ustar header (bad magic)");
    auto chk = parse_octal(h, kChksum);
    if (!chk) return err("checksum field is not octal");
    if (*chk != header_sum(h) && static_cast<std::int64_t>(*chk) != header_sum_signed(h))
      return err("bad header checksum");
    auto mode = parse_octal(h, kMode);
    if (!mode) return err("mode field is not octal");
    if ((h[kSize.off] & 0x80) != 0) return err("base-256 size field is not supported");
    auto size = parse_octal(h, kSize);
    if (!size) return err("size field is not octal");
    auto mtime = parse_octal(h, kMtime);
    if (!mtime) return err("mtime field is not octal");
    const char type = static_cast<char>(h[kType.off]);
    std::string path(field_str(h, kName));
    auto prefix = posix ? field_str(h, kPrefix) : std::string_view{};
    if (!prefix.empty()) path = std::string(prefix) + "/" + path;
    TarEntry e;
    e.mode = static_cast<std::uint32_t>(*mode & 07777);
    e.mtime = *mtime;
    if (type == '5') {
      e.is_directory = true;
      while (!path.empty() && path.back() == '/') path.pop_back();
    } else if (type != '0' && type != 0) {
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K')
        return err(std::string("unsupported extended header type '") + type +
                   "' (pack with --format=ustar and short names)");
      if (type == '1' || type == '2' || type == '3' || type == '4' || type == '6') {
        auto refused = err(std::string("link, device or FIFO entry (type '") + type +
                           "'): a bundle holds only regular files and directories");
        refused.error.link = true;
        return refused;
      }
      return err("unsupported entry type (only regular files and directories)");
    }
    if (!is_safe_relative_path(path)) return err("unsafe or empty path");
    if (!seen.insert(path).second) return err("duplicate entry (the same path twice)");
    if (*size > r.remaining()) return err("size " + std::to_string(*size) + " overruns the archive");
    const std::size_t n = static_cast<std::size_t>(*size);
    auto data = r.bytes(n);
    std::size_t pad = (kTarBlock - n % kTarBlock) % kTarBlock;
    if (!data || !r.skip(std::min(pad, r.remaining()))) return err("truncated data");
    if (!e.is_directory) e.data = *data;
    e.path = std::move(path);
    out.push_back(std::move(e));
  }
  return out;
}

Expected<std::vector<std::uint8_t>, std::string> write_ustar(const std::vector<TarInput>& entries) {
  std::vector<std::uint8_t> out;
  for (const auto& e : entries) {
    if (!is_safe_relative_path(e.path)) return Unexpected{"tar: unsafe path '" + e.path + "'"};
    if (e.is_directory && !e.data.empty()) return Unexpected{"tar: directory '" + e.path + "' has data"};
    std::string full = e.path + (e.is_directory ? "/" : "");
    std::string name = full, prefix;
    if (full.size() > kName.len) {
      // Split at a '/' so that prefix <= 155 and name <= 100 bytes.
      std::size_t cut = std::string::npos;
      for (std::size_t i = full.size(); i-- > 0;) {
        if (full[i] != '/' || i == full.size() - 1) continue;
        if (full.size() - i - 1 <= kName.len && i <= kPrefix.len) {
          cut = i;
          break;
        }
      }
      if (cut == std::string::npos) return Unexpected{"tar: path '" + e.path + "' does not fit ustar"};
      prefix = full.substr(0, cut);
      name = full.substr(cut + 1);
    }
    std::array<std::uint8_t, kTarBlock> h{};
    put_str(h, kName, name);
    put_octal(h, kMode, e.mode & 07777);
    put_octal(h, kUid, 0);
    put_octal(h, kGid, 0);
    if (!put_octal(h, kSize, e.data.size()))
      return Unexpected{"tar: '" + e.path + "' is too large for ustar"};
    if (!put_octal(h, kMtime, e.mtime)) return Unexpected{"tar: '" + e.path + "' mtime out of range"};
    h[kType.off] = e.is_directory ? '5' : '0';
    put_str(h, kMagic, std::string_view("ustar\0", 6));
    put_str(h, kVersion, "00");
    put_str(h, kUname, "root");
    put_str(h, kGname, "root");
    put_str(h, kPrefix, prefix);
    // chksum: six octal digits, NUL, space (as GNU tar and POSIX examples write it).
    std::uint32_t sum = header_sum(h);
    for (std::size_t i = 6; i-- > 0;) {
      h[kChksum.off + i] = static_cast<std::uint8_t>('0' + (sum & 7));
      sum >>= 3;
    }
    h[kChksum.off + 6] = 0;
    h[kChksum.off + 7] = ' ';
    out.insert(out.end(), h.begin(), h.end());
    out.insert(out.end(), e.data.begin(), e.data.end());
    out.resize(out.size() + (kTarBlock - e.data.size() % kTarBlock) % kTarBlock, 0);
  }
  out.resize(out.size() + 2 * kTarBlock, 0);
  return out;
}

}  // namespace v6r::bundle
