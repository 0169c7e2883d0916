// libFuzzer target for the DNS wire format (core/dns*.hpp). For any input:
//   1. parse() and summarize() must agree: both fail with the same error, or both succeed and
//      summarize(x) == summary_of(parse(x));
//   2. a parsed message must round-trip: parse(build(m)) == m, build of that is octet-identical, and
//      the uncompressed encoding parses to the same message.
// Any disagreement aborts (__builtin_trap), so libFuzzer and the ctest replay both report it.
#include <cstddef>
#include <cstdint>

#include "core/dns_build.hpp"
#include "core/dns_parse.hpp"
#include "core/dns_summary.hpp"

using namespace v6r;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes in(data, size);
  auto m = dns::parse(in);
  static dns::Summary summary;  // ~1.2 KiB; static keeps it off the fuzzer's stack
  const auto serr = dns::summarize_into(in, summary);
  if (m.has_value() == serr.has_value()) __builtin_trap();
  if (!m) {
    if (!(m.error() == *serr)) __builtin_trap();
    return 0;
  }
  if (!(dns::summary_of(*m) == summary)) __builtin_trap();

  const auto wire = dns::build(*m);
  if (wire.empty()) __builtin_trap();
  auto again = dns::parse(wire);
  if (!again || !(*again == *m)) __builtin_trap();
  if (dns::build(*again) != wire) __builtin_trap();

  auto flat = dns::parse(dns::build(*m, false));
  if (!flat || !(*flat == *m)) __builtin_trap();
  return 0;
}
