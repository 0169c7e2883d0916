#include "core/icmp_error.hpp"

#include <algorithm>

namespace v6r::icmp {

std::optional<Quoted> read_quoted(Bytes data) {
  WireReader r(data);
  const auto first = r.peek_u8();
  if (!first) return std::nullopt;
  Quoted q;
  if ((*first >> 4) == 6) {
    auto vtf = r.u32be();
    auto plen = r.u16be();
    auto nxt = r.u8();
    auto hops = r.u8();
    auto src = r.bytes(16);
    auto dst = r.bytes(16);
    if (!dst) return std::nullopt;
    (void)vtf;
    q.v6 = true;
    q.ip_payload_length = *plen;
    q.proto = *nxt;
    q.hop_limit = *hops;
    copy_octets(*src, q.src);
    copy_octets(*dst, q.dst);
    q.header_length = kIpv6HeaderSize;
  } else if ((*first >> 4) == 4) {
    const std::size_t ihl = (*first & 0x0Fu) * 4u;
    r.skip(2);
    auto total = r.u16be();
    r.skip(4);  // identification, flags, fragment offset
    auto ttl = r.u8();
    auto proto = r.u8();
    r.skip(2);  // header checksum
    auto src = r.bytes(4);
    auto dst = r.bytes(4);
    if (!dst || ihl < 20) return std::nullopt;
    q.v6 = false;
    q.ip_payload_length = static_cast<std::uint16_t>(*total > ihl ? *total - ihl : 0);
    q.proto = *proto;
    q.hop_limit = *ttl;
    copy_octets(*src, q.src);
    copy_octets(*dst, q.dst);
    q.header_length = ihl;
  } else {
    return std::nullopt;
  }
  if (q.header_length > data.size()) return q;  // IPv4 options cut off: no transport octets
  q.l4 = data.subspan(q.header_length);
  WireReader l4(q.l4);
  auto sp = l4.u16be();
  auto dp = l4.u16be();
  if (dp) {
    q.has_ports = true;
    q.sport = *sp;
    q.dport = *dp;
  }
  if (q.proto == kProtoUdp) {
    auto len = l4.u16be();
    auto sum = l4.u16be();
    if (sum) {
      q.has_udp_header = true;
      q.udp_length = *len;
      q.udp_checksum = *sum;
      q.udp_payload = l4.rest();
    }
  }
  return q;
}

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::truncated:
      return "truncated";
    case ParseError::not_an_error:
      return "not_an_error";
  }
  return "truncated";
}

std::string ParseFailure::describe() const {
  switch (error) {
    case ParseError::truncated:
      return "an ICMPv6 message of " + std::to_string(size) +
             " octets, shorter than the 8 octets of an error header (RFC 4443 §3)";
    case ParseError::not_an_error:
      return "an ICMPv6 informational message, not an error (RFC 4443 §2.1: errors are types 0-127)";
  }
  return "malformed ICMPv6 message";
}

Expected<Icmpv6Error, ParseFailure> parse_icmpv6_error(Bytes message) {
  WireReader r(message);
  auto type = r.u8();
  auto code = r.u8();
  auto sum = r.u16be();
  auto word = r.u32be();
  if (!word) return Unexpected{ParseFailure{ParseError::truncated, message.size()}};
  if (*type >= 128) return Unexpected{ParseFailure{ParseError::not_an_error, message.size()}};
  Icmpv6Error e;
  e.type = *type;
  e.code = *code;
  e.checksum = *sum;
  e.word = *word;
  e.body = r.rest();
  e.quoted = read_quoted(e.body);
  return e;
}

std::string describe_icmpv6(std::uint8_t type, std::uint8_t code) {
  auto named = [&](std::string_view t, std::string_view c) {
    return std::string(t) +
           (c.empty() ? " (code " + std::to_string(code) + ")" : " (" + std::string(c) + ")");
  };
  switch (type) {
    case kV6DestUnreachable: {
      static constexpr std::array<std::string_view, 9> kCodes{"no route to destination",
                                                              "administratively prohibited",
                                                              "beyond scope of source address",
                                                              "address unreachable",
                                                              "port unreachable",
                                                              "source address failed policy",
                                                              "reject route to destination",
                                                              "error in source routing header",
                                                              "headers too long"};
      return named("Destination Unreachable", code < kCodes.size() ? kCodes[code] : "");
    }
    case kV6PacketTooBig:
      return code == 0 ? "Packet Too Big" : named("Packet Too Big", "");
    case kV6TimeExceeded:
      return named("Time Exceeded", code == 0   ? "hop limit exceeded in transit"
                                    : code == 1 ? "fragment reassembly time exceeded"
                                                : "");
    case kV6ParamProblem: {
      static constexpr std::array<std::string_view, 3> kCodes{
          "erroneous header field", "unrecognized Next Header type", "unrecognized IPv6 option"};
      return named("Parameter Problem", code < kCodes.size() ? kCodes[code] : "");
    }
    default:
      return "type " + std::to_string(type) + " code " + std::to_string(code);
  }
}

namespace {
void put16(std::vector<std::uint8_t>& v, std::size_t at, std::uint16_t x) {
  v[at] = static_cast<std::uint8_t>(x >> 8);
  v[at + 1] = static_cast<std::uint8_t>(x);
}
}  // namespace

std::vector<std::uint8_t> build_ipv6_udp(const std::array<std::uint8_t, 16>& src,
                                         const std::array<std::uint8_t, 16>& dst, std::uint8_t hop_limit,
                                         std::uint16_t sport, std::uint16_t dport, Bytes payload) {
  const std::size_t udp_len = kUdpHeaderSize + payload.size();
  std::vector<std::uint8_t> p(kIpv6HeaderSize + udp_len);
  p[0] = 0x60;
  put16(p, 4, static_cast<std::uint16_t>(udp_len));
  p[6] = kProtoUdp;
  p[7] = hop_limit;
  std::copy(src.begin(), src.end(), p.begin() + 8);
  std::copy(dst.begin(), dst.end(), p.begin() + 24);
  put16(p, 40, sport);
  put16(p, 42, dport);
  put16(p, 44, static_cast<std::uint16_t>(udp_len));
  std::copy(payload.begin(), payload.end(), p.begin() + 48);
  return p;
}

std::vector<std::uint8_t> build_ipv4_udp(const std::array<std::uint8_t, 4>& src,
                                         const std::array<std::uint8_t, 4>& dst, std::uint8_t ttl,
                                         std::uint16_t sport, std::uint16_t dport, Bytes payload) {
  const std::size_t udp_len = kUdpHeaderSize + payload.size();
  std::vector<std::uint8_t> p(20 + udp_len);
  p[0] = 0x45;
  put16(p, 2, static_cast<std::uint16_t>(p.size()));
  p[8] = ttl;
  p[9] = kProtoUdp;
  std::copy(src.begin(), src.end(), p.begin() + 12);
  std::copy(dst.begin(), dst.end(), p.begin() + 16);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 20; i += 2) sum += (std::uint32_t{p[i]} << 8) | p[i + 1];
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  put16(p, 10, static_cast<std::uint16_t>(~sum));
  put16(p, 20, sport);
  put16(p, 22, dport);
  put16(p, 24, static_cast<std::uint16_t>(udp_len));
  std::copy(payload.begin(), payload.end(), p.begin() + 28);
  return p;
}

std::vector<std::uint8_t> build_icmpv6_error(std::uint8_t type, std::uint8_t code, std::uint32_t word,
                                             Bytes invoking) {
  constexpr std::size_t kMaxMessage = 1280 - kIpv6HeaderSize;  // RFC 4443 §2.4 (c)
  const std::size_t quote = std::min(invoking.size(), kMaxMessage - 8);
  std::vector<std::uint8_t> m(8 + quote);
  m[0] = type;
  m[1] = code;
  m[4] = static_cast<std::uint8_t>(word >> 24);
  m[5] = static_cast<std::uint8_t>(word >> 16);
  m[6] = static_cast<std::uint8_t>(word >> 8);
  m[7] = static_cast<std::uint8_t>(word);
  std::copy(invoking.begin(), invoking.begin() + static_cast<std::ptrdiff_t>(quote), m.begin() + 8);
  return m;
}

}  // namespace v6r::icmp
