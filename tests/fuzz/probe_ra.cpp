// Fuzz target: the probe's Router Advertisement parser (probes/checks/v6only_ra.hpp parse_ra, the
// ND option walk with PREF64 / RDNSS / Prefix Information / MTU), which v6probe runs on every ICMPv6
// packet its raw socket receives, and the PREF64 body decoder on its own (decode_pref64). Whatever
// parses is also fed to decide_ra (the verdict) with and without an expected prefix. The input is
// an ICMPv6 message from its type octet.
// Invariants: an accepted RA has its 16-octet header and type 134; every PREF64 has a PLC 0..5, the
// RFC 8781 §4 prefix length for it, no host bits and a lifetime that is a multiple of 8; options
// never claim more octets than the input has.
#include <cstdint>

#include "probes/checks/v6only_ra.hpp"

namespace {
constexpr int kPlcLengths[6] = {96, 64, 56, 48, 40, 32};  // RFC 8781 §4

void check_pref64(const v6r::probe::v6only::Pref64Option& o) {
  if (o.plc > 5 || o.prefix.length != kPlcLengths[o.plc]) __builtin_trap();
  if (o.prefix.family() != v6r::IpFamily::v6 || o.lifetime_s % 8 != 0) __builtin_trap();
  if (!(v6r::Prefix::masked(o.prefix.addr, o.prefix.length) == o.prefix)) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::probe::v6only;
  const v6r::Bytes in(data, size);

  if (auto p = decode_pref64(in)) {
    if (size < 14) __builtin_trap();
    check_pref64(*p);
  }

  auto ra = parse_ra(in);
  if (!ra) {
    if (ra.error().empty()) __builtin_trap();
    return 0;
  }
  if (size < 16 || data[0] != 134) __builtin_trap();
  const std::size_t opts = size - 16;
  if (ra->prefixes.size() * 32 > opts || ra->pref64.size() * 16 > opts) __builtin_trap();
  std::size_t servers = 0;
  for (const auto& d : ra->rdnss) servers += d.servers.size();
  if (servers * 16 > opts) __builtin_trap();
  for (const auto& p : ra->pref64) check_pref64(p);
  for (const auto& p : ra->prefixes)
    if (p.prefix.length > 128) __builtin_trap();

  RaVerdictInput vin;
  vin.ras_seen = 1;
  vin.ra = *ra;
  for (const bool require : {false, true}) {
    vin.require_pref64 = require;
    vin.expected.reset();
    auto v = decide_ra(vin);
    if (v.reason.empty()) __builtin_trap();
    vin.expected = v6r::Prefix::parse("64:ff9b::/96").value();
    v = decide_ra(vin);
    if (v.reason.empty()) __builtin_trap();
  }
  return 0;
}
