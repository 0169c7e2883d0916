#pragma once
// The clauses of dns64.synthesis judged on answers already received (no I/O; the queries, the TTL
// and the DO+CD rules are in dns64_synthesis.cpp). One clause per rule of RFC 6147 / RFC 6052, each
// with the strength of the RFC's own words (clauses.hpp):
//   nxdomain_kept    §5.1.2  the Name Error (RCODE 3) is passed through, nothing synthesized   fail
//   empty_kept       §5.1.4  a name with no A and no AAAA: the empty answer is the answer     fail
//   native_kept      §5.1.1  real AAAA returned unchanged, none synthesized (MUST NOT)        fail
//   synthesis        §5.1.4  a name with only A records gets synthesized AAAA                 fail
//   prefix           §5.1.5  every synthesized AAAA is under the expected Pref64::/n          fail
//   embedding        RFC 6052 §2.2 u-octet zero and the embedded IPv4 is one of the A records  fail
//                    (suffix not zero: SHOULD, warn); every A record synthesized (§5.1.5)     warn
//   wkp_global       RFC 6052 §3.1 the Well-Known Prefix never with a non-global IPv4 (MUST NOT) fail
//   mapped_excluded  §5.1.4  ::ffff:0:0/96 AAAA treated as absent and synthesized (SHOULD)    warn
//   cname_kept       §5.1.3  the CNAME chain of the A answer is kept in the synthesized answer fail
//   allow_list       (safety) a synthesized address outside the scenario's allow list          error
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/dns.hpp"
#include "core/ip.hpp"
#include "probes/check.hpp"
#include "probes/checks/clauses.hpp"

namespace v6r::probe::dns64 {

/// What the AAAA answer through the DNS64 must show (param `expect`).
enum class Expect { synthesized, native, nxdomain, excluded, empty };

/// The AAAA answer through the DNS64 resolver, as the rules need it.
struct AaaaAnswer {
  dns::Rcode rcode = dns::Rcode::noerror;
  std::vector<Ipv6Addr> aaaa;
  std::optional<std::uint32_t> ttl;  ///< smallest AAAA TTL
  std::vector<std::string> chain;    ///< CNAME chain in the answer section
  std::chrono::steady_clock::time_point at{};
};
/// The A answer through the same resolver: what synthesis is compared with.
struct AAnswer {
  dns::Rcode rcode = dns::Rcode::noerror;
  std::vector<Ipv4Addr> a;
  std::uint32_t ttl = 0;  ///< smallest A TTL (0 without A records)
  std::vector<std::string> chain;
  std::chrono::steady_clock::time_point at{};
};

/// Reads an answer and records it in r.observed (aaaa, aaaa_rcode, aaaa_cname_chain / a, a_rcode,
/// a_cname_chain).
AaaaAnswer read_aaaa(const dns::Message& m, CheckResult& r);
AAnswer read_a(const dns::Message& m, CheckResult& r);

/// "NXDOMAIN with AAAA 2001:db8:64::c000:20a (synthesized under 2001:db8:64::/96)".
MessageRef describe_answer(const AaaaAnswer& q, const std::optional<Prefix>& pref64);

/// expect nxdomain: clause nxdomain_kept.
void judge_nxdomain(const std::string& what_aaaa, const AaaaAnswer& q, const std::optional<Prefix>& pref64,
                    Clauses& c);
/// expect native: clause native_kept (the AAAA answer alone).
void judge_native(const std::string& what_aaaa, const AaaaAnswer& q, const Prefix& pref64, CheckResult& r,
                  Clauses& c);
/// expect empty: clause empty_kept, given that the A answer holds no A record either.
void judge_empty(const std::string& what_aaaa, const AaaaAnswer& q, const Prefix& pref64, Clauses& c);
/// expect synthesized / excluded, with the A records in hand: clauses synthesis, prefix, embedding,
/// wkp_global, allow_list, mapped_excluded, cname_kept. Returns the synthesized candidates (every
/// AAAA that is not an excluded-range ::ffff:0:0/96 address), whose TTL the TTL rule then judges.
std::vector<Ipv6Addr> judge_against_a(const CheckEnv& env, Expect expect, const dns::Name& qname,
                                      const Prefix& pref64, const AaaaAnswer& q, const AAnswer& a4,
                                      CheckResult& r, Clauses& c);

}  // namespace v6r::probe::dns64
