// dns64.synthesis: AAAA for a name through the DNS64 resolver: synthesized with the right prefix and
// embedding, or correctly not synthesized.
//
// Rules and their strength (DESIGN.md: MUST -> fail, SHOULD -> warn, MAY -> info):
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
#include <algorithm>
#include <cctype>

#include "core/rfc6052.hpp"
#include "probes/checks/dns64_common.hpp"
#include "probes/checks/registry.hpp"

namespace v6r::probe {

using scenario::CheckSchema;
using scenario::Field;

void register_dns64_synthesis(scenario::CheckSchemaRegistry& r) {
  r.add(CheckSchema("dns64.synthesis",
                    "AAAA for a name through the DNS64 resolver: synthesized with the right prefix and "
                    "embedding, or correctly not synthesized.")
            .rfc("RFC 6147 §5.1")
            .rfc("RFC 6147 §5.1.4")
            .rfc("RFC 6147 §5.1.7")
            .rfc("RFC 6147 §5.5")
            .rfc("RFC 6052 §2.2")
            .rfc("RFC 6052 §3.1")
            .field(Field::dns_name("name").req().describe("Name to query (AAAA, and A for the comparison)"))
            .field(
                Field::enumeration("expect", {"synthesized", "native", "nxdomain", "excluded"})
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
                                 "6147 §5.5; info unless the resolver validates)")));
}

namespace {

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
  for (int len : {96, 64, 56, 48, 40, 32}) {
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
    // DESIGN.md Safety: the synthesized address and the IPv4 address behind it must be allowed.
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

}  // namespace

awaitable<CheckOutcome> run_dns64_synthesis(CheckEnv& env, const scenario::Check& check,
                                            std::chrono::milliseconds deadline) {
  const dns::Name qname = dns64::param_name(check.params.get_string("name"));
  const std::string expect = check.params.get_string("expect");
  const std::optional<Prefix> pref64 = expected_pref64(env, check);
  dns64::Budget budget(deadline);

  CheckResult r;
  r.target = qname.to_text();
  r.family = Family::ipv6;
  if (env.resolver) r.addresses.resolver = env.resolver->to_string();
  r.observed["expect"] = expect;
  if (pref64) r.observed["expected_prefix"] = pref64->to_string();

  if (!pref64 && expect != "nxdomain") {
    co_return dns64::finish(std::move(r), Verdict::error,
                            "no expected NAT64 prefix: set the check's expected_prefix or the scenario's "
                            "expect.pref64 to judge synthesis of " +
                                qname.to_text(),
                            std::nullopt);
  }

  // The AAAA answer first: the synthesized TTL is then never younger than the A TTL seen next.
  const std::string what_aaaa = "AAAA " + qname.to_text();
  DnsOutcome qa = co_await dns64::ask(env, r, budget, qname, dns::RrType::aaaa, {}, "dns_aaaa");
  if (auto bad = dns64::not_an_answer(r, qa, what_aaaa)) co_return std::move(*bad);
  const dns::Message& am = *qa.message;
  const dns::Rcode arcode = am.rcode();
  const std::vector<Ipv6Addr> aaaa = aaaa_records(am);
  r.observed["aaaa_rcode"] = dns::to_string(arcode);
  r.observed["aaaa"] = dns64::texts(aaaa);
  const std::optional<std::uint32_t> aaaa_ttl = min_ttl(am, dns::RrType::aaaa);
  const std::vector<std::string> aaaa_chain = cname_chain(am);
  if (!aaaa_chain.empty()) r.observed["aaaa_cname_chain"] = aaaa_chain;

  Findings f;

  // ---- nxdomain: RFC 6147 §5.1.2, the Name Error is passed through, nothing synthesized.
  if (expect == "nxdomain") {
    if (arcode == dns::Rcode::nxdomain && aaaa.empty()) {
      co_return dns64::finish(std::move(r), Verdict::pass,
                              what_aaaa + " answered NXDOMAIN: the Name Error is passed through",
                              "RFC 6147 §5.1.2");
    }
    std::string got = dns::to_string(arcode);
    if (!aaaa.empty()) got += " with AAAA " + dns64::join(dns64::texts(aaaa));
    if (pref64 &&
        std::any_of(aaaa.begin(), aaaa.end(), [&](const Ipv6Addr& v) { return pref64->contains(IpAddr(v)); }))
      got += " (synthesized under " + pref64->to_string() + ")";
    co_return dns64::finish(std::move(r), Verdict::fail,
                            what_aaaa + " answered " + got + ", expected NXDOMAIN passed through",
                            "RFC 6147 §5.1.2");
  }

  if (arcode != dns::Rcode::noerror) {
    co_return dns64::finish(std::move(r), Verdict::fail,
                            what_aaaa + " answered " + dns::to_string(arcode) + ", expected " +
                                (expect == "native" ? "its AAAA records" : "synthesized AAAA records"),
                            expect == "native" ? "RFC 6147 §5.1.1" : "RFC 6147 §5.1.4");
  }

  // ---- native: RFC 6147 §5.1.1, real AAAA returned, no synthetic AAAA added.
  if (expect == "native") {
    if (aaaa.empty()) {
      co_return dns64::finish(std::move(r), Verdict::fail,
                              what_aaaa + " returned no AAAA records, expected the name's own AAAA",
                              "RFC 6147 §5.1.1");
    }
    std::vector<std::string> synth, real;
    for (const auto& v : aaaa) (pref64->contains(IpAddr(v)) ? synth : real).push_back(v.to_string());
    r.observed["synthesized"] = synth;
    if (!synth.empty()) {
      co_return dns64::finish(std::move(r), Verdict::fail,
                              what_aaaa + " returned synthesized AAAA " + dns64::join(synth) + " under " +
                                  pref64->to_string() +
                                  (real.empty() ? " instead of the name's real AAAA"
                                                : " next to the real AAAA " + dns64::join(real)) +
                                  ": a DNS64 must not synthesize when real AAAA records exist",
                              "RFC 6147 §5.1.1");
    }
    co_return dns64::finish(std::move(r), Verdict::pass,
                            what_aaaa + " returned its real AAAA " + dns64::join(real) + " unchanged",
                            "RFC 6147 §5.1.1");
  }

  // ---- synthesized / excluded: compare with the A answer through the same resolver.
  const std::string what_a = "A " + qname.to_text();
  DnsOutcome qv4 = co_await dns64::ask(env, r, budget, qname, dns::RrType::a, {}, "dns_a");
  if (auto bad = dns64::not_an_answer(r, qv4, what_a)) co_return std::move(*bad);
  const dns::Message& v4m = *qv4.message;
  const std::vector<Ipv4Addr> a = a_records(v4m);
  r.observed["a"] = dns64::texts(a);
  r.observed["a_rcode"] = dns::to_string(v4m.rcode());
  const std::vector<std::string> a_chain = cname_chain(v4m);
  if (!a_chain.empty()) r.observed["a_cname_chain"] = a_chain;
  if (a.empty()) {
    co_return dns64::finish(std::move(r), Verdict::error,
                            what_a + " returned no A records (" + dns::to_string(v4m.rcode()) +
                                "): nothing to synthesize from, so synthesis cannot be judged",
                            std::nullopt);
  }

  if (aaaa.empty()) {
    co_return dns64::finish(std::move(r), Verdict::fail,
                            "no synthesized AAAA for " + qname.to_text() +
                                " (NOERROR, no AAAA) although it has A " + dns64::join(dns64::texts(a)),
                            "RFC 6147 §5.1.4");
  }

  std::vector<Ipv6Addr> candidates;
  std::vector<std::string> mapped;
  for (const auto& v : aaaa) {
    if (v.is_v4_mapped() && !pref64->contains(IpAddr(v))) {
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
  if (!candidates.empty()) judge_synthesized(env, *pref64, candidates, a, r, f);
  if (candidates.empty() && expect == "synthesized") {
    f.add(Verdict::fail, "no synthesized AAAA under " + pref64->to_string() + " for " + qname.to_text(),
          "RFC 6147 §5.1.4");
  }

  // RFC 6147 §5.1.3: the CNAME/DNAME chain of the A answer is part of the synthesized answer.
  if (!a_chain.empty() && lower_all(a_chain) != lower_all(aaaa_chain)) {
    f.add(Verdict::fail,
          "the A answer carries the CNAME chain " + dns64::join(a_chain, " -> ") + " but the AAAA answer " +
              (aaaa_chain.empty() ? std::string("has none") : "carries " + dns64::join(aaaa_chain, " -> ")),
          "RFC 6147 §5.1.3");
  }

  // RFC 6147 §5.1.7: TTL <= min(A TTL, SOA negative TTL), or min(A TTL, 600) without an SOA.
  if (expect == "synthesized" && check.params.get_bool("check_ttl") && aaaa_ttl && !candidates.empty()) {
    const std::uint32_t a_ttl = min_ttl(v4m, dns::RrType::a).value_or(0);
    std::optional<SoaTtl> soa;
    DnsOutcome qs = co_await dns64::ask(env, r, budget, qname, dns::RrType::soa, {}, "dns_soa");
    if (qs.ok()) soa = soa_of(*qs.message);
    const std::uint32_t bound = std::min(a_ttl, soa ? soa->negative() : kNoSoaTtlCap);
    nlohmann::json ttl = {{"aaaa", *aaaa_ttl}, {"a", a_ttl}, {"bound", bound}, {"slack_s", kTtlSlack}};
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
    if (*aaaa_ttl > bound + kTtlSlack) {
      f.add(Verdict::warn,
            "synthesized TTL " + std::to_string(*aaaa_ttl) + " s is above " + std::to_string(bound) +
                " s = " +
                (soa ? "min(A TTL " + std::to_string(a_ttl) + ", SOA MINIMUM " +
                           std::to_string(soa->negative()) + ")"
                     : "min(A TTL " + std::to_string(a_ttl) + ", 600)"),
            "RFC 6147 §5.1.7");
    }
  }

  // RFC 6147 §5.5: DO+CD -> a validating DNS64 returns the data unsynthesized.
  if (check.params.get_bool("dnssec_ok_cd")) {
    QueryOptions docd;
    docd.do_bit = docd.cd_bit = true;
    QueryOptions dnssec_ok;
    dnssec_ok.do_bit = true;
    DnsOutcome qd = co_await dns64::ask(env, r, budget, qname, dns::RrType::aaaa, docd, "dns_aaaa_do_cd");
    if (auto bad = dns64::not_an_answer(r, qd, "AAAA " + qname.to_text() + " with DO+CD"))
      co_return std::move(*bad);
    DnsOutcome qv = co_await dns64::ask(env, r, budget, qname, dns::RrType::a, dnssec_ok, "dns_a_do");
    const bool validates = qv.ok() && qv.message->header.ad;
    std::vector<std::string> synth;
    for (const auto& v : aaaa_records(*qd.message))
      if (pref64->contains(IpAddr(v))) synth.push_back(v.to_string());
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
  }

  std::string pass_reason = expect == "excluded"
                                ? "the ::ffff:0:0/96 AAAA was excluded and " + qname.to_text() +
                                      " synthesized as " + dns64::join(dns64::texts(candidates)) + " under " +
                                      pref64->to_string()
                                : "AAAA " + dns64::join(dns64::texts(candidates)) + " synthesized under " +
                                      pref64->to_string() + " from A " + dns64::join(dns64::texts(a));
  if (!a_chain.empty()) pass_reason += ", CNAME chain kept";
  co_return f.conclude(std::move(r), pass_reason,
                       expect == "excluded" ? "RFC 6147 §5.1.4" : "RFC 6147 §5.1.5");
}

}  // namespace v6r::probe
