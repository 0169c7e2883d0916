// The clauses of dns64.synthesis over received answers (see dns64_synthesis_rules.hpp).
#include "probes/checks/dns64_synthesis_rules.hpp"

#include <algorithm>
#include <cctype>

#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/dns64_common.hpp"

namespace v6r::probe::dns64 {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

std::vector<std::string> lower_all(std::vector<std::string> v) {
  for (auto& s : v) s = lower(std::move(s));
  return v;
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

/// The synthesized-address clauses (prefix, embedding, wkp_global, allow_list) for `aaaa` against
/// the A records `a`.
void judge_synthesized(const CheckEnv& env, const Prefix& pref64, const std::vector<Ipv6Addr>& aaaa,
                       const std::vector<Ipv4Addr>& a, CheckResult& r, Clauses& c) {
  auto embedded = nlohmann::json::object();
  std::vector<Ipv4Addr> covered;
  const bool wkp = addr::classify(pref64) == addr::PrefixKind::well_known;
  const std::string a_list = "[" + join(texts(a)) + "]";
  for (const auto& v6 : aaaa) {
    const std::string t = v6.to_string();
    if (!pref64.contains(IpAddr(v6))) {
      if (auto other = other_prefix(v6, a)) {
        c.add("prefix", Verdict::fail,
              "AAAA " + t + " is under " + other->to_string() + ", expected " + pref64.to_string(),
              "RFC 6147 §5.1.5");
      } else {
        c.add("prefix", Verdict::fail,
              "AAAA " + t + " is not under " + pref64.to_string() + " and embeds none of the A records " +
                  a_list,
              "RFC 6147 §5.1.5");
      }
      continue;
    }
    c.add("prefix", Verdict::pass, "every synthesized AAAA is under " + pref64.to_string(),
          "RFC 6147 §5.1.5");
    if (!addr::u_octet_zero(v6)) {
      c.add("embedding", Verdict::fail, "AAAA " + t + " has a non-zero u-octet (bits 64-71)",
            "RFC 6052 §2.2");
      continue;
    }
    addr::Options mech;
    mech.enforce_wkp_global = false;  // judged below as its own clause
    auto x = addr::extract(pref64, v6, mech);
    if (!x) {
      c.add("embedding", Verdict::fail, "AAAA " + t + ": " + x.error().message, "RFC 6052 §2.2");
      continue;
    }
    embedded[t] = x->ipv4.to_string();
    bool usable = true;  // no MUST broken: only such an address is put to the allow-list gate
    if (x->suffix_nonzero) {
      c.add("embedding", Verdict::warn,
            "AAAA " + t + " has a non-zero suffix after the embedded IPv4 address", "RFC 6052 §2.2");
    }
    if (wkp && !is_global(x->ipv4)) {
      c.add("wkp_global", Verdict::fail,
            "AAAA " + t + " uses the Well-Known Prefix 64:ff9b::/96 with the non-global IPv4 address " +
                x->ipv4.to_string(),
            "RFC 6052 §3.1");
      usable = false;
    } else if (wkp) {
      c.add("wkp_global", Verdict::pass, "the Well-Known Prefix embeds only global IPv4 addresses",
            "RFC 6052 §3.1");
    }
    if (std::find(a.begin(), a.end(), x->ipv4) == a.end()) {
      c.add("embedding", Verdict::fail,
            "AAAA " + t + " embeds " + x->ipv4.to_string() + ", which is not among the A records " + a_list,
            "RFC 6147 §5.1.5");
      usable = false;
    } else {
      covered.push_back(x->ipv4);
      c.add("embedding", Verdict::pass, "AAAA " + t + " embeds A " + x->ipv4.to_string() + " (u-octet zero)",
            "RFC 6052 §2.2");
    }
    // Safety: the synthesized address and the IPv4 address behind it must be allowed.
    if (usable) {
      if (auto ok = check_destination(env, IpAddr(v6), pref64); !ok)
        c.add("allow_list", Verdict::error, "refused by the allow-list: " + ok.error());
    }
  }
  r.observed["embedded_ipv4"] = std::move(embedded);
  std::vector<std::string> missing;
  for (const auto& v4 : a)
    if (std::find(covered.begin(), covered.end(), v4) == covered.end()) missing.push_back(v4.to_string());
  if (!missing.empty() && !covered.empty()) {
    r.observed["a_not_synthesized"] = missing;
    c.add("embedding", Verdict::warn, "no synthesized AAAA for A record(s) " + join(missing),
          "RFC 6147 §5.1.5");
  }
}

}  // namespace

AaaaAnswer read_aaaa(const dns::Message& m, CheckResult& r) {
  AaaaAnswer q{m.rcode(), aaaa_records(m), min_ttl(m, dns::RrType::aaaa), cname_chain(m),
               std::chrono::steady_clock::now()};
  r.observed["aaaa_rcode"] = dns::to_string(q.rcode);
  r.observed["aaaa"] = texts(q.aaaa);
  if (!q.chain.empty()) r.observed["aaaa_cname_chain"] = q.chain;
  return q;
}

AAnswer read_a(const dns::Message& m, CheckResult& r) {
  AAnswer q{m.rcode(), a_records(m), min_ttl(m, dns::RrType::a).value_or(0), cname_chain(m),
            std::chrono::steady_clock::now()};
  r.observed["a"] = texts(q.a);
  r.observed["a_rcode"] = dns::to_string(q.rcode);
  if (!q.chain.empty()) r.observed["a_cname_chain"] = q.chain;
  return q;
}

std::string describe_answer(const AaaaAnswer& q, const std::optional<Prefix>& pref64) {
  std::string got = dns::to_string(q.rcode);
  if (q.aaaa.empty()) return got + (q.rcode == dns::Rcode::noerror ? " with no AAAA" : "");
  got += " with AAAA " + join(texts(q.aaaa));
  if (pref64 && std::any_of(q.aaaa.begin(), q.aaaa.end(),
                            [&](const Ipv6Addr& v) { return pref64->contains(IpAddr(v)); }))
    got += " (synthesized under " + pref64->to_string() + ")";
  return got;
}

void judge_nxdomain(const std::string& what_aaaa, const AaaaAnswer& q, const std::optional<Prefix>& pref64,
                    Clauses& c) {
  if (q.rcode == dns::Rcode::nxdomain && q.aaaa.empty()) {
    c.add("nxdomain_kept", Verdict::pass, what_aaaa + " answered NXDOMAIN: the Name Error is passed through",
          "RFC 6147 §5.1.2");
    return;
  }
  c.add("nxdomain_kept", Verdict::fail,
        what_aaaa + " answered " + describe_answer(q, pref64) + ", expected NXDOMAIN passed through",
        "RFC 6147 §5.1.2");
}

void judge_native(const std::string& what_aaaa, const AaaaAnswer& q, const Prefix& pref64, CheckResult& r,
                  Clauses& c) {
  if (q.rcode != dns::Rcode::noerror) {
    c.add("native_kept", Verdict::fail,
          what_aaaa + " answered " + dns::to_string(q.rcode) + ", expected its AAAA records",
          "RFC 6147 §5.1.1");
    return;
  }
  if (q.aaaa.empty()) {
    c.add("native_kept", Verdict::fail, what_aaaa + " returned no AAAA records, expected the name's own AAAA",
          "RFC 6147 §5.1.1");
    return;
  }
  std::vector<std::string> synth, real;
  for (const auto& v : q.aaaa) (pref64.contains(IpAddr(v)) ? synth : real).push_back(v.to_string());
  r.observed["synthesized"] = synth;
  if (!synth.empty()) {
    c.add("native_kept", Verdict::fail,
          what_aaaa + " returned synthesized AAAA " + join(synth) + " under " + pref64.to_string() +
              (real.empty() ? " instead of the name's real AAAA" : " next to the real AAAA " + join(real)) +
              ": a DNS64 must not synthesize when real AAAA records exist",
          "RFC 6147 §5.1.1");
    return;
  }
  c.add("native_kept", Verdict::pass, what_aaaa + " returned its real AAAA " + join(real) + " unchanged",
        "RFC 6147 §5.1.1");
}

void judge_empty(const std::string& what_aaaa, const AaaaAnswer& q, const Prefix& pref64, Clauses& c) {
  // RFC 6147 §5.1.4: "If this new A RR query results in an empty answer [...], then the empty result
  // [...] is used as the basis for the answer returned to the querying client."
  if (q.rcode == dns::Rcode::noerror && q.aaaa.empty()) {
    c.add("empty_kept", Verdict::pass,
          what_aaaa +
              " answered NOERROR with an empty answer: nothing synthesized for a name without A records",
          "RFC 6147 §5.1.4");
    return;
  }
  c.add("empty_kept", Verdict::fail,
        what_aaaa + " answered " + describe_answer(q, pref64) +
            " for a name with no A and no AAAA records, expected NOERROR with an empty answer",
        "RFC 6147 §5.1.4");
}

std::vector<Ipv6Addr> judge_against_a(const CheckEnv& env, Expect expect, const dns::Name& qname,
                                      const Prefix& pref64, const AaaaAnswer& q, const AAnswer& a4,
                                      CheckResult& r, Clauses& c) {
  std::vector<Ipv6Addr> candidates;
  std::vector<std::string> mapped;
  for (const auto& v : q.aaaa) {
    if (v.is_v4_mapped() && !pref64.contains(IpAddr(v))) {
      mapped.push_back(v.to_string());
    } else {
      candidates.push_back(v);
    }
  }
  // RFC 6147 §5.1.4: ::ffff:0:0/96 SHOULD be in the exclusion set (treated as no AAAA).
  if (!mapped.empty()) {
    r.observed["mapped"] = mapped;
    c.add("mapped_excluded", Verdict::warn,
          "AAAA " + join(mapped) +
              " is IPv4-mapped (::ffff:0:0/96) and was returned instead of being excluded and synthesized",
          "RFC 6147 §5.1.4");
  } else if (expect == Expect::excluded) {
    c.add("mapped_excluded", Verdict::pass, "the ::ffff:0:0/96 AAAA was excluded (not returned)",
          "RFC 6147 §5.1.4");
  }
  // A DNS64 that keeps the ::ffff AAAA (the SHOULD above) answers with it and synthesizes nothing:
  // that is one finding, not two.
  if (expect == Expect::synthesized || mapped.empty()) {
    if (candidates.empty()) {
      c.add("synthesis", Verdict::fail,
            "no synthesized AAAA under " + pref64.to_string() + " for " + qname.to_text() + " (" +
                describe_answer(q, pref64) + ") although it has A " + join(texts(a4.a)),
            "RFC 6147 §5.1.4");
    } else {
      c.add("synthesis", Verdict::pass,
            "AAAA synthesized for " + qname.to_text() + ", which has only A records", "RFC 6147 §5.1.4");
    }
  }
  if (!candidates.empty()) judge_synthesized(env, pref64, candidates, a4.a, r, c);
  // RFC 6147 §5.1.3: the CNAME/DNAME chain of the A answer is part of the synthesized answer.
  if (!a4.chain.empty()) {
    if (lower_all(a4.chain) != lower_all(q.chain)) {
      c.add("cname_kept", Verdict::fail,
            "the A answer carries the CNAME chain " + join(a4.chain, " -> ") + " but the AAAA answer " +
                (q.chain.empty() ? std::string("has none") : "carries " + join(q.chain, " -> ")),
            "RFC 6147 §5.1.3");
    } else {
      c.add("cname_kept", Verdict::pass, "the CNAME chain " + join(a4.chain, " -> ") + " is kept",
            "RFC 6147 §5.1.3");
    }
  }
  return candidates;
}

}  // namespace v6r::probe::dns64
