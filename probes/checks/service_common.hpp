#pragma once
// Shared by the service.* and dualstack.* kinds: the path classification (native IPv6 / NAT64 /
// IPv4), the family and ipv4_via parameters, URL parsing, name resolution through the node's resolver
// within the attempt's Deadline, the allow-list gate (docs/architecture.md "Check kinds", safety:
// every address after resolution and after synthesis), and the
// "does this node have an IPv4 route" test that decides how the IPv4 side of a dual-stack name is
// reached. Pure helpers are separate from the awaitable ones so unit tests can call them directly.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.hpp"
#include "probes/check.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/net/deadline.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::svc {

using Millis = std::chrono::milliseconds;

/// How a destination is reached from this node.
enum class Path {
  native_ipv6,       ///< an IPv6 address outside every NAT64 prefix
  nat64,             ///< an IPv6 address under the NAT64 prefix (or the Well-Known Prefix 64:ff9b::/96)
  nat64_unexpected,  ///< an IPv6 address synthesized under another Pref64::/n the resolver uses
  ipv4,              ///< an IPv4 address (real IPv4 on this node)
};
std::string_view to_string(Path p);  // "native-ipv6", "nat64", "nat64 (unexpected prefix)", "ipv4"
/// The path as a reason's part (check.path.*: its English is to_string()).
Msg path_msg(Path p);
/// "<endpoint> (<path>)": an attempt's destination in a reason.
Msg where_msg(const Endpoint& ep, Path p);

/// Pure: the Pref64::/n that holds `a`: the expected one, the Well-Known Prefix (RFC 6052 §2.1), or
/// one the resolver synthesizes with (RFC 7050 discovery through it); nullopt for native IPv6.
std::optional<Prefix> synthesis_prefix(const IpAddr& a, const std::optional<Prefix>& pref64,
                                       const std::vector<Prefix>& resolver_pref64 = {});

/// Pure: the path for `a` given the NAT64 prefix the network uses (RFC 6052 §2) and the prefixes
/// the resolver synthesizes with (resolver_pref64()): `nat64` under the expected prefix (without
/// one, under the Well-Known Prefix); `nat64 (unexpected prefix)` under any other Pref64::/n (the
/// Well-Known Prefix when a network-specific prefix is expected, or a resolver prefix); else native.
Path classify_path(const IpAddr& a, const std::optional<Prefix>& pref64,
                   const std::vector<Prefix>& resolver_pref64 = {});

/// The resolver's own Pref64::/n (discover_resolver_pref64, check_util.hpp), asked only when one of
/// `addrs` (resolved through that resolver, not literals) would otherwise be classed native-ipv6,
/// within a quarter of what is left of `deadline` (at most 1 s); empty otherwise or without an answer.
awaitable<std::vector<Prefix>> resolver_pref64(CheckEnv& env, const std::vector<IpAddr>& addrs,
                                               const std::optional<Prefix>& pref64, const Deadline& deadline,
                                               CheckResult& r);

/// How the IPv4 side of a dual-stack name is reached ("ipv4_via" parameter).
enum class Ipv4Via { auto_, ipv4, nat64 };
inline constexpr EnumTable<Ipv4Via, 3> kIpv4Via = {{
    {Ipv4Via::auto_, "auto"},
    {Ipv4Via::ipv4, "ipv4"},
    {Ipv4Via::nat64, "nat64"},
}};

/// The address family a service check uses ("family" parameter).
inline constexpr EnumTable<Family, 3> kAddressFamilies = {{
    {Family::ipv6, "ipv6"},
    {Family::ipv4, "ipv4"},
    {Family::any, "any"},
}};

/// Pure: an http:// or https:// URL split into scheme, host, port and path ("/" when empty).
struct HttpUrl {
  bool https = false;
  std::string host;  ///< without brackets for IPv6 literals
  std::uint16_t port = 80;
  std::string path = "/";
  std::optional<IpAddr> literal;  ///< set when the host is an address literal
};
std::optional<HttpUrl> parse_http_url(std::string_view url);

/// probes/check_util.hpp's, here too (the kinds call them unqualified).
using probe::set_verdict;

using probe::ms;
std::string ms_text(double milliseconds);  // "251 ms"

/// Addresses of `host` for `family` through env.dns (the node's resolver: DNS64 on an IPv6-only
/// network): AAAA for ipv6, A for ipv4, AAAA then A for any. Records the DNS evidence (timings
/// "dns_aaaa" / "dns_a") and observed["dns"]. nullopt with the verdict set on `out` when the resolver
/// fails or there is no address of the family.
awaitable<std::optional<std::vector<IpAddr>>> resolve(CheckEnv& env, const std::string& host, Family family,
                                                      const Deadline& deadline, CheckOutcome& out);

/// One DNS query for `host` (AAAA or A); the addresses, or nullopt when the resolver failed (the
/// evidence is recorded on out.result either way; `failure` gets a sentence).
awaitable<std::optional<std::vector<IpAddr>>> query_addresses(CheckEnv& env, const std::string& host,
                                                              dns::RrType type, Millis deadline,
                                                              CheckOutcome& out, Msg& failure);

/// The allow-list gate over `addrs` (check_destination with `pref64`, or with the resolver prefix an
/// address lies under, so the IPv4 address behind an unexpected-prefix synthesis is gated too): the
/// allowed ones, in order; refusals go to observed["refused"]. When none is left the verdict is
/// `error` (nothing sent).
std::vector<IpAddr> gate(const CheckEnv& env, const std::vector<IpAddr>& addrs,
                         const std::optional<Prefix>& pref64, CheckOutcome& out,
                         const std::vector<Prefix>& resolver_pref64 = {});

/// Whether the kernel has a route to `a` (a connected UDP socket: nothing is sent). False on
/// "network unreachable", as on an IPv6-only node for any IPv4 address.
bool has_route(const IpAddr& a);

/// The IPv4-family destinations for A records: the addresses themselves (`ipv4`), or their NAT64
/// synthesis with `pref64` (RFC 6052 §2.2). `auto_` picks ipv4 when this node routes the first
/// address, else nat64 when a prefix is known; `chosen` says what was used (nullopt: no path).
std::vector<IpAddr> ipv4_side(const std::vector<Ipv4Addr>& a, Ipv4Via via,
                              const std::optional<Prefix>& pref64, std::optional<Path>& chosen);

}  // namespace v6r::probe::svc
