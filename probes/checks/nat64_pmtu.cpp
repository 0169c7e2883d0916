// nat64.pmtu: Large transfer through NAT64: Packet Too Big handling and the 20-byte header difference.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_nat64_pmtu(scenario::CheckSchemaRegistry& r) {
  r.add(
      CheckSchema("nat64.pmtu",
                  "Large transfer through NAT64: Packet Too Big handling and the 20-byte header difference.")
          .rfc("RFC 7915 §4.2")
          .rfc("RFC 7915 §5.1")
          .rfc("RFC 8201")
          .one_of({"host", "address"})
          .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
          .field(Field::ip_address("address").describe("Literal target"))
          .field(Field::port("port").def("80").describe("HTTP port"))
          .field(Field::string("path").def("/big.bin").describe("Path of a large object"))
          .field(Field::integer("min_bytes")
                     .min(1)
                     .max(1073741824)
                     .def("1048576")
                     .describe("Bytes that must arrive")));
}

}  // namespace v6r::probe
