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
              msg("check.synth.other_prefix",
                  {val("aaaa", t), val("prefix", other->to_string()), val("expected", pref64.to_string())}),
              "RFC 6147 §5.1.5");
      } else {
        c.add("prefix", Verdict::fail,
              msg("check.synth.not_under",
                  {val("aaaa", t), val("prefix", pref64.to_string()), val("a", a_list)}),
              "RFC 6147 §5.1.5");
      }
      continue;
    }
    c.add("prefix", Verdict::pass, msg("check.synth.prefix_ok", {val("prefix", pref64.to_string())}),
          "RFC 6147 §5.1.5");
    if (!addr::u_octet_zero(v6)) {
      c.add("embedding", Verdict::fail, msg("check.synth.u_octet", {val("aaaa", t)}), "RFC 6052 §2.2");
      continue;
    }
    addr::Options mech;
    mech.enforce_wkp_global = false;  // judged below as its own clause
    auto x = addr::extract(pref64, v6, mech);
    if (!x) {
      c.add("embedding", Verdict::fail,
            msg("check.synth.extract", {val("aaaa", t), sub("error", foreign(x.error().message))}),
            "RFC 6052 §2.2");
      continue;
    }
    embedded[t] = x->ipv4.to_string();
    bool usable = true;  // no MUST broken: only such an address is put to the allow-list gate
    if (x->suffix_nonzero) {
      c.add("embedding", Verdict::warn, msg("check.synth.suffix", {val("aaaa", t)}), "RFC 6052 §2.2");
    }
    if (wkp && !is_global(x->ipv4)) {
      c.add("wkp_global", Verdict::fail,
            msg("check.synth.wkp_local", {val("aaaa", t), val("ipv4", x->ipv4.to_string())}),
            "RFC 6052 §3.1");
      usable = false;
    } else if (wkp) {
      c.add("wkp_global", Verdict::pass, msg("check.synth.wkp_ok"), "RFC 6052 §3.1");
    }
    if (std::find(a.begin(), a.end(), x->ipv4) == a.end()) {
      c.add("embedding", Verdict::fail,
            msg("check.synth.embeds_other",
                {val("aaaa", t), val("ipv4", x->ipv4.to_string()), val("a", a_list)}),
            "RFC 6147 §5.1.5");
      usable = false;
    } else {
      covered.push_back(x->ipv4);
      c.add("embedding", Verdict::pass,
            msg("check.synth.embeds", {val("aaaa", t), val("ipv4", x->ipv4.to_string())}), "RFC 6052 §2.2");
    }
    // Safety: the synthesized address and the IPv4 address behind it must be allowed.
    if (usable) {
      if (auto ok = check_destination(env, IpAddr(v6), pref64); !ok)
        c.add("allow_list", Verdict::error, msg("check.synth.refused", {sub("why", ok.error())}));
    }
  }
  r.observed["embedded_ipv4"] = std::move(embedded);
  std::vector<std::string> missing;
  for (const auto& v4 : a)
    if (std::find(covered.begin(), covered.end(), v4) == covered.end()) missing.push_back(v4.to_string());
  if (!missing.empty() && !covered.empty()) {
    r.observed["a_not_synthesized"] = missing;
    c.add("embedding", Verdict::warn, msg("check.synth.missing", {val("a", join(missing))}),
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

MessageRef describe_answer(const AaaaAnswer& q, const std::optional<Prefix>& pref64) {
  const std::string rcode(dns::to_string(q.rcode));
  if (q.aaaa.empty())
    return msg(q.rcode == dns::Rcode::noerror ? "check.synth.answer_no_aaaa" : "check.synth.answer_rcode",
               {val("rcode", rcode)});
  if (pref64 && std::any_of(q.aaaa.begin(), q.aaaa.end(),
                            [&](const Ipv6Addr& v) { return pref64->contains(IpAddr(v)); }))
    return msg("check.synth.answer_synthesized",
               {val("rcode", rcode), val("aaaa", join(texts(q.aaaa))), val("prefix", pref64->to_string())});
  return msg("check.synth.answer_aaaa", {val("rcode", rcode), val("aaaa", join(texts(q.aaaa)))});
}

void judge_nxdomain(const std::string& what_aaaa, const AaaaAnswer& q, const std::optional<Prefix>& pref64,
                    Clauses& c) {
  if (q.rcode == dns::Rcode::nxdomain && q.aaaa.empty()) {
    c.add("nxdomain_kept", Verdict::pass, msg("check.synth.nxdomain_ok", {val("query", what_aaaa)}),
          "RFC 6147 §5.1.2");
    return;
  }
  c.add("nxdomain_kept", Verdict::fail,
        msg("check.synth.nxdomain_bad", {val("query", what_aaaa), sub("answer", describe_answer(q, pref64))}),
        "RFC 6147 §5.1.2");
}

void judge_native(const std::string& what_aaaa, const AaaaAnswer& q, const Prefix& pref64, CheckResult& r,
                  Clauses& c) {
  if (q.rcode != dns::Rcode::noerror) {
    c.add("native_kept", Verdict::fail,
          msg("check.synth.native_rcode", {val("query", what_aaaa), val("rcode", dns::to_string(q.rcode))}),
          "RFC 6147 §5.1.1");
    return;
  }
  if (q.aaaa.empty()) {
    c.add("native_kept", Verdict::fail, msg("check.synth.native_none", {val("query", what_aaaa)}),
          "RFC 6147 §5.1.1");
    return;
  }
  std::vector<std::string> synth, real;
  for (const auto& v : q.aaaa) (pref64.contains(IpAddr(v)) ? synth : real).push_back(v.to_string());
  r.observed["synthesized"] = synth;
  if (!synth.empty()) {
    c.add("native_kept", Verdict::fail,
          real.empty()
              ? msg("check.synth.native_synthesized",
                    {val("query", what_aaaa), val("synth", join(synth)), val("prefix", pref64.to_string())})
              : msg("check.synth.native_synthesized_next",
                    {val("query", what_aaaa), val("synth", join(synth)), val("prefix", pref64.to_string()),
                     val("real", join(real))}),
          "RFC 6147 §5.1.1");
    return;
  }
  c.add("native_kept", Verdict::pass,
        msg("check.synth.native_ok", {val("query", what_aaaa), val("real", join(real))}), "RFC 6147 §5.1.1");
}

void judge_empty(const std::string& what_aaaa, const AaaaAnswer& q, const Prefix& pref64, Clauses& c) {
  // RFC 6147 §5.1.4: "If this new A RR query results in an empty answer [...], then the empty result
  // [...] is used as the basis for the answer returned to the querying client."
  if (q.rcode == dns::Rcode::noerror && q.aaaa.empty()) {
    c.add("empty_kept", Verdict::pass, msg("check.synth.empty_ok", {val("query", what_aaaa)}),
          "RFC 6147 §5.1.4");
    return;
  }
  c.add("empty_kept", Verdict::fail,
        msg("check.synth.empty_bad", {val("query", what_aaaa), sub("answer", describe_answer(q, pref64))}),
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
    c.add("mapped_excluded", Verdict::warn, msg("check.synth.mapped", {val("aaaa", join(mapped))}),
          "RFC 6147 §5.1.4");
  } else if (expect == Expect::excluded) {
    c.add("mapped_excluded", Verdict::pass, msg("check.synth.mapped_ok"), "RFC 6147 §5.1.4");
  }
  // A DNS64 that keeps the ::ffff AAAA (the SHOULD above) answers with it and synthesizes nothing:
  // that is one finding, not two.
  if (expect == Expect::synthesized || mapped.empty()) {
    if (candidates.empty()) {
      c.add("synthesis", Verdict::fail,
            msg("check.synth.none", {val("prefix", pref64.to_string()), val("name", qname.to_text()),
                                     sub("answer", describe_answer(q, pref64)), val("a", join(texts(a4.a)))}),
            "RFC 6147 §5.1.4");
    } else {
      c.add("synthesis", Verdict::pass, msg("check.synth.ok", {val("name", qname.to_text())}),
            "RFC 6147 §5.1.4");
    }
  }
  if (!candidates.empty()) judge_synthesized(env, pref64, candidates, a4.a, r, c);
  // RFC 6147 §5.1.3: the CNAME/DNAME chain of the A answer is part of the synthesized answer.
  if (!a4.chain.empty()) {
    if (lower_all(a4.chain) != lower_all(q.chain)) {
      c.add("cname_kept", Verdict::fail,
            q.chain.empty() ? msg("check.synth.cname_lost", {val("chain", join(a4.chain, " -> "))})
                            : msg("check.synth.cname_differs", {val("chain", join(a4.chain, " -> ")),
                                                                val("aaaa_chain", join(q.chain, " -> "))}),
            "RFC 6147 §5.1.3");
    } else {
      c.add("cname_kept", Verdict::pass, msg("check.synth.cname_ok", {val("chain", join(a4.chain, " -> "))}),
            "RFC 6147 §5.1.3");
    }
  }
  return candidates;
}

}  // namespace v6r::probe::dns64
