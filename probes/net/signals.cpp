#include "probes/net/signals.hpp"

#include <csignal>
#include <cstdlib>

namespace v6r::probe {

StopSignals::StopSignals(asio::io_context& io, std::function<void(int)> on_stop,
                         std::function<void(int)> on_force)
    : set_(io, SIGINT, SIGTERM), on_stop_(std::move(on_stop)), on_force_(std::move(on_force)) {
  if (!on_force_) on_force_ = [](int) { std::_Exit(3); };
  arm();
}

StopSignals::~StopSignals() {
  cancel();
}

void StopSignals::cancel() {
  ErrorCode ec;
  set_.cancel(ec);
}

void StopSignals::arm() {
  set_.async_wait([this, count = count_](const ErrorCode& ec, int signo) {
    if (ec) return;  // cancelled (this may be gone; only `count` is touched before this check)
    ++*count;
    if (*count == 1) {
      if (on_stop_) on_stop_(signo);
      arm();
    } else {
      on_force_(signo);
    }
  });
}

}  // namespace v6r::probe
