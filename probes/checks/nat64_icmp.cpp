// nat64.icmp: ICMPv6 echo through NAT64 (translated to ICMPv4 echo).
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_nat64_icmp(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("nat64.icmp", "ICMPv6 echo through NAT64 (translated to ICMPv4 echo).")
            .rfc("RFC 7915 §4.2")
            .rfc("RFC 7915 §5.2")
            .rfc("RFC 6146 §3.5.3")
            .one_of({"host", "address"})
            .field(Field::dns_name("host").describe("Name resolved through the DNS64 resolver"))
            .field(Field::ip_address("address").describe("Literal target"))
            .field(Field::integer("count").min(1).max(10).def("3").describe("Echo requests to send"))
            .field(Field::integer("size").min(0).max(1452).def("56").describe("Payload bytes per request")));
}

}  // namespace v6r::probe
