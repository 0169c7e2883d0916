// libFuzzer target for the DNS wire format (core/dns*.hpp). For any input:
//   1. parse() and summarize() must agree: both fail with the same error, or both succeed and
//      summarize(x) == summary_of(parse(x));
//   2. a parsed message must round-trip: parse(build(m)) == m, build of that is octet-identical, and
//      the uncompressed encoding parses to the same message;
//   3. name decompression is bounded: an independent, deliberately lenient decompressor (it follows
//      any pointer, with its own step cap) re-reads every name of an accepted message from the wire
//      and must find the labels parse() returned, in at most kMaxPointerHops (127) pointer hops and
//      at most 255 octets (RFC 1035 §2.3.4), each label 1..63 octets.
// Any disagreement aborts (__builtin_trap), so libFuzzer and the ctest replay both report it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/dns_build.hpp"
#include "core/dns_parse.hpp"
#include "core/dns_summary.hpp"

using namespace v6r;

namespace {

constexpr std::size_t kMaxHops = 127;  // core/dns_walk.hpp kMaxPointerHops (parse.hpp documents it)

struct RefName {
  bool ok = false;
  std::vector<std::string> labels;
  std::size_t hops = 0;
  std::size_t wire = 1;  // uncompressed octets, with the root label
  std::size_t end = 0;   // offset just after the name's in-place octets
};

// RFC 1035 §4.1.4 decompression with none of parse()'s rules (pointers may go anywhere): only a step
// cap keeps it finite. What parse() accepted must come out the same and within the bounds.
RefName ref_name(Bytes msg, std::size_t pos) {
  RefName n;
  bool jumped = false;
  for (std::size_t steps = 0; steps < 4096; ++steps) {
    if (pos >= msg.size()) return n;
    const std::uint8_t len = msg[pos];
    if ((len & 0xC0u) == 0xC0u) {
      if (pos + 1 >= msg.size()) return n;
      if (!jumped) n.end = pos + 2;
      jumped = true;
      ++n.hops;
      pos = (std::size_t{len & 0x3Fu} << 8) | msg[pos + 1];
      continue;
    }
    if ((len & 0xC0u) != 0) return n;
    if (len == 0) {
      if (!jumped) n.end = pos + 1;
      n.ok = true;
      return n;
    }
    if (pos + 1 + len > msg.size()) return n;
    n.labels.emplace_back(reinterpret_cast<const char*>(msg.data() + pos + 1), len);
    n.wire += 1u + len;
    pos += 1u + len;
  }
  return n;  // a loop: never ok
}

std::uint16_t u16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

// Reads the name at `pos` with ref_name and traps unless it is `want`, bounded; returns its end.
std::size_t expect_name(Bytes msg, std::size_t pos, const dns::Name& want) {
  const RefName n = ref_name(msg, pos);
  if (!n.ok || n.hops > kMaxHops || n.wire > dns::kMaxNameLength) __builtin_trap();
  if (n.labels != want.labels() || n.wire != want.wire_length()) __builtin_trap();
  for (const auto& l : n.labels)
    if (l.empty() || l.size() > dns::kMaxLabelLength) __builtin_trap();
  return n.end;
}

// Walks an accepted message's layout again and checks every name (owners and RDATA names).
void check_names(Bytes msg, const dns::Message& m) {
  const std::size_t qd = u16(msg, 4), an = u16(msg, 6), ns = u16(msg, 8), ar = u16(msg, 10);
  if (qd != m.questions.size() || an != m.answers.size() || ns != m.authority.size() ||
      ar != m.additional.size() + (m.edns ? 1u : 0u))
    __builtin_trap();
  std::size_t pos = 12;
  for (const auto& q : m.questions) pos = expect_name(msg, pos, q.qname) + 4;
  std::size_t add_i = 0;
  for (std::size_t i = 0; i < an + ns + ar; ++i) {
    if (pos + 1 > msg.size()) __builtin_trap();
    const RefName owner = ref_name(msg, pos);
    if (!owner.ok || owner.end + 10 > msg.size()) __builtin_trap();
    const std::uint16_t type = u16(msg, owner.end);
    const std::size_t rd = owner.end + 10;
    const std::size_t rdlen = u16(msg, owner.end + 8);
    if (i >= an + ns && type == 41) {  // the OPT RR: lifted into m.edns (owner is the root)
      if (!owner.labels.empty() || owner.hops > kMaxHops) __builtin_trap();
      pos = rd + rdlen;
      continue;
    }
    const dns::ResourceRecord& rr = i < an        ? m.answers[i]
                                    : i < an + ns ? m.authority[i - an]
                                                  : m.additional[add_i++];
    expect_name(msg, pos, rr.name);
    if (const auto* d = std::get_if<dns::rdata::Domain>(&rr.data)) {
      if (expect_name(msg, rd, d->name) != rd + rdlen) __builtin_trap();
    } else if (const auto* soa = std::get_if<dns::rdata::Soa>(&rr.data)) {
      const std::size_t r = expect_name(msg, rd, soa->mname);
      if (expect_name(msg, r, soa->rname) + 20 != rd + rdlen) __builtin_trap();
    }
    pos = rd + rdlen;
  }
  if (pos != msg.size()) __builtin_trap();
}

}  // namespace

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
  if (summary.qname_length > dns::Summary::kMaxNameText) __builtin_trap();
  check_names(in, *m);

  const auto wire = dns::build(*m);
  if (wire.empty()) __builtin_trap();
  auto again = dns::parse(wire);
  if (!again || !(*again == *m)) __builtin_trap();
  if (dns::build(*again) != wire) __builtin_trap();

  auto flat = dns::parse(dns::build(*m, false));
  if (!flat || !(*flat == *m)) __builtin_trap();
  return 0;
}
