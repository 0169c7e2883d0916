#pragma once
// The check-kind vocabulary shared by the probe (which runs the kinds: one descriptor per kind at the
// bottom of probes/checks/<kind>.cpp) and the analyzer (which scores their results and does not link
// probes/). A kind is named "<family>.<name>" (results.jsonl "kind"); the family says which part of
// the IPv6-only path the kind exercises. Nothing outside this file tests a kind name by its text.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace v6r::check_kind {

enum class KindFamily : std::uint8_t {
  dns64,      ///< DNS64 synthesis and discovery (RFC 6147, RFC 7050)
  nat64,      ///< traffic through NAT64 (RFC 6146, RFC 7915)
  dualstack,  ///< both families side by side (RFC 8305)
  v6only,     ///< IPv6-only hygiene of the segment and node (RFC 8781, RFC 8925, RFC 6877)
  service,    ///< named services reached from this node
  unknown,    ///< a name without a known family (a newer probe, or a typo)
};
std::string_view to_string(KindFamily f);  // "dns64", ...

/// The family of `kind` from the part before its first '.'; unknown when there is none.
KindFamily family_of(std::string_view kind);

/// Kinds of the IPv6-only path to IPv4-only content (DNS64 synthesis, NAT64 translation): what the
/// readiness levels call the transition checks.
constexpr bool is_transition(KindFamily f) {
  return f == KindFamily::dns64 || f == KindFamily::nat64;
}

/// Kinds that try to reach their target (a service: a host, host:port, URL or address) and say
/// whether they did: what the readiness levels call the reachability checks. The other families
/// look at DNS answers (dns64) or at the node and its segment (v6only), not at a service.
constexpr bool reaches_target(KindFamily f) {
  return f == KindFamily::service || f == KindFamily::nat64 || f == KindFamily::dualstack;
}

/// Reachability kinds whose `fail` means "could not reach the target" (a refused or silent connect, a
/// name that does not resolve, a transfer that stalls). A dualstack `fail` is about behaviour (the two
/// families differ, the fallback came late): the target may still have been reached, so it does not
/// prove the target unreachable.
constexpr bool fail_means_unreachable(KindFamily f) {
  return f == KindFamily::service || f == KindFamily::nat64;
}

// Kinds that another folder names on their own (the analyzer's rules); their descriptors use these.
inline constexpr std::string_view kDns64Discovery = "dns64.discovery";  ///< RFC 7050 prefix discovery
inline constexpr std::string_view kNat64Pmtu = "nat64.pmtu";            ///< large transfer, Packet Too Big
inline constexpr std::string_view kV6onlyRa = "v6only.ra";              ///< RA PREF64 (RFC 8781)
/// IPv4 on the node or its segment (address, default route, frames): `fail` = IPv4 present, `pass` =
/// none seen. The one kind that proves a node IPv6-only (the levels' access mode).
inline constexpr std::string_view kV6onlyLeak = "v6only.leak";
inline constexpr std::string_view kV6onlyDhcp108 = "v6only.dhcp108";  ///< DHCPv4 option 108 (RFC 8925)
/// NAT64 behaviour for real-time traffic, found with STUN (docs/checks-realtime.md): UDP mapping
/// (RFC 4787 REQ-1), filtering (REQ-8), hairpinning (REQ-9).
inline constexpr std::string_view kNat64Mapping = "nat64.mapping";
inline constexpr std::string_view kNat64Filtering = "nat64.filtering";
inline constexpr std::string_view kNat64Hairpin = "nat64.hairpin";
/// How long a NAT64 UDP mapping survives idle (RFC 4787 REQ-5: at least 2 minutes).
inline constexpr std::string_view kNat64UdpLifetime = "nat64.udp_lifetime";
/// How long an established TCP connection through NAT64 survives idle (RFC 5382 REQ-5: 2 h 4 min).
inline constexpr std::string_view kNat64TcpLifetime = "nat64.tcp_lifetime";
/// UDP datagrams larger than the path MTU through NAT64, both ways (RFC 6146 §3.4, RFC 7915 §4/§5.1.1;
/// docs/checks-fragments.md): its target is a cooperating echo, like the STUN kinds'.
inline constexpr std::string_view kNat64Fragments = "nat64.fragments";
/// ICMP errors about UDP through NAT64, translated and quoting what was sent (RFC 7915 §4.2/§4.3,
/// RFC 6146 §3.4; docs/checks-icmp-errors.md): Time Exceeded from beyond the NAT64, port unreachable.
inline constexpr std::string_view kNat64IcmpErrors = "nat64.icmp_errors";
/// Capacity (RFC 8219; docs/checks-capacity.md): opt-in load measurements bounded by a rate and a
/// duration ceiling. Their figures are measurements, not reachability or transition faults.
inline constexpr std::string_view kDns64Capacity = "dns64.capacity";
inline constexpr std::string_view kNat64Capacity = "nat64.capacity";
constexpr bool is_capacity(std::string_view kind) {
  return kind == kDns64Capacity || kind == kNat64Capacity;
}

/// The NAT64 behaviour kinds: their target is a cooperating STUN server, not a service of the
/// scenario, and their `fail` says the NAT64 is unfit for real-time traffic, not that anything is
/// unreachable or that DNS64/NAT64 is broken. The levels leave them out of reachability and of the
/// L2 transition faults; the plan switches `l3_require_eim_mapping` and `l3_require_udp_lifetime` make a
/// failing nat64.mapping / nat64.udp_lifetime block L3 (analyzers/score/levels.cpp).
constexpr bool is_nat_behaviour(std::string_view kind) {
  return kind == kNat64Mapping || kind == kNat64Filtering || kind == kNat64Hairpin ||
         kind == kNat64UdpLifetime || kind == kNat64TcpLifetime || kind == kNat64Fragments ||
         kind == kNat64IcmpErrors;
}

/// The behaviour class nat64.mapping and nat64.filtering find (RFC 4787 §4.1 mapping, §5 filtering, as
/// RFC 5780 §4.3/§4.4 tell them apart). The probe writes it to the result's `observed.<key>`, the analyzer
/// copies it to the findings row (`checks[].nat_class`), reports show it in the reader's language: the
/// same words everywhere, never read back from a sentence.
enum class NatClass : std::uint8_t { endpoint_independent, address_dependent, address_and_port_dependent };
inline constexpr std::array<std::string_view, 3> kNatClassNames{"endpoint-independent", "address-dependent",
                                                                "address-and-port-dependent"};
constexpr std::string_view to_string(NatClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kNatClassNames.size() ? kNatClassNames[i] : std::string_view("?");
}
std::optional<NatClass> nat_class_from_string(std::string_view s);
/// The key of a result's `observed` object that holds the class a kind found ("mapping" for
/// nat64.mapping, "filtering" for nat64.filtering); empty for a kind that finds none.
constexpr std::string_view nat_class_key(std::string_view kind) {
  if (kind == kNat64Mapping) return "mapping";
  if (kind == kNat64Filtering) return "filtering";
  return {};
}

}  // namespace v6r::check_kind
