#include "core/pcapng_writer.hpp"

#include <cstdio>

namespace v6r::capture {
namespace {

void put16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void pad4(std::vector<std::uint8_t>& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}
// pcapng §3.5 options: code, length, value padded to 32 bits.
void put_option(std::vector<std::uint8_t>& b, std::uint16_t code, Bytes value) {
  put16(b, code);
  put16(b, static_cast<std::uint16_t>(value.size()));
  b.insert(b.end(), value.begin(), value.end());
  pad4(b);
}
void put_option(std::vector<std::uint8_t>& b, std::uint16_t code, std::string_view s) {
  put_option(b, code, Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}
void end_options(std::vector<std::uint8_t>& b) {
  put16(b, 0);  // opt_endofopt
  put16(b, 0);
}
// Starts a block: type + placeholder length.
void begin_block(std::vector<std::uint8_t>& b, std::uint32_t type) {
  b.clear();
  put32(b, type);
  put32(b, 0);
}
// Patches the total length at offset 4 and appends the trailing copy (pcapng §3.1).
void finish_block(std::vector<std::uint8_t>& b) {
  pad4(b);
  auto total = static_cast<std::uint32_t>(b.size() + 4);
  for (int i = 0; i < 4; ++i)
    b[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(total >> (8 * i));
  put32(b, total);
}

constexpr std::uint16_t kOptComment = 1;
constexpr std::uint32_t kShb = 0x0A0D0D0A;
constexpr std::uint32_t kIdb = 0x00000001;
constexpr std::uint32_t kEpb = 0x00000006;

}  // namespace

PcapngWriter::PcapngWriter(Sink sink, std::string_view comment, std::string_view user_appl)
    : sink_(std::move(sink)) {
  // §4.1 Section Header Block: byte-order magic, version 1.0, section length -1 (unknown).
  begin_block(buf_, kShb);
  put32(buf_, 0x1A2B3C4D);
  put16(buf_, 1);
  put16(buf_, 0);
  put32(buf_, 0xFFFFFFFF);
  put32(buf_, 0xFFFFFFFF);
  if (!comment.empty() || !user_appl.empty()) {
    if (!comment.empty()) put_option(buf_, kOptComment, comment);
    if (!user_appl.empty()) put_option(buf_, 4, user_appl);  // shb_userappl
    end_options(buf_);
  }
  finish_block(buf_);
  sink_(buf_);
}

std::uint32_t PcapngWriter::add_interface(const InterfaceDesc& desc) {
  // §4.2 Interface Description Block: link type, reserved, snaplen, options.
  begin_block(buf_, kIdb);
  put16(buf_, desc.link_type);
  put16(buf_, 0);
  put32(buf_, desc.snaplen);
  if (!desc.name.empty()) put_option(buf_, 2, desc.name);  // if_name
  const std::uint8_t res = desc.tsresol;
  put_option(buf_, 9, Bytes(&res, 1));  // if_tsresol: power of 10 when MSB is 0
  end_options(buf_);
  finish_block(buf_);
  sink_(buf_);
  ifaces_.push_back(desc);
  return static_cast<std::uint32_t>(ifaces_.size() - 1);
}

void PcapngWriter::write_packet(std::uint32_t interface_id, std::uint64_t ts_ns, Bytes data,
                                std::uint32_t orig_len, std::string_view comment) {
  const InterfaceDesc& d = ifaces_.at(interface_id);
  std::uint64_t ts = ts_ns;
  for (int r = d.tsresol; r < 9; ++r) ts /= 10;
  if (orig_len == 0) orig_len = static_cast<std::uint32_t>(data.size());
  if (d.snaplen != 0 && data.size() > d.snaplen) data = data.first(d.snaplen);
  // §4.3 Enhanced Packet Block.
  begin_block(buf_, kEpb);
  put32(buf_, interface_id);
  put32(buf_, static_cast<std::uint32_t>(ts >> 32));
  put32(buf_, static_cast<std::uint32_t>(ts));
  put32(buf_, static_cast<std::uint32_t>(data.size()));
  put32(buf_, orig_len);
  buf_.insert(buf_.end(), data.begin(), data.end());
  pad4(buf_);
  if (!comment.empty()) {
    put_option(buf_, kOptComment, comment);
    end_options(buf_);
  }
  finish_block(buf_);
  sink_(buf_);
}

void PcapngWriter::write_raw_block(std::uint32_t block_type, Bytes body) {
  begin_block(buf_, block_type);
  buf_.insert(buf_.end(), body.begin(), body.end());
  finish_block(buf_);
  sink_(buf_);
}

PcapWriter::PcapWriter(Sink sink, std::uint16_t link_type, std::uint32_t snaplen, bool nanosecond)
    : sink_(std::move(sink)), snaplen_(snaplen), nano_(nanosecond) {
  buf_.clear();
  put32(buf_, nano_ ? 0xA1B23C4D : 0xA1B2C3D4);
  put16(buf_, 2);  // version 2.4
  put16(buf_, 4);
  put32(buf_, 0);  // thiszone
  put32(buf_, 0);  // sigfigs
  put32(buf_, snaplen_);
  put32(buf_, link_type);
  sink_(buf_);
}

void PcapWriter::write_packet(std::uint64_t ts_ns, Bytes data, std::uint32_t orig_len) {
  if (orig_len == 0) orig_len = static_cast<std::uint32_t>(data.size());
  if (snaplen_ != 0 && data.size() > snaplen_) data = data.first(snaplen_);
  buf_.clear();
  put32(buf_, static_cast<std::uint32_t>(ts_ns / 1000000000u));
  const std::uint64_t frac = ts_ns % 1000000000u;
  put32(buf_, static_cast<std::uint32_t>(nano_ ? frac : frac / 1000u));
  put32(buf_, static_cast<std::uint32_t>(data.size()));
  put32(buf_, orig_len);
  buf_.insert(buf_.end(), data.begin(), data.end());
  sink_(buf_);
}

bool write_file(const std::string& path, Bytes bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace v6r::capture
