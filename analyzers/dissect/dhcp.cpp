// BOOTP (RFC 951) / DHCPv4 (RFC 2131 §2 message format, §3 magic cookie; options RFC 2132 §3-§9,
// option 108 IPv6-Only Preferred RFC 8925 §3.1).
#include "analyzers/dissect/dissect.hpp"

namespace v6r::analyze {
namespace {

template <std::size_t N>
void copy(Bytes b, std::array<std::uint8_t, N>& out) {
  for (std::size_t i = 0; i < N && i < b.size(); ++i) out[i] = b[i];
}

}  // namespace

void dissect_dhcp(Bytes data, Packet& p) {
  WireReader r(data);
  auto op = r.u8();
  auto htype = r.u8();
  auto hlen = r.u8();
  r.skip(1);  // hops
  auto xid = r.u32be();
  r.skip(4);  // secs, flags
  auto ciaddr = r.bytes(4);
  auto yiaddr = r.bytes(4);
  auto siaddr = r.bytes(4);
  auto giaddr = r.bytes(4);
  auto chaddr = r.bytes(16);
  r.skip(64 + 128);  // sname, file
  if (!r.ok()) return p.flag(Anomaly::truncated_dhcp);
  auto& d = p.dhcp;
  p.app = App::dhcp;
  d.op = *op;
  d.htype = *htype;
  d.hlen = *hlen;
  d.xid = *xid;
  copy(*ciaddr, d.ciaddr);
  copy(*yiaddr, d.yiaddr);
  copy(*siaddr, d.siaddr);
  copy(*giaddr, d.giaddr);
  copy(*chaddr, d.chaddr);
  auto magic = r.u32be();
  if (!magic || *magic != 0x63825363) return;  // plain BOOTP: no options
  d.has_magic = true;
  while (!r.empty()) {
    const std::uint8_t code = *r.u8();
    if (code == 0) continue;  // Pad (RFC 2132 §3.1)
    if (code == 255) break;   // End (§3.2)
    auto len = r.u8();
    auto val = len ? r.bytes(*len) : std::nullopt;
    if (!val) return p.flag(Anomaly::truncated_dhcp_option);
    ++d.option_count;
    switch (code) {
      case 53:  // DHCP Message Type (RFC 2132 §9.6)
        if (*len == 1) d.msg_type = (*val)[0];
        break;
      case 55:  // Parameter Request List (§9.8)
        d.param_request_list = *val;
        break;
      case 108:  // IPv6-Only Preferred: V6ONLY_WAIT, uint32 seconds (RFC 8925 §3.1)
        if (*len == 4) {
          WireReader v(*val);
          d.v6only_wait = *v.u32be();
          d.has_v6only_wait = true;
        } else {
          p.flag(Anomaly::truncated_dhcp_option);
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace v6r::analyze
