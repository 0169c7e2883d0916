#pragma once
// Small helpers shared by the check kinds: verdict construction, evidence from DNS and transport
// outcomes, the DNS64 resolution path with allow-list enforcement. Pure where possible.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/dns.hpp"
#include "core/ip.hpp"
#include "probes/check.hpp"
#include "probes/check_kind.hpp"
#include "probes/reason.hpp"

namespace v6r::probe {

/// A result with verdict, reason (a catalogue message, probes/reason.hpp) and (optionally) the RFC
/// section that the verdict rests on.
CheckOutcome verdict(Verdict v, Msg reason, std::optional<std::string> rfc = std::nullopt);
/// Sets verdict, reason, rfc and retryable on `out`, keeping everything recorded so far.
void set_verdict(CheckOutcome& out, Verdict v, Msg reason, std::optional<std::string> rfc = std::nullopt,
                 bool retryable = false);
/// Milliseconds with microsecond resolution, for timings_ms.
double ms(std::chrono::microseconds d);

/// Record a DNS exchange: resolver address, DNS id, and its time as timings_ms[name]; the id joins the
/// `dns_ids` of the flow of each socket the query went out on (the evidence is (id, 5-tuple): a
/// resolver socket carries every check's queries).
void note_dns(CheckResult& r, const DnsOutcome& o, const std::string& timing_name);
/// Record a transport 5-tuple (proto "tcp", "udp", "icmpv6") as evidence and the remote as an address
/// used. `local` is the source of the first packet (known also when the exchange then failed); empty
/// when nothing was sent. ICMP echo: `local.port` is the echo identifier, recorded as both ports.
/// `deliberate`: the flow provokes a failure on purpose (core/result.hpp Flow::deliberate).
void note_flow(CheckResult& r, const std::string& proto, const std::optional<Endpoint>& local,
               const Endpoint& remote, bool deliberate = false);

/// Answer records of one type from the answer section (CNAMEs are followed by the resolver, so the
/// addresses appear after the chain).
std::vector<Ipv6Addr> aaaa_records(const dns::Message& m);
std::vector<Ipv4Addr> a_records(const dns::Message& m);
/// The CNAME chain in the answer section, in order, as text ("a.lab.test." -> ...).
std::vector<std::string> cname_chain(const dns::Message& m);
/// Smallest TTL among answer records of `type`; nullopt when there are none.
std::optional<std::uint32_t> min_ttl(const dns::Message& m, dns::RrType type);

/// The NAT64 prefix a check should expect: its own `expected_prefix` parameter if set, else the
/// scenario's expect.pref64.
std::optional<Prefix> expected_pref64(const CheckEnv& env, const std::optional<Prefix>& own);

/// Targets of the usual parameter shapes (a kind's `targets` function, check_kind.hpp):
/// a name (label only), an address literal the check sends to (label and literal), a URL (label, and
/// its host when that is an address literal).
CheckTargets name_target(const std::string& name);
CheckTargets address_target(const IpAddr& address);
CheckTargets url_target(const std::string& url);

/// The allow-list gate for one destination: the address itself must be allowed,
/// and when it lies under `pref64` the IPv4 address embedded in it (RFC 6052) must be allowed too.
/// The refusal is a reason (check.allow.*).
Expected<Ok, Msg> check_destination(const CheckEnv& env, const IpAddr& dest,
                                    const std::optional<Prefix>& pref64);

/// A DNS query through env.dns after taking a token from the rate limiter for the resolver.
awaitable<DnsOutcome> rate_limited_query(CheckEnv& env, const dns::Name& name, dns::RrType type,
                                         QueryOptions opts, std::chrono::milliseconds deadline);

/// RFC 7050 §3 through env.dns (AAAA ipv4only.arpa): the Pref64::/n this resolver synthesizes with,
/// so an address under one of them that is not the expected prefix is told apart from native IPv6
/// ("nat64 (unexpected prefix)"). Recorded as DNS evidence (timing "dns_resolver_pref64") and in
/// observed["resolver_pref64"]. Empty when the resolver synthesizes nothing or gives no answer.
awaitable<std::vector<Prefix>> discover_resolver_pref64(CheckEnv& env, std::chrono::milliseconds deadline,
                                                        CheckResult& r);
/// The prefix among `prefixes` that holds `a` (nullopt: none).
std::optional<Prefix> prefix_holding(const IpAddr& a, const std::vector<Prefix>& prefixes);

/// A sentence for a DNS outcome that is not ok ("no DNS answer asking 2001:db8:53::1 (...)", ...).
Msg describe_dns_failure(const DnsOutcome& o);

Endpoint to_endpoint(const IpAddr& a, std::uint16_t port);
IpAddr from_asio(const asio::ip::address& a);

}  // namespace v6r::probe
