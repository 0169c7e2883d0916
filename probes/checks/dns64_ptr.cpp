// dns64.ptr: PTR for a synthesized address: the DNS64 answers or CNAMEs to the in-addr.arpa name.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_dns64_ptr(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("dns64.ptr",
                    "PTR for a synthesized address: the DNS64 answers or CNAMEs to the in-addr.arpa name.")
            .rfc("RFC 6147 §5.3.1")
            .one_of({"address", "name"})
            .field(Field::ipv6_address("address").describe("Synthesized address to look up"))
            .field(Field::dns_name("name").describe(
                "Name to resolve first; its synthesized AAAA is then looked up"))
            .field(Field::enumeration("expect", {"cname", "answer", "any"})
                       .def("any")
                       .describe("Required form of the PTR answer")));
}

}  // namespace v6r::probe
