#pragma once
// An Asio "semaphore": caps the operations in flight (the c-ares client uses it: c-ares 1.18 runs
// well up to 256 queries in flight and collapses past 512, docs/conventions.md "Performance targets").
// Waiters park on a timer that never expires by itself and are woken in FIFO order. The capacity can
// change while slots are held (set_capacity).
#include <cstddef>
#include <deque>
#include <memory>

#include "probes/net/asio.hpp"

namespace v6r::probe {

class InFlightLimiter {
 public:
  explicit InFlightLimiter(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  /// RAII slot; releasing it wakes the next waiter.
  class Slot {
   public:
    Slot() = default;
    explicit Slot(InFlightLimiter* l) : l_(l) {}
    Slot(Slot&& o) noexcept : l_(std::exchange(o.l_, nullptr)) {}
    Slot& operator=(Slot&& o) noexcept {
      if (this != &o) {
        reset();
        l_ = std::exchange(o.l_, nullptr);
      }
      return *this;
    }
    ~Slot() { reset(); }
    void reset() {
      if (l_) std::exchange(l_, nullptr)->release();
    }

   private:
    InFlightLimiter* l_ = nullptr;
  };

  awaitable<Slot> acquire();

  /// Changes the capacity (the c-ares client's window, which grows as answers come back): a larger
  /// one grants waiters at once; a smaller one takes effect as slots are released.
  void set_capacity(std::size_t capacity);

  [[nodiscard]] std::size_t in_flight() const { return in_flight_; }
  [[nodiscard]] std::size_t waiting() const { return waiters_.size(); }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] std::size_t peak() const { return peak_; }

 private:
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    bool granted = false;
  };
  void release();

  std::size_t capacity_;
  std::size_t in_flight_ = 0;
  std::size_t peak_ = 0;
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace v6r::probe
