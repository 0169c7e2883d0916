// BOOTP (RFC 951) / DHCPv4 (RFC 2131 §2 message format, §3 magic cookie; options RFC 2132 §3-§9,
// option 108 IPv6-Only Preferred RFC 8925 §3.1) into the Packet record.
#include "analyzers/dissect/dissect.hpp"
#include "core/dhcpv4_options.hpp"

namespace v6r::analyze {

// The header and options are read by the one DHCPv4 parser (core/dhcpv4_options.hpp); this records
// them in the fixed-size DhcpInfo and counts what the parser calls anomalous.
void dissect_dhcp(Bytes data, Packet& p) {
  WireReader r(data);
  const auto h = dhcpv4::read_header(r);
  if (!h) return p.flag(Anomaly::truncated_dhcp);
  auto& d = p.dhcp;
  p.app = App::dhcp;
  d.op = h->op;
  d.htype = h->htype;
  d.hlen = h->hlen;
  d.xid = h->xid;
  d.ciaddr = h->ciaddr;
  d.yiaddr = h->yiaddr;
  d.siaddr = h->siaddr;
  d.giaddr = h->giaddr;
  copy_octets(Bytes(h->chaddr), d.chaddr);
  if (!dhcpv4::read_magic_cookie(r)) return;  // plain BOOTP: no options
  d.has_magic = true;
  dhcpv4::OptionReader walk(r);
  while (auto o = walk.next()) {
    ++d.option_count;
    if (o->anomaly) p.flag(o->anomaly->kind);
    if (const auto* t = std::get_if<dhcpv4::MessageType>(&o->value)) {
      d.msg_type = t->type;
    } else if (const auto* prl = std::get_if<dhcpv4::ParamRequestList>(&o->value)) {
      d.param_request_list = prl->codes;
    } else if (const auto* w = std::get_if<dhcpv4::V6OnlyWait>(&o->value)) {
      d.v6only_wait = w->seconds;
      d.has_v6only_wait = true;
    }
  }
  if (walk.stop()) p.flag(walk.stop()->kind);
}

}  // namespace v6r::analyze
