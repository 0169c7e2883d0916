#pragma once
// The probe's own Happy Eyeballs v2 connector (RFC 8305), so dualstack.happy_eyeballs measures the
// network and not a client library:
//  - §3: the AAAA and A queries start together; when the A answer comes first the connector waits
//    up to the Resolution Delay (50 ms) for the AAAA answer before it starts connecting; an AAAA
//    answer first starts connecting at once; late answers join the candidate list;
//  - §4: candidates are interleaved by family, IPv6 first, First Address Family Count 1;
//  - §5: the next attempt starts after the Connection Attempt Delay (250 ms) unless the previous one
//    failed (then at once); the first attempt to connect wins and every other one is cancelled.
// The attempts go through a Dialer (AsioDialer: real sockets it can close to cancel; tests script
// delays). judge() turns a Measurement into a verdict and is pure.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "probes/net/asio.hpp"
#include "probes/net/transport.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::he {

using Millis = std::chrono::milliseconds;

struct Params {
  Millis resolution_delay{50};           ///< RFC 8305 §3 (and §8)
  Millis connection_attempt_delay{250};  ///< RFC 8305 §5 (and §8)
  Millis max_connect{2000};              ///< give up when nothing connected after this long
};

/// RFC 8305 §5 / §8 bounds on the Connection Attempt Delay.
inline constexpr Millis kMinConnectionAttemptDelay{100};
inline constexpr Millis kMaxConnectionAttemptDelay{2000};

struct Candidate {
  Endpoint endpoint;
  Family family = Family::ipv6;  ///< the DNS family it came from (AAAA: ipv6, A: ipv4)
  std::string path;              ///< "native-ipv6", "ipv4", "nat64"
  bool operator==(const Candidate&) const = default;
};

/// Cancels one running attempt (set by the Dialer; the connector calls it on the losers).
using CancelFn = std::shared_ptr<std::function<void()>>;

class Dialer {
 public:
  virtual ~Dialer() = default;
  /// One TCP connection attempt within `deadline`. Before its first suspension it stores in
  /// `*cancel` a function that makes the attempt finish promptly (error "cancelled").
  virtual awaitable<TcpConnectResult> dial(Endpoint remote, Millis deadline, CancelFn cancel) = 0;
};

/// Real sockets on the Asio loop; a cancelled attempt's socket is closed.
class AsioDialer : public Dialer {
 public:
  awaitable<TcpConnectResult> dial(Endpoint remote, Millis deadline, CancelFn cancel) override;
};

/// Produces the candidates of one DNS family (already allow-list gated); nullopt when the query failed.
using ResolveFn = std::function<awaitable<std::optional<std::vector<Candidate>>>()>;

struct Attempt {
  Candidate candidate;
  double started_ms = 0;           ///< since the connector started (the queries went out)
  std::optional<double> ended_ms;  ///< when it connected, failed or was cancelled
  bool ok = false;
  bool cancelled = false;
  std::string error;
  std::optional<Endpoint> local;
};

struct Measurement {
  std::optional<double> aaaa_ms, a_ms;  ///< when each answer arrived (nullopt: failed/no answer)
  bool aaaa_failed = false, a_failed = false;
  std::size_t aaaa_count = 0, a_count = 0;
  bool resolution_delay_expired = false;  ///< A came first and the AAAA was not there 50 ms later
  std::vector<Attempt> attempts;          ///< in start order
  std::optional<std::size_t> winner;      ///< index into attempts
  double total_ms = 0;                    ///< when the connector returned a winner or gave up

  [[nodiscard]] const Attempt* won() const { return winner ? &attempts[*winner] : nullptr; }
  /// Time from the first attempt's start to the winner's connection (the fallback delay a user feels).
  [[nodiscard]] std::optional<double> connect_after_first_attempt_ms() const;
};

/// Pure (RFC 8305 §4): the next candidate to try given what was tried, alternating families starting
/// with IPv6 (First Address Family Count 1). nullopt when everything was tried.
std::optional<Candidate> next_candidate(const std::vector<Candidate>& v6, const std::vector<Candidate>& v4,
                                        const std::vector<Attempt>& tried);

/// Runs the connector (see the file comment). Returns only after every query and attempt it started
/// has finished (the losers are cancelled), so nothing outlives the caller's references.
awaitable<Measurement> connect(ResolveFn resolve_aaaa, ResolveFn resolve_a, Dialer& dialer, Params p);

struct Judgement {
  Verdict verdict = Verdict::error;
  MessageRef reason;
  std::optional<std::string> rfc;
};

/// Pure: the verdict for a measurement against RFC 8305 (see dualstack_happy_eyeballs.cpp for the
/// mapping). `tolerance` is added to the 2 s bound for the IPv4 handshake's own round trip.
Judgement judge(const Measurement& m, const Params& p, Millis tolerance);

}  // namespace v6r::probe::he
