#pragma once
// Shared by the capacity kinds (dns64.capacity, nat64.capacity; docs/checks-capacity.md): paced offered load
// with a hard ceiling, and the binary search over the rate (RFC 8219 §9 for DNS64: the highest rate at which
// the answers within the timeout lose no more than the threshold).
//
// The pacer sends operation i of a trial at t0 + i/R (never ahead of the schedule) and, on top, never
// more than `ceiling` operations in any window of kCeilingWindow (slightly more than one second, so a
// one-second bin of the capture, whose timestamps lag the send by microseconds, cannot hold more). An
// operation the probe could not start on time (the loop was late by more than kMaxLag, or the
// guard's in-flight bound was reached) is counted `late`, not sent in a burst afterwards: the offered load is
// never burstier than the schedule. Operations the in-flight bound held back are the server's doing when
// the server's own clock shows its queue held them (queued_at_bound): that trial fails like one whose
// queue grew; otherwise they are the probe's limit. A trial is judged on the
// operations it sent: a late one never reached the server, so it is not the server's loss; it is counted
// apart, and a passing trial with more than kLateAllowance of its schedule late offered less than its rate
// (the figure it gives is the rate it offered, and says the probe, not the server, was the limit). A trial at
// (or within 1 % of) the ceiling is paced at ceiling / 1.02 per second, so the guard does not refuse its own
// schedule.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "probes/net/asio.hpp"

namespace v6r::probe::capacity {

using Clock = std::chrono::steady_clock;
inline constexpr std::chrono::milliseconds kCeilingWindow{1010};
inline constexpr std::chrono::milliseconds kMaxLag{20};
inline constexpr std::size_t kMaxInFlight = 4096;
/// Late operations a trial may have and still count as having offered its rate (1 % of its schedule).
inline constexpr double kLateAllowancePercent = 1.0;
/// How much slower the answers to a trial's last tenth may be than those to its first tenth, at most,
/// for the server to have kept pace: max(50 ms, step / 20). A server offered more than it can take
/// queues the rest; in a trial of a few seconds the queue can still drain within the timeout, so loss
/// alone would count the queue as capacity (RFC 8219 §9 trials last 60 s). The growth of the queue,
/// (offered / capacity − 1) × step, shows it: the bound keeps the figure within 5 % (10 % for a 1 s
/// step) of the rate the server sustains.
std::chrono::milliseconds max_queue_growth(std::chrono::milliseconds step);

/// What one trial at one rate gave.
struct TrialResult {
  std::int64_t rate = 0;        ///< offered, per second
  std::uint64_t scheduled = 0;  ///< rate × step
  std::uint64_t sent = 0;       ///< operations started
  std::uint64_t late = 0;       ///< not started on time (never sent, not lost)
  std::uint64_t held_back = 0;  ///< of `late`: held back because the in-flight bound was full
  std::uint64_t answered = 0;   ///< good answers within the timeout
  std::uint64_t timeouts = 0;   ///< no answer within the timeout
  std::uint64_t errors = 0;     ///< an answer that is not good (error code, no AAAA, network error)
  std::uint64_t peak_in_flight = 0;
  double seconds = 0;  ///< from the first send to the last answer or timeout
  /// The mean and the fastest server time of the good answers (OpOutcome::server_ms, ms; nullopt: the
  /// operation has no clock outside the probe's loop): the fastest is the path without a queue.
  std::optional<double> server_mean_ms, server_min_ms;
  /// Of the same answers, the mean of the rest of the operation's time by the probe's clock (ms): the
  /// probe's own share (its loop late to see the answer, its work around it).
  std::optional<double> probe_mean_ms;
  /// Median time to a good answer of the operations in the first and in the last tenth of the
  /// schedule, in ms (nullopt: none answered there; not kept for Count::sent).
  std::optional<double> first_ms, last_ms;
  /// last_ms − first_ms (0 when either is unknown): how much the server's queue grew in the trial.
  [[nodiscard]] double queue_growth_ms() const { return first_ms && last_ms ? *last_ms - *first_ms : 0.0; }
  /// Lost = sent − answered, in percent of sent: what the server was offered and did not answer in
  /// time (a late operation was never sent: not the server's loss).
  [[nodiscard]] double loss_percent() const {
    return sent == 0
               ? 0.0
               : 100.0 * static_cast<double>(sent - std::min(answered, sent)) / static_cast<double>(sent);
  }
  /// More than kLateAllowancePercent of the schedule late: the trial offered less than its rate.
  [[nodiscard]] bool short_of_rate() const { return beyond_allowance(late); }
  /// The in-flight bound held back more than kLateAllowancePercent of the schedule, and the server's
  /// own clock says its queue held the operations out: the server's mean time exceeded its fastest by
  /// more than the probe's own share of the operations' time. The server did not keep pace with the
  /// rate: the queue it built was capped by the bound instead of growing (max_queue_growth cannot see
  /// it). Otherwise the bound is the probe's limit: its loop was slow to see the answers (its share is
  /// the larger), the path's round trip times the rate fills the bound (no queue: the server's mean
  /// stays near its fastest), or there is no server clock to tell (DNS answers).
  [[nodiscard]] bool queued_at_bound() const {
    if (!beyond_allowance(held_back) || !server_mean_ms || !server_min_ms || !probe_mean_ms) return false;
    return *server_mean_ms - *server_min_ms > *probe_mean_ms;
  }
  [[nodiscard]] bool beyond_allowance(std::uint64_t n) const {
    return static_cast<double>(n) > kLateAllowancePercent / 100.0 * static_cast<double>(scheduled);
  }
  /// The rate the trial actually offered: its rate × sent / scheduled (the sent operations kept their
  /// places in the schedule; the late ones left gaps).
  [[nodiscard]] std::int64_t offered_rate() const {
    if (scheduled == 0) return 0;
    return static_cast<std::int64_t>(static_cast<double>(rate) * static_cast<double>(sent) /
                                     static_cast<double>(scheduled));
  }
};

/// One operation: returns true for a good answer within the timeout, false otherwise (a timeout is
/// told apart by the caller through `timed_out`).
struct OpOutcome {
  bool good = false;
  bool timed_out = false;
  /// How long the server took by a clock outside the probe's loop (nat64.capacity: the kernel's
  /// SYN to SYN-ACK time, TCP_INFO), in ms; nullopt when the operation has none.
  std::optional<double> server_ms;
};
using Operation = std::function<awaitable<OpOutcome>(std::uint64_t index)>;

/// Keeps any window of kCeilingWindow at or below `ceiling` operations (shared by all trials of a
/// check, so two trials back to back cannot add up either).
class CeilingGuard {
 public:
  /// `max_in_flight`: operations started and not yet ended, at most (nat64.capacity: its session
  /// ceiling, since a connection stays open until its operation has reset it).
  explicit CeilingGuard(std::int64_t ceiling, std::uint64_t max_in_flight = kMaxInFlight)
      : ceiling_(ceiling), max_in_flight_(std::max<std::uint64_t>(1, max_in_flight)) {}
  /// True when one more operation may start now (and records it).
  bool take(Clock::time_point now);
  /// Records one operation that went out without asking (a SYN the kernel sent again): later takes see
  /// it in their window.
  void note(Clock::time_point now);
  [[nodiscard]] std::int64_t ceiling() const { return ceiling_; }
  [[nodiscard]] std::uint64_t max_in_flight() const { return max_in_flight_; }

 private:
  std::int64_t ceiling_;
  std::uint64_t max_in_flight_;
  std::deque<Clock::time_point> recent_;
};

/// The pace a trial at `rate` keeps under `guard`: `rate` per second, but never faster than the
/// ceiling per 1.02 s (so timer jitter never makes the guard refuse the schedule).
double paced_rate(std::int64_t rate, const CeilingGuard& guard);

/// One trial: `rate` operations per second for `step`, then waits (at most `timeout` + 100 ms) for the
/// answers. Every operation gets `op(index)`; the operations run concurrently on the caller's executor.
awaitable<TrialResult> run_trial(std::int64_t rate, std::chrono::milliseconds step,
                                 std::chrono::milliseconds timeout, CeilingGuard& guard, Operation op);

/// What `count` counts in run_paced.
enum class Count {
  scheduled,  ///< places in the schedule: a late operation uses one up (a trial: rate × step)
  sent,       ///< operations sent: a late one is counted and its place skipped, the sending goes on
              ///< until `count` were sent (nat64.capacity's sessions: a stalled probe opens them later)
};

/// The same pacing for `count` operations (nat64.capacity's sessions: one operation per session to
/// open), with `stop` asked before each start: once it says true the sending ends, and what was not
/// started is not scheduled (TrialResult::scheduled is then what was started or late).
awaitable<TrialResult> run_paced(std::int64_t rate, std::uint64_t count, std::chrono::milliseconds timeout,
                                 CeilingGuard& guard, Operation op, std::function<bool()> stop,
                                 Count what = Count::scheduled);

/// The binary search: the highest rate in [min_rate, ceiling] whose trial loses at most
/// `max_loss_percent` of what it sent and keeps pace (queue growth within max_queue_growth(step), and no
/// queue capped by the in-flight bound: TrialResult::queued_at_bound), trying the
/// ceiling first, then halving the interval until it is narrower than `precision_percent` of the best rate or
/// the next trial would not end by `until`. A passing trial that was short of its rate (late operations: the
/// probe stalled) moves the search up like any passing trial, but gives as figure only the rate it offered.
struct SearchResult {
  /// The figure: the highest rate offered by a passing trial (its rate, or what a trial short of its
  /// rate offered); nullopt: no trial passed (even min_rate failed, or out_of_time, or probe_limited).
  std::optional<std::int64_t> best;
  bool at_ceiling = false;  ///< the ceiling itself passed, offered in full: capacity is at least the ceiling
  bool probe_limited = false;  ///< a trial above `best` (any trial when there is none) failed or fell short
                               ///< because of the probe, not the server: the figure (or its absence) is
                               ///< the probe's limit
  bool out_of_time = false;    ///< stopped by the duration ceiling before the precision was reached
  std::uint64_t late = 0;      ///< late operations in all trials (counted apart, not as loss)
  std::vector<TrialResult> trials;
  /// The lowest rate tried (0: none).
  [[nodiscard]] std::int64_t lowest_tried() const;
};
/// `rest`: the pause after a failing trial before the next (RFC 2544 §23 lets the device under test
/// restabilize between trials): an overloaded server still drains its queue, and a rate limiter that
/// remembers the last seconds (unbound's ip-ratelimit) would still drop the next trial's first queries.
awaitable<SearchResult> search(std::int64_t min_rate, std::int64_t ceiling, double max_loss_percent,
                               double precision_percent, std::chrono::milliseconds step,
                               std::chrono::milliseconds timeout, Clock::time_point until,
                               CeilingGuard& guard, Operation op, std::chrono::milliseconds rest = {});

}  // namespace v6r::probe::capacity
