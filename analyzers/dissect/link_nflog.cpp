// LINKTYPE_NFLOG (239): packets logged by a Linux gateway's netfilter (`nft ... log group N`, captured
// with `tcpdump -i nflog:N`). https://www.tcpdump.org/linktypes/LINKTYPE_NFLOG.html
//
// Header: address family (1 octet), version (0), resource id (the log group, network order). Then
// TLVs: length (including the 4-octet TLV header), type, value, padded to 4 octets. Length and type
// are in the byte order of the host that wrote the capture (Linux netlink attributes); the packet
// itself is the value of NFULA_PAYLOAD (9), starting at its network header.
#include "analyzers/dissect/dissect.hpp"

namespace v6r::analyze {
namespace {

// <linux/netfilter/nfnetlink_log.h> enum nfulnl_attr_type.
constexpr std::uint16_t kNfulaPacketHdr = 1;  // hw_protocol (network order), hook, pad
constexpr std::uint16_t kNfulaPayload = 9;
// <linux/netlink.h>: NLA_F_NESTED, NLA_F_NET_BYTEORDER flag bits of a type.
constexpr std::uint16_t kNlaTypeMask = 0x3FFF;
constexpr std::uint8_t kAfInet = 2;
constexpr std::uint8_t kAfInet6 = 10;

}  // namespace

void dissect_nflog(Bytes data, Packet& p) {
  WireReader r(data);
  auto family = r.u8();
  auto version = r.u8();
  auto resource_id = r.u16be();
  if (!resource_id) return p.flag(Anomaly::truncated_nflog);
  p.link.has_nflog = true;
  p.link.nflog_family = *family;
  p.link.nflog_resource_id = *resource_id;
  p.l3 = L3::other;
  if (*version != 0) return;  // only version 0 is defined
  // The writer's byte order: attribute types are small (NFULA_* < 256), so in the wrong order the
  // first TLV's type reads as ≥ 256. (Readers such as libpcap and Wireshark instead trust the file's
  // byte order; the two agree on every capture written by the host that captured it.)
  bool big_endian = false;
  if (data.size() >= 8) big_endian = ((data[6] | data[7] << 8) & kNlaTypeMask) >= 256;
  Bytes payload;
  bool has_payload = false;
  std::uint16_t hw_protocol = 0;
  while (r.remaining() >= 4) {  // each TLV is ≥ 4 octets: bounded by the frame
    auto len = big_endian ? r.u16be() : r.u16le();
    auto type = big_endian ? r.u16be() : r.u16le();
    if (*len < 4) {
      p.flag(Anomaly::bad_nflog_tlv);
      break;
    }
    const std::size_t value_len = *len - 4u;
    Bytes value = r.rest();
    if (value_len > value.size()) {  // cut by the snap length (the payload is usually last)
      if (!p.snapped) p.flag(Anomaly::truncated_nflog);
    } else {
      value = value.first(value_len);
    }
    r.skip(value.size());
    r.skip(std::min<std::size_t>((4 - value_len % 4) % 4, r.remaining()));
    switch (*type & kNlaTypeMask) {
      case kNfulaPacketHdr:
        if (value.size() >= 2) hw_protocol = static_cast<std::uint16_t>(value[0] << 8 | value[1]);
        break;
      case kNfulaPayload:
        payload = value;
        has_payload = true;
        break;
      default:  // mark, timestamp, interfaces, hardware address, prefix, uid, gid, ...
        break;
    }
  }
  if (!has_payload) return;
  p.l3 = L3::none;
  switch (*family) {
    case kAfInet:
      return dissect_ipv4(payload, p);
    case kAfInet6:
      return dissect_ipv6(payload, p);
    default:  // e.g. AF_BRIDGE: the packet header's hardware protocol names the payload
      if (hw_protocol != 0) return dissect_ethertype(hw_protocol, payload, p);
      p.l3 = L3::other;
  }
}

}  // namespace v6r::analyze
