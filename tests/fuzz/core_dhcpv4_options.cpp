// Fuzz target: the one DHCPv4 parser (core/dhcpv4_options.hpp), which v6probe's v6only.dhcp108 runs on
// every UDP/68 datagram it receives and the analyzer runs on every DHCP payload of a capture. The
// input is a UDP payload from the BOOTP op octet: the fixed part, the magic cookie and the option walk.
// Invariants: the fixed part is read exactly when 236 octets are there, with the header fields from
// those octets; options only after the cookie, each inside the input and never Pad or End; a decoded
// value has the length its RFC gives, a wrong length is an anomaly naming the option; the walk ends
// once, with a stop only when an option's length or value is cut.
#include <cstdint>

#include "core/dhcpv4_options.hpp"

namespace {

using namespace v6r;

bool within(Bytes inner, Bytes outer) {
  if (inner.empty()) return true;
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes in(data, size);
  WireReader r(in);
  const auto h = dhcpv4::read_header(r);
  if (h.has_value() != (size >= dhcpv4::kFixedSize)) __builtin_trap();
  if (!h) return 0;
  const std::uint32_t xid = (std::uint32_t{data[4]} << 24) | (std::uint32_t{data[5]} << 16) |
                            (std::uint32_t{data[6]} << 8) | data[7];
  if (h->op != data[0] || h->htype != data[1] || h->hlen != data[2] || h->xid != xid) __builtin_trap();
  if (h->yiaddr[0] != data[16] || h->chaddr[15] != data[43]) __builtin_trap();
  if (!dhcpv4::read_magic_cookie(r)) {
    if (size >= 240 && data[236] == 0x63 && data[237] == 0x82 && data[238] == 0x53 && data[239] == 0x63)
      __builtin_trap();
    return 0;
  }
  dhcpv4::OptionReader walk(r);
  std::size_t at = 240;
  while (auto o = walk.next()) {
    if (o->code == dhcpv4::kOptPad || o->code == dhcpv4::kOptEnd || o->offset < at) __builtin_trap();
    if (o->data.size() != o->length || !within(o->data, in)) __builtin_trap();
    at = o->offset + 2 + o->length;
    if (o->anomaly) {
      if (o->anomaly->code != o->code || o->anomaly->stopped || !o->anomaly->length ||
          *o->anomaly->length != o->length || o->anomaly->value == o->length)
        __builtin_trap();
      if (!std::holds_alternative<std::monostate>(o->value) || dhcpv4::describe(*o->anomaly).empty())
        __builtin_trap();
    }
    if (std::holds_alternative<dhcpv4::MessageType>(o->value) && o->length != 1) __builtin_trap();
    if ((std::holds_alternative<dhcpv4::V6OnlyWait>(o->value) ||
         std::holds_alternative<dhcpv4::LeaseTime>(o->value) ||
         std::holds_alternative<dhcpv4::ServerId>(o->value)) &&
        o->length != 4)
      __builtin_trap();
    if (const auto* prl = std::get_if<dhcpv4::ParamRequestList>(&o->value); prl && !within(prl->codes, in))
      __builtin_trap();
  }
  if (const auto& s = walk.stop()) {
    if (!s->stopped || s->kind != Anomaly::truncated_dhcp_option || s->offset < at ||
        dhcpv4::describe(*s).empty())
      __builtin_trap();
  }
  if (walk.next()) __builtin_trap();
  return 0;
}
