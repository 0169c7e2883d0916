#pragma once
// DNS carried over UDP/53 or TCP/53 (RFC 1035 §4.2.1/§4.2.2; TCP: 2-byte length prefix, RFC 7766 §8).
// The message itself is decoded by core/dns (v6r::dns::summarize_into, allocation-free); this layer
// finds the message bytes in the transport payload. No TCP reassembly yet: a message that does not
// fit in its segment is counted as `dns_tcp_segmented` and not summarized.
#include <cstdint>

#include "core/dns_summary.hpp"
#include "core/wire_reader.hpp"

namespace v6r::analyze {

struct DnsLayer {
  bool over_tcp = false;
  std::uint16_t tcp_length = 0;  ///< the RFC 1035 §4.2.2 length prefix (TCP only)
  Bytes message;                 ///< the DNS message (for TCP: without the prefix, possibly cut)
  bool parsed = false;           ///< `summary` is valid
  dns::ParseError error{};       ///< why not, when !parsed and the message was complete
  /// Valid only when `parsed`. Not reset between packets (1 KiB name buffer): summarize_into
  /// overwrites every field.
  dns::Summary summary;
};

}  // namespace v6r::analyze
