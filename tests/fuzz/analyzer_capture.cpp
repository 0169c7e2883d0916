// Fuzz target: the pcap/pcapng block parser (analyzers/capture/capture_reader.hpp) over arbitrary
// bytes, each frame then fully dissected. Invariants: caplen ≤ len, data inside the input, frame
// numbers consecutive, an error stops the reader for good.
#include <cstdint>
#include <cstdlib>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/dissect/dissect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  CaptureReader rd(v6r::Bytes(data, size));
  CaptureFrame f;
  Packet p;
  std::uint64_t n = 0;
  ReadStatus st;
  while ((st = rd.next(f)) == ReadStatus::frame) {
    if (f.caplen > f.len || f.data.size() != f.caplen) std::abort();
    if (f.data.data() < data || f.data.data() + f.data.size() > data + size) std::abort();
    if (f.number != ++n) std::abort();
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
  }
  if (st == ReadStatus::error && rd.next(f) != ReadStatus::error) std::abort();
  return 0;
}
