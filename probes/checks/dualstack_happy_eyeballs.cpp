// dualstack.happy_eyeballs: Happy Eyeballs v2 against a target (e.g. with a broken AAAA): a connection must
// be established in time. Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_dualstack_happy_eyeballs(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("dualstack.happy_eyeballs",
                    "Happy Eyeballs v2 against a target (e.g. with a broken AAAA): a connection must be "
                    "established in time.")
            .rfc("RFC 8305 §3")
            .rfc("RFC 8305 §5")
            .rfc("RFC 8305 §8")
            .field(Field::dns_name("host").req().describe("Dual-stack name"))
            .field(Field::port("port").def("80").describe("TCP port"))
            .field(Field::duration_ms("resolution_delay_ms")
                       .max(2000)
                       .def("50")
                       .describe("Resolution Delay (RFC 8305 §3: 50 ms)"))
            .field(Field::duration_ms("connection_attempt_delay_ms")
                       .min(10)
                       .max(2000)
                       .def("250")
                       .describe("Connection Attempt Delay (RFC 8305 §8: 250 ms)"))
            .field(Field::duration_ms("max_connect_ms")
                       .min(1)
                       .max(60000)
                       .def("2000")
                       .describe("Fail when no connection is up after this long")));
}

}  // namespace v6r::probe
