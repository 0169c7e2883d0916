#include "core/nd_options.hpp"

#include "core/rfc6052.hpp"

namespace v6r::nd {
namespace {

OptionAnomaly anomaly_of(const Option& o, Anomaly kind, std::uint32_t value = 0) {
  return OptionAnomaly{kind, o.type, o.length, o.offset, value, false};
}

// The value of one option whose header and body are complete.
void decode(Option& o) {
  WireReader b(o.body);
  switch (o.type) {
    case kOptSourceLinkAddr:
    case kOptTargetLinkAddr:
      o.value = LinkLayerAddress{o.body};
      return;
    case kOptPrefixInfo: {  // §4.6.2: Length 4
      if (o.length != 4) {
        o.anomaly = anomaly_of(o, Anomaly::bad_nd_option_length);
        return;
      }
      PrefixInformation pi;
      pi.length = *b.u8();
      pi.flags = *b.u8();
      pi.valid_lifetime = *b.u32be();
      pi.preferred_lifetime = *b.u32be();
      b.skip(4);  // Reserved2
      copy_octets(*b.bytes(16), pi.prefix);
      o.value = pi;
      if (pi.length > 128) o.anomaly = anomaly_of(o, Anomaly::bad_nd_prefix_length, pi.length);
      return;
    }
    case kOptMtu:  // §4.6.4: Length 1, 2 reserved octets, the MTU
      if (o.length != 1) {
        o.anomaly = anomaly_of(o, Anomaly::bad_nd_option_length);
        return;
      }
      b.skip(2);
      o.value = Mtu{*b.u32be()};
      return;
    case kOptRdnss: {  // RFC 8106 §5.1: Length 3 + 2n, n ≥ 1
      if (o.length < 3 || o.length % 2 == 0) {
        o.anomaly = anomaly_of(o, Anomaly::bad_nd_option_length);
        return;
      }
      b.skip(2);
      const std::uint32_t lifetime = *b.u32be();
      o.value = Rdnss{lifetime, b.rest()};
      return;
    }
    case kOptPref64: {  // RFC 8781 §4: Length 2
      if (o.length != 2) {
        o.anomaly = anomaly_of(o, Anomaly::bad_pref64_option);
        return;
      }
      const Pref64 p = *decode_pref64(o.body);
      o.value = p;
      // §4: a PLC other than 0..5 makes the receiver ignore the option; what was sent is kept.
      if (!p.valid()) o.anomaly = anomaly_of(o, Anomaly::bad_pref64_option, p.plc);
      return;
    }
    default:
      return;  // other options are skipped by their length
  }
}

}  // namespace

std::optional<RaHeader> read_ra_header(WireReader& r) {
  auto hop = r.u8();
  auto flags = r.u8();
  auto lifetime = r.u16be();
  auto reachable = r.u32be();
  auto retrans = r.u32be();
  if (!retrans) return std::nullopt;
  return RaHeader{*hop, *flags, *lifetime, *reachable, *retrans};
}

std::optional<Pref64> decode_pref64(Bytes body) {
  WireReader r(body);
  auto sl_plc = r.u16be();
  auto hi = r.bytes(12);
  if (!hi) return std::nullopt;
  Pref64 p;
  copy_octets(*hi, p.prefix);
  p.plc = static_cast<std::uint8_t>(*sl_plc & 0x7);
  p.length = static_cast<std::uint8_t>(addr::plc_prefix_length(p.plc));
  p.scaled_lifetime = static_cast<std::uint16_t>(*sl_plc >> 3);
  return p;
}

std::optional<Option> OptionReader::next() {
  if (stop_ || r_.empty()) return std::nullopt;
  Option o;
  o.offset = r_.offset();
  o.type = *r_.u8();
  auto len = r_.u8();
  if (!len) {
    stop_ = OptionAnomaly{Anomaly::truncated_nd_option, o.type, std::nullopt, o.offset, 0, true};
    return std::nullopt;
  }
  o.length = *len;
  if (o.length ==
      0) {  // §4.6: "nodes MUST silently discard an ND packet that contains an option with length zero"
    stop_ = OptionAnomaly{Anomaly::bad_nd_option_length, o.type, 0, o.offset, 0, true};
    return std::nullopt;
  }
  auto body = r_.bytes(std::size_t{o.length} * 8 - 2);
  if (!body) {
    stop_ = OptionAnomaly{Anomaly::truncated_nd_option, o.type, o.length, o.offset, 0, true};
    return std::nullopt;
  }
  o.body = *body;
  decode(o);
  return o;
}

std::string describe(const OptionAnomaly& a) {
  const std::string type = std::to_string(a.code);
  const std::string len = a.length ? std::to_string(*a.length) : std::string("?");
  const std::string at = std::to_string(a.offset);
  switch (a.kind) {
    case Anomaly::truncated_nd_option:
      if (!a.length) return "truncated option header at offset " + at;
      return "option type " + type + " runs past the end of the message (offset " + at + ")";
    case Anomaly::bad_nd_option_length:
      if (a.length == 0) return "zero-length option (type " + type + ") at offset " + at;
      if (a.code == kOptPrefixInfo)
        return "Prefix Information option with length " + len + " ignored (RFC 4861 §4.6.2: must be 4)";
      if (a.code == kOptMtu) return "MTU option with length " + len + " ignored (RFC 4861 §4.6.4: must be 1)";
      if (a.code == kOptRdnss)
        return "RDNSS option with length " + len + " ignored (RFC 8106 §5.1: must be 3 + 2n)";
      return "option type " + type + " with length " + len + " ignored";
    case Anomaly::bad_nd_prefix_length:
      return "Prefix Information option with prefix length " + std::to_string(a.value) +
             " ignored (RFC 4861 §4.6.2: at most 128)";
    case Anomaly::bad_pref64_option:
      if (a.length != 2) return "PREF64 with length " + len + " ignored (RFC 8781 §4: must be 2)";
      return "PREF64 with invalid PLC " + std::to_string(a.value) +
             " ignored (RFC 8781 §4: receiver MUST ignore it)";
    default:
      return std::string(anomaly_name(a.kind)) + " (option type " + type + " at offset " + at + ")";
  }
}

}  // namespace v6r::nd
