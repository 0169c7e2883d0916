// service.tcp: TCP connect to a named service over IPv6-only, recording the address used.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_service_tcp(scenario::CheckSchemaRegistry& r) {
  r.add(
      CheckSchema("service.tcp", "TCP connect to a named service over IPv6-only, recording the address used.")
          .rfc("RFC 8305")
          .one_of({"host", "address"})
          .field(Field::dns_name("host").describe("Service name"))
          .field(Field::ip_address("address").describe("Literal address"))
          .field(Field::port("port").req().describe("TCP port"))
          .field(Field::enumeration("family", {"ipv6", "ipv4", "any"})
                     .def("ipv6")
                     .describe("Address family to use")));
}

}  // namespace v6r::probe
