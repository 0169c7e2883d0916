// IEEE 802.11 (LINKTYPE_IEEE802_11, 105) and the radiotap header in front of it
// (LINKTYPE_IEEE802_11_RADIOTAP, 127): Wi-Fi at commune offices. Data frames carrying an LLC/SNAP
// header (RFC 1042, IEEE 802.1H) are decoded to their network layer; management and control frames,
// null-data frames, protected (encrypted) frames and A-MSDU aggregates are named and left undecoded,
// without an anomaly: they are not malformed.
#include "analyzers/dissect/dissect.hpp"

#include "analyzers/dissect/read_into.hpp"

namespace v6r::analyze {
namespace {

// IEEE 802.11-2020 §9.2.4.1.3 frame types.
constexpr std::uint8_t kTypeControl = 1;
constexpr std::uint8_t kTypeData = 2;
// Frame Control flags (second octet, §9.2.4.1.1).
constexpr std::uint8_t kFlagOrder = 0x80;  // +HTC: an HT Control field follows QoS Control
// Control subtypes that carry only the Receiver Address (§9.3.1): CTS, ACK.
constexpr std::uint8_t kSubtypeCts = 12;
constexpr std::uint8_t kSubtypeAck = 13;
// Data subtypes (§9.2.4.1.3): bit 3 = QoS, bit 2 = no data (Null, QoS Null, CF-Ack/-Poll only).
constexpr std::uint8_t kSubtypeQos = 0x8;
constexpr std::uint8_t kSubtypeNoData = 0x4;
// radiotap Flags field (https://www.radiotap.org/fields/Flags).
constexpr std::uint8_t kRadiotapFcs = 0x10;
constexpr std::uint8_t kRadiotapDataPad = 0x20;

/// Addresses `from`..`to`-1 (0-based) of the header.
bool read_addresses(WireReader& r, WlanInfo& w, std::uint8_t from, std::uint8_t to) {
  for (std::uint8_t i = from; i < to; ++i) {
    if (!read_into(r, w.addr[i])) return false;
    w.addr_count = static_cast<std::uint8_t>(i + 1);
  }
  return true;
}

}  // namespace

// §9.2.3 general frame format: Frame Control, Duration/ID, Address 1..3, Sequence Control, [Address 4],
// [QoS Control], [HT Control], body. Address 4 is present in data frames with To DS and From DS set.
// `data_pad`: radiotap's "frame has padding between the 802.11 header and payload (to a 32-bit
// boundary)".
void dissect_wlan(Bytes data, Packet& p, bool data_pad) {
  WireReader r(data);
  auto fc0 = r.u8();
  auto fc1 = r.u8();
  r.skip(2);  // Duration/ID
  if (!r.ok()) return p.flag(Anomaly::truncated_wlan);
  p.has_wlan = true;
  WlanInfo& w = p.wlan;
  w.type = static_cast<std::uint8_t>((*fc0 >> 2) & 0x3);
  w.subtype = static_cast<std::uint8_t>(*fc0 >> 4);
  w.flags = *fc1;
  p.l3 = L3::other;
  if ((*fc0 & 0x3) != 0) return;  // protocol version other than 0 (PV1 frames): not decoded
  if (w.type != kTypeData) {
    // Addresses for display: control frames carry the RA, most also the TA; management frames 3.
    std::uint8_t n = 3;
    if (w.type == kTypeControl) n = (w.subtype == kSubtypeCts || w.subtype == kSubtypeAck) ? 1 : 2;
    if (!read_addresses(r, w, 0, n)) p.flag(Anomaly::truncated_wlan);
    return;
  }
  const bool four = w.ds() == 3;
  if (!read_addresses(r, w, 0, 3) || !r.skip(2) || (four && !read_addresses(r, w, 3, 4)))
    return p.flag(Anomaly::truncated_wlan);
  if ((w.subtype & kSubtypeQos) != 0) {
    auto qc = r.u16le();  // §9.2.4.5: TID bits 0-3, A-MSDU Present bit 7
    if (!qc) return p.flag(Anomaly::truncated_wlan);
    w.qos = true;
    w.tid = static_cast<std::uint8_t>(*qc & 0x0F);
    w.amsdu = (*qc & 0x0080) != 0;
    if ((w.flags & kFlagOrder) != 0 && !r.skip(4)) return p.flag(Anomaly::truncated_wlan);
  }
  if (data_pad && !r.skip((4 - r.offset() % 4) % 4)) return p.flag(Anomaly::truncated_wlan);
  if ((w.subtype & kSubtypeNoData) != 0 || w.is_protected() || w.amsdu) return;
  // RFC 1042 / IEEE 802.1H: DSAP 0xAA, SSAP 0xAA, control 0x03 (UI), OUI (3 octets), Ethertype.
  const std::size_t body = r.offset();
  auto dsap = r.u8();
  auto ssap = r.u8();
  auto ctrl = r.u8();
  r.skip(3);  // OUI: 00-00-00 (RFC 1042) or 00-00-F8 (802.1H); both carry an Ethertype
  auto type = r.u16be();
  if (!type) {
    if (data.size() > body) p.flag(Anomaly::truncated_wlan);  // a body too short for its LLC header
    return;
  }
  if (*dsap != 0xAA || *ssap != 0xAA || *ctrl != 0x03) return;  // not SNAP: not decoded
  w.has_llc = true;
  w.llc_type = *type;
  p.link.ethertype = *type;
  p.l3 = L3::none;
  dissect_ethertype(*type, r.rest(), p);
}

// radiotap header (https://www.radiotap.org): version 0, pad, length (LE, the whole header), then
// present bitmaps (LE; bit 31 chains another word), then the fields in bit order, each aligned to its
// size from the start of the header. Only TSFT (bit 0, 8 octets) and Flags (bit 1, 1 octet) are
// needed: Flags says whether the frame ends in an FCS and whether its header is padded.
void dissect_radiotap(Bytes data, Packet& p) {
  WireReader r(data);
  auto version = r.u8();
  r.skip(1);
  auto length = r.u16le();
  auto present = r.u32le();
  if (!present) return p.flag(Anomaly::truncated_radiotap);
  p.has_wlan = true;
  WlanInfo& w = p.wlan;
  w.has_radiotap = true;
  w.radiotap_length = *length;
  if (*version != 0 || *length < 8) return p.flag(Anomaly::bad_radiotap_header);
  if (*length > data.size()) return p.flag(Anomaly::truncated_radiotap);
  WireReader h(data.first(*length));
  h.skip(8);
  for (std::uint32_t word = *present; (word & 0x80000000u) != 0;) {  // bounded by the header length
    auto next = h.u32le();
    if (!next) return p.flag(Anomaly::bad_radiotap_header);
    word = *next;
  }
  if ((*present & 0x2) != 0) {
    if ((*present & 0x1) != 0 && !(h.skip((8 - h.offset() % 8) % 8) && h.skip(8)))
      return p.flag(Anomaly::bad_radiotap_header);
    auto flags = h.u8();
    if (!flags) return p.flag(Anomaly::bad_radiotap_header);
    w.radiotap_flags = *flags;
  }
  Bytes frame = data.subspan(*length);
  // The FCS is the frame's last 4 octets; a snapped frame lost it with the rest of its tail.
  if ((w.radiotap_flags & kRadiotapFcs) != 0 && !p.snapped && frame.size() >= 4)
    frame = frame.first(frame.size() - 4);
  dissect_wlan(frame, p, (w.radiotap_flags & kRadiotapDataPad) != 0);
}

}  // namespace v6r::analyze
