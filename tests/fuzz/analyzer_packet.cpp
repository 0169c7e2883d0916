// Fuzz target: full dissection of one frame. The first byte picks the link type (index into kLinks,
// the same table gen_traces uses for the seed corpus), the rest is the frame, dissected whole and as a
// record whose captured length exceeds its original length. Every link type and tunnel is reached from
// here: PPP, Cisco HDLC, 802.11, radiotap and NFLOG by link type; PPPoE, 6in4/4in6, GRE, VXLAN and
// Geneve through the layers below them. Invariants: tests/fuzz/packet_invariants.hpp.
#include <cstdint>

#include "tests/fuzz/packet_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  static const std::uint16_t kLinks[] = {1,  113, 276, 101, 0,   108, 228, 229,
                                         12, 14,  9,   50,  104, 105, 127, 239};
  if (size < 1) return 0;
  const std::uint16_t lt = kLinks[data[0] % 16];
  const v6r::Bytes frame(data + 1, size - 1);
  static Packet p;  // static: see analyzer_ipv6.cpp
  const auto len = static_cast<std::uint32_t>(frame.size());
  for (const std::uint32_t wire_len : {len, len / 2}) {
    dissect_frame(lt, frame, wire_len, 1, p);
    v6r::fuzz::check_packet(p, frame);
    if (p.has(Anomaly::frame_len_lt_caplen) != (wire_len < len)) __builtin_trap();
  }
  return 0;
}
