// Fuzz target: the pcap/pcapng block parser (analyzers/capture/capture_reader.hpp) over arbitrary
// bytes, each frame then fully dissected (every link type: the seeds are the golden traces, one per
// link type and tunnel). Invariants: the record's bytes are caplen octets inside the input, a record
// longer than its original length is named by the dissector (frame_len_lt_caplen), frame numbers are
// consecutive, an error stops the reader for good, plus tests/fuzz/packet_invariants.hpp.
#include <cstdint>
#include <cstdlib>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/dissect/dissect.hpp"
#include "tests/fuzz/packet_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::analyze;
  CaptureReader rd(v6r::Bytes(data, size));
  CaptureFrame f;
  static Packet p;  // static: see analyzer_ipv6.cpp
  std::uint64_t n = 0;
  ReadStatus st;
  while ((st = rd.next(f)) == ReadStatus::frame) {
    if (f.data.size() != f.caplen) std::abort();
    if (f.data.data() < data || f.data.data() + f.data.size() > data + size) std::abort();
    if (f.number != ++n) std::abort();
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
    v6r::fuzz::check_packet(p, f.data);
    if (p.has(Anomaly::frame_len_lt_caplen) != (f.caplen > f.len)) std::abort();
  }
  if (st == ReadStatus::error && rd.next(f) != ReadStatus::error) std::abort();
  return 0;
}
