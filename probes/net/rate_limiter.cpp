#include "probes/net/rate_limiter.hpp"

#include <algorithm>

namespace v6r::probe {

TokenBucket::TokenBucket(BucketConfig cfg, SteadyClock::time_point now)
    : cfg_{std::max(cfg.rate_per_s, 1e-6), std::max(cfg.burst, 1.0)}, tokens_(cfg_.burst), last_(now) {}

void TokenBucket::refill(SteadyClock::time_point now) {
  if (now <= last_) return;
  double dt = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(cfg_.burst, tokens_ + dt * cfg_.rate_per_s);
  last_ = now;
}

double TokenBucket::tokens(SteadyClock::time_point now) const {
  TokenBucket copy = *this;
  copy.refill(now);
  return copy.tokens_;
}

SteadyClock::duration TokenBucket::reserve(SteadyClock::time_point now) {
  refill(now);
  tokens_ -= 1.0;
  if (tokens_ >= 0.0) return SteadyClock::duration::zero();
  auto wait = std::chrono::duration<double>(-tokens_ / cfg_.rate_per_s);
  return std::chrono::ceil<SteadyClock::duration>(wait);
}

RateLimiter::RateLimiter(RateLimitConfig cfg, ClockFn clock)
    : cfg_(cfg), clock_(std::move(clock)), global_(cfg.global, clock_()) {}

SteadyClock::duration RateLimiter::reserve(const std::string& key) {
  auto now = clock_();
  auto it = per_key_.find(key);
  if (it == per_key_.end()) it = per_key_.emplace(key, TokenBucket(cfg_.per_target, now)).first;
  return std::max(global_.reserve(now), it->second.reserve(now));
}

awaitable<void> RateLimiter::acquire(const std::string& key) {
  auto wait = reserve(key);
  if (wait <= SteadyClock::duration::zero()) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(wait);
  ErrorCode ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
}

}  // namespace v6r::probe
