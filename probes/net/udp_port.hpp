#pragma once
// One UDP socket kept across several exchanges, for the checks that study a NAT's mappings
// (nat64.mapping, nat64.filtering, nat64.hairpin: RFC 4787, RFC 5780 §4): the same local port sends
// to several destinations, and answers may come from another address or port than the one it sent
// to (a STUN CHANGE-REQUEST answer, a hairpinned datagram), so the socket is not connected.
// It is still no listening socket in the sense of the probe's safety rules: it has an ephemeral port,
// lives for one check, and receive() hands back only datagrams from the addresses the check expects
// (the STUN server's synthesized addresses, the NAT's mapped address); anything else is dropped
// unread and counted (dropped()).
// AsioTransport opens real ones (udp_port.cpp); unit tests script them with FakeUdpNetwork
// (fake_udp_port.hpp). Nothing here throws for network conditions.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "probes/net/asio.hpp"
#include "probes/net/endpoint.hpp"

namespace v6r::probe {

struct UdpReceive {
  bool ok = false;
  bool timed_out = false;
  std::string error;
  std::vector<std::uint8_t> data;
  Endpoint from;
};

class UdpPort {
 public:
  virtual ~UdpPort() = default;
  /// The local endpoint (address may be unspecified: bound to any).
  [[nodiscard]] virtual std::optional<Endpoint> local() const = 0;
  /// The source of a datagram to `remote` as it goes on the wire: the address the kernel chooses on
  /// the route to it (the socket is bound to any) and the local port. The evidence 5-tuple
  /// (core/result.hpp Flow); nullopt when there is no route or no local port.
  [[nodiscard]] virtual std::optional<Endpoint> source_toward(const Endpoint& remote) const = 0;
  /// Sends one datagram; "" or the error ("send: Network is unreachable").
  virtual awaitable<std::string> send_to(Endpoint remote, std::vector<std::uint8_t> payload) = 0;
  /// The next datagram whose source address is one of `accept_from` (any port), within `wait`.
  virtual awaitable<UdpReceive> receive(std::vector<asio::ip::address> accept_from,
                                        std::chrono::milliseconds wait) = 0;
  /// Datagrams received from other addresses and dropped unread.
  [[nodiscard]] virtual std::size_t dropped() const = 0;
};

/// Opens UDP ports (IPv6, ephemeral, unconnected). The run engine's transport implements it; a check
/// reaches it through CheckEnv::net (Transport::udp_ports()).
class UdpPortOpener {
 public:
  virtual ~UdpPortOpener() = default;
  /// A new port, or nullptr with `error` set.
  virtual std::unique_ptr<UdpPort> open_udp_port(const asio::any_io_executor& ex, std::string& error) = 0;
};

/// The real ones, on the Asio loop.
class AsioUdpPortOpener : public UdpPortOpener {
 public:
  std::unique_ptr<UdpPort> open_udp_port(const asio::any_io_executor& ex, std::string& error) override;
};

}  // namespace v6r::probe
