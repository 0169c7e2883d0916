// The built-in runner table: one line per implemented kind, each run_<kind>() defined in
// probes/checks/<kind>.cpp next to that kind's parameter schema.
#include "probes/check_registry.hpp"

namespace v6r::probe {

using std::chrono::milliseconds;

// --- dns64 kinds: declarations
// --- nat64 kinds: declarations
// --- v6only kinds: declarations
// --- dualstack and service kinds: declarations

const CheckRunnerTable& builtin_runners() {
  static const CheckRunnerTable table = [] {
    CheckRunnerTable t;
    // --- dns64 kinds: registrations
    // --- nat64 kinds: registrations
    // --- v6only kinds: registrations
    // --- dualstack and service kinds: registrations
    return t;
  }();
  return table;
}

}  // namespace v6r::probe
