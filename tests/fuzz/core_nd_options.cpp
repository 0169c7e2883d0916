// Fuzz target: the one Neighbor Discovery parser (core/nd_options.hpp), which v6probe's v6only.ra runs
// on every Router Advertisement its raw socket receives and the analyzer runs on every ND message of
// a capture. The input is an ICMPv6 message from its type octet: the RA header is read for type 134,
// the fixed part of RS/NS/NA/Redirect is skipped, and the options are walked; the same bytes are
// also walked as a bare option list.
// Invariants: every option and its value lie inside the input, offsets grow by length × 8, length is
// never 0; a PREF64 has the RFC 8781 §4 prefix length for its PLC (0 and an anomaly for PLC 6, 7) and
// a 13-bit scaled lifetime; RDNSS holds whole addresses; a decoded option has the length its RFC
// gives; an anomaly names the option it was found in; the walk ends once, with or without a stop.
#include <cstdint>

#include "core/nd_options.hpp"
#include "core/rfc6052.hpp"

namespace {

using namespace v6r;

bool within(Bytes inner, Bytes outer) {
  if (inner.empty()) return true;
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

void check_option(const nd::Option& o, Bytes in, std::size_t expect_offset) {
  if (o.length == 0 || o.offset != expect_offset) __builtin_trap();
  if (o.body.size() != std::size_t{o.length} * 8 - 2 || !within(o.body, in)) __builtin_trap();
  if (o.anomaly && (o.anomaly->code != o.type || o.anomaly->offset != o.offset || o.anomaly->stopped))
    __builtin_trap();
  if (o.anomaly && nd::describe(*o.anomaly).empty()) __builtin_trap();
  if (const auto* p = std::get_if<nd::Pref64>(&o.value)) {
    if (o.length != 2 || p->length != addr::plc_prefix_length(p->plc)) __builtin_trap();
    if (p->scaled_lifetime > 0x1FFF || p->lifetime_s() % 8 != 0) __builtin_trap();
    if (p->valid() == o.anomaly.has_value()) __builtin_trap();
    if (p->prefix[12] != 0 || p->prefix[15] != 0) __builtin_trap();
  } else if (const auto* r = std::get_if<nd::Rdnss>(&o.value)) {
    if (o.length < 3 || o.length % 2 == 0 || r->count() == 0 || r->addresses.size() % 16 != 0)
      __builtin_trap();
    if (!within(r->addresses, in)) __builtin_trap();
  } else if (const auto* pi = std::get_if<nd::PrefixInformation>(&o.value)) {
    if (o.length != 4 || (pi->length > 128) != o.anomaly.has_value()) __builtin_trap();
  } else if (std::holds_alternative<nd::Mtu>(o.value)) {
    if (o.length != 1 || o.anomaly) __builtin_trap();
  } else if (const auto* ll = std::get_if<nd::LinkLayerAddress>(&o.value)) {
    if (!within(ll->address, in) || o.anomaly) __builtin_trap();
  }
}

void walk(nd::OptionReader reader, Bytes in, std::size_t start) {
  std::size_t at = start;
  while (auto o = reader.next()) {
    check_option(*o, in, at);
    at += std::size_t{o->length} * 8;
  }
  if (const auto& s = reader.stop()) {
    if (!s->stopped || s->offset != at || nd::describe(*s).empty()) __builtin_trap();
    if (s->kind != Anomaly::truncated_nd_option && s->kind != Anomaly::bad_nd_option_length) __builtin_trap();
  } else if (at != in.size()) {
    __builtin_trap();  // without a stop the walk used every octet
  }
  if (reader.next()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes in(data, size);
  WireReader r(in);
  const auto type = r.u8();
  r.skip(3);  // code, checksum
  if (type && r.ok()) {
    bool options = true;
    if (*type == 134) {
      options = nd::read_ra_header(r).has_value();
      if (options != (size >= 16)) __builtin_trap();
    } else if (*type == 133) {
      options = r.skip(4);
    } else if (*type == 135 || *type == 136) {
      options = r.skip(20);
    } else if (*type == 137) {
      options = r.skip(36);
    }
    if (options) walk(nd::OptionReader(r), in, r.offset());
  }
  walk(nd::OptionReader(in), in, 0);
  if (size >= 14) {
    auto p = nd::decode_pref64(in);
    if (!p || p->length != addr::plc_prefix_length(p->plc)) __builtin_trap();
  } else if (nd::decode_pref64(in)) {
    __builtin_trap();
  }
  return 0;
}
