// v6only.literal: An IPv4 literal is reachable from the IPv6-only host (464XLAT / CLAT).
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_v6only_literal(scenario::CheckSchemaRegistry& r) {
  r.add(
      CheckSchema("v6only.literal", "An IPv4 literal is reachable from the IPv6-only host (464XLAT / CLAT).")
          .rfc("RFC 6877")
          .rfc("RFC 7915")
          .field(Field::ipv4_address("address").req().describe("IPv4 literal to reach"))
          .field(Field::port("port").def("80").describe("TCP port (proto tcp)"))
          .field(Field::enumeration("proto", {"tcp", "icmp"})
                     .def("tcp")
                     .describe("Probe with a TCP connect or an ICMP echo")));
}

}  // namespace v6r::probe
