// The idle ladder and the lifetime judgement (probes/checks/nat64_lifetime.hpp).
#include "probes/checks/nat64_lifetime.hpp"

#include <cmath>
#include <cstdio>

namespace v6r::probe::nat64 {

using std::chrono::milliseconds;

std::vector<milliseconds> idle_ladder(milliseconds lo, milliseconds hi, int n, bool geometric) {
  std::vector<milliseconds> out;
  if (n <= 0 || hi <= milliseconds(0) || lo > hi) return out;
  const double a = static_cast<double>(std::max(lo, milliseconds(1)).count());
  const double b = static_cast<double>(hi.count());
  for (int i = 0; i < n; ++i) {
    double t = 0;
    if (geometric)
      t = n == 1 ? b : a * std::pow(b / a, static_cast<double>(i) / static_cast<double>(n - 1));
    else
      t = static_cast<double>(lo.count()) + (b - static_cast<double>(lo.count())) * (i + 1) / (n + 1);
    const milliseconds m{static_cast<milliseconds::rep>(std::llround(t))};
    if ((out.empty() || m > out.back()) && (geometric || (m > lo && m < hi))) out.push_back(m);
  }
  return out;
}

LifetimeCall judge_lifetime(std::optional<milliseconds> survived, std::optional<milliseconds> expired,
                            milliseconds slack, milliseconds required) {
  if (expired && *expired + slack < required) return LifetimeCall::below_required;
  if (survived && *survived >= required) return LifetimeCall::at_least_required;
  if (survived) return LifetimeCall::not_tested;
  if (expired) return LifetimeCall::gone_late;
  return LifetimeCall::nothing_learnt;
}

std::string seconds_text(milliseconds d) {
  char buf[48];
  const double s = static_cast<double>(d.count()) / 1000.0;
  if (d < std::chrono::minutes(10)) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else {
    const auto total = static_cast<long long>(d.count() / 1000);
    if (total >= 3600)
      std::snprintf(buf, sizeof buf, "%lld h %lld min %lld s", total / 3600, total % 3600 / 60, total % 60);
    else
      std::snprintf(buf, sizeof buf, "%lld min %lld s", total / 60, total % 60);
  }
  return buf;
}

}  // namespace v6r::probe::nat64
