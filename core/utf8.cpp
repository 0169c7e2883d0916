#include "core/utf8.hpp"

#include <utf8proc.h>

#include <algorithm>

namespace v6r::utf8 {

Unit decode(std::string_view s, std::size_t pos) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos);
  utf8proc_int32_t cp = -1;
  const auto n = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
  if (n <= 0 || cp < 0) return {};
  return {cp, static_cast<std::size_t>(n)};
}

bool valid(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const Unit u = decode(s, i);
    if (!u.valid()) return false;
    i += u.len;
  }
  return true;
}

namespace {

/// Walks `s` by grapheme cluster; `on_cluster(end)` gets the byte offset where each cluster ends and
/// returns false to stop. An invalid byte is a cluster of its own (and resets the break state).
template <class F>
void clusters(std::string_view s, F&& on_cluster) {
  utf8proc_int32_t state = 0;
  std::int32_t prev = -1;
  for (std::size_t i = 0; i < s.size();) {
    const Unit u = decode(s, i);
    // A break before this unit unless it continues the previous cluster (UAX #29 GB3..GB999).
    const bool brk = i == 0 || prev < 0 || !u.valid() || utf8proc_grapheme_break_stateful(prev, u.cp, &state);
    if (i > 0 && brk && !on_cluster(i)) return;
    if (!u.valid()) state = 0;
    prev = u.cp;
    i += u.len;
  }
  if (!s.empty()) on_cluster(s.size());
}

}  // namespace

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  clusters(s, [&n](std::size_t) {
    ++n;
    return true;
  });
  return n;
}

std::string truncate(std::string_view s, std::size_t max_chars, std::string_view ellipsis) {
  // Room for the ellipsis when the string is cut (none when it would not fit itself).
  const std::size_t mark = count_chars(ellipsis);
  const std::size_t room = max_chars >= mark ? max_chars - mark : max_chars;
  std::size_t n = 0, keep = 0, fits_end = 0;
  bool fits = true;
  clusters(s, [&](std::size_t end) {
    ++n;
    if (n <= room) keep = end;
    if (n <= max_chars) {
      fits_end = end;
      return true;
    }
    fits = false;
    return false;
  });
  if (fits) return std::string(s.substr(0, fits_end));
  std::string out(s.substr(0, keep));
  if (max_chars >= mark) out += ellipsis;
  return out;
}

namespace {

/// Columns of the cluster s[begin, end) (at least 1).
std::size_t cluster_columns(std::string_view s, std::size_t begin, std::size_t end) {
  int widest = 1;
  for (std::size_t i = begin; i < end;) {
    const Unit u = decode(s, i);
    if (u.valid()) widest = std::max(widest, utf8proc_charwidth(u.cp));
    i += u.len;
  }
  return static_cast<std::size_t>(widest);
}

}  // namespace

std::size_t columns(std::string_view s) {
  std::size_t n = 0, begin = 0;
  clusters(s, [&](std::size_t end) {
    n += cluster_columns(s, begin, end);
    begin = end;
    return true;
  });
  return n;
}

std::size_t prefix_within(std::string_view s, std::size_t max_columns) {
  std::size_t used = 0, begin = 0, keep = 0;
  clusters(s, [&](std::size_t end) {
    const std::size_t w = cluster_columns(s, begin, end);
    if (keep > 0 && used + w > max_columns) return false;
    used += w;
    keep = begin = end;
    return true;
  });
  return keep;
}

}  // namespace v6r::utf8
