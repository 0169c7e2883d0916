// nat64.http: HTTP GET through NAT64 to an IPv4-only web server.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_nat64_http(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("nat64.http", "HTTP GET through NAT64 to an IPv4-only web server.")
            .rfc("RFC 6146")
            .rfc("RFC 9110 §9.3.1")
            .field(Field::url("url").req().describe(
                "http:// or https:// URL; its host is resolved through DNS64"))
            .field(
                Field::integer("expect_status").min(100).max(599).def("200").describe("Required HTTP status"))
            .field(Field::string_map("headers").describe("Extra request headers"))
            .field(Field::integer("max_body_bytes")
                       .min(0)
                       .max(104857600)
                       .def("1048576")
                       .describe("Stop reading after this many body bytes")));
}

}  // namespace v6r::probe
