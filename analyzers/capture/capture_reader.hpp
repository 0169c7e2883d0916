#pragma once
// Streaming reader for capture files, as a pure parser over one byte span (the mmap'd file, see
// analyzers/capture_file.hpp). Formats:
//  - libpcap (draft-ietf-opsawg-pcap §4/§5): both byte orders, µs (0xa1b2c3d4) and ns (0xa1b23c4d);
//  - pcapng (draft-ietf-opsawg-pcapng): SHB in either byte order (§4.1, several sections), IDB with
//    if_tsresol/if_tsoffset (§4.2), EPB (§4.3), SPB (§4.4), obsolete PB (Appendix A); every other block
//    type is skipped by its length (§3.1).
// No allocation per frame; an error (corrupt/truncated file) names the frame number and byte offset,
// and every frame before it has been returned. A record whose captured length exceeds its original
// length is not an error (tshark and tcpdump read on): it is returned as is.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/wire_reader.hpp"

namespace v6r::analyze {

enum class CaptureFormat : std::uint8_t { unknown, pcap, pcapng };

struct CaptureFrame {
  std::uint64_t number = 0;     ///< 1-based, like tshark's frame.number
  std::uint64_t offset = 0;     ///< byte offset of the record header / block in the file
  std::uint64_t ts_sec = 0;     ///< Unix seconds
  std::uint32_t ts_nsec = 0;    ///< nanoseconds within the second
  std::uint8_t ts_digits = 6;   ///< precision of the source: 6 (µs) or 9 (ns, or finer)
  bool has_ts = true;           ///< false for pcapng Simple Packet Blocks (§4.4: no timestamp)
  std::uint32_t caplen = 0;     ///< bytes present in `data` (> len in a damaged record: see dissect)
  std::uint32_t len = 0;        ///< original length on the wire
  std::uint16_t link_type = 0;  ///< LINKTYPE_* of the interface
  std::uint32_t interface_id = 0;
  Bytes data;  ///< view into the file, valid while the file is mapped
};

struct CaptureError {
  std::uint64_t frame = 0;   ///< number the failing frame would have had
  std::uint64_t offset = 0;  ///< byte offset where the bad record/block starts (or the bad field)
  std::string reason;
};

enum class ReadStatus : std::uint8_t { frame, end, error };

class CaptureReader {
 public:
  explicit CaptureReader(Bytes file);

  /// Next frame, the clean end of the file, or an error (then error() says what and where; the reader
  /// stays in the error state).
  ReadStatus next(CaptureFrame& out);

  [[nodiscard]] CaptureFormat format() const { return format_; }
  [[nodiscard]] const CaptureError& error() const { return error_; }
  [[nodiscard]] std::uint64_t frames_read() const { return frame_no_; }

 private:
  struct Interface {
    std::uint16_t link_type = 0;
    std::uint32_t snaplen = 0;
    std::uint64_t units_per_sec = 1000000;  // from if_tsresol
    std::uint8_t resol_exp = 6;
    bool resol_binary = false;
    std::int64_t ts_offset = 0;  // if_tsoffset, seconds
  };

  ReadStatus next_pcap(CaptureFrame& out);
  ReadStatus next_pcapng(CaptureFrame& out);
  bool read_shb(std::size_t at);
  bool read_idb(std::size_t at, WireReader body);
  ReadStatus fail(std::uint64_t offset, std::string reason);
  std::optional<std::uint32_t> u32(WireReader& r) const { return swapped_ ? r.u32be() : r.u32le(); }
  std::optional<std::uint16_t> u16(WireReader& r) const { return swapped_ ? r.u16be() : r.u16le(); }
  void set_time(CaptureFrame& f, const Interface& i, std::uint64_t ts) const;

  Bytes file_;
  std::size_t pos_ = 0;
  CaptureFormat format_ = CaptureFormat::unknown;
  bool swapped_ = false;  // file byte order is big-endian
  bool failed_ = false;
  std::uint64_t frame_no_ = 0;
  CaptureError error_;
  // pcap
  Interface pcap_if_;
  // pcapng: interfaces of the current section
  std::vector<Interface> ifaces_;
};

/// Human name of a LINKTYPE_* value ("ETHERNET", "LINUX_SLL2", ...), or "LINKTYPE_<n>".
const char* link_type_name(std::uint16_t lt);

}  // namespace v6r::analyze
