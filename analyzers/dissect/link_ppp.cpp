// Point-to-point links: PPP (RFC 1661) in HDLC-like framing (RFC 1662) on LINKTYPE_PPP (9) and
// LINKTYPE_PPP_HDLC (50), Cisco HDLC (LINKTYPE_C_HDLC, 104), and PPP over Ethernet (RFC 2516), the
// framing of commune uplinks. Only the network-layer protocols are decoded (IPv4 0x0021, IPv6 0x0057);
// LCP, IPCP, IPV6CP, authentication and the PPPoE discovery stage are named and left undecoded.
#include "analyzers/dissect/dissect.hpp"

namespace v6r::analyze {
namespace {

// IANA "PPP DLL Protocol Numbers" (RFC 1661 §2).
constexpr std::uint16_t kPppIpv4 = 0x0021;  // RFC 1332
constexpr std::uint16_t kPppIpv6 = 0x0057;  // RFC 5072
// RFC 1662 §3.1: All-Stations address and Unnumbered Information control field.
constexpr std::uint8_t kHdlcAllStations = 0xFF;
// Cisco HDLC addresses (RFC 1547 §4.3.1).
constexpr std::uint8_t kChdlcUnicast = 0x0F;
constexpr std::uint8_t kChdlcMulticast = 0x8F;

/// RFC 1661 §2: the Protocol field; RFC 1661 §6.5 Protocol-Field-Compression sends it as one octet
/// when the value fits (protocol numbers are odd in their low octet, even in their high one).
std::optional<std::uint16_t> ppp_protocol(WireReader& r) {
  auto hi = r.u8();
  if (!hi) return std::nullopt;
  if ((*hi & 1) != 0) return *hi;
  auto lo = r.u8();
  if (!lo) return std::nullopt;
  return static_cast<std::uint16_t>(*hi << 8 | *lo);
}

/// The PPP Protocol field and the datagram after it.
void dissect_ppp_payload(WireReader& r, Packet& p) {
  auto proto = ppp_protocol(r);
  if (!proto) return p.flag(Anomaly::truncated_ppp);
  p.link.has_ppp = true;
  p.link.ppp_protocol = *proto;
  switch (*proto) {
    case kPppIpv4:
      return dissect_ipv4(r.rest(), p);
    case kPppIpv6:
      return dissect_ipv6(r.rest(), p);
    default:  // LCP, NCPs, authentication, compressed datagrams
      p.l3 = L3::other;
  }
}

}  // namespace

// LINKTYPE_PPP / LINKTYPE_PPP_HDLC: the first octet tells the framing, as in Wireshark: 0xFF is the
// RFC 1662 Address (then Control 0x03), 0x0F/0x8F a Cisco HDLC address; anything else is a frame whose
// Address and Control fields were compressed away (RFC 1661 §6.6), starting at the Protocol field.
void dissect_ppp(Bytes data, Packet& p) {
  WireReader r(data);
  auto first = r.peek_u8();
  if (!first) return p.flag(Anomaly::truncated_ppp);
  if (*first == kChdlcUnicast || *first == kChdlcMulticast) return dissect_chdlc(data, p);
  if (*first == kHdlcAllStations && !r.skip(2)) return p.flag(Anomaly::truncated_ppp);
  dissect_ppp_payload(r, p);
}

// Cisco HDLC: address, control (0x00), then an Ethertype.
void dissect_chdlc(Bytes data, Packet& p) {
  WireReader r(data);
  auto address = r.u8();
  r.skip(1);  // control
  auto proto = r.u16be();
  if (!proto) return p.flag(Anomaly::truncated_chdlc);
  p.link.has_chdlc = true;
  p.link.chdlc_address = *address;
  p.link.chdlc_protocol = *proto;
  p.link.ethertype = *proto;
  dissect_ethertype(*proto, r.rest(), p);  // SLARP (0x8035), CDP: l3 other
}

// RFC 2516 §4: VER (4 bits, 1), TYPE (4 bits, 1), CODE, SESSION_ID, LENGTH (of the payload), payload.
// In the session stage (Ethertype 0x8864, CODE 0x00, §6) the payload is a PPP Protocol field and its
// datagram, without Address and Control (§7). The discovery stage (0x8863: PADI, PADO, PADR, PADS,
// PADT) carries no network layer.
void dissect_pppoe(bool session, Bytes data, Packet& p) {
  WireReader r(data);
  auto ver_type = r.u8();
  auto code = r.u8();
  auto session_id = r.u16be();
  auto length = r.u16be();
  if (!length) return p.flag(Anomaly::truncated_pppoe);
  p.link.has_pppoe = true;
  p.link.pppoe_code = *code;
  p.link.pppoe_session = *session_id;
  if (!session || *ver_type != 0x11) {
    p.l3 = L3::other;
    return;
  }
  Bytes payload = r.rest();
  if (*length > payload.size()) {
    if (!p.snapped) p.flag(Anomaly::bad_pppoe_length);
  } else {
    payload = payload.first(*length);  // Ethernet padding after the PPPoE payload is dropped
  }
  WireReader pr(payload);
  dissect_ppp_payload(pr, p);
}

}  // namespace v6r::analyze
