// v6only.dhcp108: DHCPv4 option 108 (IPv6-Only Preferred) offered, with V6ONLY_WAIT >= MIN_V6ONLY_WAIT.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_v6only_dhcp108(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("v6only.dhcp108",
                    "DHCPv4 option 108 (IPv6-Only Preferred) offered, with V6ONLY_WAIT >= MIN_V6ONLY_WAIT.")
            .rfc("RFC 8925 §3.2")
            .rfc("RFC 8925 §3.4")
            .field(Field::string("interface").describe("Interface to send DHCPDISCOVER on"))
            .field(Field::duration_ms("wait_ms").min(1).max(600000).def("5000").describe(
                "How long to wait for a DHCPOFFER"))
            .field(Field::enumeration("expect", {"present", "absent", "any"})
                       .def("present")
                       .describe("Whether option 108 must be offered"))
            .field(Field::integer("min_v6only_wait_s")
                       .min(0)
                       .max(4294967295)
                       .def("300")
                       .describe("Smallest acceptable V6ONLY_WAIT (RFC 8925 MIN_V6ONLY_WAIT = 300 s)")));
}

}  // namespace v6r::probe
