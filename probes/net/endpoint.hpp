#pragma once
// A transport endpoint as the evidence records it ("addresses", "flows" in results.jsonl).
#include <cstdint>
#include <string>

#include "probes/net/asio.hpp"

namespace v6r::probe {

struct Endpoint {
  asio::ip::address address;
  std::uint16_t port = 0;

  /// "[2001:db8::1]:53" / "192.0.2.1:53".
  [[nodiscard]] std::string to_string() const {
    std::string a = address.to_string();
    return address.is_v6() ? "[" + a + "]:" + std::to_string(port) : a + ":" + std::to_string(port);
  }
  bool operator==(const Endpoint&) const = default;

  template <class Proto>
  static Endpoint from(const asio::ip::basic_endpoint<Proto>& ep) {
    return Endpoint{ep.address(), ep.port()};
  }
};

/// An evidence 5-tuple ({"proto","src","sport","dst","dport"}).
struct Flow {
  std::string proto;  ///< "udp", "tcp", "icmpv6", "icmp"
  Endpoint local;
  Endpoint remote;
};

}  // namespace v6r::probe
