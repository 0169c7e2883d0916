// Fuzz target: the DHCPv4 layer (analyzers/dissect/dhcp.cpp dissect_dhcp): the RFC 2131 §2 BOOTP
// header, the magic cookie and the RFC 2132 option walk (53, 55, 108 IPv6-Only Preferred, RFC 8925
// §3.1). The input is a UDP payload from the BOOTP op octet. Invariants:
// tests/fuzz/packet_invariants.hpp, plus: the fixed part is 236 octets, options only after the
// cookie, option 108 decoded only from a 4-octet value.
#include <cstdint>

#include "tests/fuzz/packet_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  const v6r::Bytes in(data, size);
  static Packet p;  // static: see analyzer_ipv6.cpp
  p.reset();
  dissect_dhcp(in, p);
  v6r::fuzz::check_packet(p, in);
  if (p.app == App::dhcp) {
    if (size < 236) __builtin_trap();  // RFC 2131 §2: op .. file
    const DhcpInfo& d = p.dhcp;
    if (d.op != data[0] || d.htype != data[1] || d.hlen != data[2]) __builtin_trap();
    if (d.has_magic && size < 240) __builtin_trap();
    if (!d.has_magic && (d.option_count != 0 || d.msg_type != 0 || d.has_v6only_wait)) __builtin_trap();
    // Each counted option took at least its code and length octets after the cookie.
    if (d.has_magic && std::size_t{d.option_count} * 2u > size - 240) __builtin_trap();
  } else if (size >= 236) {
    __builtin_trap();  // a complete fixed header is always a DHCP layer
  }
  return 0;
}
