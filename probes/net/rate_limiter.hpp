#pragma once
// Rate limiting (docs/conventions.md "Safety": probes are rate-limited). A token bucket per target key plus a
// global bucket; acquire() waits on an Asio timer (never busy-loops). The clock is injectable so the
// bucket arithmetic is tested deterministically.
#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "probes/net/asio.hpp"

namespace v6r::probe {

using SteadyClock = std::chrono::steady_clock;
using ClockFn = std::function<SteadyClock::time_point()>;

struct BucketConfig {
  double rate_per_s = 10.0;  ///< sustained tokens per second (> 0)
  double burst = 5.0;        ///< bucket capacity (≥ 1)
};

/// Conservative defaults: a whole run sends at most 50 operations/s (burst 20), and at most 5/s
/// (burst 3) to one target. DNS throughput runs against a lab resolver raise these explicitly.
struct RateLimitConfig {
  BucketConfig global{50.0, 20.0};
  BucketConfig per_target{5.0, 3.0};
};

/// Reservation-style token bucket: reserve() always takes one token and returns how long the caller
/// must wait before using it (zero when a token was available). Callers that reserve in turn are
/// served in turn, and the bucket never lends beyond what the rate refills.
class TokenBucket {
 public:
  TokenBucket(BucketConfig cfg, SteadyClock::time_point now);
  SteadyClock::duration reserve(SteadyClock::time_point now);
  /// Tokens available at `now` (may be negative while reservations are outstanding).
  double tokens(SteadyClock::time_point now) const;

 private:
  void refill(SteadyClock::time_point now);
  BucketConfig cfg_;
  double tokens_;
  SteadyClock::time_point last_;
};

class RateLimiter {
 public:
  explicit RateLimiter(
      RateLimitConfig cfg = {}, ClockFn clock = [] { return SteadyClock::now(); });

  /// The wait (possibly zero) before one operation on `key` may start; takes a token from the key's
  /// bucket and from the global one.
  SteadyClock::duration reserve(const std::string& key);
  /// Waits (Asio timer) until one operation on `key` may start.
  awaitable<void> acquire(const std::string& key);

  [[nodiscard]] std::size_t keys() const { return per_key_.size(); }

 private:
  RateLimitConfig cfg_;
  ClockFn clock_;
  TokenBucket global_;
  std::map<std::string, TokenBucket> per_key_;
};

}  // namespace v6r::probe
