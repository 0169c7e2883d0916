#pragma once
// Full DNS message parser: wire octets → dns::Message (RFC 1035 §4.1, RFC 6891 §6). Pure: no I/O,
// never throws for bad input, never reads out of bounds; a malformed message yields a ParseError
// (code, offset, detail). parse() accepts exactly what summarize() accepts (one shared walk,
// core/dns_walk.hpp).
#include "core/dns_error.hpp"
#include "core/dns_message.hpp"
#include "core/expected.hpp"
#include "core/wire_reader.hpp"

namespace v6r::dns {

/// Rejects: truncation anywhere, labels of 64+ octets, names over 255 octets, compression pointers
/// that do not point strictly backwards (loops), more than 127 pointer hops in one name, RDATA that
/// does not fill RDLENGTH for A/AAAA/CNAME/NS/PTR/DNAME/SOA/TXT/OPT, header counts the data cannot
/// hold, octets after the last record, a second OPT RR or an OPT outside the additional section.
Expected<Message, ParseError> parse(Bytes wire);

}  // namespace v6r::dns
