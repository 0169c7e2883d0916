// Fuzz target: the probe's DHCPOFFER parser (probes/checks/v6only_dhcp108.hpp parse_dhcp_reply: the
// RFC 2131 §2 fixed part, the magic cookie, RFC 2132 options 51/53/54 and RFC 8925 option 108), which
// v6probe runs on every UDP/68 datagram it receives, then the verdict (decide_dhcp108) for each
// `expect` value. The input is a UDP payload from the BOOTP op octet.
// Invariants: an accepted reply has the 240-octet fixed part + cookie and the header fields from
// those octets; the verdict always gives a reason.
#include <cstdint>

#include "probes/checks/v6only_dhcp108.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::probe::v6only;
  auto d = parse_dhcp_reply(v6r::Bytes(data, size));
  if (!d) {
    if (d.error().empty()) __builtin_trap();
    return 0;
  }
  if (size < 240 || d->op != data[0]) __builtin_trap();
  const std::uint32_t xid = (std::uint32_t{data[4]} << 24) | (std::uint32_t{data[5]} << 16) |
                            (std::uint32_t{data[6]} << 8) | data[7];
  if (d->xid != xid) __builtin_trap();
  Dhcp108Input in;
  in.offer = *d;
  for (const Option108 expect : {Option108::present, Option108::absent, Option108::any}) {
    in.expect = expect;
    if (decide_dhcp108(in).reason.empty()) __builtin_trap();
  }
  return 0;
}
