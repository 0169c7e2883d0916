#pragma once
// DNS code points: RR types, classes, opcodes and response codes, with their mnemonic text.
// Enumerators are lower-case so they never collide with the C resolver's macros (<arpa/nameser.h>
// defines NOERROR, NXDOMAIN, T_A, ...). Values outside the enums are legal: cast any std::uint16_t.
#include <cstdint>
#include <string>

namespace v6r::dns {

/// RR TYPE (RFC 1035 §3.2.2, RFC 3596 §2.1 AAAA, RFC 6672 DNAME, RFC 6891 §6.1.1 OPT).
enum class RrType : std::uint16_t {
  a = 1,
  ns = 2,
  cname = 5,
  soa = 6,
  ptr = 12,
  mx = 15,
  txt = 16,
  aaaa = 28,
  srv = 33,
  dname = 39,
  opt = 41,
  ds = 43,
  rrsig = 46,
  nsec = 47,
  dnskey = 48,
  https = 65,
  any = 255,
};

/// RR CLASS (RFC 1035 §3.2.4, RFC 2136 §1.3 NONE).
enum class RrClass : std::uint16_t { in = 1, ch = 3, hs = 4, none = 254, any = 255 };

/// OPCODE (RFC 1035 §4.1.1, RFC 1996 NOTIFY, RFC 2136 UPDATE). Four bits.
enum class Opcode : std::uint8_t { query = 0, iquery = 1, status = 2, notify = 4, update = 5 };

/// RCODE, including the extended range that needs EDNS (RFC 6891 §6.1.3: 12 bits in total).
enum class Rcode : std::uint16_t {
  noerror = 0,
  formerr = 1,
  servfail = 2,
  nxdomain = 3,
  notimp = 4,
  refused = 5,
  yxdomain = 6,
  yxrrset = 7,
  nxrrset = 8,
  notauth = 9,
  notzone = 10,
  badvers = 16,
};

/// "AAAA", or "TYPE1234" for a type without a mnemonic (RFC 3597 §5).
std::string to_string(RrType t);
/// "IN", or "CLASS1234" (RFC 3597 §5).
std::string to_string(RrClass c);
/// "QUERY", or "OPCODE3".
std::string to_string(Opcode o);
/// "NXDOMAIN", or "RCODE23".
std::string to_string(Rcode r);

}  // namespace v6r::dns
