// dns64.synthesis: AAAA for a name through the DNS64 resolver: synthesized with the right prefix and
// embedding, or correctly not synthesized.
//
// Rules and their strength (MUST -> fail, SHOULD -> warn, MAY -> info):
// - synthesized: every AAAA under the expected Pref64::/n (RFC 6147 §5.1.5) embedding one of the
//   name's A records (RFC 6052 §2.2/§2.3), u-octet zero (RFC 6052 §2.2 MUST), suffix zero (SHOULD ->
//   warn), WKP 64:ff9b::/96 never with a non-global IPv4 (RFC 6052 §3.1 MUST NOT), the CNAME chain of
//   the A answer kept (RFC 6147 §5.1.3), TTL <= min(A TTL, negative-answer SOA TTL) or
//   min(A TTL, 600) without an SOA (RFC 6147 §5.1.7 SHOULD -> warn). Every synthesized address passes
//   the allow-list gate; a refusal is `error` (the run may not use it).
// - native: real AAAA returned unchanged, none synthesized (RFC 6147 §5.1.1 MUST NOT by default).
// - nxdomain: RCODE 3 passed through (RFC 6147 §5.1.2).
// - excluded: only ::ffff:0:0/96 AAAA exist, which SHOULD be treated as absent so synthesis happens
//   (RFC 6147 §5.1.4 SHOULD -> warn when the mapped AAAA comes back).
// - dnssec_ok_cd: a DO+CD query must not be synthesized by a *validating* DNS64 (RFC 6147 §5.5);
//   binding only when the resolver shows that it validates (AD on a DO query), otherwise info.
//
// The run is a sequence of named stages (run_dns64_synthesis at the bottom): ask AAAA, judge the
// nxdomain and native expectations on it alone, ask A, judge the synthesized AAAA against the A
// records, then the optional TTL and DO+CD rules, and conclude.
#include <algorithm>
#include <cctype>

#include "core/rfc6052.hpp"
#include "probes/check_params.hpp"
#include "probes/checks/dns64_common.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

/// What the AAAA answer must show (param `expect`).
enum class Expect { synthesized, native, nxdomain, excluded };
constexpr EnumTable<Expect, 4> kExpects = {{
    {Expect::synthesized, "synthesized"},
    {Expect::native, "native"},
    {Expect::nxdomain, "nxdomain"},
    {Expect::excluded, "excluded"},
}};

scenario::CheckSchema synthesis_schema() {
  return CheckSchema("dns64.synthesis",
                     "AAAA for a name through the DNS64 resolver: synthesized with the right prefix and "
                     "embedding, or correctly not synthesized.")
      .rfc("RFC 6147 §5.1")
      .rfc("RFC 6147 §5.1.4")
      .rfc("RFC 6147 §5.1.7")
      .rfc("RFC 6147 §5.5")
      .rfc("RFC 6052 §2.2")
      .rfc("RFC 6052 §3.1")
      .field(Field::dns_name("name").req().describe("Name to query (AAAA, and A for the comparison)"))
      .field(Field::enumeration("expect", enum_names(kExpects))
                 .def("synthesized")
                 .describe("synthesized: IPv4-only name, AAAA must embed its A records; native: real AAAA "
                           "returned unchanged; nxdomain: passed through; excluded: only ::ffff:0:0/96 "
                           "AAAA exist, so synthesis is expected instead (RFC 6147 §5.1.4)"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("Prefix the synthesized AAAA must use; defaults to expect.pref64"))
      .field(Field::boolean("check_ttl")
                 .def("true")
                 .describe("Judge the synthesized TTL against the A TTL and the negative answer's SOA "
                           "minimum (RFC 6147 §5.1.7)"))
      .field(Field::boolean("dnssec_ok_cd")
                 .def("false")
                 .describe("Also query with DO+CD set: a validating DNS64 must not synthesize (RFC "
                           "6147 §5.5; info unless the resolver validates)"));
}

struct SynthesisParams {
  std::string name_text;  // as written (the label of results the engine makes)
  dns::Name name;
  Expect expect = Expect::synthesized;
  std::optional<Prefix> expected_prefix;
  bool check_ttl = true;
  bool dnssec_ok_cd = false;
};

SynthesisParams synthesis_params(const scenario::ParamValues& v) {
  SynthesisParams p;
  p.name_text = v.get_string("name");
  p.name = dns64::param_name(p.name_text);
  p.expect = enum_param(v, "expect", kExpects);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  p.check_ttl = v.get_bool("check_ttl");
  p.dnssec_ok_cd = v.get_bool("dnssec_ok_cd");
  return p;
}

CheckTargets synthesis_targets(const SynthesisParams& p) {
  return name_target(p.name_text);  // a lookup key: the queries go to the resolver
}

using dns64::Findings;

constexpr std::uint32_t kNoSoaTtlCap = 600;  // RFC 6147 §5.1.7
constexpr std::uint32_t kTtlSlack = 2;       // seconds of cache decay between our queries

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> lower_all(std::vector<std::string> v) {
  for (auto& s : v) s = lower(std::move(s));
  return v;
}

/// RFC 2308 §5: a negative answer lives min(SOA RR TTL, SOA MINIMUM). The RR TTL we see has decayed
/// in the resolver's cache (possibly more than the synthesized AAAA's), the MINIMUM field has not, so
/// the bound uses MINIMUM: it never reports a TTL as too large because of cache decay.
struct SoaTtl {
  std::uint32_t ttl = 0;
  std::uint32_t minimum = 0;
  std::string zone;
  [[nodiscard]] std::uint32_t negative() const { return minimum; }
};

std::optional<SoaTtl> soa_of(const dns::Message& m) {
  for (const auto* section : {&m.answers, &m.authority}) {
    for (const auto& rr : *section) {
      if (const auto* soa = std::get_if<dns::rdata::Soa>(&rr.data))
        return SoaTtl{rr.ttl, soa->minimum, rr.name.to_text()};
    }
  }
  return std::nullopt;
}

/// Where `v6` would embed one of `a` if it had been synthesized with another prefix (the wrong-prefix
/// diagnosis: "is under 2001:db8:65::/96").
std::optional<Prefix> other_prefix(const Ipv6Addr& v6, const std::vector<Ipv4Addr>& a) {
  if (!addr::u_octet_zero(v6)) return std::nullopt;
  for (int len : addr::kLegalLengths) {
    if (std::find(a.begin(), a.end(), addr::ipv4_at(len, v6)) != a.end())
      return Prefix::masked(IpAddr(v6), len);
  }
  return std::nullopt;
}

/// The synthesized-address rules for `aaaa` against the A records `a`.
void judge_synthesized(const CheckEnv& env, const Prefix& pref64, const std::vector<Ipv6Addr>& aaaa,
                       const std::vector<Ipv4Addr>& a, CheckResult& r, Findings& f) {
  auto embedded = nlohmann::json::object();
  std::vector<Ipv4Addr> covered;
  for (const auto& v6 : aaaa) {
    const std::string t = v6.to_string();
    if (!pref64.contains(IpAddr(v6))) {
      if (auto other = other_prefix(v6, a)) {
        f.add(Verdict::fail,
              "AAAA " + t + " is under " + other->to_string() + ", expected " + pref64.to_string(),
              "RFC 6147 §5.1.5");
      } else {
        f.add(Verdict::fail,
              "AAAA " + t + " is not under " + pref64.to_string() + " and embeds none of the A records [" +
                  dns64::join(dns64::texts(a)) + "]",
              "RFC 6147 §5.1.5");
      }
      continue;
    }
    if (!addr::u_octet_zero(v6)) {
      f.add(Verdict::fail, "AAAA " + t + " has a non-zero u-octet (bits 64-71)", "RFC 6052 §2.2");
      continue;
    }
    addr::Options mech;
    mech.enforce_wkp_global = false;  // judged separately below, with its own section
    auto x = addr::extract(pref64, v6, mech);
    if (!x) {
      f.add(Verdict::fail, "AAAA " + t + ": " + x.error().message, "RFC 6052 §2.2");
      continue;
    }
    embedded[t] = x->ipv4.to_string();
    bool usable = true;  // no MUST broken: only such an address is put to the allow-list gate
    if (x->suffix_nonzero) {
      f.add(Verdict::warn, "AAAA " + t + " has a non-zero suffix after the embedded IPv4 address",
            "RFC 6052 §2.2");
    }
    if (addr::classify(pref64) == addr::PrefixKind::well_known && !is_global(x->ipv4)) {
      f.add(Verdict::fail,
            "AAAA " + t + " uses the Well-Known Prefix 64:ff9b::/96 with the non-global IPv4 address " +
                x->ipv4.to_string(),
            "RFC 6052 §3.1");
      usable = false;
    }
    if (std::find(a.begin(), a.end(), x->ipv4) == a.end()) {
      f.add(Verdict::fail,
            "AAAA " + t + " embeds " + x->ipv4.to_string() + ", which is not among the A records [" +
                dns64::join(dns64::texts(a)) + "]",
            "RFC 6147 §5.1.5");
      usable = false;
    } else {
      covered.push_back(x->ipv4);
    }
    // Safety: the synthesized address and the IPv4 address behind it must be allowed.
    if (usable) {
      if (auto ok = check_destination(env, IpAddr(v6), pref64); !ok)
        f.add(Verdict::error, "refused by the allow-list: " + ok.error());
    }
  }
  r.observed["embedded_ipv4"] = std::move(embedded);
  std::vector<std::string> missing;
  for (const auto& v4 : a)
    if (std::find(covered.begin(), covered.end(), v4) == covered.end()) missing.push_back(v4.to_string());
  if (!missing.empty() && !covered.empty()) {
    r.observed["a_not_synthesized"] = missing;
    f.add(Verdict::warn, "no synthesized AAAA for A record(s) " + dns64::join(missing), "RFC 6147 §5.1.5");
  }
}

/// The AAAA answer through the DNS64 resolver, as the rules need it.
struct AaaaAnswer {
  dns::Rcode rcode = dns::Rcode::noerror;
  std::vector<Ipv6Addr> aaaa;
  std::optional<std::uint32_t> ttl;
  std::vector<std::string> chain;
};

AaaaAnswer read_aaaa(const dns::Message& m, CheckResult& r) {
  AaaaAnswer q{m.rcode(), aaaa_records(m), min_ttl(m, dns::RrType::aaaa), cname_chain(m)};
  r.observed["aaaa_rcode"] = dns::to_string(q.rcode);
  r.observed["aaaa"] = dns64::texts(q.aaaa);
  if (!q.chain.empty()) r.observed["aaaa_cname_chain"] = q.chain;
  return q;
}

/// expect nxdomain, RFC 6147 §5.1.2: the Name Error is passed through, nothing synthesized.
CheckOutcome judge_nxdomain(CheckResult r, const std::string& what_aaaa, const AaaaAnswer& q,
                            const std::optional<Prefix>& pref64) {
  if (q.rcode == dns::Rcode::nxdomain && q.aaaa.empty()) {
    return dns64::finish(std::move(r), Verdict::pass,
                         what_aaaa + " answered NXDOMAIN: the Name Error is passed through",
                         "RFC 6147 §5.1.2");
  }
  std::string got = dns::to_string(q.rcode);
  if (!q.aaaa.empty()) got += " with AAAA " + dns64::join(dns64::texts(q.aaaa));
  if (pref64 && std::any_of(q.aaaa.begin(), q.aaaa.end(),
                            [&](const Ipv6Addr& v) { return pref64->contains(IpAddr(v)); }))
    got += " (synthesized under " + pref64->to_string() + ")";
  return dns64::finish(std::move(r), Verdict::fail,
                       what_aaaa + " answered " + got + ", expected NXDOMAIN passed through",
                       "RFC 6147 §5.1.2");
}

/// Any other expectation needs NOERROR.
CheckOutcome judge_error_rcode(CheckResult r, const std::string& what_aaaa, const AaaaAnswer& q,
                               Expect expect) {
  const bool native = expect == Expect::native;
  return dns64::finish(std::move(r), Verdict::fail,
                       what_aaaa + " answered " + dns::to_string(q.rcode) + ", expected " +
                           (native ? "its AAAA records" : "synthesized AAAA records"),
                       native ? "RFC 6147 §5.1.1" : "RFC 6147 §5.1.4");
}

/// expect native, RFC 6147 §5.1.1: real AAAA returned, no synthetic AAAA added.
CheckOutcome judge_native(CheckResult r, const std::string& what_aaaa, const AaaaAnswer& q,
                          const Prefix& pref64) {
  if (q.aaaa.empty()) {
    return dns64::finish(std::move(r), Verdict::fail,
                         what_aaaa + " returned no AAAA records, expected the name's own AAAA",
                         "RFC 6147 §5.1.1");
  }
  std::vector<std::string> synth, real;
  for (const auto& v : q.aaaa) (pref64.contains(IpAddr(v)) ? synth : real).push_back(v.to_string());
  r.observed["synthesized"] = synth;
  if (!synth.empty()) {
    return dns64::finish(std::move(r), Verdict::fail,
                         what_aaaa + " returned synthesized AAAA " + dns64::join(synth) + " under " +
                             pref64.to_string() +
                             (real.empty() ? " instead of the name's real AAAA"
                                           : " next to the real AAAA " + dns64::join(real)) +
                             ": a DNS64 must not synthesize when real AAAA records exist",
                         "RFC 6147 §5.1.1");
  }
  return dns64::finish(std::move(r), Verdict::pass,
                       what_aaaa + " returned its real AAAA " + dns64::join(real) + " unchanged",
                       "RFC 6147 §5.1.1");
}

/// The A answer through the same resolver: what synthesis is compared with.
struct AAnswer {
  std::vector<Ipv4Addr> a;
  std::uint32_t ttl = 0;  // smallest A TTL (0 without A records)
  std::vector<std::string> chain;
};

AAnswer read_a(const dns::Message& m, CheckResult& r) {
  AAnswer q{a_records(m), min_ttl(m, dns::RrType::a).value_or(0), cname_chain(m)};
  r.observed["a"] = dns64::texts(q.a);
  r.observed["a_rcode"] = dns::to_string(m.rcode());
  if (!q.chain.empty()) r.observed["a_cname_chain"] = q.chain;
  return q;
}

/// expect synthesized / excluded: the AAAA answer against the A records. Records the findings and
/// returns the synthesized candidates (AAAA outside ::ffff:0:0/96 or under the prefix).
std::vector<Ipv6Addr> judge_against_a(const CheckEnv& env, const SynthesisParams& p, const Prefix& pref64,
                                      const AaaaAnswer& q, const AAnswer& a4, CheckResult& r, Findings& f) {
  std::vector<Ipv6Addr> candidates;
  std::vector<std::string> mapped;
  for (const auto& v : q.aaaa) {
    if (v.is_v4_mapped() && !pref64.contains(IpAddr(v))) {
      mapped.push_back(v.to_string());
    } else {
      candidates.push_back(v);
    }
  }
  if (!mapped.empty()) {
    r.observed["mapped"] = mapped;
    // RFC 6147 §5.1.4: ::ffff:0:0/96 SHOULD be in the exclusion set (treated as no AAAA).
    f.add(Verdict::warn,
          "AAAA " + dns64::join(mapped) +
              " is IPv4-mapped (::ffff:0:0/96) and was returned instead of being excluded and synthesized",
          "RFC 6147 §5.1.4");
  }
  if (!candidates.empty()) judge_synthesized(env, pref64, candidates, a4.a, r, f);
  if (candidates.empty() && p.expect == Expect::synthesized) {
    f.add(Verdict::fail, "no synthesized AAAA under " + pref64.to_string() + " for " + p.name.to_text(),
          "RFC 6147 §5.1.4");
  }
  // RFC 6147 §5.1.3: the CNAME/DNAME chain of the A answer is part of the synthesized answer.
  if (!a4.chain.empty() && lower_all(a4.chain) != lower_all(q.chain)) {
    f.add(Verdict::fail,
          "the A answer carries the CNAME chain " + dns64::join(a4.chain, " -> ") + " but the AAAA answer " +
              (q.chain.empty() ? std::string("has none") : "carries " + dns64::join(q.chain, " -> ")),
          "RFC 6147 §5.1.3");
  }
  return candidates;
}

/// RFC 6147 §5.1.7: TTL <= min(A TTL, SOA negative TTL), or min(A TTL, 600) without an SOA. The SOA is
/// fetched through the same resolver.
awaitable<void> judge_ttl(CheckEnv& env, const Deadline& deadline, const dns::Name& qname,
                          std::uint32_t aaaa_ttl, std::uint32_t a_ttl, CheckResult& r, Findings& f) {
  std::optional<SoaTtl> soa;
  DnsOutcome qs = co_await dns64::ask(env, r, deadline, qname, dns::RrType::soa, {}, "dns_soa");
  if (qs.ok()) soa = soa_of(*qs.message);
  const std::uint32_t bound = std::min(a_ttl, soa ? soa->negative() : kNoSoaTtlCap);
  nlohmann::json ttl = {{"aaaa", aaaa_ttl}, {"a", a_ttl}, {"bound", bound}, {"slack_s", kTtlSlack}};
  if (soa) {
    ttl["soa_zone"] = soa->zone;
    ttl["soa_ttl"] = soa->ttl;
    ttl["soa_minimum"] = soa->minimum;
    ttl["bound_source"] = "min(A TTL, SOA MINIMUM of the negative answer)";
  } else {
    ttl["bound_source"] = "min(A TTL, 600): no SOA through the resolver (" +
                          (qs.ok() ? std::string("answer without SOA") : describe_dns_failure(qs)) + ")";
  }
  r.observed["ttl"] = std::move(ttl);
  if (aaaa_ttl > bound + kTtlSlack) {
    f.add(Verdict::warn,
          "synthesized TTL " + std::to_string(aaaa_ttl) + " s is above " + std::to_string(bound) + " s = " +
              (soa ? "min(A TTL " + std::to_string(a_ttl) + ", SOA MINIMUM " +
                         std::to_string(soa->negative()) + ")"
                   : "min(A TTL " + std::to_string(a_ttl) + ", 600)"),
          "RFC 6147 §5.1.7");
  }
}

/// RFC 6147 §5.5: DO+CD -> a validating DNS64 returns the data unsynthesized. An outcome when the DO+CD
/// query got no answer (the check ends there).
awaitable<std::optional<CheckOutcome>> judge_dnssec_ok_cd(CheckEnv& env, const Deadline& deadline,
                                                          const dns::Name& qname, const Prefix& pref64,
                                                          CheckResult& r, Findings& f) {
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  QueryOptions dnssec_ok;
  dnssec_ok.do_bit = true;
  DnsOutcome qd = co_await dns64::ask(env, r, deadline, qname, dns::RrType::aaaa, docd, "dns_aaaa_do_cd");
  if (auto bad = dns64::not_an_answer(r, qd, "AAAA " + qname.to_text() + " with DO+CD"))
    co_return std::move(bad);
  DnsOutcome qv = co_await dns64::ask(env, r, deadline, qname, dns::RrType::a, dnssec_ok, "dns_a_do");
  const bool validates = qv.ok() && qv.message->header.ad;
  std::vector<std::string> synth;
  for (const auto& v : aaaa_records(*qd.message))
    if (pref64.contains(IpAddr(v))) synth.push_back(v.to_string());
  r.observed["do_cd"] = {{"aaaa", dns64::texts(aaaa_records(*qd.message))},
                         {"synthesized", !synth.empty()},
                         {"ad_on_do_query", validates}};
  const std::string seen =
      synth.empty() ? "was not synthesized" : "was synthesized (" + dns64::join(synth) + ")";
  if (validates && !synth.empty()) {
    f.add(Verdict::fail,
          "the resolver validates (AD set on a DO query) yet the DO+CD AAAA answer " + seen +
              ": a validating DNS64 must not synthesize when DO and CD are set",
          "RFC 6147 §5.5");
  } else if (!validates) {
    f.add(Verdict::info,
          "DO+CD AAAA answer " + seen +
              "; RFC 6147 §5.5 binds only a validating DNS64 and this resolver set no AD bit on a DO query "
              "(unsigned data, or not validating), so this is informational",
          "RFC 6147 §5.5");
  }
  co_return std::nullopt;
}

/// The reason of a synthesis without findings above info.
std::string pass_reason(const SynthesisParams& p, const Prefix& pref64,
                        const std::vector<Ipv6Addr>& candidates, const AAnswer& a4) {
  std::string reason = p.expect == Expect::excluded
                           ? "the ::ffff:0:0/96 AAAA was excluded and " + p.name.to_text() +
                                 " synthesized as " + dns64::join(dns64::texts(candidates)) + " under " +
                                 pref64.to_string()
                           : "AAAA " + dns64::join(dns64::texts(candidates)) + " synthesized under " +
                                 pref64.to_string() + " from A " + dns64::join(dns64::texts(a4.a));
  if (!a4.chain.empty()) reason += ", CNAME chain kept";
  return reason;
}

awaitable<CheckOutcome> run_dns64_synthesis(CheckEnv& env, const SynthesisParams& p,
                                            std::chrono::milliseconds budget) {
  const dns::Name& qname = p.name;
  const std::optional<Prefix> pref64 = expected_pref64(env, p.expected_prefix);
  const Deadline deadline(budget);

  CheckResult r;
  r.target = qname.to_text();
  r.family = Family::ipv6;
  if (env.resolver) r.addresses.resolver = env.resolver->to_string();
  r.observed["expect"] = std::string(enum_name(kExpects, p.expect));
  if (pref64) r.observed["expected_prefix"] = pref64->to_string();
  if (!pref64 && p.expect != Expect::nxdomain) {
    co_return dns64::finish(std::move(r), Verdict::error,
                            "no expected NAT64 prefix: set the check's expected_prefix or the scenario's "
                            "expect.pref64 to judge synthesis of " +
                                qname.to_text(),
                            std::nullopt);
  }

  // 1. The AAAA answer first: the synthesized TTL is then never younger than the A TTL seen next.
  const std::string what_aaaa = "AAAA " + qname.to_text();
  DnsOutcome qa = co_await dns64::ask(env, r, deadline, qname, dns::RrType::aaaa, {}, "dns_aaaa");
  if (auto bad = dns64::not_an_answer(r, qa, what_aaaa)) co_return std::move(*bad);
  const AaaaAnswer aaaa = read_aaaa(*qa.message, r);

  // 2. Expectations judged on the AAAA answer alone.
  if (p.expect == Expect::nxdomain) co_return judge_nxdomain(std::move(r), what_aaaa, aaaa, pref64);
  if (aaaa.rcode != dns::Rcode::noerror) co_return judge_error_rcode(std::move(r), what_aaaa, aaaa, p.expect);
  if (p.expect == Expect::native) co_return judge_native(std::move(r), what_aaaa, aaaa, *pref64);

  // 3. synthesized / excluded: the A answer through the same resolver.
  const std::string what_a = "A " + qname.to_text();
  DnsOutcome qv4 = co_await dns64::ask(env, r, deadline, qname, dns::RrType::a, {}, "dns_a");
  if (auto bad = dns64::not_an_answer(r, qv4, what_a)) co_return std::move(*bad);
  const AAnswer a4 = read_a(*qv4.message, r);
  if (a4.a.empty()) {
    co_return dns64::finish(std::move(r), Verdict::error,
                            what_a + " returned no A records (" + dns::to_string(qv4.message->rcode()) +
                                "): nothing to synthesize from, so synthesis cannot be judged",
                            std::nullopt);
  }
  if (aaaa.aaaa.empty()) {
    co_return dns64::finish(std::move(r), Verdict::fail,
                            "no synthesized AAAA for " + qname.to_text() +
                                " (NOERROR, no AAAA) although it has A " + dns64::join(dns64::texts(a4.a)),
                            "RFC 6147 §5.1.4");
  }

  // 4. The synthesized AAAA against the A records, then the optional rules.
  Findings f;
  const std::vector<Ipv6Addr> candidates = judge_against_a(env, p, *pref64, aaaa, a4, r, f);
  if (p.expect == Expect::synthesized && p.check_ttl && aaaa.ttl && !candidates.empty())
    co_await judge_ttl(env, deadline, qname, *aaaa.ttl, a4.ttl, r, f);
  if (p.dnssec_ok_cd) {
    std::optional<CheckOutcome> bad = co_await judge_dnssec_ok_cd(env, deadline, qname, *pref64, r, f);
    if (bad) co_return std::move(*bad);
  }

  // 5. The verdict: the most severe finding, or pass.
  co_return f.conclude(std::move(r), pass_reason(p, *pref64, candidates, a4),
                       p.expect == Expect::excluded ? "RFC 6147 §5.1.4" : "RFC 6147 §5.1.5");
}

// ---- the dns64.synthesis block
constexpr KindBlock<SynthesisParams> kBlock{
    .name = "dns64.synthesis",
    .schema = &synthesis_schema,
    .params = &synthesis_params,
    .targets = &synthesis_targets,
    .run = &run_dns64_synthesis,
};

}  // namespace

extern const CheckKind dns64_synthesis_kind = kind_of<kBlock>;

}  // namespace v6r::probe
