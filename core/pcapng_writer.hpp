#pragma once
// Capture file writers: pcapng (draft-ietf-opsawg-pcapng, §4.1 SHB, §4.2 IDB, §4.3 EPB) and classic
// libpcap format (draft-ietf-opsawg-pcap). Used by the probe (capture.pcapng) and by the test/bench
// trace generators. Pure: every byte goes to a sink callback; `VectorSink`/`write_file` are helpers.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/wire_reader.hpp"

namespace v6r::capture {

/// LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) used across v6ready.
namespace linktype {
inline constexpr std::uint16_t kNull = 0;
inline constexpr std::uint16_t kEthernet = 1;
inline constexpr std::uint16_t kRaw = 101;
inline constexpr std::uint16_t kLoop = 108;
inline constexpr std::uint16_t kLinuxSll = 113;
inline constexpr std::uint16_t kIpv4 = 228;
inline constexpr std::uint16_t kIpv6 = 229;
inline constexpr std::uint16_t kLinuxSll2 = 276;
}  // namespace linktype

using Sink = std::function<void(Bytes)>;

/// Appends everything to a vector (tests, generators).
struct VectorSink {
  std::vector<std::uint8_t>* out;
  void operator()(Bytes b) const { out->insert(out->end(), b.begin(), b.end()); }
};

struct InterfaceDesc {
  std::uint16_t link_type = linktype::kEthernet;
  std::uint32_t snaplen = 262144;
  std::string name;          ///< if_name option (2); empty = omitted
  std::uint8_t tsresol = 9;  ///< if_tsresol option (9): 9 = nanoseconds, 6 = microseconds
};

/// pcapng writer. Blocks are written in host-independent little-endian byte order.
class PcapngWriter {
 public:
  /// Writes the Section Header Block (with optional shb_comment / shb_userappl options).
  explicit PcapngWriter(Sink sink, std::string_view comment = {}, std::string_view user_appl = {});

  /// Writes an Interface Description Block; returns the interface id for write_packet.
  std::uint32_t add_interface(const InterfaceDesc& desc);

  /// Writes an Enhanced Packet Block. ts_ns: nanoseconds since the Unix epoch (converted to the
  /// interface's if_tsresol). orig_len 0 = data.size(). Data longer than the snaplen is cut.
  void write_packet(std::uint32_t interface_id, std::uint64_t ts_ns, Bytes data, std::uint32_t orig_len = 0,
                    std::string_view comment = {});

  /// Raw block (for tests of readers: unknown block types, custom blocks).
  void write_raw_block(std::uint32_t block_type, Bytes body);

 private:
  Sink sink_;
  std::vector<InterfaceDesc> ifaces_;
  std::vector<std::uint8_t> buf_;  // reused block buffer
};

/// Classic pcap writer (magic 0xa1b2c3d4 µs or 0xa1b23c4d ns), little-endian.
class PcapWriter {
 public:
  PcapWriter(Sink sink, std::uint16_t link_type, std::uint32_t snaplen = 262144, bool nanosecond = false);
  void write_packet(std::uint64_t ts_ns, Bytes data, std::uint32_t orig_len = 0);

 private:
  Sink sink_;
  std::uint32_t snaplen_;
  bool nano_;
  std::vector<std::uint8_t> buf_;
};

/// Writes `bytes` to `path` (truncating). Returns false on I/O error.
bool write_file(const std::string& path, Bytes bytes);

}  // namespace v6r::capture
