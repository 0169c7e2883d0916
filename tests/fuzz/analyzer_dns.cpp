// Fuzz target: the DNS layer of the dissector (analyzers/dissect/dns_layer.cpp): the same bytes as a
// UDP/53 payload (dissect_dns_udp) and as a TCP/53 segment with its RFC 1035 §4.2.2 length prefix
// (dissect_dns_tcp), each whole and snapped. The message itself goes through core/dns summarize_into.
// Invariants: tests/fuzz/packet_invariants.hpp (a summarized message parses with dns::parse to the
// same summary; the message view stays in the input; names bounded), plus: UDP summarizes exactly what
// dns::parse accepts, and a snapped frame hides only truncation errors.
#include <cstdint>

#include "tests/fuzz/packet_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  const v6r::Bytes in(data, size);
  static Packet p;  // static: see analyzer_ipv6.cpp
  for (const bool snapped : {false, true}) {
    p.reset();
    p.snapped = snapped;
    dissect_dns_udp(in, p);
    v6r::fuzz::check_packet(p, in);
    if (p.app != App::dns || p.dns.over_tcp || p.dns.message.size() != size) __builtin_trap();
    const bool ok = v6r::dns::parse(in).has_value();
    if (p.dns.parsed != ok) __builtin_trap();
    if (!ok && !p.has(Anomaly::dns_parse_error)) {
      // Only a snapped frame may leave a parse error unflagged, and only a truncation.
      if (!snapped || p.dns.error.code != v6r::dns::ParseErrc::truncated) __builtin_trap();
    }

    p.reset();
    p.snapped = snapped;
    dissect_dns_tcp(in, p);
    v6r::fuzz::check_packet(p, in);
    if (p.app != App::dns || !p.dns.over_tcp) __builtin_trap();
    if (p.dns.parsed && (size < 2 || p.dns.message.data() != data + 2)) __builtin_trap();
  }
  return 0;
}
