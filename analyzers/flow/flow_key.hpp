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
#include <type_traits>

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
  /// A packet carried in a tunnel belongs to a flow of its own: the kind of the innermost tunnel
  /// (analyze::Tunnel, 0 = none) and a direction-independent digest of that tunnel's endpoints and
  /// key/VNI (tunnel_context() in capture_analysis.cpp), so the same inner 5-tuple in two tunnels, or
  /// seen both inside and outside a tunnel, makes distinct flows.
  std::uint8_t tunnel = 0;
  std::uint8_t reserved = 0;  ///< always 0: the key has no padding (equality compares its octets)
  std::uint32_t tunnel_id = 0;

  /// Every member equal: the 44 octets compared as five 8-octet and one 4-octet word, without a branch
  /// or a memcmp call (a lookup compares a key for every packet).
  bool operator==(const FlowKey& o) const {
    const auto* x = reinterpret_cast<const unsigned char*>(this);
    const auto* y = reinterpret_cast<const unsigned char*>(&o);
    std::uint64_t diff = 0;
    for (std::size_t i = 0; i < 40; i += 8) {
      std::uint64_t u, v;
      std::memcpy(&u, x + i, 8);
      std::memcpy(&v, y + i, 8);
      diff |= u ^ v;
    }
    return diff == 0 && tunnel_id == o.tunnel_id;
  }
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

static_assert(sizeof(FlowKey) == 44 && std::has_unique_object_representations_v<FlowKey>,
              "FlowKey::operator== compares the key's octets: it must have no padding");

/// FNV-1a over raw bytes (kept for callers that want a stable byte hash; the tables use the faster
/// word-wise mixers below).
inline std::uint64_t fnv1a(const void* p, std::size_t n, std::uint64_t h = 1469598103934665603ull) {
  const auto* b = static_cast<const std::uint8_t*>(p);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= b[i];
    h *= 1099511628211ull;
  }
  return h;
}

/// Word-wise hashing for the per-packet table lookups: one multiply per 8 octets instead of FNV's one
/// per octet (the flow key is 44 octets, hashed for every packet). Not a stable format: in-memory only.
namespace hashing {
inline std::uint64_t load64(const void* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h = (h ^ v) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}
inline std::uint64_t finish(std::uint64_t h) {
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}
/// Any length: 8-octet words, then the tail zero-padded, then the length.
inline std::uint64_t bytes(const void* p, std::size_t n, std::uint64_t h = 0x243F6A8885A308D3ull) {
  const auto* b = static_cast<const std::uint8_t*>(p);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) h = mix(h, load64(b + i));
  if (i < n) {
    std::uint64_t tail = 0;
    std::memcpy(&tail, b + i, n - i);
    h = mix(h, tail);
  }
  return finish(mix(h, n));
}
}  // namespace hashing

struct FlowKeyHash {
  std::size_t operator()(const FlowKey& k) const {
    std::uint64_t h = 0x243F6A8885A308D3ull;
    h = hashing::mix(h, hashing::load64(k.a.addr.data()));
    h = hashing::mix(h, hashing::load64(k.a.addr.data() + 8));
    h = hashing::mix(h, hashing::load64(k.b.addr.data()));
    h = hashing::mix(h, hashing::load64(k.b.addr.data() + 8));
    h = hashing::mix(h, std::uint64_t{k.a.port} | (std::uint64_t{k.b.port} << 16) |
                            (std::uint64_t{k.proto} << 32) | (std::uint64_t{k.v6} << 40) |
                            (std::uint64_t{k.tunnel} << 48));
    if (k.tunnel_id != 0) h = hashing::mix(h, k.tunnel_id);
    return static_cast<std::size_t>(hashing::finish(h));
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
    std::uint64_t h = 0x13198A2E03707344ull;
    h = hashing::mix(h, hashing::load64(k.client.data()));
    h = hashing::mix(h, hashing::load64(k.client.data() + 8));
    h = hashing::mix(
        h, std::uint64_t{k.port} | (std::uint64_t{k.id} << 16) | (std::uint64_t{k.qname_hash} << 32));
    return static_cast<std::size_t>(hashing::finish(h));
  }
};

inline std::uint32_t qname_hash(std::string_view qname) {
  return static_cast<std::uint32_t>(hashing::bytes(qname.data(), qname.size()));
}

/// "2001:db8::1" / "192.0.2.1" text of an endpoint address.
std::string endpoint_addr_text(const Endpoint& e, bool v6);

}  // namespace v6r::analyze
