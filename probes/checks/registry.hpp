#pragma once
// The built-in check kinds (STYLE.md §4): one file per kind in probes/checks/, each exposing
// register_<kind>(), collected by register_builtin_schemas() with explicit calls (no static init).
#include "core/check_schema.hpp"

namespace v6r::probe {

void register_dns64_discovery(scenario::CheckSchemaRegistry& r);
void register_dns64_synthesis(scenario::CheckSchemaRegistry& r);
void register_dns64_ptr(scenario::CheckSchemaRegistry& r);
void register_nat64_tcp(scenario::CheckSchemaRegistry& r);
void register_nat64_udp(scenario::CheckSchemaRegistry& r);
void register_nat64_icmp(scenario::CheckSchemaRegistry& r);
void register_nat64_http(scenario::CheckSchemaRegistry& r);
void register_nat64_pmtu(scenario::CheckSchemaRegistry& r);
void register_dualstack_parity(scenario::CheckSchemaRegistry& r);
void register_dualstack_happy_eyeballs(scenario::CheckSchemaRegistry& r);
void register_v6only_ra(scenario::CheckSchemaRegistry& r);
void register_v6only_dhcp108(scenario::CheckSchemaRegistry& r);
void register_v6only_leak(scenario::CheckSchemaRegistry& r);
void register_v6only_literal(scenario::CheckSchemaRegistry& r);
void register_service_tcp(scenario::CheckSchemaRegistry& r);
void register_service_tls(scenario::CheckSchemaRegistry& r);
void register_service_http(scenario::CheckSchemaRegistry& r);

/// Every built-in kind's parameter schema.
void register_builtin_schemas(scenario::CheckSchemaRegistry& r);

/// A registry with the built-in kinds.
scenario::CheckSchemaRegistry builtin_schema_registry();

}  // namespace v6r::probe
