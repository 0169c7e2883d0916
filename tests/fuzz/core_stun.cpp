// Fuzz target: the one STUN parser (core/stun.hpp), which nat64.mapping, nat64.filtering and
// nat64.hairpin run on every datagram a STUN server (or anything else) sends back through the NAT64.
// Invariants: a message is accepted only with 20+ octets, the magic cookie, the first two bits zero
// and a length field equal to the rest; what it reports comes from the input (transaction id, class and
// method bits); the ERROR-CODE reason is printable ASCII below 128 characters; an accepted message
// re-built from its parts parses to the same addresses; check_binding_response never accepts a message
// without a mapped address or with another transaction id.
#include <cstdint>

#include "core/stun.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r;
  using namespace v6r::stun;
  const auto p = parse(Bytes(data, size));
  if (!p) {
    if (p.error().offset > size || p.error().describe().empty()) __builtin_trap();
    return 0;
  }
  if (size < kHeaderSize || (data[0] & 0xC0) != 0) __builtin_trap();
  if (data[4] != 0x21 || data[5] != 0x12 || data[6] != 0xA4 || data[7] != 0x42) __builtin_trap();
  if (((std::size_t{data[2]} << 8) | data[3]) != size - kHeaderSize || size % 4 != 0) __builtin_trap();
  for (std::size_t i = 0; i < 12; ++i)
    if (p->transaction_id[i] != data[8 + i]) __builtin_trap();
  if (p->attributes * 4 > size - kHeaderSize) __builtin_trap();
  if (p->error_code) {
    if (p->error_code->code < 300 || p->error_code->code > 699 || p->error_code->reason.size() > 127)
      __builtin_trap();
    for (char c : p->error_code->reason)
      if (c < 0x20 || c > 0x7e) __builtin_trap();
  }
  for (auto t : p->unknown_required)
    if (t >= 0x8000) __builtin_trap();
  // Round trip through the builder.
  MessageBuilder b(p->cls, p->method, p->transaction_id);
  if (p->xor_mapped_address) b.xor_address(kAttrXorMappedAddress, *p->xor_mapped_address);
  if (p->mapped_address) b.address(kAttrMappedAddress, *p->mapped_address);
  if (p->other_address) b.address(kAttrOtherAddress, *p->other_address);
  if (p->response_origin) b.address(kAttrResponseOrigin, *p->response_origin);
  if (p->change_request) b.change_request(*p->change_request);
  const auto again = parse(b.finish());
  if (!again || again->cls != p->cls || again->method != p->method ||
      again->xor_mapped_address != p->xor_mapped_address || again->mapped_address != p->mapped_address ||
      again->other_address != p->other_address || again->response_origin != p->response_origin ||
      again->change_request != p->change_request)
    __builtin_trap();
  const std::string why = check_binding_response(*p, p->transaction_id);
  if (why.empty() && (!p->mapped() || p->cls != MessageClass::success || !p->unknown_required.empty()))
    __builtin_trap();
  TransactionId other = p->transaction_id;
  other[0] ^= 0xff;
  if (check_binding_response(*p, other).empty()) __builtin_trap();
  return 0;
}
