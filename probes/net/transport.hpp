#pragma once
// The transports the NAT64 / dual-stack / service checks use, behind one small interface so checks
// are unit-tested with FakeTransport (fake_transport.hpp) and run for real with AsioTransport.
// Every call is awaitable, takes a deadline, never throws for network problems, and reports the
// endpoints it used (evidence 5-tuples) and its timings. The probe opens no listening socket.
// Callers must pass every destination through the AllowList first (docs/conventions.md "Safety").
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "probes/net/asio.hpp"
#include "probes/net/endpoint.hpp"
#include "probes/net/tcp_stream.hpp"
#include "probes/net/udp_port.hpp"

namespace v6r::probe {

using Millis = std::chrono::milliseconds;
using Micros = std::chrono::microseconds;

struct TcpConnectResult {
  bool ok = false;
  bool timed_out = false;
  std::string error;  ///< "connection refused", "timeout after 2000 ms", ...
  /// The source of the SYN, known as soon as it was sent (also when the connection then failed or
  /// timed out); empty when nothing was sent (tcp_connect.hpp).
  std::optional<Endpoint> local;
  Endpoint remote;
  Micros connect_time{0};
  /// SYNs the kernel sent again for this connect (TCP_INFO; tcp_connect_abort only): a retransmission,
  /// or the SYN resent after resetting a half-open connection the peer still had on this port (RFC
  /// 9293 §3.5.2: its ACK to our SYN, our reset, our SYN again).
  std::uint32_t syns_resent = 0;
  /// The SYN reaper ended this connect at its deadline (syn_reaper.hpp; tcp_connect_abort only).
  bool reaped = false;
  /// The handshake by the kernel's clock: SYN to SYN-ACK (TCP_INFO tcpi_rtt), however late the loop
  /// saw it (tcp_connect_abort only, when ok and the kernel has the sample).
  std::optional<Micros> kernel_rtt;
};

struct HttpRequest {
  std::string host;  ///< Host header (name or literal; brackets added for IPv6 literals)
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra request headers
  std::uint64_t max_body = 16 * 1024 * 1024;  ///< larger bodies stop the transfer with an error
};

struct HttpResult {
  bool ok = false;  ///< a complete response was received (any status code)
  bool timed_out = false;
  std::string error;
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::uint64_t body_size = 0;
  std::string body_sha256;  ///< lowercase hex, when ok
  bool chunked = false;
  bool connected = false;         ///< the TCP handshake completed
  std::optional<Endpoint> local;  ///< the source of the SYN (see TcpConnectResult::local)
  Endpoint remote;
  Micros connect_time{0};
  Micros first_byte_time{0};  ///< request sent → first response octet
  Micros total_time{0};       ///< connect start → last body octet
};

struct UdpResult {
  bool ok = false;  ///< a datagram came back from `remote`
  bool timed_out = false;
  std::string error;
  std::vector<std::uint8_t> reply;
  std::optional<Endpoint> local;  ///< our socket, bound before anything is sent
  Endpoint remote;
  Micros rtt{0};
};

enum class IcmpMethod { none, dgram, raw };
std::string_view to_string(IcmpMethod m);  // "none", "dgram" (unprivileged ping socket), "raw"

struct IcmpEchoResult {
  bool ok = false;  ///< an echo reply matching our identifier/sequence arrived
  bool timed_out = false;
  std::string error;
  IcmpMethod method = IcmpMethod::none;  ///< which socket kind was used
  Endpoint remote;                       ///< port 0
  /// The source address of the request (the socket is connected before sending, so the kernel has
  /// chosen it); its port is the echo identifier on the wire. Empty when nothing was sent.
  std::optional<Endpoint> local;
  Micros rtt{0};
  /// As on the wire: a dgram ("ping") socket's identifier is its local port, set by the kernel.
  std::uint16_t ident = 0, sequence = 0;
  /// An ICMPv6 error that arrived instead (RFC 4443: 1 unreachable, 2 Packet Too Big, 3 time exceeded).
  std::optional<std::uint8_t> error_type, error_code;
  std::optional<std::uint32_t> ptb_mtu;  ///< the MTU of a Packet Too Big (RFC 4443 §3.2)
};

/// One UDP datagram sent with a chosen hop limit, and the ICMPv6 error that came back about it
/// (nat64.icmp_errors: RFC 7915 §4.2/§4.3, RFC 6146 §3.4). The error is read whole from a raw ICMPv6
/// socket (CAP_NET_RAW), so its quoted packet can be compared with what was sent; "about it" means the
/// quote is a UDP datagram from our port, or one whose payload begins as ours did (at least 8 octets:
/// the check's nonce), so a translator that got the ports wrong is still heard.
struct UdpProbeResult {
  bool sent = false;
  std::string error;              ///< why nothing was sent, or why the wait ended early
  bool no_permission = false;     ///< the raw ICMPv6 socket was refused (needs CAP_NET_RAW)
  std::optional<Endpoint> local;  ///< our socket (bound and connected before sending)
  Endpoint remote;
  bool timed_out = false;          ///< no error about the datagram within the wait
  std::vector<std::uint8_t> icmp;  ///< the ICMPv6 error from its type on (empty when none came)
  std::optional<asio::ip::address_v6> icmp_from;  ///< its source
  std::vector<std::uint8_t> reply;  ///< a UDP datagram from `remote` (the port was open after all)
  Micros rtt{0};                    ///< send → the error (or the reply)
  std::size_t ignored = 0;          ///< ICMPv6 errors about other packets, seen and left
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual awaitable<TcpConnectResult> tcp_connect(Endpoint remote, Millis deadline) = 0;
  /// tcp_connect, but a connection that completes is aborted at once (SO_LINGER 0: a reset instead of a
  /// FIN, so neither the node nor the NAT keeps TIME_WAIT state): nat64.capacity opens thousands a
  /// second, more than the node's ephemeral ports could hold in TIME_WAIT.
  virtual awaitable<TcpConnectResult> tcp_connect_abort(Endpoint remote, Millis deadline) {
    co_return co_await tcp_connect(std::move(remote), deadline);
  }
  /// HTTP/1.1 GET over plain TCP ("Connection: close"); Content-Length, chunked or close-delimited.
  virtual awaitable<HttpResult> http_get(Endpoint remote, HttpRequest req, Millis deadline) = 0;
  virtual awaitable<UdpResult> udp_exchange(Endpoint remote, std::vector<std::uint8_t> payload,
                                            Millis deadline) = 0;
  /// ICMPv6 echo (IPv6 only; an IPv4 address is an error): one request of `payload_size` octets.
  virtual awaitable<IcmpEchoResult> icmpv6_echo(asio::ip::address_v6 remote, std::size_t payload_size,
                                                Millis deadline) = 0;
  /// One UDP datagram to `remote` with hop limit `hop_limit` (1..255), then up to `wait` for the ICMPv6
  /// error about it (UdpProbeResult).
  virtual awaitable<UdpProbeResult> udp_probe(Endpoint remote, std::vector<std::uint8_t> payload,
                                              int hop_limit, Millis wait) = 0;
  /// Unconnected UDP ports for the NAT behaviour checks (udp_port.hpp); nullptr when there are none.
  virtual UdpPortOpener* udp_ports() { return nullptr; }
  /// TCP connections kept open across exchanges (tcp_stream.hpp); nullptr when there are none.
  virtual TcpStreamOpener* tcp_streams() { return nullptr; }
};

/// The real thing on the Asio loop.
class AsioTransport : public Transport {
 public:
  awaitable<TcpConnectResult> tcp_connect(Endpoint remote, Millis deadline) override;
  awaitable<TcpConnectResult> tcp_connect_abort(Endpoint remote, Millis deadline) override;
  awaitable<HttpResult> http_get(Endpoint remote, HttpRequest req, Millis deadline) override;
  awaitable<UdpResult> udp_exchange(Endpoint remote, std::vector<std::uint8_t> payload,
                                    Millis deadline) override;
  awaitable<IcmpEchoResult> icmpv6_echo(asio::ip::address_v6 remote, std::size_t payload_size,
                                        Millis deadline) override;
  awaitable<UdpProbeResult> udp_probe(Endpoint remote, std::vector<std::uint8_t> payload, int hop_limit,
                                      Millis wait) override;
  UdpPortOpener* udp_ports() override { return &udp_ports_; }
  TcpStreamOpener* tcp_streams() override { return &tcp_streams_; }

 private:
  AsioUdpPortOpener udp_ports_;
  AsioTcpStreamOpener tcp_streams_;
};

/// The request octets http_get sends (pure; exposed for tests).
std::string format_http_get(const HttpRequest& req, const Endpoint& remote);

/// ICMPv6 Echo Request (RFC 4443 §4.1) with checksum 0 (the kernel fills it for IPPROTO_ICMPV6).
std::vector<std::uint8_t> build_echo_request(std::uint16_t ident, std::uint16_t seq,
                                             std::size_t payload_size);

}  // namespace v6r::probe
