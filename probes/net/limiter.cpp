#include "probes/net/limiter.hpp"

#include <algorithm>

namespace v6r::probe {

awaitable<InFlightLimiter::Slot> InFlightLimiter::acquire() {
  if (in_flight_ < capacity_ && waiters_.empty()) {
    peak_ = std::max(peak_, ++in_flight_);
    co_return Slot(this);
  }
  auto w = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  w->timer.expires_at(asio::steady_timer::time_point::max());
  waiters_.push_back(w);
  while (!w->granted) {
    ErrorCode ec;
    co_await w->timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  co_return Slot(this);  // release() handed its slot over: in_flight_ already counts us
}

void InFlightLimiter::set_capacity(std::size_t capacity) {
  capacity_ = capacity == 0 ? 1 : capacity;
  while (in_flight_ < capacity_ && !waiters_.empty()) {
    auto w = waiters_.front();
    waiters_.pop_front();
    peak_ = std::max(peak_, ++in_flight_);
    w->granted = true;
    w->timer.cancel();
  }
}

void InFlightLimiter::release() {
  if (in_flight_ > capacity_) {  // the capacity shrank: this slot is not handed over
    --in_flight_;
    return;
  }
  if (!waiters_.empty()) {
    auto w = waiters_.front();
    waiters_.pop_front();
    w->granted = true;
    w->timer.cancel();
    return;
  }
  if (in_flight_ > 0) --in_flight_;
}

}  // namespace v6r::probe
