#include "analyzers/capture/capture_reader.hpp"

#include <cstdio>

namespace v6r::analyze {
namespace {

constexpr std::uint32_t kPcapMagicUs = 0xA1B2C3D4;
constexpr std::uint32_t kPcapMagicNs = 0xA1B23C4D;
constexpr std::uint32_t kPcapMagicUsSwapped = 0xD4C3B2A1;
constexpr std::uint32_t kPcapMagicNsSwapped = 0x4D3CB2A1;
constexpr std::uint32_t kShbType = 0x0A0D0D0A;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kByteOrderMagicSwapped = 0x4D3C2B1A;
constexpr std::uint32_t kIdbType = 1;
constexpr std::uint32_t kPbType = 2;  // obsolete Packet Block (pcapng Appendix A)
constexpr std::uint32_t kSpbType = 3;
constexpr std::uint32_t kEpbType = 6;
// Larger records than this are corrupt headers, not packets (libpcap uses 256 KiB; allow more for
// captures of jumbo/offloaded segments).
constexpr std::uint32_t kMaxRecord = 16u * 1024u * 1024u;

std::string fmt(const char* f, unsigned long long a, unsigned long long b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

std::uint64_t pow10(unsigned n) {
  std::uint64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

}  // namespace

CaptureReader::CaptureReader(Bytes file) : file_(file) {
  WireReader r(file_);
  auto magic_le = r.u32le();
  if (!magic_le) return;  // empty or tiny file: reported by next()
  switch (*magic_le) {
    case kPcapMagicUs:
    case kPcapMagicNs:
    case kPcapMagicUsSwapped:
    case kPcapMagicNsSwapped:
      format_ = CaptureFormat::pcap;
      break;
    case kShbType:
      format_ = CaptureFormat::pcapng;
      break;
    default:
      break;
  }
}

ReadStatus CaptureReader::fail(std::uint64_t offset, std::string reason) {
  failed_ = true;
  error_.frame = frame_no_ + 1;
  error_.offset = offset;
  error_.reason = std::move(reason);
  return ReadStatus::error;
}

ReadStatus CaptureReader::next(CaptureFrame& out) {
  if (failed_) return ReadStatus::error;
  switch (format_) {
    case CaptureFormat::pcap:
      return next_pcap(out);
    case CaptureFormat::pcapng:
      return next_pcapng(out);
    case CaptureFormat::unknown:
      break;
  }
  if (file_.size() < 4) return fail(0, fmt("file too short for a capture header (%llu bytes)", file_.size()));
  WireReader r(file_);
  return fail(0, fmt("not a pcap or pcapng file (magic 0x%08llx)", *r.u32be()));
}

void CaptureReader::set_time(CaptureFrame& f, const Interface& i, std::uint64_t ts) const {
  std::uint64_t sec = ts / i.units_per_sec;
  const std::uint64_t frac = ts % i.units_per_sec;
  std::uint64_t ns = 0;
  if (i.resol_binary) {
    const unsigned n = i.resol_exp;
    ns = n <= 34 ? (frac * 1000000000ull) >> n : ((frac >> (n - 34)) * 1000000000ull) >> 34;
  } else if (i.resol_exp <= 9) {
    ns = frac * pow10(9u - i.resol_exp);
  } else {
    ns = frac / pow10(static_cast<unsigned>(i.resol_exp) - 9u);
  }
  // if_tsoffset is any int64 from the file: add modulo 2^64 (same result as signed addition when
  // that does not overflow; a signed overflow here was undefined behaviour on hostile input).
  sec += static_cast<std::uint64_t>(i.ts_offset);
  f.ts_sec = sec;
  f.ts_nsec = static_cast<std::uint32_t>(ns);
  f.ts_digits = (!i.resol_binary && i.resol_exp <= 6) ? 6 : 9;
}

// --- libpcap format -------------------------------------------------------------------------------

ReadStatus CaptureReader::next_pcap(CaptureFrame& out) {
  if (pos_ == 0) {
    // File header (24 bytes): magic, version, thiszone, sigfigs, snaplen, linktype (+FCS bits).
    WireReader h(file_);
    const std::uint32_t magic = *h.u32le();
    swapped_ = magic == kPcapMagicUsSwapped || magic == kPcapMagicNsSwapped;
    const bool ns = magic == kPcapMagicNs || magic == kPcapMagicNsSwapped;
    auto major = u16(h);
    h.skip(2 + 4 + 4);
    auto snaplen = u32(h);
    auto lt = u32(h);
    if (!h.ok()) return fail(0, fmt("truncated pcap file header (%llu of 24 bytes)", file_.size()));
    if (*major != 2) return fail(4, fmt("unsupported pcap version %llu", *major));
    pcap_if_.link_type = static_cast<std::uint16_t>(*lt & 0xFFFF);  // §5: upper bits are FCS info
    pcap_if_.snaplen = *snaplen;
    pcap_if_.units_per_sec = ns ? 1000000000u : 1000000u;
    pcap_if_.resol_exp = ns ? 9 : 6;
    pos_ = 24;
  }
  if (pos_ == file_.size()) return ReadStatus::end;
  WireReader r(file_);
  r.seek(pos_);
  const std::size_t at = pos_;
  // Record header (§5): ts_sec, ts_frac, caplen, len.
  auto sec = u32(r);
  auto frac = u32(r);
  auto caplen = u32(r);
  auto len = u32(r);
  if (!r.ok()) return fail(at, fmt("truncated record header (%llu of 16 bytes)", file_.size() - at));
  // A captured length beyond any sane packet is a corrupt header (libpcap and Wireshark refuse the file
  // too, at 256 KiB). One beyond the file's snaplen but within the bound is kept whole, as Wireshark
  // does (libpcap cuts it to the snaplen). One beyond the original length is handed on: the dissector
  // names it (anomaly frame_len_lt_caplen) and decodes the captured bytes, as tshark does; tcpdump
  // reports it and reads on.
  if (*caplen > kMaxRecord)
    return fail(at, fmt("captured length %llu is implausible (corrupt record header)", *caplen));
  auto data = r.bytes(*caplen);
  if (!data)
    return fail(at,
                fmt("truncated packet data (caplen %llu, %llu bytes left)", *caplen, file_.size() - at - 16));
  out.number = ++frame_no_;
  out.offset = at;
  out.ts_sec = *sec;
  out.ts_nsec = pcap_if_.resol_exp == 9 ? *frac : *frac * 1000u;
  out.ts_digits = pcap_if_.resol_exp;
  out.has_ts = true;
  out.caplen = *caplen;
  out.len = *len;
  out.link_type = pcap_if_.link_type;
  out.interface_id = 0;
  out.data = *data;
  pos_ = r.offset();
  return ReadStatus::frame;
}

// --- pcapng ---------------------------------------------------------------------------------------

bool CaptureReader::read_shb(std::size_t at) {
  // §4.1: the byte-order magic decides how to read the block length itself.
  WireReader r(file_);
  r.seek(at + 8);
  auto bom = r.u32le();
  if (!bom) return fail(at, "truncated section header block"), false;
  if (*bom == kByteOrderMagic) {
    swapped_ = false;
  } else if (*bom == kByteOrderMagicSwapped) {
    swapped_ = true;
  } else {
    return fail(at + 8, fmt("bad section header byte-order magic 0x%08llx", *bom)), false;
  }
  auto major = u16(r);
  if (!major) return fail(at, "truncated section header block"), false;
  if (*major != 1) return fail(at + 12, fmt("unsupported pcapng major version %llu", *major)), false;
  ifaces_.clear();
  return true;
}

bool CaptureReader::read_idb(std::size_t at, WireReader body) {
  Interface i;
  auto lt = u16(body);
  body.skip(2);
  auto snap = u32(body);
  if (!body.ok()) return fail(at, "truncated interface description block"), false;
  i.link_type = *lt;
  i.snaplen = *snap;
  // §3.5 options: code, length, value padded to 4 bytes; opt_endofopt (0) ends the list.
  while (body.remaining() >= 4) {
    auto code = u16(body);
    auto olen = u16(body);
    auto val = body.bytes(*olen);
    if (!val) break;  // malformed options: keep the defaults (like Wireshark, not fatal)
    body.skip((4 - *olen % 4) % 4);
    if (*code == 0) break;
    if (*code == 9 && *olen >= 1) {  // if_tsresol (§4.2)
      const std::uint8_t v = (*val)[0];
      i.resol_binary = (v & 0x80) != 0;
      i.resol_exp = static_cast<std::uint8_t>(v & 0x7F);
      if (i.resol_binary ? i.resol_exp > 63 : i.resol_exp > 19)
        return fail(at, fmt("unsupported if_tsresol 0x%02llx", v)), false;
      i.units_per_sec = i.resol_binary ? (std::uint64_t{1} << i.resol_exp) : pow10(i.resol_exp);
    } else if (*code == 14 && *olen == 8) {  // if_tsoffset (§4.2), seconds
      WireReader v(*val);
      auto o = swapped_ ? v.u32be() : v.u32le();
      auto o2 = swapped_ ? v.u32be() : v.u32le();
      const std::uint64_t raw = swapped_ ? (std::uint64_t{*o} << 32 | *o2) : (std::uint64_t{*o2} << 32 | *o);
      i.ts_offset = static_cast<std::int64_t>(raw);
    }
  }
  ifaces_.push_back(i);
  return true;
}

ReadStatus CaptureReader::next_pcapng(CaptureFrame& out) {
  for (;;) {
    if (pos_ == file_.size()) return ReadStatus::end;
    const std::size_t at = pos_;
    WireReader r(file_);
    r.seek(at);
    auto type_le = r.u32le();
    if (!type_le || file_.size() - at < 12)
      return fail(at, fmt("truncated block header (%llu bytes left)", file_.size() - at));
    if (*type_le == kShbType && !read_shb(at)) return ReadStatus::error;
    auto total = u32(r);
    if (*total < 12 || *total % 4 != 0) return fail(at, fmt("bad block total length %llu", *total));
    if (*total > file_.size() - at)
      return fail(at, fmt("truncated block (total length %llu, %llu bytes left)", *total, file_.size() - at));
    WireReader block(file_.subspan(at, *total));
    block.skip(8);
    auto body = block.sub(*total - 12);
    auto trailer = u32(block);
    if (*trailer != *total)
      return fail(at + *total - 4, fmt("block trailing length %llu does not match %llu", *trailer, *total));
    const std::uint32_t type = swapped_ ? __builtin_bswap32(*type_le) : *type_le;
    pos_ = at + *total;
    if (type == kShbType) continue;
    if (type == kIdbType) {
      if (!read_idb(at, *body)) return ReadStatus::error;
      continue;
    }
    if (type != kEpbType && type != kSpbType && type != kPbType) continue;  // §3.1: skip unknown blocks

    WireReader b = *body;
    std::uint32_t iface = 0;
    std::uint64_t ts = 0;
    std::uint32_t caplen = 0;
    std::uint32_t len = 0;
    if (type == kSpbType) {
      // §4.4 Simple Packet Block: original length, then data up to the block end (interface 0).
      auto olen = u32(b);
      if (!olen) return fail(at, "truncated simple packet block");
      len = *olen;
      if (ifaces_.empty()) return fail(at, "simple packet block before any interface description block");
      std::uint64_t cap = b.remaining();
      if (len < cap) cap = len;
      if (ifaces_[0].snaplen != 0 && ifaces_[0].snaplen < cap) cap = ifaces_[0].snaplen;
      caplen = static_cast<std::uint32_t>(cap);
    } else {
      if (type == kEpbType) {
        auto id = u32(b);
        iface = id.value_or(0);
      } else {
        auto id = u16(b);
        iface = id.value_or(0);
        b.skip(2);  // drops count
      }
      auto hi = u32(b);
      auto lo = u32(b);
      auto c = u32(b);
      auto l = u32(b);
      if (!b.ok()) return fail(at, "truncated enhanced packet block header");
      ts = std::uint64_t{*hi} << 32 | *lo;
      caplen = *c;
      len = *l;
      if (iface >= ifaces_.size())
        return fail(at, fmt("packet block names interface %llu, only %llu defined", iface, ifaces_.size()));
      // The block length bounds the captured length; caplen > len is handed on as in pcap above.
      if (caplen > b.remaining())
        return fail(at, fmt("captured length %llu exceeds block body (%llu bytes)", caplen, b.remaining()));
    }
    auto data = b.bytes(caplen);
    if (!data) return fail(at, "truncated packet data");
    const Interface& i = ifaces_[iface];
    out.number = ++frame_no_;
    out.offset = at;
    set_time(out, i, ts);
    out.has_ts = type != kSpbType;
    out.caplen = caplen;
    out.len = len;
    out.link_type = i.link_type;
    out.interface_id = iface;
    out.data = *data;
    return ReadStatus::frame;
  }
}

const char* link_type_name(std::uint16_t lt) {
  switch (lt) {
    case 0:
      return "NULL";
    case 1:
      return "ETHERNET";
    case 9:
      return "PPP";
    case 50:
      return "PPP_HDLC";
    case 104:
      return "C_HDLC";
    case 105:
      return "IEEE802_11";
    case 127:
      return "IEEE802_11_RADIOTAP";
    case 239:
      return "NFLOG";
    case 12:
      return "RAW(12)";
    case 14:
      return "RAW(14)";
    case 101:
      return "RAW";
    case 108:
      return "LOOP";
    case 113:
      return "LINUX_SLL";
    case 228:
      return "IPV4";
    case 229:
      return "IPV6";
    case 276:
      return "LINUX_SLL2";
    default:
      return "unsupported";
  }
}

}  // namespace v6r::analyze
