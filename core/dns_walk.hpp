#pragma once
// The one validating walk over a DNS message, shared by parse() and summarize() so both accept and
// reject exactly the same inputs with the same error. Internal to core/ (namespace detail): other
// folders use dns_parse.hpp / dns_summary.hpp.
//
// Work is linear in the message size: every name costs at most 255 label octets plus
// kMaxPointerHops pointer hops, and each name starts at a distinct offset.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/dns_error.hpp"
#include "core/dns_message.hpp"
#include "core/dns_name.hpp"
#include "core/wire_reader.hpp"

namespace v6r::dns::detail {

inline constexpr std::size_t kHeaderSize = 12;       // RFC 1035 §4.1.1
inline constexpr std::size_t kMaxPointerHops = 127;  // one per two octets of a 255-octet name, and then some
inline constexpr std::size_t kMinQuestionSize = 5;   // root name + QTYPE + QCLASS
inline constexpr std::size_t kMinRrSize = 11;        // root name + TYPE CLASS TTL RDLENGTH

inline ParseError err(ParseErrc code, std::size_t at, std::string_view detail) {
  return {code, at, detail};
}

struct IgnoreLabels {
  void operator()(Bytes /*label*/) const {}
};

/// Reads the (possibly compressed) name at r.offset(); r.whole() must start at the message's first
/// octet, since pointers are offsets from there. On success r is left just after the name's in-place
/// octets and on_label(Bytes) has seen every label, left to right.
///
/// RFC 1035 §4.1.4: a pointer (top bits 11) refers to a *prior* occurrence of a name. We require every
/// pointer to land strictly before the first octet of the stretch being read (the name's start, then
/// each pointer target in turn), so the targets strictly decrease and no loop is possible; the hop cap
/// and the 255-octet limit (RFC 1035 §2.3.4) bound the work per name. Label types 01 and 10 (RFC 6891
/// §5 deprecates extended labels) are rejected, which is also how a length of 64+ is rejected.
template <class OnLabel>
std::optional<ParseError> read_name(WireReader& r, OnLabel&& on_label) {
  WireReader cur = r;
  std::size_t limit = r.offset();
  std::size_t wire_len = 1;
  std::size_t hops = 0;
  bool jumped = false;
  for (;;) {
    const std::size_t at = cur.offset();
    const auto len = cur.u8();
    if (!len) return err(ParseErrc::truncated, at, "name runs past the end");
    const unsigned kind = *len & 0xC0u;
    if (kind == 0xC0u) {
      const auto lo = cur.u8();
      if (!lo) return err(ParseErrc::truncated, at, "compression pointer cut short");
      const std::size_t target = (std::size_t{*len & 0x3Fu} << 8) | *lo;
      if (target == at) return err(ParseErrc::pointer_loop, at, "compression pointer to itself");
      if (target > at) return err(ParseErrc::pointer_forward, at, "compression pointer must point backwards");
      if (target >= limit)
        return err(ParseErrc::pointer_loop, at, "compression pointer into the name being read");
      if (++hops > kMaxPointerHops) return err(ParseErrc::too_many_pointer_hops, at, "too many pointer hops");
      if (!jumped) {
        r.skip(cur.offset() - r.offset());
        jumped = true;
      }
      cur.seek(target);
      limit = target;
      continue;
    }
    if (kind != 0) return err(ParseErrc::bad_label, at, "label length over 63 (label type 0x40/0x80)");
    if (*len == 0) {
      if (!jumped) r.skip(cur.offset() - r.offset());
      return std::nullopt;
    }
    wire_len += 1u + *len;
    if (wire_len > kMaxNameLength) return err(ParseErrc::name_too_long, at, "name over 255 octets");
    const auto label = cur.bytes(*len);
    if (!label) return err(ParseErrc::truncated, at, "label runs past the end");
    on_label(*label);
  }
}

struct Counts {
  std::uint16_t qd = 0;
  std::uint16_t an = 0;
  std::uint16_t ns = 0;
  std::uint16_t ar = 0;
};

enum class Section : std::uint8_t { question, answer, authority, additional };

struct QuestionView {
  std::size_t name_offset = 0;
  std::uint16_t qtype = 0;
  std::uint16_t qclass = 0;
};

struct RrView {
  Section section = Section::answer;
  std::size_t name_offset = 0;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  std::uint32_t ttl = 0;
  std::size_t rdata_offset = 0;
  Bytes rdata{};
};

/// RFC 1035 §4.1.1 flag word (AD/CD: RFC 4035 §3.2), written field by field into `h` (the summary's
/// hot path: no Header temporary to copy, which costs a store-forwarding stall per message).
inline void decode_header_into(std::uint16_t id, std::uint16_t flags, Header& h) {
  h.id = id;
  h.qr = (flags & 0x8000u) != 0;
  h.opcode = static_cast<Opcode>((flags >> 11) & 0x0fu);
  h.aa = (flags & 0x0400u) != 0;
  h.tc = (flags & 0x0200u) != 0;
  h.rd = (flags & 0x0100u) != 0;
  h.ra = (flags & 0x0080u) != 0;
  h.z = (flags & 0x0040u) != 0;
  h.ad = (flags & 0x0020u) != 0;
  h.cd = (flags & 0x0010u) != 0;
  h.rcode = static_cast<std::uint8_t>(flags & 0x000fu);
}

inline Header decode_header(std::uint16_t id, std::uint16_t flags) {
  Header h;
  decode_header_into(id, flags, h);
  return h;
}

/// A reader over the whole message up to the end of one RDATA, positioned at its start: names inside
/// RDATA may point back anywhere before them but may not run past RDLENGTH.
inline WireReader rdata_reader(Bytes msg, std::size_t rdata_offset, std::size_t rdlength) {
  WireReader r(msg.first(rdata_offset + rdlength));
  r.seek(rdata_offset);
  return r;
}

/// A name inside RDATA that runs out of octets overran RDLENGTH: report that as bad_rdata.
inline ParseError in_rdata(ParseError e) {
  if (e.code == ParseErrc::truncated) {
    e.code = ParseErrc::bad_rdata;
    e.detail = "name overruns rdlength";
  }
  return e;
}

/// Checks one RDATA against its type (RFC 1035 §3.3-§3.4, RFC 3596 §2.2, RFC 6672 §2.1): the
/// decoded fields must fill RDLENGTH exactly. Types we do not model are opaque (RFC 3597).
inline std::optional<ParseError> check_rdata(Bytes msg, const RrView& rr) {
  const std::size_t len = rr.rdata.size();
  const bool in = rr.klass == static_cast<std::uint16_t>(RrClass::in);
  switch (static_cast<RrType>(rr.type)) {
    case RrType::a:
      if (in && len != 4) return err(ParseErrc::bad_rdata, rr.rdata_offset, "A rdata must be 4 octets");
      return std::nullopt;
    case RrType::aaaa:
      if (in && len != 16) return err(ParseErrc::bad_rdata, rr.rdata_offset, "AAAA rdata must be 16 octets");
      return std::nullopt;
    case RrType::cname:
    case RrType::ns:
    case RrType::ptr:
    case RrType::dname: {
      WireReader r = rdata_reader(msg, rr.rdata_offset, len);
      if (auto e = read_name(r, IgnoreLabels{})) return in_rdata(*e);
      if (!r.empty()) return err(ParseErrc::bad_rdata, r.offset(), "octets left after the rdata name");
      return std::nullopt;
    }
    case RrType::soa: {
      WireReader r = rdata_reader(msg, rr.rdata_offset, len);
      if (auto e = read_name(r, IgnoreLabels{})) return in_rdata(*e);
      if (auto e = read_name(r, IgnoreLabels{})) return in_rdata(*e);
      if (r.remaining() != 20)
        return err(ParseErrc::bad_rdata, r.offset(), "SOA needs exactly 20 octets of timers");
      return std::nullopt;
    }
    case RrType::txt: {
      WireReader r(rr.rdata);
      while (!r.empty()) {
        const auto n = r.u8();
        if (!r.skip(*n)) return err(ParseErrc::bad_rdata, rr.rdata_offset, "TXT string overruns rdlength");
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

/// RFC 6891 §6.1.1-§6.1.2: OPT only in the additional section, at most once, owner the root, and its
/// RDATA a sequence of {OPTION-CODE, OPTION-LENGTH, OPTION-DATA} filling RDLENGTH.
inline std::optional<ParseError> check_opt(Bytes msg, const RrView& rr, bool& seen_opt) {
  if (rr.section != Section::additional)
    return err(ParseErrc::opt_outside_additional, rr.name_offset, "OPT outside the additional section");
  if (seen_opt) return err(ParseErrc::duplicate_opt, rr.name_offset, "more than one OPT RR");
  seen_opt = true;
  WireReader nr(msg);
  nr.seek(rr.name_offset);
  std::size_t labels = 0;
  if (auto e = read_name(nr, [&labels](Bytes) { ++labels; })) return e;
  if (labels != 0) return err(ParseErrc::bad_opt, rr.name_offset, "OPT owner name must be the root");
  WireReader r(rr.rdata);
  while (!r.empty()) {
    const std::size_t at = rr.rdata_offset + r.offset();
    if (r.remaining() < 4) return err(ParseErrc::bad_opt, at, "EDNS option header cut short");
    r.skip(2);
    const auto olen = r.u16be();
    if (!r.skip(*olen)) return err(ParseErrc::bad_opt, at, "EDNS option overruns rdlength");
  }
  return std::nullopt;
}

/// Visitor: void header(const Header&, const Counts&); void question(const QuestionView&);
/// void rr(const RrView&). Called only for parts that validated; on error the walk stops.
template <class Visitor>
std::optional<ParseError> walk(Bytes msg, Visitor& v) {
  WireReader r(msg);
  if (msg.size() < kHeaderSize) return err(ParseErrc::truncated, msg.size(), "header needs 12 octets");
  const std::uint16_t id = *r.u16be();
  const std::uint16_t flags = *r.u16be();
  Counts c;
  c.qd = *r.u16be();
  c.an = *r.u16be();
  c.ns = *r.u16be();
  c.ar = *r.u16be();
  const std::size_t need =
      std::size_t{c.qd} * kMinQuestionSize + (std::size_t{c.an} + c.ns + c.ar) * kMinRrSize;
  if (need > r.remaining())
    return err(ParseErrc::section_count_overflow, 4, "header counts need more octets than the message has");
  v.header(decode_header(id, flags), c);

  for (std::size_t i = 0; i < c.qd; ++i) {
    QuestionView q;
    q.name_offset = r.offset();
    if (auto e = read_name(r, IgnoreLabels{})) return e;
    if (r.remaining() < 4) return err(ParseErrc::truncated, r.offset(), "question type/class cut short");
    q.qtype = *r.u16be();
    q.qclass = *r.u16be();
    v.question(q);
  }

  bool seen_opt = false;
  const std::uint16_t section_counts[3] = {c.an, c.ns, c.ar};
  for (std::size_t s = 0; s < 3; ++s) {
    for (std::size_t i = 0; i < section_counts[s]; ++i) {
      RrView rr;
      rr.section = static_cast<Section>(s + 1);
      rr.name_offset = r.offset();
      if (auto e = read_name(r, IgnoreLabels{})) return e;
      if (r.remaining() < 10) return err(ParseErrc::truncated, r.offset(), "RR fixed fields cut short");
      rr.type = *r.u16be();
      rr.klass = *r.u16be();
      rr.ttl = *r.u32be();
      const std::size_t rdlength_at = r.offset();
      const std::uint16_t rdlength = *r.u16be();
      rr.rdata_offset = r.offset();
      const auto rd = r.bytes(rdlength);
      if (!rd) return err(ParseErrc::truncated, rdlength_at, "rdlength overruns the message");
      rr.rdata = *rd;
      if (rr.type == static_cast<std::uint16_t>(RrType::opt)) {
        if (auto e = check_opt(msg, rr, seen_opt)) return e;
      } else if (auto e = check_rdata(msg, rr)) {
        return e;
      }
      v.rr(rr);
    }
  }
  if (!r.empty()) return err(ParseErrc::trailing_data, r.offset(), "octets after the last record");
  return std::nullopt;
}

}  // namespace v6r::dns::detail
