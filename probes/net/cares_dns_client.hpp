#pragma once
// DnsClient on c-ares 1.18, driven by the probe's Asio loop (no c-ares thread, no blocking call):
//  - ARES_OPT_SOCK_STATE_CB tells us which fds c-ares wants watched; each becomes a non-owning
//    asio::posix::stream_descriptor (released before c-ares closes the fd) whose async_wait
//    read/write calls ares_process_fd; a steady_timer follows ares_timeout().
//  - the query octets are OURS (core/dns build, sent with ares_send), so RD/DO/CD/EDNS are exactly
//    what the check asked for; c-ares assigns the DNS id. The answer octets are parsed by core/dns.
//  - c-ares talks only to the resolvers named (scenario/CLI), else the first nameserver of
//    /etc/resolv.conf; ARES_FLAG_NOCHECKRESP passes SERVFAIL/REFUSED answers through unchanged.
//  - at most `max_in_flight` queries are handed to c-ares at once (c-ares 1.18 collapses past 512),
//    and a burst ramps up to that like TCP's slow start (RFC 5681 §3.1): the window starts at
//    `initial_window`, grows by one per answer (doubling per round trip) and, while queries wait for
//    it, by `initial_window` every 10 ms (a silent or slow resolver still gets every query within
//    tens of milliseconds). A query lost while other answers still come (c-ares had to resend it, or
//    gave up) halves the window, which then grows by one per window of answers; a resolver that
//    answers nothing at all is not "congested" and keeps it. After a second without queries the
//    window starts again from `initial_window`. So a resolver's socket buffer (208 KiB by default on
//    Linux) is never handed hundreds of queries at once, and the client's own bursts do not make the
//    resolver drop queries that c-ares then waits a whole try_timeout to resend.
//  - a loss comes late (a whole try_timeout) and a busy resolver drops queries before that, so the
//    window also follows the answers' round trip (TCP Vegas, Brakmo & Peterson 1995): the queries
//    waiting at the resolver are estimated as in_flight x (1 - base_rtt / srtt) (base_rtt: the
//    smallest round trip since the last restart; srtt: smoothed with gain 1/8, RFC 6298). Above
//    `max_queued` the window leaves slow start and shrinks by about one per round trip; above half of
//    it the window holds; below, it grows as above. A resolver that keeps pace (the round trip does
//    not rise) never meets the limit; one that is the bottleneck gets about `max_queued` queries
//    queued instead of `max_in_flight`, and answers as fast without dropping any.
//  - c-ares's socket functions are wrapped so every query's local/remote endpoints (evidence
//    5-tuple) and DNS id are known: UDP exactly; after a TC answer the TCP retry is attributed by
//    the id that follows the 2-byte length prefix.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "probes/net/dns_client.hpp"
#include "probes/net/resolv_conf.hpp"

namespace v6r::probe {

struct CaresConfig {
  /// Resolvers to use, in order; empty = the first nameserver of `resolv_conf_path`.
  std::vector<ResolverAddress> servers;
  std::string resolv_conf_path = "/etc/resolv.conf";
  /// c-ares's per-try timeout and tries (its own retransmission); each query()'s deadline bounds
  /// the wait independently of these.
  std::chrono::milliseconds try_timeout{1500};
  int tries = 2;
  std::size_t max_in_flight = 256;
  /// Queries in flight at the start of a burst (the window's first size; at most max_in_flight).
  std::size_t initial_window = 32;
  /// Queries allowed to wait at the resolver (the delay signal, see the file comment); 0 turns the
  /// delay signal off (the window then follows answers and losses only).
  std::size_t max_queued = 64;
};

class CaresDnsClient : public DnsClient {
 public:
  /// Errors: no resolver configured/found, c-ares init or server list failure (with the reason).
  static Expected<std::unique_ptr<CaresDnsClient>, std::string> create(asio::any_io_executor ex,
                                                                       CaresConfig cfg);
  ~CaresDnsClient() override;
  CaresDnsClient(const CaresDnsClient&) = delete;
  CaresDnsClient& operator=(const CaresDnsClient&) = delete;

  awaitable<DnsOutcome> query(const dns::Name& qname, std::uint16_t qtype, QueryOptions opts,
                              std::chrono::milliseconds deadline) override;

  [[nodiscard]] const std::vector<ResolverAddress>& servers() const;
  [[nodiscard]] std::size_t in_flight() const;
  [[nodiscard]] std::size_t peak_in_flight() const;
  /// Tries c-ares had to resend (a try unanswered within try_timeout), summed over every query.
  [[nodiscard]] std::uint64_t retries() const;
  /// The current window (queries allowed in flight; see the file comment).
  [[nodiscard]] std::size_t window() const;
  /// The last estimate of the queries waiting at the resolver (see the file comment).
  [[nodiscard]] double queued_estimate() const;

  struct Impl;

 private:
  explicit CaresDnsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace v6r::probe
