#pragma once
// Ends an unanswered SYN at its caller's deadline from a thread of its own (nat64.capacity's connects,
// docs/checks-capacity.md). The probe's loop runs every timer on one thread; on a loaded node that
// thread can be off the CPU when a 900 ms connect deadline is due, and the kernel retransmits the SYN
// at 1 s (RFC 6298 §2.1): a SYN the check did not start or count, sent after it had given up.
// TCP_USER_TIMEOUT (give_up_on_wire) bounds that to one retransmission (Linux checks the user timeout
// only once the SYN has been retransmitted), the reaper removes it: its thread sleeps until the
// earliest deadline and disconnects each socket still in SYN_SENT then (shutdown(2): the kernel drops
// the attempt and sends nothing). The caller disarms its ticket before it closes the socket (so the
// reaper never touches a descriptor number that was closed and reused) and learns whether the reaper
// ended the attempt (then the connect timed out, whatever error the loop sees afterwards).
#include <chrono>
#include <cstdint>

namespace v6r::probe {

class SynReaper {
 public:
  using Clock = std::chrono::steady_clock;
  /// The process-wide reaper (its thread starts at the first arm).
  static SynReaper& instance();
  /// Ends the connect on `fd` at `deadline` if it is still unanswered then. Returns the ticket.
  std::uint64_t arm(int fd, Clock::time_point deadline);
  /// Before `fd` is closed: after this returns the reaper no longer touches it. True when the reaper
  /// ended the attempt. A ticket of 0 or one disarmed already gives false.
  /// `resent` (when given) receives the SYNs the kernel had sent again before the reaper ended the
  /// attempt (TCP_INFO; the disconnect clears the socket's own count).
  bool disarm(std::uint64_t ticket, std::uint32_t* resent = nullptr);
  /// Attempts ended so far (tests).
  [[nodiscard]] std::uint64_t reaped() const;

  SynReaper(const SynReaper&) = delete;
  SynReaper& operator=(const SynReaper&) = delete;
  ~SynReaper();

 private:
  SynReaper();
  struct State;
  State* s_;
};

/// A ticket disarmed at the latest when it goes out of scope (declare it after the socket it guards,
/// so it is destroyed first).
class SynReaperTicket {
 public:
  SynReaperTicket() = default;
  SynReaperTicket(int fd, SynReaper::Clock::time_point deadline)
      : id_(SynReaper::instance().arm(fd, deadline)) {}
  SynReaperTicket(const SynReaperTicket&) = delete;
  SynReaperTicket& operator=(const SynReaperTicket&) = delete;
  ~SynReaperTicket() { (void)disarm(); }
  /// See SynReaper::disarm; remembers a reaping across calls.
  bool disarm() {
    if (id_ != 0) reaped_ = SynReaper::instance().disarm(id_, &resent_) || reaped_;
    id_ = 0;
    return reaped_;
  }
  /// SYNs sent again before a reaping (0 when not reaped).
  [[nodiscard]] std::uint32_t resent() const { return resent_; }

 private:
  std::uint64_t id_ = 0;
  bool reaped_ = false;
  std::uint32_t resent_ = 0;
};

}  // namespace v6r::probe
