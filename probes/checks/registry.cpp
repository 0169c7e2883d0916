#include "probes/checks/registry.hpp"

namespace v6r::probe {

void register_builtin_schemas(scenario::CheckSchemaRegistry& r) {
  register_dns64_discovery(r);
  register_dns64_synthesis(r);
  register_dns64_ptr(r);
  register_nat64_tcp(r);
  register_nat64_udp(r);
  register_nat64_icmp(r);
  register_nat64_http(r);
  register_nat64_pmtu(r);
  register_dualstack_parity(r);
  register_dualstack_happy_eyeballs(r);
  register_v6only_ra(r);
  register_v6only_dhcp108(r);
  register_v6only_leak(r);
  register_v6only_literal(r);
  register_service_tcp(r);
  register_service_tls(r);
  register_service_http(r);
}

scenario::CheckSchemaRegistry builtin_schema_registry() {
  scenario::CheckSchemaRegistry r;
  register_builtin_schemas(r);
  return r;
}

}  // namespace v6r::probe
