// The built-in runner table: one line per implemented kind, each run_<kind>() defined in
// probes/checks/<kind>.cpp next to that kind's parameter schema.
#include "probes/check_registry.hpp"

namespace v6r::probe {

using std::chrono::milliseconds;

// --- dns64 kinds: declarations
awaitable<CheckOutcome> run_dns64_discovery(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_dns64_synthesis(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_dns64_ptr(CheckEnv&, const scenario::Check&, milliseconds deadline);
// --- nat64 kinds: declarations
awaitable<CheckOutcome> run_nat64_tcp(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_nat64_udp(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_nat64_icmp(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_nat64_http(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_nat64_pmtu(CheckEnv&, const scenario::Check&, milliseconds deadline);
// --- v6only kinds: declarations
awaitable<CheckOutcome> run_v6only_ra(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_v6only_dhcp108(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_v6only_leak(CheckEnv&, const scenario::Check&, milliseconds deadline);
awaitable<CheckOutcome> run_v6only_literal(CheckEnv&, const scenario::Check&, milliseconds deadline);
// --- dualstack and service kinds: declarations
awaitable<CheckOutcome> run_dualstack_parity(CheckEnv&, const scenario::Check&, milliseconds);
awaitable<CheckOutcome> run_dualstack_happy_eyeballs(CheckEnv&, const scenario::Check&, milliseconds);
awaitable<CheckOutcome> run_service_tcp(CheckEnv&, const scenario::Check&, milliseconds);
awaitable<CheckOutcome> run_service_tls(CheckEnv&, const scenario::Check&, milliseconds);
awaitable<CheckOutcome> run_service_http(CheckEnv&, const scenario::Check&, milliseconds);

const CheckRunnerTable& builtin_runners() {
  static const CheckRunnerTable table = [] {
    CheckRunnerTable t;
    // --- dns64 kinds: registrations
    t.add("dns64.discovery", &run_dns64_discovery);
    t.add("dns64.synthesis", &run_dns64_synthesis);
    t.add("dns64.ptr", &run_dns64_ptr);
    // --- nat64 kinds: registrations
    t.add("nat64.tcp", &run_nat64_tcp);
    t.add("nat64.udp", &run_nat64_udp);
    t.add("nat64.icmp", &run_nat64_icmp);
    t.add("nat64.http", &run_nat64_http);
    t.add("nat64.pmtu", &run_nat64_pmtu);
    // --- v6only kinds: registrations
    t.add("v6only.ra", &run_v6only_ra);
    t.add("v6only.dhcp108", &run_v6only_dhcp108);
    t.add("v6only.leak", &run_v6only_leak);
    t.add("v6only.literal", &run_v6only_literal);
    // --- dualstack and service kinds: registrations
    t.add("dualstack.parity", &run_dualstack_parity);
    t.add("dualstack.happy_eyeballs", &run_dualstack_happy_eyeballs);
    t.add("service.tcp", &run_service_tcp);
    t.add("service.tls", &run_service_tls);
    t.add("service.http", &run_service_http);
    return t;
  }();
  return table;
}

}  // namespace v6r::probe
