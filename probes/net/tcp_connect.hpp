#pragma once
// The one way the probe opens a TCP connection (AsioTransport, the Happy Eyeballs dialer, the TLS
// session): connect(2) on a non-blocking socket, then the local endpoint is read at once. When
// connect(2) returns EINPROGRESS the SYN is out and the kernel has fixed the source address and port
// (RFC 9293 §3.10.1), so the evidence 5-tuple is known even when the connection is then refused,
// times out or is cancelled; after such a failure the kernel releases the port and getsockname(2)
// would give nothing.
#include <chrono>
#include <optional>

#include "probes/net/asio.hpp"
#include "probes/net/endpoint.hpp"

namespace v6r::probe {

/// Opens `sock` for the family of `remote` (unless already open) and connects it. `local` receives the
/// local endpoint as soon as the SYN has been sent; it stays empty when connect(2) failed before
/// anything was sent (no route, address family not supported, ...). Completes with the connection's
/// error (empty on success); closing the socket meanwhile (a deadline) ends it with operation_aborted.
/// `local` must outlive the operation.
awaitable<ErrorCode> connect_recording(asio::ip::tcp::socket& sock, asio::ip::tcp::endpoint remote,
                                       std::optional<Endpoint>& local);

/// connect_recording in two steps, for a caller that must know when the SYN left (the SYN reaper is
/// armed then, not when a busy loop gets round to a posted operation): start_connect opens `sock`
/// (unless open) and calls connect(2) at once, filling `local` as above; `in_progress` when the SYN is
/// out and the handshake pending, else `error` is the outcome (empty: connected already).
struct ConnectStart {
  ErrorCode error;
  bool in_progress = false;
};
ConnectStart start_connect(asio::ip::tcp::socket& sock, const asio::ip::tcp::endpoint& remote,
                           std::optional<Endpoint>& local);
/// Waits for the handshake start_connect left in progress (closing the socket ends the wait).
awaitable<ErrorCode> finish_connect(asio::ip::tcp::socket& sock);

/// The handshake's round trip as the kernel measured it (SYN to SYN-ACK: the first RTT sample of the
/// connection, TCP_INFO), when the connection is established; nullopt otherwise. For a loop that
/// looked late: the kernel's clock says whether the handshake completed within the deadline.
std::optional<std::chrono::microseconds> handshake_rtt(asio::ip::tcp::socket& sock);

/// The segments the kernel sent again on `sock` so far (TCP_INFO tcpi_total_retrans; for a connect
/// that is the SYNs after the first); 0 when the socket is closed.
std::uint32_t segments_resent(asio::ip::tcp::socket& sock);

/// Both of the above from one TCP_INFO read (the aborting connect's hot path asks for both).
struct HandshakeInfo {
  std::optional<std::chrono::microseconds> rtt;  ///< handshake_rtt
  std::uint32_t resent = 0;                      ///< segments_resent
};
HandshakeInfo handshake_info(asio::ip::tcp::socket& sock);

/// For a connect its caller gives up on after `give_up` (nat64.capacity): the kernel gives up soon after
/// too, however late the caller's own timer fires on a loaded node. TCP_USER_TIMEOUT = `give_up` (RFC
/// 5482): an unanswered SYN is ended (ETIMEDOUT) instead of being retransmitted for a minute or more.
/// Linux checks the user timeout only once the SYN was retransmitted, so a `give_up` below the first
/// retransmission timer (1 s, RFC 6298 §2.1) still lets one retransmission out at 1 s when nobody closed
/// the socket before: the SYN reaper (syn_reaper.hpp) ends it at `give_up` from its own thread (measured
/// on Linux 6.18, tests/probe_net/transport_test.cpp). With `reset_on_close`, SO_LINGER {1, 0} too:
/// closing the connection sends a reset, not a FIN (neither end keeps TIME_WAIT state). Opens `sock`
/// for `protocol` unless it is open. Call before connect_recording.
ErrorCode give_up_on_wire(asio::ip::tcp::socket& sock, asio::ip::tcp protocol,
                          std::chrono::milliseconds give_up, bool reset_on_close);

/// Clears what give_up_on_wire set for the SYN (TCP_USER_TIMEOUT back to the kernel's default), for a
/// connection kept open after its handshake.
ErrorCode keep_on_wire(asio::ip::tcp::socket& sock);

}  // namespace v6r::probe
