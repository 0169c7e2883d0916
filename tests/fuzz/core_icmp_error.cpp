// Fuzz target: the one reader of ICMP errors and their quoted packet (core/icmp_error.hpp), which the
// analyzer's ICMP dissector runs on every captured error and nat64.icmp_errors on every ICMPv6 error
// its raw socket receives. Invariants: a message is accepted only with 8+ octets and an error type
// (< 128); type, code and word come from the input; the body is the rest of the message; a quote is
// reported only with a whole first header of version 4 or 6 inside the body, its addresses and ports
// are the body's octets at their RFC offsets, the UDP payload lies inside the body; an accepted message
// re-built from its parts parses to the same quote.
#include <cstdint>
#include <cstring>

#include "core/icmp_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r;
  using namespace v6r::icmp;
  const Bytes in(data, size);
  (void)describe_icmpv6(size > 0 ? data[0] : 0, size > 1 ? data[1] : 0);
  const auto e = parse_icmpv6_error(in);
  if (!e) {
    if (e.error().describe().empty() || e.error().size != size) __builtin_trap();
    if (size >= 8 && data[0] < 128) __builtin_trap();
    return 0;
  }
  if (size < 8 || data[0] >= 128 || e->type != data[0] || e->code != data[1]) __builtin_trap();
  if (e->body.size() != size - 8 || (size > 8 && e->body.data() != data + 8)) __builtin_trap();
  const Bytes body = e->body;
  if (e->quoted) {
    const Quoted& q = *e->quoted;
    if (body.empty() || (body[0] >> 4) != (q.v6 ? 6 : 4)) __builtin_trap();
    if (q.v6) {
      if (body.size() < 40 || q.header_length != 40) __builtin_trap();
      if (std::memcmp(q.src.data(), body.data() + 8, 16) != 0 ||
          std::memcmp(q.dst.data(), body.data() + 24, 16) != 0)
        __builtin_trap();
      if (q.proto != body[6] || q.hop_limit != body[7]) __builtin_trap();
    } else {
      if (body.size() < 20 || q.header_length < 20 || q.header_length > 60) __builtin_trap();
      if (std::memcmp(q.src.data(), body.data() + 12, 4) != 0 ||
          std::memcmp(q.dst.data(), body.data() + 16, 4) != 0)
        __builtin_trap();
    }
    if (q.has_ports) {
      if (body.size() < q.header_length + 4) __builtin_trap();
      if (q.sport != ((body[q.header_length] << 8) | body[q.header_length + 1])) __builtin_trap();
    }
    if (q.has_udp_header) {
      if (q.proto != kProtoUdp || body.size() < q.header_length + 8) __builtin_trap();
      if (q.udp_payload.size() != body.size() - q.header_length - 8) __builtin_trap();
      if (!q.udp_payload.empty() && q.udp_payload.data() != body.data() + q.header_length + 8)
        __builtin_trap();
    }
    // Round trip: the same message built again (the quote as it was) reads the same.
    const auto again = parse_icmpv6_error(
        build_icmpv6_error(e->type, e->code, e->word, body.first(std::min<std::size_t>(body.size(), 1232))));
    if (!again || !again->quoted || again->quoted->src != q.src || again->quoted->dst != q.dst ||
        again->quoted->proto != q.proto || again->quoted->sport != q.sport ||
        again->quoted->dport != q.dport || again->word != e->word)
      __builtin_trap();
  } else if (body.size() >= 40 && (body[0] >> 4) == 6) {
    __builtin_trap();
  }
  return 0;
}
