#pragma once
// One TCP connection kept open across exchanges, for nat64.tcp_lifetime (docs/checks-realtime.md): the
// check writes, reads the echo, stays silent for a while, and writes again on the same connection. Like
// UdpPort (udp_port.hpp) it lives for one check and reads only from the peer it connected to.
// AsioTransport opens real ones (tcp_stream.cpp); unit tests script them with FakeTcpNetwork
// (fake_tcp_stream.hpp). Nothing here throws for network conditions.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "probes/net/asio.hpp"
#include "probes/net/endpoint.hpp"

namespace v6r::probe {

struct TcpStreamRead {
  bool ok = false;         ///< `data` holds exactly the octets asked for
  bool timed_out = false;  ///< not all of them within the wait
  bool reset = false;      ///< the connection was reset (RST)
  bool closed = false;     ///< the peer closed it (FIN) before all of them
  std::string error;
  std::vector<std::uint8_t> data;  ///< what arrived (possibly fewer octets)
};

class TcpStream {
 public:
  virtual ~TcpStream() = default;
  /// The local endpoint as the SYN carried it (the evidence 5-tuple).
  [[nodiscard]] virtual std::optional<Endpoint> local() const = 0;
  /// Writes all of `data`; "" or the error ("write: Connection reset by peer").
  virtual awaitable<std::string> write(std::vector<std::uint8_t> data) = 0;
  /// Reads exactly `n` octets within `wait`.
  virtual awaitable<TcpStreamRead> read(std::size_t n, std::chrono::milliseconds wait) = 0;
};

struct TcpStreamConnect {
  std::unique_ptr<TcpStream> stream;  ///< set on success
  std::optional<Endpoint> local;      ///< the SYN's source, when one was sent
  bool timed_out = false;
  std::string error;
  std::chrono::microseconds connect_time{0};
  std::uint32_t syns_resent = 0;  ///< as TcpConnectResult::syns_resent
};

class TcpStreamOpener {
 public:
  virtual ~TcpStreamOpener() = default;
  virtual awaitable<TcpStreamConnect> connect(Endpoint remote, std::chrono::milliseconds wait) = 0;
};

/// The real ones, on the Asio loop.
class AsioTcpStreamOpener : public TcpStreamOpener {
 public:
  awaitable<TcpStreamConnect> connect(Endpoint remote, std::chrono::milliseconds wait) override;
};

}  // namespace v6r::probe
