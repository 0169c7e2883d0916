// v6only.leak: IPv4 leakage on an IPv6-only segment: IPv4/ARP/DHCPv4 frames, an IPv4 default route.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_v6only_leak(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("v6only.leak",
                    "IPv4 leakage on an IPv6-only segment: IPv4/ARP/DHCPv4 frames, an IPv4 default route.")
            .rfc("RFC 8925 §3")
            .rfc("RFC 6877")
            .field(Field::string("interface").describe("Interface to watch"))
            .field(Field::duration_ms("listen_ms")
                       .min(100)
                       .max(600000)
                       .def("10000")
                       .describe("How long to capture"))
            .field(Field::boolean("check_default_route")
                       .def("true")
                       .describe("Fail when the host has an IPv4 default route"))
            .field(Field::boolean("allow_arp").def("false").describe("Do not count ARP frames as leakage")));
}

}  // namespace v6r::probe
