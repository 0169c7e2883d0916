#pragma once
// Compact, direction-independent keys for the flow and DNS-transaction tables (no heap, fixed size).
// A FlowKey orders its two endpoints so both directions of an exchange map to the same key; `side_of`
// says which endpoint sent a given packet.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace v6r::analyze {

struct Endpoint {
  std::array<std::uint8_t, 16> addr{};  ///< IPv4 in the first 4 bytes, rest zero
  std::uint16_t port = 0;               ///< ICMP echo: the identifier on both sides
  bool operator==(const Endpoint&) const = default;
  auto operator<=>(const Endpoint&) const = default;
};

struct FlowKey {
  Endpoint a, b;           ///< a <= b
  std::uint8_t proto = 0;  ///< IP protocol number
  std::uint8_t v6 = 0;     ///< 1 = IPv6
  bool operator==(const FlowKey&) const = default;
  auto operator<=>(const FlowKey&) const = default;

  /// The key of a packet from `src` to `dst`; `side` = 0 if src is endpoint a, 1 if it is b.
  static FlowKey make(std::uint8_t proto, bool v6, const Endpoint& src, const Endpoint& dst, int& side) {
    FlowKey k;
    k.proto = proto;
    k.v6 = v6 ? 1 : 0;
    if (src <= dst) {
      k.a = src;
      k.b = dst;
      side = 0;
    } else {
      k.a = dst;
      k.b = src;
      side = 1;
    }
    return k;
  }
};

/// FNV-1a over raw bytes (keys are padded-free aggregates of byte arrays and integers).
inline std::uint64_t fnv1a(const void* p, std::size_t n, std::uint64_t h = 1469598103934665603ull) {
  const auto* b = static_cast<const std::uint8_t*>(p);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= b[i];
    h *= 1099511628211ull;
  }
  return h;
}

struct FlowKeyHash {
  std::size_t operator()(const FlowKey& k) const {
    std::uint64_t h = fnv1a(k.a.addr.data(), 16);
    h = fnv1a(&k.a.port, 2, h);
    h = fnv1a(k.b.addr.data(), 16, h);
    h = fnv1a(&k.b.port, 2, h);
    h = fnv1a(&k.proto, 1, h);
    return static_cast<std::size_t>(fnv1a(&k.v6, 1, h));
  }
};

/// DNS transaction: (client address/port, DNS id, qname hash) — RFC 5452 §4.3 matching fields.
struct DnsKey {
  std::array<std::uint8_t, 16> client{};
  std::uint16_t port = 0;
  std::uint16_t id = 0;
  std::uint32_t qname_hash = 0;
  bool operator==(const DnsKey&) const = default;
};

struct DnsKeyHash {
  std::size_t operator()(const DnsKey& k) const {
    std::uint64_t h = fnv1a(k.client.data(), 16);
    h = fnv1a(&k.port, 2, h);
    h = fnv1a(&k.id, 2, h);
    return static_cast<std::size_t>(fnv1a(&k.qname_hash, 4, h));
  }
};

inline std::uint32_t qname_hash(std::string_view qname) {
  return static_cast<std::uint32_t>(fnv1a(qname.data(), qname.size()));
}

/// "2001:db8::1" / "192.0.2.1" text of an endpoint address.
std::string endpoint_addr_text(const Endpoint& e, bool v6);

}  // namespace v6r::analyze
