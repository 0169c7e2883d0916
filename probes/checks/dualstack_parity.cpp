// dualstack.parity: The same URL over IPv4 and IPv6: both reachable, same status, same body hash and listed
// headers; latency per family. Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_dualstack_parity(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("dualstack.parity",
                    "The same URL over IPv4 and IPv6: both reachable, same status, same body hash and listed "
                    "headers; latency per family.")
            .rfc("RFC 6555")
            .rfc("RFC 8305")
            .field(Field::url("url").req().describe("URL fetched once per family"))
            .field(Field::string_list("compare_headers")
                       .def("[]")
                       .describe("Response headers that must be equal in both families"))
            .field(Field::boolean("compare_body").def("true").describe("Require identical body SHA-256"))
            .field(Field::integer("expect_status")
                       .min(100)
                       .max(599)
                       .def("200")
                       .describe("Required HTTP status in both families")));
}

}  // namespace v6r::probe
