// nat64.udp: UDP request/response through NAT64 (e.g. echo on port 7).
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_nat64_udp(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("nat64.udp", "UDP request/response through NAT64 (e.g. echo on port 7).")
            .rfc("RFC 6146 §3.5.1")
            .rfc("RFC 7915")
            .one_of({"host", "address"})
            .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
            .field(Field::ip_address("address").describe("Literal target"))
            .field(Field::port("port").def("7").describe("UDP port"))
            .field(Field::string("payload").def("v6ready").describe("Datagram payload"))
            .field(Field::boolean("expect_echo")
                       .def("true")
                       .describe("Require the response to equal the payload")));
}

}  // namespace v6r::probe
