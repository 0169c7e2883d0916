// The list of built-in check kinds: ONE line per kind, naming the descriptor defined at the bottom of
// probes/checks/<kind>.cpp (`extern const CheckKind <kind>_kind = kind_of<kBlock>;`).
#include "probes/checks/builtin.hpp"

#define V6R_BUILTIN_CHECK_KINDS(X) \
  X(dns64_discovery_kind)          \
  X(dns64_synthesis_kind)          \
  X(dns64_ptr_kind)                \
  X(dns64_capacity_kind)           \
  X(nat64_tcp_kind)                \
  X(nat64_udp_kind)                \
  X(nat64_icmp_kind)               \
  X(nat64_http_kind)               \
  X(nat64_pmtu_kind)               \
  X(nat64_mapping_kind)            \
  X(nat64_filtering_kind)          \
  X(nat64_hairpin_kind)            \
  X(nat64_udp_lifetime_kind)       \
  X(nat64_fragments_kind)          \
  X(nat64_icmp_errors_kind)        \
  X(nat64_tcp_lifetime_kind)       \
  X(nat64_capacity_kind)           \
  X(dualstack_parity_kind)         \
  X(dualstack_happy_eyeballs_kind) \
  X(v6only_ra_kind)                \
  X(v6only_dhcp108_kind)           \
  X(v6only_leak_kind)              \
  X(v6only_literal_kind)           \
  X(service_tcp_kind)              \
  X(service_tls_kind)              \
  X(service_http_kind)

namespace v6r::probe {

#define V6R_DECLARE_KIND(k) extern const CheckKind k;
V6R_BUILTIN_CHECK_KINDS(V6R_DECLARE_KIND)
#undef V6R_DECLARE_KIND

const CheckKindList& builtin_kinds() {
#define V6R_LIST_KIND(k) &k,
  static const CheckKindList list{V6R_BUILTIN_CHECK_KINDS(V6R_LIST_KIND)};
#undef V6R_LIST_KIND
  return list;
}

scenario::CheckSchemaRegistry builtin_schema_registry() {
  return builtin_kinds().schemas();
}

}  // namespace v6r::probe
