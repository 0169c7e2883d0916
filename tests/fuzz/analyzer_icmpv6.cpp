// Fuzz target: the ICMPv6 layer (analyzers/dissect/icmp.cpp dissect_icmpv6: RFC 4443 errors with the
// quoted packet, echo, and Neighbor Discovery RS/RA/NS/NA/Redirect) and the ND option walker on its
// own (dissect_nd_options: RFC 4861 §4.6 options, RFC 8106 RDNSS, RFC 8781 PREF64). The input is an
// ICMPv6 message from its type octet; the same bytes are also walked as a bare option list.
// Invariants: tests/fuzz/packet_invariants.hpp, plus what the ND record says about the bytes.
#include <cstdint>

#include "tests/fuzz/packet_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  const v6r::Bytes in(data, size);
  static Packet p;  // static: see analyzer_ipv6.cpp
  p.reset();
  dissect_icmpv6(in, p);
  v6r::fuzz::check_packet(p, in);
  if (p.l4 == L4::icmpv6) {
    if (size < 4 || p.icmp.type != data[0] || p.icmp.code != data[1]) __builtin_trap();
    if (p.has_nd && (p.icmp.type < 133 || p.icmp.type > 137)) __builtin_trap();
    // An RA's options start after its 16-octet header: at most one option per 8 octets.
    if (p.has_nd && p.icmp.type == 134 && p.nd.prefix_count * 32u > size) __builtin_trap();
  }

  p.reset();
  p.has_nd = true;  // as dissect_icmpv6 sets it before walking the options
  dissect_nd_options(in, p);
  v6r::fuzz::check_packet(p, in);
  // RDNSS counts every address it saw (capped at 255); each takes 16 octets of the input.
  if (std::size_t{p.nd.rdnss_count} * 16u > size) __builtin_trap();
  return 0;
}
