// CaptureReader: pcap (both byte orders, µs/ns), pcapng (SHB either byte order, if_tsresol, EPB, SPB,
// unknown blocks), and errors that name the frame number and byte offset. Includes the truncation test:
// cut a capture at every record boundary and at seeded random offsets.
#include "analyzers/capture/capture_reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "apps/v6analyze/cli.hpp"
#include "core/pcapng_writer.hpp"
#include "tests/analyzer/packet_builder.hpp"

namespace v6r::analyze {
namespace {

using testpkt::Buf;
namespace lt = capture::linktype;

Buf frame(std::uint8_t fill, std::size_t n = 60) {
  return Buf(n, fill);
}

Buf make_pcap(bool ns, int frames = 3) {
  Buf out;
  capture::PcapWriter w(capture::VectorSink{&out}, lt::kEthernet, 65535, ns);
  for (int i = 0; i < frames; ++i)
    w.write_packet(1700000000ull * 1000000000ull + 123456789ull + static_cast<std::uint64_t>(i),
                   frame(static_cast<std::uint8_t>(i), 60 + static_cast<std::size_t>(i)));
  return out;
}

Buf make_pcapng(std::uint8_t tsresol, int frames = 3) {
  Buf out;
  capture::PcapngWriter w(capture::VectorSink{&out}, "c");
  w.add_interface({lt::kEthernet, 65535, "eth0", tsresol});
  for (int i = 0; i < frames; ++i)
    w.write_packet(0, 1700000000ull * 1000000000ull + 123456789ull, frame(static_cast<std::uint8_t>(i)), 0,
                   i == 1 ? "comment" : "");
  return out;
}

struct Read {
  std::vector<CaptureFrame> frames;
  ReadStatus last = ReadStatus::end;
  CaptureError error;
};
Read read_all(const Buf& b) {
  Read r;
  CaptureReader rd(b);
  CaptureFrame f;
  while ((r.last = rd.next(f)) == ReadStatus::frame) r.frames.push_back(f);
  if (r.last == ReadStatus::error) r.error = rd.error();
  return r;
}

// Byte-swaps a little-endian classic pcap into its big-endian form.
Buf swap_pcap(const Buf& le) {
  Buf b = le;
  auto sw32 = [&](std::size_t at) { std::swap(b[at], b[at + 3]), std::swap(b[at + 1], b[at + 2]); };
  auto sw16 = [&](std::size_t at) { std::swap(b[at], b[at + 1]); };
  sw32(0), sw16(4), sw16(6), sw32(8), sw32(12), sw32(16), sw32(20);
  std::size_t at = 24;
  while (at + 16 <= b.size()) {
    const std::uint32_t caplen =
        le[at + 8] | le[at + 9] << 8 | le[at + 10] << 16 | static_cast<std::uint32_t>(le[at + 11]) << 24;
    for (int i = 0; i < 4; ++i) sw32(at + 4 * static_cast<std::size_t>(i));
    at += 16 + caplen;
  }
  return b;
}

TEST(CaptureReader, PcapMicrosecondsLittleEndian) {
  auto r = read_all(make_pcap(false));
  ASSERT_EQ(r.last, ReadStatus::end);
  ASSERT_EQ(r.frames.size(), 3u);
  EXPECT_EQ(r.frames[0].number, 1u);
  EXPECT_EQ(r.frames[0].offset, 24u);
  EXPECT_EQ(r.frames[0].ts_sec, 1700000000u);
  EXPECT_EQ(r.frames[0].ts_nsec, 123456000u);
  EXPECT_EQ(r.frames[0].ts_digits, 6);
  EXPECT_EQ(r.frames[1].offset, 24u + 16 + 60);
  EXPECT_EQ(r.frames[2].caplen, 62u);
  EXPECT_EQ(r.frames[2].link_type, lt::kEthernet);
}

TEST(CaptureReader, PcapNanosecondsBothByteOrders) {
  for (bool big : {false, true}) {
    Buf b = make_pcap(true);
    if (big) b = swap_pcap(b);
    auto r = read_all(b);
    ASSERT_EQ(r.last, ReadStatus::end) << big;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[1].ts_nsec, 123456790u);
    EXPECT_EQ(r.frames[1].ts_digits, 9);
    EXPECT_EQ(r.frames[1].data[0], 1);
    EXPECT_EQ(r.frames[2].len, 62u);
  }
}

TEST(CaptureReader, PcapngMicroAndNanoResolution) {
  auto us = read_all(make_pcapng(6));
  ASSERT_EQ(us.frames.size(), 3u);
  EXPECT_EQ(us.frames[0].ts_nsec, 123456000u);
  EXPECT_EQ(us.frames[0].ts_digits, 6);
  auto ns = read_all(make_pcapng(9));
  ASSERT_EQ(ns.frames.size(), 3u);
  EXPECT_EQ(ns.frames[2].ts_sec, 1700000000u);
  EXPECT_EQ(ns.frames[2].ts_nsec, 123456789u);
}

// A big-endian section: SHB, IDB (if_tsresol 2^-10), EPB, an unknown block, SPB.
TEST(CaptureReader, PcapngBigEndianSectionWithSpbAndUnknownBlock) {
  Buf b;
  auto block = [&](std::uint32_t type, const Buf& body) {
    const auto total = static_cast<std::uint32_t>(12 + body.size());
    testpkt::put32(b, type);
    testpkt::put32(b, total);
    testpkt::append(b, body);
    testpkt::put32(b, total);
  };
  Buf shb;
  testpkt::put32(shb, 0x1A2B3C4D);
  testpkt::put16(shb, 1), testpkt::put16(shb, 0);
  testpkt::put32(shb, 0xFFFFFFFF), testpkt::put32(shb, 0xFFFFFFFF);
  block(0x0A0D0D0A, shb);
  Buf idb;
  testpkt::put16(idb, lt::kRaw), testpkt::put16(idb, 0), testpkt::put32(idb, 0);
  testpkt::put16(idb, 9), testpkt::put16(idb, 1), testpkt::put8(idb, 0x8A), testpkt::put8(idb, 0),
      testpkt::put16(idb, 0);
  testpkt::put32(idb, 0);  // opt_endofopt
  block(1, idb);
  Buf epb;
  testpkt::put32(epb, 0);
  const std::uint64_t ts = (std::uint64_t{1700000000} << 10) | 512;  // .5 s in 2^-10 units
  testpkt::put32(epb, static_cast<std::uint32_t>(ts >> 32)),
      testpkt::put32(epb, static_cast<std::uint32_t>(ts));
  testpkt::put32(epb, 4), testpkt::put32(epb, 4);
  testpkt::put32(epb, 0x60000000);
  block(6, epb);
  block(0x80001234, Buf(8, 0xEE));
  Buf spb;
  testpkt::put32(spb, 6);
  testpkt::append(spb, Buf{0x45, 0, 0, 0, 0, 0, 0, 0});
  block(3, spb);
  auto r = read_all(b);
  ASSERT_EQ(r.last, ReadStatus::end) << r.error.reason;
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[0].ts_sec, 1700000000u);
  EXPECT_EQ(r.frames[0].ts_nsec, 500000000u);
  EXPECT_EQ(r.frames[0].link_type, lt::kRaw);
  EXPECT_EQ(r.frames[1].number, 2u);
  EXPECT_FALSE(r.frames[1].has_ts);
  EXPECT_EQ(r.frames[1].caplen, 6u) << "SPB: min(original length, block body)";
  EXPECT_EQ(r.frames[1].len, 6u);
}

TEST(CaptureReader, ErrorsNameFrameAndOffset) {
  auto bad_magic = read_all(Buf{1, 2, 3, 4, 5, 6});
  EXPECT_EQ(bad_magic.last, ReadStatus::error);
  EXPECT_NE(bad_magic.error.reason.find("not a pcap"), std::string::npos);

  Buf b = make_pcap(false);
  b[24 + 16 + 60 + 8] = 0xFF;  // caplen of frame 2 → huge
  b[24 + 16 + 60 + 9] = 0xFF;
  auto r = read_all(b);
  ASSERT_EQ(r.last, ReadStatus::error);
  EXPECT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.error.frame, 2u);
  EXPECT_EQ(r.error.offset, 24u + 16 + 60);

  Buf ng = make_pcapng(9);
  const std::size_t idb = ng[4] | std::size_t{ng[5]} << 8;  // right after the SHB
  ng[idb + 4] ^= 0x01;                                      // IDB total length no longer a multiple of 4
  auto e = read_all(ng);
  ASSERT_EQ(e.last, ReadStatus::error);
  EXPECT_EQ(e.error.frame, 1u);
  EXPECT_EQ(e.error.offset, idb);
}

TEST(CaptureReader, RecordsLongerThanTheirPacketOrTheSnaplenAreHandedOn) {
  // caplen > len: tshark dissects the record (expert info frame.len_lt_caplen), tcpdump reads on; the
  // dissector names it (frame_len_lt_caplen). Not an error of the file.
  Buf pc, ng;
  capture::PcapWriter w(capture::VectorSink{&pc}, lt::kEthernet, 64, false);  // snaplen 64
  capture::PcapngWriter n(capture::VectorSink{&ng});
  n.add_interface({lt::kEthernet, 0, "eth0", 9});
  for (std::uint32_t orig : {0u, 20u, 0u}) {
    w.write_packet(1, frame(1), orig);
    n.write_packet(0, 1, frame(1), orig);
  }
  capture::PcapWriter big(capture::VectorSink{&pc}, lt::kEthernet, 1 << 20, false);
  pc.resize(pc.size() - 24);  // keep only big's record (snaplen 1 MiB) after the 64-octet header
  big.write_packet(1, frame(2, 100));
  for (const Buf* b : {&pc, &ng}) {
    auto r = read_all(*b);
    ASSERT_EQ(r.last, ReadStatus::end) << r.error.reason;
    ASSERT_GE(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[1].caplen, 60u);
    EXPECT_EQ(r.frames[1].len, 20u);
    EXPECT_EQ(r.frames[1].data.size(), 60u);
    EXPECT_EQ(r.frames[2].number, 3u);
  }
  auto r = read_all(pc);
  ASSERT_EQ(r.frames.size(), 4u);
  EXPECT_EQ(r.frames[3].caplen, 100u) << "beyond the file's snaplen (64): kept whole, as Wireshark does";
}

TEST(CaptureReader, EpbNamingUndefinedInterfaceIsAnError) {
  Buf out;
  capture::PcapngWriter w(capture::VectorSink{&out});
  w.add_interface({});
  w.write_packet(0, 0, frame(1));
  out[out.size() - 92 + 8] = 7;  // interface id of the EPB (block = 12 + 20 + 60 + ... )
  auto r = read_all(out);
  EXPECT_EQ(r.last, ReadStatus::error);
}

// The truncation test: every prefix that ends on a record boundary is a valid shorter capture; every
// other prefix is an error naming the frame that was cut and its offset, after all earlier frames.
void check_truncations(const Buf& full, const char* what) {
  auto whole = read_all(full);
  ASSERT_EQ(whole.last, ReadStatus::end);
  std::vector<std::size_t> starts;  // offset of each frame record/block
  for (const auto& f : whole.frames) starts.push_back(f.offset);
  std::vector<std::size_t> cuts;
  for (std::size_t s : starts) cuts.push_back(s);
  std::mt19937 rng(20260101);
  for (int i = 0; i < 200; ++i)
    cuts.push_back(std::uniform_int_distribution<std::size_t>(0, full.size())(rng));
  for (std::size_t cut : cuts) {
    Buf b(full.begin(), full.begin() + static_cast<long>(cut));
    auto r = read_all(b);
    // Frames that fit entirely before the cut.
    std::size_t complete = 0;
    for (std::size_t k = 0; k < whole.frames.size(); ++k) {
      const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : full.size();
      if (end <= cut) complete = k + 1;
    }
    const std::size_t first_frame = starts.front();
    const bool on_boundary =
        cut == full.size() || cut >= first_frame
            ? std::find(starts.begin(), starts.end(), cut) != starts.end() || cut == full.size()
            : false;
    if (on_boundary) {
      EXPECT_EQ(r.last, ReadStatus::end) << what << " cut at " << cut;
      EXPECT_EQ(r.frames.size(), complete) << what << " cut at " << cut;
      continue;
    }
    if (cut < first_frame) {  // inside the file header / SHB / IDB
      if (r.last == ReadStatus::end) {
        EXPECT_TRUE(r.frames.empty());
      } else {
        EXPECT_EQ(r.error.frame, 1u);
      }
      continue;
    }
    ASSERT_EQ(r.last, ReadStatus::error) << what << " cut at " << cut;
    EXPECT_EQ(r.frames.size(), complete) << what << " cut at " << cut;
    EXPECT_EQ(r.error.frame, complete + 1) << what << " cut at " << cut;
    EXPECT_EQ(r.error.offset, starts[complete]) << what << " cut at " << cut;
  }
}

TEST(CaptureReader, TruncationAtEveryBoundaryAndRandomOffsets) {
  check_truncations(make_pcap(false, 6), "pcap");
  check_truncations(make_pcap(true, 6), "pcap-ns");
  check_truncations(make_pcapng(9, 6), "pcapng");
}

TEST(DissectCli, TruncatedCaptureIsPartialWithExitCode3) {
  Buf full = make_pcapng(9, 4);
  auto whole = read_all(full);
  const std::size_t cut = whole.frames[2].offset + 10;  // inside frame 3
  const std::string path = ::testing::TempDir() + "/trunc.pcapng";
  ASSERT_TRUE(capture::write_file(path, Bytes(full.data(), cut)));
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  app::DissectOptions o;
  o.path = path;
  o.fields = {"frame.number"};
  EXPECT_EQ(app::run_dissect(o, out, err), app::kExitPartial);
  auto slurp = [](std::FILE* f) {
    std::rewind(f);
    std::string s;
    char buf[512];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    return s;
  };
  EXPECT_EQ(slurp(out), "1\n2\n");
  const std::string e = slurp(err);
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(e.find("frame 3 at byte offset " + std::to_string(whole.frames[2].offset)), std::string::npos)
      << e;
  std::fclose(out);
  std::fclose(err);

  app::DissectOptions bad;
  bad.path = path;
  bad.fields = {"no.such.field"};
  std::FILE* devnull = std::tmpfile();
  EXPECT_EQ(app::run_dissect(bad, devnull, devnull), app::kExitUsage);
  bad.fields = {};
  bad.path = "/nonexistent/x.pcap";
  EXPECT_EQ(app::run_dissect(bad, devnull, devnull), app::kExitUsage);
  std::fclose(devnull);
}

}  // namespace
}  // namespace v6r::analyze
