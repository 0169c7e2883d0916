#pragma once
// The DNS message model (RFC 1035 §4.1): header, question, resource records with typed RDATA, and
// EDNS(0) (RFC 6891) lifted out of the additional section. parse() (dns_parse.hpp) produces it,
// build() (dns_build.hpp) encodes it; parse(build(m)) == m.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/dns_name.hpp"
#include "core/dns_types.hpp"

namespace v6r::dns {

/// RFC 1035 §4.1.1 (AD/CD: RFC 4035 §3.2). Section counts are not stored: they are the vector sizes.
struct Header {
  std::uint16_t id = 0;
  bool qr = false;
  Opcode opcode = Opcode::query;
  bool aa = false;
  bool tc = false;
  bool rd = false;
  bool ra = false;
  bool z = false;  ///< the reserved bit, kept so evidence survives a round trip
  bool ad = false;
  bool cd = false;
  std::uint8_t rcode = 0;  ///< low 4 bits only; Message::rcode() adds the EDNS extended bits

  bool operator==(const Header&) const = default;
};

struct Question {
  Name qname;
  RrType qtype = RrType::a;
  RrClass qclass = RrClass::in;

  bool operator==(const Question&) const = default;
};

namespace rdata {
struct A {  ///< class IN only (RFC 1035 §3.4.1)
  std::array<std::uint8_t, 4> address{};
  bool operator==(const A&) const = default;
};
struct Aaaa {  ///< class IN only (RFC 3596 §2.2)
  std::array<std::uint8_t, 16> address{};
  bool operator==(const Aaaa&) const = default;
};
struct Domain {  ///< CNAME, NS, PTR (RFC 1035 §3.3) and DNAME (RFC 6672): the one name they carry
  Name name;
  bool operator==(const Domain&) const = default;
};
struct Soa {  ///< RFC 1035 §3.3.13
  Name mname;
  Name rname;
  std::uint32_t serial = 0;
  std::uint32_t refresh = 0;
  std::uint32_t retry = 0;
  std::uint32_t expire = 0;
  std::uint32_t minimum = 0;
  bool operator==(const Soa&) const = default;
};
struct Txt {  ///< RFC 1035 §3.3.14: character-strings of 0..255 octets each
  std::vector<std::string> strings;
  bool operator==(const Txt&) const = default;
};
struct Unknown {  ///< any other type (and A/AAAA outside class IN), octets as on the wire (RFC 3597)
  std::vector<std::uint8_t> bytes;
  bool operator==(const Unknown&) const = default;
};
}  // namespace rdata

using Rdata = std::variant<rdata::A, rdata::Aaaa, rdata::Domain, rdata::Soa, rdata::Txt, rdata::Unknown>;

/// RFC 1035 §4.1.3. build() encodes `data` by its alternative; keep `type` consistent with it.
struct ResourceRecord {
  Name name;
  RrType type = RrType::a;
  RrClass klass = RrClass::in;
  std::uint32_t ttl = 0;
  Rdata data = rdata::Unknown{};

  bool operator==(const ResourceRecord&) const = default;
};

/// One EDNS option (RFC 6891 §6.1.2).
struct EdnsOption {
  std::uint16_t code = 0;
  std::vector<std::uint8_t> data;
  bool operator==(const EdnsOption&) const = default;
};

/// The OPT pseudo-RR (RFC 6891 §6.1.2-§6.1.4): CLASS is the UDP payload size, TTL carries the
/// extended RCODE, the version and the DO bit (RFC 3225) plus 15 more flag bits (`z`).
struct Edns {
  std::uint16_t udp_payload_size = 1232;
  std::uint8_t extended_rcode = 0;  ///< upper 8 bits of the 12-bit RCODE
  std::uint8_t version = 0;
  bool dnssec_ok = false;
  std::uint16_t z = 0;  ///< the other 15 flag bits, as on the wire (bit 15 is DO and is always 0 here)
  std::vector<EdnsOption> options;

  bool operator==(const Edns&) const = default;
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<ResourceRecord> answers;
  std::vector<ResourceRecord> authority;
  std::vector<ResourceRecord> additional;  ///< without the OPT RR, which is in `edns`
  std::optional<Edns> edns;

  /// The full 12-bit RCODE: header bits plus EDNS extended bits (RFC 6891 §6.1.3).
  [[nodiscard]] Rcode rcode() const {
    const unsigned ext = edns ? edns->extended_rcode : 0u;
    return static_cast<Rcode>((ext << 4) | (header.rcode & 0x0fu));
  }
  /// Sets header.rcode and, when needed (>15), edns->extended_rcode (creating the OPT RR).
  void set_rcode(Rcode r);

  bool operator==(const Message&) const = default;
};

}  // namespace v6r::dns
