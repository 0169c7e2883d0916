// v6only.ra: Router Advertisements on the segment: PREF64 option present and consistent.
// Parameter schema only for now; the check implementation joins it in this file.
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_v6only_ra(scenario::CheckSchemaRegistry& r) {
  r.add(
      CheckSchema("v6only.ra", "Router Advertisements on the segment: PREF64 option present and consistent.")
          .rfc("RFC 8781 §4")
          .rfc("RFC 4861 §4.2")
          .field(
              Field::string("interface").describe("Interface to listen on; default: the probe's interface"))
          .field(Field::duration_ms("wait_ms").min(1).max(600000).def("5000").describe(
              "How long to wait for an RA (sends a Router Solicitation first)"))
          .field(Field::boolean("require_pref64")
                     .def("false")
                     .describe("Fail when no PREF64 option is seen (warn otherwise)"))
          .field(Field::pref64_prefix("expected_prefix")
                     .describe("Prefix the PREF64 option must carry; defaults to expect.pref64")));
}

}  // namespace v6r::probe
