// pcapng/pcap writers: block layout (pcapng §3.1, §4.1-§4.3), timestamps per if_tsresol, and tshark
// must open what they write (skipped when tshark is absent).
#include "core/pcapng_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace v6r::capture {
namespace {

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

const std::vector<std::uint8_t> kFrame = {
    // Ethernet + IPv6 + ICMPv6 echo request (checksum not checked by the writer)
    2,  0,    0, 0,    0,    2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd, 0x60, 0, 0, 0,    0, 8,    58,
    64, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,    0,    0,    0, 1, 0x20, 1, 0x0d, 0xb8,
    0,  0,    0, 0,    0,    0, 0, 0, 0, 0, 0, 2, 128,  0,    0,    0, 0, 1,    0, 1};

TEST(PcapngWriter, BlockLayoutAndTimestamps) {
  std::vector<std::uint8_t> out;
  PcapngWriter w(VectorSink{&out}, "hello");
  const std::size_t shb_len = le32(out, 4);
  EXPECT_EQ(le32(out, 0), 0x0A0D0D0Au);
  EXPECT_EQ(le32(out, 8), 0x1A2B3C4Du);
  EXPECT_EQ(le32(out, shb_len - 4), shb_len) << "trailing length";
  EXPECT_EQ(w.add_interface({linktype::kEthernet, 1500, "eth0", 6}), 0u);
  const std::size_t idb_at = shb_len;
  EXPECT_EQ(le32(out, idb_at), 1u);
  const std::size_t epb_at = out.size();
  w.write_packet(0, 1700000000123456789ull, kFrame, 0, "c");
  EXPECT_EQ(le32(out, epb_at), 6u);
  const std::uint64_t ts = std::uint64_t{le32(out, epb_at + 12)} << 32 | le32(out, epb_at + 16);
  EXPECT_EQ(ts, 1700000000123456ull) << "microsecond interface";
  EXPECT_EQ(le32(out, epb_at + 20), kFrame.size());
  EXPECT_EQ(out.size() % 4, 0u);
}

TEST(PcapWriter, HeaderAndRecords) {
  std::vector<std::uint8_t> out;
  PcapWriter w(VectorSink{&out}, linktype::kEthernet, 65535, true);
  w.write_packet(1700000000000000042ull, kFrame);
  EXPECT_EQ(le32(out, 0), 0xA1B23C4Du);
  EXPECT_EQ(le32(out, 20), 1u);
  EXPECT_EQ(le32(out, 24), 1700000000u);
  EXPECT_EQ(le32(out, 28), 42u);
  EXPECT_EQ(out.size(), 24 + 16 + kFrame.size());
}

std::string run(const std::string& cmd) {
  std::string s;
  if (std::FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) s += buf;
    pclose(p);
  }
  return s;
}

TEST(PcapngWriter, TsharkOpensTheOutput) {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark not installed";
  const std::string dir = ::testing::TempDir();
  for (int resol : {6, 9}) {
    std::vector<std::uint8_t> ng;
    PcapngWriter w(VectorSink{&ng}, "v6ready test");
    w.add_interface({linktype::kEthernet, 262144, "eth0", static_cast<std::uint8_t>(resol)});
    w.write_packet(0, 1700000000123456789ull, kFrame, 0, "first");
    w.write_packet(0, 1700000001000000000ull, kFrame);
    const std::string path = dir + "/w" + std::to_string(resol) + ".pcapng";
    ASSERT_TRUE(write_file(path, ng));
    const std::string got = run("tshark -r " + path +
                                " -T fields -e frame.time_epoch -e icmpv6.type -e frame.comment 2>/dev/null");
    EXPECT_EQ(got, resol == 9 ? "1700000000.123456789\t128\tfirst\n1700000001.000000000\t128\t\n"
                              : "1700000000.123456000\t128\tfirst\n1700000001.000000000\t128\t\n");
  }
  std::vector<std::uint8_t> pc;
  PcapWriter pw(VectorSink{&pc}, linktype::kEthernet, 262144, false);
  pw.write_packet(1700000000123456789ull, kFrame);
  const std::string path = dir + "/w.pcap";
  ASSERT_TRUE(write_file(path, pc));
  EXPECT_EQ(run("tshark -r " + path + " -T fields -e frame.time_epoch -e ipv6.dst 2>/dev/null"),
            "1700000000.123456000\t2001:db8::2\n");
}

}  // namespace
}  // namespace v6r::capture
