#include "core/suggest.hpp"

#include <algorithm>

namespace v6r {

std::string suggest(std::string_view word, const std::vector<std::string>& candidates) {
  // Optimal string alignment (restricted Damerau-Levenshtein): a swap of two neighbours costs 1, so
  // "service.tsl" is one step from "service.tls", not two like "service.tcp".
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
      std::swap(before, prev);
      std::swap(prev, cur);
    }
    return prev[b.size()];
  };
  std::string best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  for (const auto& c : candidates) {
    const bool prefix = word.size() >= 3 && c.starts_with(word);  // a prefix of the key counts as close
    // The distance is at least the difference in length: past the limit, no need to work it out (a
    // long mistyped key, or a hostile one of megabytes, costs its length, not its length times the key's).
    const std::size_t gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    std::size_t d = limit;
    if (gap <= limit) {
      d = distance(word, c);
      if (prefix) d = std::min(d, limit);
    } else if (!prefix) {
      continue;
    }
    if (d <= limit && d < best_d) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

}  // namespace v6r
