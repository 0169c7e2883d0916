// nat64.tcp: TCP connect through NAT64 to an IPv4-only target (via its synthesized address).
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_nat64_tcp(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("nat64.tcp",
                    "TCP connect through NAT64 to an IPv4-only target (via its synthesized address).")
            .rfc("RFC 6146 §3.5.2")
            .rfc("RFC 7915")
            .one_of({"host", "address"})
            .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
            .field(Field::ip_address("address").describe(
                "Literal target (an IPv4 address is embedded with the expected prefix)"))
            .field(Field::port("port").def("80").describe("TCP port")));
}

}  // namespace v6r::probe
