// Fuzz target: the IPv6 layer alone (analyzers/dissect/ip.cpp dissect_ipv6): the fixed header, the
// RFC 8200 §4 extension header chain (hop-by-hop, routing, fragment, destination options, AH,
// mobility; bounded by Ipv6Info::kMaxExt) and whatever upper layer follows, tunnels included. The
// input is an IPv6 packet from its first octet; it is dissected twice, as a whole frame and as a
// snapped one (caplen < len changes which truncations are anomalies). Invariants:
// tests/fuzz/packet_invariants.hpp, plus the chain record must agree with the bytes it came from.
#include <cstdint>
#include <cstring>

#include "tests/fuzz/packet_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  const v6r::Bytes in(data, size);
  static Packet p;  // ~1.5 KiB (DNS summary); static keeps it off the fuzzer's stack
  for (const bool snapped : {false, true}) {
    p.reset();
    p.snapped = snapped;
    dissect_ipv6(in, p);
    v6r::fuzz::check_packet(p, in);
    if (p.tunnel_depth > 0) {
      // A tunnel was followed (protocol 4/41/47, UDP 4789/6081): the outermost layer records this
      // header, the layer records describe the packet inside it.
      const TunnelLayer& t = p.tunnels[0];
      if (size < 40 || !t.v6 || t.proto != data[6] || std::memcmp(t.src.data(), data + 8, 16) != 0)
        __builtin_trap();
    } else if (p.l3 == L3::ipv6) {
      if (size < 40) __builtin_trap();  // RFC 8200 §3: a 40-octet fixed header
      if (p.ip6.nxt != data[6] || p.ip6.plen != ((data[4] << 8) | data[5])) __builtin_trap();
      if (p.ip6.ext_count > 0 && p.ip6.ext_types[0] != p.ip6.nxt) __builtin_trap();
    }
    // Every upper-layer payload starts after the fixed header.
    if (!p.l4_payload.empty() && p.l4_payload.data() < data + 40) __builtin_trap();
  }
  return 0;
}
