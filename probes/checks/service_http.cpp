// service.http: HTTP(S) request to a named service over IPv6-only: status, optional body content.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_service_http(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("service.http",
                    "HTTP(S) request to a named service over IPv6-only: status, optional body content.")
            .rfc("RFC 9110")
            .rfc("RFC 8305")
            .field(Field::url("url").req().describe("URL to fetch"))
            .field(
                Field::integer("expect_status").min(100).max(599).def("200").describe("Required HTTP status"))
            .field(Field::string_map("headers").describe("Extra request headers"))
            .field(Field::string("body_contains").describe("Substring the body must contain"))
            .field(Field::boolean("follow_redirects")
                       .def("false")
                       .describe("Follow 3xx redirects (each hop must stay allowed)"))
            .field(Field::enumeration("family", {"ipv6", "ipv4", "any"})
                       .def("ipv6")
                       .describe("Address family to use")));
}

}  // namespace v6r::probe
