// dns64.synthesis: AAAA for a name through the DNS64 resolver: synthesized with the right prefix and
// embedding, or correctly not synthesized — one sub-verdict per clause of RFC 6147 / RFC 6052.
//
// Clauses (result.clauses; strength MUST -> fail, SHOULD -> warn, MAY -> info; combined by the rule in
// clauses.hpp: the check's verdict is the most severe clause):
// - the answer clauses of dns64_synthesis_rules.hpp: nxdomain_kept, empty_kept, native_kept,
//   synthesis, prefix, embedding, wkp_global, mapped_excluded, cname_kept, allow_list;
// - ttl (RFC 6147 §5.1.7, warn): TTL <= min(A TTL, negative answer's SOA MINIMUM), or min(A TTL, 600)
//   without an SOA; a pass only when the sample separates a compliant resolver from one that ignores
//   the negative TTL, else the check waits for the cache to refresh within its deadline, else `info`
//   "cannot judge now" (dns64_ttl.hpp has the reasoning);
// - do_cd (RFC 6147 §5.5): a DO+CD query must not be synthesized by a *validating* DNS64 (fail);
//   binding only when the resolver shows that it validates (AD on a DO query), otherwise `info`.
//
// The run is a sequence of named stages (run_dns64_synthesis at the bottom): ask AAAA, judge the
// nxdomain and native expectations on it alone, ask A, judge the empty expectation or the
// synthesized AAAA against the A records, then the optional DO+CD and TTL clauses (the TTL last: it
// may wait), and conclude.
#include <algorithm>

#include "probes/check_params.hpp"
#include "probes/checks/clauses.hpp"
#include "probes/checks/dns64_common.hpp"
#include "probes/checks/dns64_synthesis_rules.hpp"
#include "probes/checks/dns64_ttl.hpp"

namespace v6r::probe {
namespace {

using dns64::AaaaAnswer;
using dns64::AAnswer;
using dns64::Expect;
using scenario::CheckSchema;
using scenario::Field;

constexpr EnumTable<Expect, 5> kExpects = {{
    {Expect::synthesized, "synthesized"},
    {Expect::native, "native"},
    {Expect::nxdomain, "nxdomain"},
    {Expect::excluded, "excluded"},
    {Expect::empty, "empty"},
}};

scenario::CheckSchema synthesis_schema() {
  return CheckSchema("dns64.synthesis",
                     "AAAA for a name through the DNS64 resolver: synthesized with the right prefix and "
                     "embedding, or correctly not synthesized; one sub-verdict per RFC 6147 clause.")
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
                           "AAAA exist, so synthesis is expected instead (RFC 6147 §5.1.4); empty: the name "
                           "exists with no A and no AAAA, the AAAA answer must be NOERROR and empty"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("Prefix the synthesized AAAA must use; defaults to expect.pref64"))
      .field(Field::boolean("check_ttl")
                 .def("true")
                 .describe("Judge the synthesized TTL against the A TTL and the negative answer's SOA "
                           "minimum (RFC 6147 §5.1.7); when the cache hides the difference, wait for it to "
                           "refresh within the deadline, else info"))
      .field(Field::boolean("dnssec_ok_cd")
                 .def("false")
                 .describe("Also query with DO+CD set: a validating DNS64 must not synthesize (RFC "
                           "6147 §5.5; info unless the resolver validates)"))
      .field(scenario::resolver_field());
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

/// An outcome that ends the check early (a query without an answer), keeping the clauses so far.
CheckOutcome with_clauses(CheckOutcome bad, const Clauses& c) {
  bad.result.clauses = c.combined();
  return bad;
}

/// The negative answer's SOA as seen through the resolver. RFC 2308 §5: a negative answer lives
/// min(SOA RR TTL, SOA MINIMUM); the RR TTL seen here has counted down in the cache, the MINIMUM
/// field has not, so the TTL clause bounds with MINIMUM (dns64_ttl.hpp).
struct SoaTtl {
  std::uint32_t ttl = 0;
  std::uint32_t minimum = 0;
  std::string zone;
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

std::uint32_t whole_seconds_between(std::chrono::steady_clock::time_point a,
                                    std::chrono::steady_clock::time_point b) {
  const auto d = std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
  return d <= 0 ? 0u : static_cast<std::uint32_t>((d + 999) / 1000);
}

nlohmann::json sample_json(const dns64::TtlSample& s) {
  return {{"aaaa", s.aaaa}, {"a", s.a}, {"gap_s", s.gap_s}};
}

constexpr auto kRequeryReserve = std::chrono::milliseconds(500);  // two queries after a wait
constexpr auto kPastExpiry = std::chrono::milliseconds(200);      // ask just after the expiry second
constexpr int kMaxTtlSamples = 3;  // the first, then at most two after a cache refresh

/// A second (or third) sample: AAAA then A again, after the wait. The answers are evidence in `r`
/// (timings dns_aaaa_refresh<n>, dns_a_refresh<n>), not the check's observed answer. A sentence when
/// there is no usable sample (no answer, nothing synthesized).
awaitable<Expected<dns64::TtlSample, Msg>> resample(CheckEnv& env, const Deadline& deadline,
                                                    const dns::Name& qname, const Prefix& pref64, int n,
                                                    CheckResult& r) {
  const std::string aaaa_label = "dns_aaaa_refresh" + std::to_string(n);
  const std::string a_label = "dns_a_refresh" + std::to_string(n);
  const QueryOptions opts{};
  DnsOutcome qa = co_await dns64::ask(env, r, deadline, qname, dns::RrType::aaaa, opts, aaaa_label);
  DnsOutcome qv = co_await dns64::ask(env, r, deadline, qname, dns::RrType::a, opts, a_label);
  if (!qa.ok() || !qv.ok()) co_return Unexpected{describe_dns_failure(!qa.ok() ? qa : qv)};
  CheckResult scratch;
  const AaaaAnswer q = dns64::read_aaaa(*qa.message, scratch);
  const AAnswer a = dns64::read_a(*qv.message, scratch);
  const bool synthesized = std::any_of(q.aaaa.begin(), q.aaaa.end(),
                                       [&](const Ipv6Addr& v) { return pref64.contains(IpAddr(v)); });
  if (!synthesized || !q.ttl || a.a.empty())
    co_return Unexpected{
        msg("check.ttl.resample_answer", {sub("answer", dns64::describe_answer(q, pref64)),
                                          val("a", "[" + dns64::join(dns64::texts(a.a)) + "]")})};
  co_return dns64::TtlSample{*q.ttl, a.ttl, whole_seconds_between(q.at, a.at)};
}

/// 16000 (deadline_ms): the deadline that leaves `wait` plus the re-queries and the reporting
/// margin, given what was spent: T - spent >= wait + reserve + max(100 ms, T / 10).
long long deadline_hint(const Deadline& deadline, std::chrono::milliseconds wait) {
  const auto spent = deadline.total() - deadline.left();
  const long long need = (wait + kRequeryReserve + spent).count();
  const long long t = std::max<long long>((need * 10 + 8) / 9, need + 100);
  return (t + 999) / 1000 * 1000;
}

/// The reasons each sample could not separate: "a; then b; then c".
std::vector<Msg> then_list(const std::vector<Msg>& undecided) {
  std::vector<Msg> out;
  for (std::size_t i = 0; i < undecided.size(); ++i)
    out.push_back(i == 0 ? undecided[i] : msg("check.ttl.then", {sub("why", undecided[i])}));
  return out;
}

/// The ttl clause (RFC 6147 §5.1.7; dns64_ttl.hpp): a sample, and while it cannot separate a
/// compliant resolver from one that ignores the negative TTL, another after the cached records that
/// hide the difference have expired — as long as the deadline allows, at most kMaxTtlSamples.
awaitable<void> judge_ttl(CheckEnv& env, const Deadline& deadline, const dns::Name& qname,
                          const Prefix& pref64, const AaaaAnswer& q, const AAnswer& a4, CheckResult& r,
                          Clauses& c) {
  static const std::string kRfc = "RFC 6147 §5.1.7";
  std::optional<SoaTtl> soa;
  DnsOutcome qs = co_await dns64::ask(env, r, deadline, qname, dns::RrType::soa, {}, "dns_soa");
  if (qs.ok()) soa = soa_of(*qs.message);
  const std::uint32_t negative = soa ? soa->minimum : dns64::kNoSoaTtlCap;
  const auto bound_text = [&](std::uint32_t a) {
    return soa ? msg("check.ttl.bound_soa", {val("a", a), val("minimum", negative)})
               : msg("check.ttl.bound_cap", {val("a", a)});
  };
  nlohmann::json ttl = {{"negative_bound", negative}};
  if (soa) {
    ttl["soa_zone"] = soa->zone;
    ttl["soa_ttl"] = soa->ttl;
    ttl["soa_minimum"] = soa->minimum;
    ttl["bound_source"] = "min(A TTL, SOA MINIMUM of the negative answer)";
  } else {
    ttl["bound_source"] = "min(A TTL, 600): no SOA through the resolver (" +
                          (qs.ok() ? std::string("answer without SOA") : english(describe_dns_failure(qs))) +
                          ")";
  }

  dns64::TtlSample s{*q.ttl, a4.ttl, whole_seconds_between(q.at, a4.at)};
  dns64::TtlJudgement j = dns64::judge_ttl_sample(s, negative);
  nlohmann::json samples = nlohmann::json::array({sample_json(s)});
  std::vector<Msg> undecided{j.why};  // why each sample could not separate
  std::chrono::milliseconds waited{0};
  std::optional<std::vector<Msg>> cannot;  // why the clause cannot be judged now
  for (int n = 2; j.outcome == dns64::TtlOutcome::undecided; ++n) {
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::seconds(j.refresh_in_s)) +
        kPastExpiry;
    const auto margin = std::max(std::chrono::milliseconds(100), deadline.total() / 10);
    if (n > kMaxTtlSamples) {
      cannot = then_list(undecided);
      break;
    }
    if (deadline.left() < wait + kRequeryReserve + margin) {
      cannot = then_list(undecided);
      cannot->push_back(
          msg("check.ttl.no_time", {val("refresh", j.refresh_in_s), val("left", deadline.left().count()),
                                    val("deadline", deadline_hint(deadline, wait))}));
      break;
    }
    co_await sleep_for(wait);
    waited += wait;
    auto next = co_await resample(env, deadline, qname, pref64, n, r);
    if (!next) {
      cannot = then_list(undecided);
      cannot->push_back(
          msg("check.ttl.after_wait", {val("seconds", j.refresh_in_s), sub("why", next.error())}));
      break;
    }
    const dns64::TtlSample prev = s;
    s = *next;
    j = dns64::judge_ttl_sample(s, negative);
    samples.push_back(sample_json(s));
    if (j.outcome == dns64::TtlOutcome::undecided && s.a > prev.a && s.a <= negative + j.slack) {
      // The A was fetched again and its full TTL is still not above the bound: never separable.
      cannot = std::vector<Msg>{msg("check.ttl.never", {val("a", s.a), val("bound", negative)})};
      break;
    }
    undecided.push_back(j.why);
  }
  ttl["samples"] = std::move(samples);
  if (waited.count() > 0) ttl["waited_ms"] = waited.count();
  ttl["aaaa"] = s.aaaa;
  ttl["a"] = s.a;
  ttl["bound"] = j.bound;
  ttl["slack_s"] = j.slack;
  if (cannot) {
    ttl["judged"] = "cannot judge now";
    if (j.outcome == dns64::TtlOutcome::undecided) ttl["refresh_in_s"] = j.refresh_in_s;
    r.observed["ttl"] = std::move(ttl);
    c.add("ttl", Verdict::info, msg("check.ttl.not_judged", {list("why", std::move(*cannot))}), kRfc);
    co_return;
  }
  const bool did_wait = waited.count() > 0;
  const auto with_wait = [&](std::string id, std::vector<MessageArg> args) {
    if (!did_wait) return msg(std::move(id), std::move(args));
    args.push_back(val("waited", waited.count()));
    args.push_back(sub("why", undecided.front()));
    return msg(std::move(id) + "_waited", std::move(args));
  };
  ttl["judged"] = j.outcome == dns64::TtlOutcome::too_large ? "too large" : "within the bound";
  r.observed["ttl"] = std::move(ttl);
  if (j.outcome == dns64::TtlOutcome::too_large) {
    c.add("ttl", Verdict::warn,
          with_wait("check.ttl.too_large",
                    {val("aaaa", s.aaaa), val("bound", j.bound), sub("formula", bound_text(s.a))}),
          kRfc);
  } else {
    c.add("ttl", Verdict::pass,
          with_wait("check.ttl.ok", {val("aaaa", s.aaaa), val("bound", j.bound),
                                     sub("formula", bound_text(s.a)), val("a", s.a)}),
          kRfc);
  }
}

/// The do_cd clause (RFC 6147 §5.5): DO+CD -> a validating DNS64 returns the data unsynthesized. An
/// outcome when the DO+CD query got no answer (the check ends there).
awaitable<std::optional<CheckOutcome>> judge_dnssec_ok_cd(CheckEnv& env, const Deadline& deadline,
                                                          const dns::Name& qname, const Prefix& pref64,
                                                          CheckResult& r, Clauses& c) {
  QueryOptions docd;
  docd.do_bit = docd.cd_bit = true;
  QueryOptions dnssec_ok;
  dnssec_ok.do_bit = true;
  DnsOutcome qd = co_await dns64::ask(env, r, deadline, qname, dns::RrType::aaaa, docd, "dns_aaaa_do_cd");
  if (auto bad = dns64::not_an_answer(r, qd, "AAAA " + qname.to_text() + " (DO+CD)"))
    co_return with_clauses(std::move(*bad), c);
  DnsOutcome qv = co_await dns64::ask(env, r, deadline, qname, dns::RrType::a, dnssec_ok, "dns_a_do");
  const bool validates = qv.ok() && qv.message->header.ad;
  std::vector<std::string> synth;
  for (const auto& v : aaaa_records(*qd.message))
    if (pref64.contains(IpAddr(v))) synth.push_back(v.to_string());
  r.observed["do_cd"] = {{"aaaa", dns64::texts(aaaa_records(*qd.message))},
                         {"synthesized", !synth.empty()},
                         {"ad_on_do_query", validates}};
  if (validates && !synth.empty()) {
    c.add("do_cd", Verdict::fail, msg("check.docd.synthesized", {val("aaaa", dns64::join(synth))}),
          "RFC 6147 §5.5");
  } else if (!validates) {
    c.add("do_cd", Verdict::info,
          synth.empty() ? msg("check.docd.not_validating")
                        : msg("check.docd.not_validating_synth", {val("aaaa", dns64::join(synth))}),
          "RFC 6147 §5.5");
  } else {
    c.add("do_cd", Verdict::pass, msg("check.docd.ok"), "RFC 6147 §5.5");
  }
  co_return std::nullopt;
}

/// The reason of a synthesis without clauses above info.
Msg pass_reason(const SynthesisParams& p, const Prefix& pref64, const std::vector<Ipv6Addr>& candidates,
                const AAnswer& a4) {
  const std::string chain = a4.chain.empty() ? "" : "_chain";
  if (p.expect == Expect::excluded)
    return msg("check.synth.pass_excluded" + chain,
               {val("name", p.name.to_text()), val("aaaa", dns64::join(dns64::texts(candidates))),
                val("prefix", pref64.to_string())});
  return msg("check.synth.pass" + chain,
             {val("aaaa", dns64::join(dns64::texts(candidates))), val("prefix", pref64.to_string()),
              val("a", dns64::join(dns64::texts(a4.a)))});
}

/// A check with one clause (nxdomain, native, empty): its reason is the check's.
CheckOutcome conclude_single(const Clauses& c, CheckResult r) {
  const auto all = c.combined();
  return c.conclude(std::move(r), all.front().reason_message.value_or(foreign(all.front().reason)),
                    all.front().rfc);
}

/// expect empty: the premise (the name exists with no A record and no AAAA of its own), then the
/// empty_kept clause. The premise failing is `error`: the scenario's expectation does not apply.
CheckOutcome judge_empty_expectation(const std::string& what_aaaa, const std::string& what_a,
                                     const AaaaAnswer& q, const AAnswer& a4, const Prefix& pref64,
                                     CheckResult r, Clauses& c) {
  if (a4.rcode != dns::Rcode::noerror) {
    return c.stop(
        std::move(r), Verdict::error,
        msg("check.synth.empty_rcode", {val("query", what_a), val("rcode", dns::to_string(a4.rcode))}),
        std::nullopt);
  }
  if (!a4.a.empty()) {
    return c.stop(
        std::move(r), Verdict::error,
        msg("check.synth.empty_has_a", {val("query", what_a), val("a", dns64::join(dns64::texts(a4.a)))}),
        std::nullopt);
  }
  std::vector<std::string> real;
  for (const auto& v : q.aaaa)
    if (!pref64.contains(IpAddr(v))) real.push_back(v.to_string());
  if (!real.empty()) {
    return c.stop(std::move(r), Verdict::error,
                  msg("check.synth.empty_has_aaaa", {val("query", what_aaaa), val("aaaa", dns64::join(real)),
                                                     val("prefix", pref64.to_string())}),
                  std::nullopt);
  }
  dns64::judge_empty(what_aaaa, q, pref64, c);
  return conclude_single(c, std::move(r));
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
                            msg("check.synth.no_prefix", {val("name", qname.to_text())}), std::nullopt);
  }

  // 1. The AAAA answer first: the synthesized TTL is then never younger than the A TTL seen next.
  const std::string what_aaaa = "AAAA " + qname.to_text();
  DnsOutcome qa = co_await dns64::ask(env, r, deadline, qname, dns::RrType::aaaa, {}, "dns_aaaa");
  if (auto bad = dns64::not_an_answer(r, qa, what_aaaa)) co_return std::move(*bad);
  const AaaaAnswer aaaa = dns64::read_aaaa(*qa.message, r);

  // 2. Expectations judged on the AAAA answer alone.
  Clauses c;
  if (p.expect == Expect::nxdomain) {
    dns64::judge_nxdomain(what_aaaa, aaaa, pref64, c);
    co_return conclude_single(c, std::move(r));
  }
  if (p.expect == Expect::native) {
    dns64::judge_native(what_aaaa, aaaa, *pref64, r, c);
    co_return conclude_single(c, std::move(r));
  }
  if (aaaa.rcode != dns::Rcode::noerror && p.expect != Expect::empty) {
    c.add("synthesis", Verdict::fail,
          msg("check.synth.rcode", {val("query", what_aaaa), val("rcode", dns::to_string(aaaa.rcode))}),
          "RFC 6147 §5.1.4");
    co_return conclude_single(c, std::move(r));
  }

  // 3. The A answer through the same resolver.
  const std::string what_a = "A " + qname.to_text();
  DnsOutcome qv4 = co_await dns64::ask(env, r, deadline, qname, dns::RrType::a, {}, "dns_a");
  if (auto bad = dns64::not_an_answer(r, qv4, what_a)) co_return std::move(*bad);
  const AAnswer a4 = dns64::read_a(*qv4.message, r);
  if (p.expect == Expect::empty)
    co_return judge_empty_expectation(what_aaaa, what_a, aaaa, a4, *pref64, std::move(r), c);
  if (a4.a.empty()) {
    co_return dns64::finish(
        std::move(r), Verdict::error,
        msg("check.synth.no_a", {val("query", what_a), val("rcode", dns::to_string(a4.rcode))}),
        std::nullopt);
  }

  // 4. The synthesized AAAA against the A records, then the optional clauses (the TTL last: it may wait).
  const std::vector<Ipv6Addr> candidates =
      dns64::judge_against_a(env, p.expect, qname, *pref64, aaaa, a4, r, c);
  if (p.dnssec_ok_cd) {
    std::optional<CheckOutcome> bad = co_await judge_dnssec_ok_cd(env, deadline, qname, *pref64, r, c);
    if (bad) co_return std::move(*bad);
  }
  if (p.expect == Expect::synthesized && p.check_ttl && aaaa.ttl && !candidates.empty())
    co_await judge_ttl(env, deadline, qname, *pref64, aaaa, a4, r, c);

  // 5. The verdict: the most severe clause, or pass.
  co_return c.conclude(std::move(r), pass_reason(p, *pref64, candidates, a4),
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
