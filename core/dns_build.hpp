#pragma once
// dns::Message → wire octets (RFC 1035 §4.1), with name compression (§4.1.4), and query construction
// for the probe. parse(build(m)) == m for every message parse() returns.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/dns_message.hpp"

namespace v6r::dns {

/// Encodes `m`; the OPT RR (from m.edns) goes last in the additional section. With `compress`, owner
/// and question names and the names in CNAME/NS/PTR/SOA RDATA point to earlier identical (octet-exact,
/// so the case on the wire survives) suffixes; DNAME targets are never compressed (RFC 6672 §2.5) and
/// nor is unknown RDATA (RFC 3597 §4). Returns an empty vector if `m` cannot be encoded (a TXT string
/// over 255 octets, RDATA over 65535 octets, more than 65535 records in a section).
std::vector<std::uint8_t> build(const Message& m, bool compress = true);

/// EDNS settings for make_query (RFC 6891; DO: RFC 3225; CD: RFC 4035 §3.2.2).
struct QueryEdns {
  std::uint16_t udp_payload_size = 1232;
  bool dnssec_ok = false;          ///< DO bit in the OPT RR
  bool checking_disabled = false;  ///< CD bit in the header (RFC 6147 §5.5 probes send DO+CD)
};

/// A standard query (opcode QUERY, class IN) for `qname`/`qtype`, RD set unless `rd` is false, with an
/// OPT RR when `edns` is given.
Message make_query(std::uint16_t id, const Name& qname, RrType qtype, bool rd = true,
                   std::optional<QueryEdns> edns = std::nullopt);

}  // namespace v6r::dns
