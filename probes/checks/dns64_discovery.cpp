// dns64.discovery: Discover the NAT64 prefix (RFC 7050 AAAA ipv4only.arpa, optionally RFC 8781 PREF64 in RAs)
// and compare it with the expected prefix.
//
// Verdicts: every candidate Pref64::/n found at any RFC 6052 position (RFC 7050 §3) is reported; the
// expected prefix among them -> pass; others only -> fail naming both; NODATA/NXDOMAIN -> fail (no
// DNS64, or discovery blocked); a found prefix that RFC 6052 §2.2 forbids -> fail; DNS trouble ->
// error (timeouts retryable). With no expected prefix configured, a valid discovered prefix passes.
#include <algorithm>

#include "core/check_kind.hpp"
#include "core/rfc6052.hpp"
#include "probes/check_params.hpp"
#include "probes/checks/dns64_common.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema discovery_schema() {
  return CheckSchema(std::string(check_kind::kDns64Discovery),
                     "Discover the NAT64 prefix (RFC 7050 AAAA ipv4only.arpa, optionally RFC 8781 PREF64 in "
                     "RAs) and compare it with the expected prefix.")
      .rfc("RFC 7050 §3")
      .rfc("RFC 8880")
      .rfc("RFC 8781 §4")
      .rfc("RFC 6052 §2.2")
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("Prefix the network must use; defaults to the scenario's expect.pref64"))
      .field(Field::dns_name("query_name")
                 .def("ipv4only.arpa")
                 .describe("Name whose AAAA answers carry 192.0.0.170/171 (RFC 7050 §2.2)"))
      .field(Field::boolean("check_ra")
                 .def("false")
                 .describe("Also listen for a Router Advertisement PREF64 option (RFC 8781) and "
                           "require agreement"))
      .field(Field::duration_ms("ra_wait_ms")
                 .max(600000)
                 .def("5000")
                 .describe("How long to wait for an RA when check_ra is true"))
      .field(scenario::resolver_field());
}

struct DiscoveryParams {
  std::string query_text;  // as written (the label of results the engine makes)
  dns::Name query_name;
  std::optional<Prefix> expected_prefix;
  bool check_ra = false;
};

DiscoveryParams discovery_params(const scenario::ParamValues& v) {
  DiscoveryParams p;
  p.query_text = v.get_string("query_name");
  p.query_name = dns64::param_name(p.query_text);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  p.check_ra = v.get_bool("check_ra");
  return p;
}

CheckTargets discovery_targets(const DiscoveryParams& p) {
  return name_target(p.query_text);  // a lookup key: the query goes to the resolver
}

awaitable<CheckOutcome> run_dns64_discovery(CheckEnv& env, const DiscoveryParams& params,
                                            std::chrono::milliseconds budget) {
  const dns::Name& qname = params.query_name;
  const std::optional<Prefix> expected = expected_pref64(env, params.expected_prefix);
  const Deadline deadline(budget);

  CheckResult r;
  r.target = qname.to_text();
  r.family = Family::ipv6;
  if (env.resolver) r.addresses.resolver = env.resolver->to_string();
  if (expected) r.observed["expected_prefix"] = expected->to_string();

  const std::string what = "AAAA " + qname.to_text();
  DnsOutcome o = co_await dns64::ask(env, r, deadline, qname, dns::RrType::aaaa, {}, "dns_aaaa");
  if (auto bad = dns64::not_an_answer(r, o, what)) co_return std::move(*bad);
  const dns::Message& m = *o.message;
  const auto rcode = m.rcode();
  r.observed["rcode"] = dns::to_string(rcode);
  const std::vector<Ipv6Addr> aaaa = aaaa_records(m);
  r.observed["answers"] = dns64::texts(aaaa);
  if (auto t = min_ttl(m, dns::RrType::aaaa)) r.observed["ttl"] = *t;
  if (auto chain = cname_chain(m); !chain.empty()) r.observed["cname_chain"] = chain;

  // RFC 7050 §3: the node learns nothing when the resolver does not synthesize for the WKN.
  if (rcode != dns::Rcode::noerror) {
    co_return dns64::finish(
        std::move(r), Verdict::fail,
        msg("check.discovery.rcode",
            {val("query", what), val("rcode", dns::to_string(rcode)), val("name", qname.to_text())}),
        "RFC 7050 §3");
  }
  if (aaaa.empty()) {
    co_return dns64::finish(std::move(r), Verdict::fail,
                            msg("check.discovery.no_aaaa", {val("name", qname.to_text())}), "RFC 7050 §3");
  }

  // RFC 7050 §3: 192.0.0.170/171 at each RFC 6052 position (u-octet zero).
  const addr::DiscoveryResult found = addr::discover_pref64(aaaa);
  std::vector<std::string> prefixes;
  for (const auto& p : found.prefixes) prefixes.push_back(p.to_string());
  r.observed["prefixes"] = prefixes;
  if (!found.notes.empty()) r.observed["notes"] = found.notes;
  if (found.prefixes.empty()) {
    co_return dns64::finish(
        std::move(r), Verdict::fail,
        msg("check.discovery.no_wka",
            {val("name", qname.to_text()), val("answers", dns64::join(dns64::texts(aaaa))),
             sub("notes", foreign(dns64::join(found.notes, "; ")))}),
        "RFC 7050 §3");
  }
  auto kinds = nlohmann::json::object();
  for (const auto& p : found.prefixes) kinds[p.to_string()] = std::string(addr::to_string(addr::classify(p)));
  r.observed["prefix_kinds"] = std::move(kinds);

  dns64::Findings findings;
  // RFC 6052 §2.2: a legal length and, for /96, a zero u-octet (discover_pref64 only finds such
  // positions, so this guards the arithmetic rather than the resolver).
  for (const auto& p : found.prefixes) {
    if (auto v = addr::validate_pref64(p); !v)
      findings.add(Verdict::fail,
                   msg("check.discovery.invalid",
                       {val("prefix", p.to_string()), sub("error", foreign(v.error().message))}),
                   "RFC 6052 §2.2");
  }
  if (params.check_ra) {
    r.observed["ra"] = "not checked here: RA PREF64 (RFC 8781) is judged by the v6only.ra kind";
  }

  const std::string found_text = dns64::join(prefixes);
  if (!expected) {
    co_return findings.conclude(
        std::move(r),
        msg("check.discovery.no_expected", {val("found", found_text), val("name", qname.to_text())}),
        "RFC 7050 §3");
  }
  const bool match =
      std::find(found.prefixes.begin(), found.prefixes.end(), *expected) != found.prefixes.end();
  r.observed["match"] = match;
  if (!match) {
    findings.add(Verdict::fail,
                 msg("check.discovery.mismatch",
                     {val("name", qname.to_text()), val("answers", dns64::join(dns64::texts(aaaa))),
                      val("found", found_text), val("expected", expected->to_string())}),
                 "RFC 7050 §3");
  }
  std::vector<MessageArg> pass_args{val("prefix", expected->to_string()), val("name", qname.to_text()),
                                    val("answers", dns64::join(dns64::texts(aaaa)))};
  if (found.prefixes.size() > 1) pass_args.push_back(val("found", found_text));
  const Msg pass_reason = msg(
      found.prefixes.size() > 1 ? "check.discovery.pass_also" : "check.discovery.pass", std::move(pass_args));
  co_return findings.conclude(std::move(r), pass_reason, "RFC 7050 §3");
}

// ---- the dns64.discovery block
constexpr KindBlock<DiscoveryParams> kBlock{
    .name = check_kind::kDns64Discovery,
    .schema = &discovery_schema,
    .params = &discovery_params,
    .targets = &discovery_targets,
    .run = &run_dns64_discovery,
};

}  // namespace

extern const CheckKind dns64_discovery_kind = kind_of<kBlock>;

}  // namespace v6r::probe
