// Fuzz target: full dissection of one frame. The first byte picks the link type (index into kLinks,
// the same table gen_traces uses for the seed corpus), the rest is the frame.
#include <cstdint>
#include <cstdlib>

#include "analyzers/dissect/dissect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  static const std::uint16_t kLinks[] = {1, 113, 276, 101, 0, 108, 228, 229, 12, 14};
  if (size < 1) return 0;
  const std::uint16_t lt = kLinks[data[0] % 10];
  v6r::Bytes frame(data + 1, size - 1);
  Packet p;
  dissect_frame(lt, frame, static_cast<std::uint32_t>(frame.size()), 1, p);
  if (p.anomaly_count > Packet::kMaxAnomalies) std::abort();
  if (!p.l4_payload.empty() && (p.l4_payload.data() < frame.data() ||
                                p.l4_payload.data() + p.l4_payload.size() > frame.data() + frame.size()))
    std::abort();
  if (p.app == App::dns && !p.dns.message.empty() &&
      p.dns.message.data() + p.dns.message.size() > frame.data() + frame.size())
    std::abort();
  return 0;
}
