// service.tls: TLS handshake with a named service over IPv6-only: version, certificate validity for the name.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_service_tls(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema(
            "service.tls",
            "TLS handshake with a named service over IPv6-only: version, certificate validity for the name.")
            .rfc("RFC 8446")
            .rfc("RFC 6125")
            .field(Field::dns_name("host").req().describe("Service name (also the SNI unless sni is set)"))
            .field(Field::port("port").def("443").describe("TCP port"))
            .field(Field::dns_name("sni").describe("Server Name Indication to send"))
            .field(Field::boolean("verify").def("true").describe("Verify the certificate chain and name"))
            .field(Field::enumeration("min_version", {"tls1.2", "tls1.3"})
                       .def("tls1.2")
                       .describe("Lowest acceptable TLS version"))
            .field(Field::string_list("alpn").describe("ALPN protocols to offer"))
            .field(Field::enumeration("family", {"ipv6", "ipv4", "any"})
                       .def("ipv6")
                       .describe("Address family to use")));
}

}  // namespace v6r::probe
