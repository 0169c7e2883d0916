#pragma once
// SIGINT/SIGTERM on the Asio loop: the first signal calls `on_stop` once (the run engine cancels
// checks, flushes the capture and writes a partial bundle); a second signal forces exit code 3
// ("partial result or internal error", docs/architecture.md) via `on_force` (default std::_Exit(3)).
#include <functional>
#include <memory>

#include "probes/net/asio.hpp"

namespace v6r::probe {

class StopSignals {
 public:
  StopSignals(asio::io_context& io, std::function<void(int signo)> on_stop,
              std::function<void(int signo)> on_force = {});
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// Stops listening (the run finished normally); pending waits are cancelled.
  void cancel();
  [[nodiscard]] int signals_seen() const { return *count_; }

 private:
  void arm();
  asio::signal_set set_;
  std::function<void(int)> on_stop_;
  std::function<void(int)> on_force_;
  std::shared_ptr<int> count_ = std::make_shared<int>(0);
};

}  // namespace v6r::probe
