#include "core/dhcpv4_options.hpp"

namespace v6r::dhcpv4 {
namespace {

/// The length RFC 2132 / RFC 8925 give a decoded option (0: any length).
std::uint8_t required_length(std::uint8_t code) {
  switch (code) {
    case kOptMessageType:
      return 1;
    case kOptLeaseTime:
    case kOptServerId:
    case kOptV6OnlyPreferred:
      return 4;
    default:
      return 0;
  }
}

const char* rfc_of(std::uint8_t code) {
  switch (code) {
    case kOptLeaseTime:
      return "RFC 2132 §9.2";
    case kOptMessageType:
      return "RFC 2132 §9.6";
    case kOptServerId:
      return "RFC 2132 §9.7";
    case kOptV6OnlyPreferred:
      return "RFC 8925 §3.1";
    default:
      return "RFC 2132";
  }
}

void decode(Option& o) {
  const std::uint8_t need = required_length(o.code);
  if (need != 0 && o.length != need) {
    o.anomaly = OptionAnomaly{Anomaly::truncated_dhcp_option, o.code, o.length, o.offset, need, false};
    return;
  }
  WireReader v(o.data);
  switch (o.code) {
    case kOptLeaseTime:
      o.value = LeaseTime{*v.u32be()};
      return;
    case kOptMessageType:
      o.value = MessageType{*v.u8()};
      return;
    case kOptServerId: {
      ServerId s;
      copy_octets(o.data, s.address);
      o.value = s;
      return;
    }
    case kOptParamRequestList:
      o.value = ParamRequestList{o.data};
      return;
    case kOptV6OnlyPreferred:
      o.value = V6OnlyWait{*v.u32be()};
      return;
    default:
      return;
  }
}

}  // namespace

std::optional<Header> read_header(WireReader& r) {
  Header h;
  auto op = r.u8();
  auto htype = r.u8();
  auto hlen = r.u8();
  auto hops = r.u8();
  auto xid = r.u32be();
  auto secs = r.u16be();
  auto flags = r.u16be();
  auto ciaddr = r.bytes(4);
  auto yiaddr = r.bytes(4);
  auto siaddr = r.bytes(4);
  auto giaddr = r.bytes(4);
  auto chaddr = r.bytes(16);
  r.skip(64 + 128);  // sname, file
  if (!r.ok()) return std::nullopt;
  h.op = *op;
  h.htype = *htype;
  h.hlen = *hlen;
  h.hops = *hops;
  h.xid = *xid;
  h.secs = *secs;
  h.flags = *flags;
  copy_octets(*ciaddr, h.ciaddr);
  copy_octets(*yiaddr, h.yiaddr);
  copy_octets(*siaddr, h.siaddr);
  copy_octets(*giaddr, h.giaddr);
  copy_octets(*chaddr, h.chaddr);
  return h;
}

bool read_magic_cookie(WireReader& r) {
  if (r.remaining() < 4) return false;
  WireReader peek = r;
  if (*peek.u32be() != kMagicCookie) return false;
  r.skip(4);
  return true;
}

std::optional<Option> OptionReader::next() {
  while (!stop_ && !r_.empty()) {
    Option o;
    o.offset = r_.offset();
    o.code = *r_.u8();
    if (o.code == kOptPad) continue;
    if (o.code == kOptEnd) break;
    auto len = r_.u8();
    if (!len) {
      stop_ = OptionAnomaly{Anomaly::truncated_dhcp_option, o.code, std::nullopt, o.offset, 0, true};
      break;
    }
    o.length = *len;
    auto data = r_.bytes(o.length);
    if (!data) {
      stop_ = OptionAnomaly{Anomaly::truncated_dhcp_option, o.code, o.length, o.offset, 0, true};
      break;
    }
    o.data = *data;
    decode(o);
    return o;
  }
  r_ = WireReader();  // after End, a stop or the end: nothing more
  return std::nullopt;
}

std::string describe(const OptionAnomaly& a) {
  const std::string code = std::to_string(a.code);
  if (!a.length) return "option " + code + " without a length octet";
  if (a.stopped) return "option " + code + " runs past the end of the message";
  return "option " + code + " with length " + std::to_string(*a.length) + " ignored (" + rfc_of(a.code) +
         ": must be " + std::to_string(a.value) + ")";
}

}  // namespace v6r::dhcpv4
