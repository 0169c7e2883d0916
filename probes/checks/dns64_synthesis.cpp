// dns64.synthesis: AAAA for a name through the DNS64 resolver: synthesized with the right prefix and
// embedding, or correctly not synthesized. Parameter schema only for now; the check implementation joins it
// in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_dns64_synthesis(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("dns64.synthesis",
                    "AAAA for a name through the DNS64 resolver: synthesized with the right prefix and "
                    "embedding, or correctly not synthesized.")
            .rfc("RFC 6147 §5.1")
            .rfc("RFC 6147 §5.1.4")
            .rfc("RFC 6147 §5.1.7")
            .rfc("RFC 6147 §5.5")
            .rfc("RFC 6052 §2.2")
            .rfc("RFC 6052 §3.1")
            .field(Field::dns_name("name").req().describe("Name to query (AAAA, and A for the comparison)"))
            .field(
                Field::enumeration("expect", {"synthesized", "native", "nxdomain", "excluded"})
                    .def("synthesized")
                    .describe("synthesized: IPv4-only name, AAAA must embed its A records; native: real AAAA "
                              "returned unchanged; nxdomain: passed through; excluded: only ::ffff:0:0/96 "
                              "AAAA exist, so synthesis is expected instead (RFC 6147 §5.1.4)"))
            .field(Field::pref64_prefix("expected_prefix")
                       .describe("Prefix the synthesized AAAA must use; defaults to expect.pref64"))
            .field(Field::boolean("check_ttl")
                       .def("true")
                       .describe("Judge the synthesized TTL against the A TTL and the negative answer's SOA "
                                 "minimum (RFC 6147 §5.1.7)"))
            .field(Field::boolean("dnssec_ok_cd")
                       .def("false")
                       .describe("Also query with DO+CD set: a validating DNS64 must not synthesize (RFC "
                                 "6147 §5.5; info unless the resolver validates)")));
}

}  // namespace v6r::probe
