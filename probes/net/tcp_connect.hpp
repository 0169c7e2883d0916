#pragma once
// The one way the probe opens a TCP connection (AsioTransport, the Happy Eyeballs dialer, the TLS
// session): connect(2) on a non-blocking socket, then the local endpoint is read at once. When
// connect(2) returns EINPROGRESS the SYN is out and the kernel has fixed the source address and port
// (RFC 9293 §3.10.1), so the evidence 5-tuple is known even when the connection is then refused,
// times out or is cancelled; after such a failure the kernel releases the port and getsockname(2)
// would give nothing.
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

}  // namespace v6r::probe
