// dns64.discovery: Discover the NAT64 prefix (RFC 7050 AAAA ipv4only.arpa, optionally RFC 8781 PREF64 in RAs)
// and compare it with the expected prefix. Parameter schema only for now; the check implementation joins it
// in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_dns64_discovery(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("dns64.discovery",
                    "Discover the NAT64 prefix (RFC 7050 AAAA ipv4only.arpa, optionally RFC 8781 PREF64 in "
                    "RAs) and compare it with the expected prefix.")
            .rfc("RFC 7050 §3")
            .rfc("RFC 8880")
            .rfc("RFC 8781 §4")
            .rfc("RFC 6052 §2.2")
            .field(Field::pref64_prefix("expected_prefix")
                       .describe("Prefix the network must use; defaults to the scenario's expect.pref64"))
            .field(Field::dns_name("query_name")
                       .def("ipv4only.arpa")
                       .describe("Name whose AAAA answers carry 192.0.0.170/171 (RFC 7050 §2.2)"))
            .field(Field::boolean("check_ra")
                       .def("false")
                       .describe("Also listen for a Router Advertisement PREF64 option (RFC 8781) and "
                                 "require agreement"))
            .field(Field::duration_ms("ra_wait_ms")
                       .max(600000)
                       .def("5000")
                       .describe("How long to wait for an RA when check_ra is true")));
}

}  // namespace v6r::probe
