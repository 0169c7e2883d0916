#include "probes/check_util.hpp"

#include <algorithm>
#include <variant>

#include "core/rfc6052.hpp"
#include "probes/checks/service_common.hpp"

namespace v6r::probe {

CheckOutcome verdict(Verdict v, Msg reason, std::optional<std::string> rfc) {
  CheckOutcome o;
  o.result.verdict = v;
  set_reason(o.result, std::move(reason));
  o.result.rfc = std::move(rfc);
  return o;
}

void set_verdict(CheckOutcome& out, Verdict v, Msg reason, std::optional<std::string> rfc, bool retryable) {
  out.result.verdict = v;
  set_reason(out.result, std::move(reason));
  out.result.rfc = std::move(rfc);
  out.retryable = retryable;
}

double ms(std::chrono::microseconds d) {
  return static_cast<double>(d.count()) / 1000.0;
}

IpAddr from_asio(const asio::ip::address& a) {
  if (a.is_v4()) return Ipv4Addr{a.to_v4().to_bytes()};
  return Ipv6Addr{a.to_v6().to_bytes()};
}

Endpoint to_endpoint(const IpAddr& a, std::uint16_t port) {
  if (a.is_v4()) return Endpoint{asio::ip::address_v4(a.v4().bytes), port};
  return Endpoint{asio::ip::address_v6(a.v6().bytes), port};
}

namespace {

/// The DNS flow of `r` with this 5-tuple, added when absent.
v6r::Flow& dns_flow(CheckResult& r, const std::string& proto, const Endpoint& local,
                    const Endpoint& resolver) {
  const std::string src = local.address.to_string(), dst = resolver.address.to_string();
  for (auto& f : r.evidence.flows)
    if (!f.dns_ids.empty() && f.proto == proto && f.src == src && f.sport == local.port && f.dst == dst &&
        f.dport == resolver.port)
      return f;
  r.evidence.flows.push_back(v6r::Flow{proto, src, local.port, dst, resolver.port, {}, false});
  return r.evidence.flows.back();
}

void add_id(std::vector<std::uint16_t>& ids, std::uint16_t id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

}  // namespace

void note_dns(CheckResult& r, const DnsOutcome& o, const std::string& timing_name) {
  if (o.resolver) {
    r.addresses.resolver = o.resolver->address.to_string();
    if (o.query_id) {
      add_id(r.evidence.dns_ids, *o.query_id);
      // (id, 5-tuple) for every socket the query went out on: the resolver socket is shared by every
      // check, so the id picks this check's messages from it.
      std::vector<DnsLeg> legs = o.legs;
      if (legs.empty() && o.local) legs.push_back(DnsLeg{o.transport, *o.local, *o.resolver});
      for (const auto& leg : legs)
        add_id(dns_flow(r, leg.transport, leg.local, leg.resolver).dns_ids, *o.query_id);
    }
    if (o.local && !r.addresses.local) r.addresses.local = o.local->address.to_string();
  }
  r.timings_ms[timing_name] = static_cast<double>(o.rtt.count()) / 1000.0;
}

void note_flow(CheckResult& r, const std::string& proto, const std::optional<Endpoint>& local,
               const Endpoint& remote, bool deliberate) {
  const std::string dst = remote.address.to_string();
  if (std::find(r.addresses.remote.begin(), r.addresses.remote.end(), dst) == r.addresses.remote.end())
    r.addresses.remote.push_back(dst);
  v6r::Flow f{proto, "", 0, dst, remote.port, {}, deliberate};
  if (local) {
    f.src = local->address.to_string();
    f.sport = local->port;
    // ICMP echo: the identifier is both "ports" (core/result.hpp Flow).
    if (proto == "icmpv6" || proto == "icmp") f.dport = local->port;
    if (!r.addresses.local) r.addresses.local = f.src;
  }
  r.evidence.flows.push_back(std::move(f));
}

std::vector<Ipv6Addr> aaaa_records(const dns::Message& m) {
  std::vector<Ipv6Addr> out;
  for (const auto& rr : m.answers)
    if (const auto* a = std::get_if<dns::rdata::Aaaa>(&rr.data)) out.push_back(Ipv6Addr{a->address});
  return out;
}

std::vector<Ipv4Addr> a_records(const dns::Message& m) {
  std::vector<Ipv4Addr> out;
  for (const auto& rr : m.answers)
    if (const auto* a = std::get_if<dns::rdata::A>(&rr.data)) out.push_back(Ipv4Addr{a->address});
  return out;
}

std::vector<std::string> cname_chain(const dns::Message& m) {
  std::vector<std::string> out;
  for (const auto& rr : m.answers) {
    if (rr.type != dns::RrType::cname) continue;
    if (const auto* d = std::get_if<dns::rdata::Domain>(&rr.data)) {
      if (out.empty()) out.push_back(rr.name.to_text());
      out.push_back(d->name.to_text());
    }
  }
  return out;
}

std::optional<std::uint32_t> min_ttl(const dns::Message& m, dns::RrType type) {
  std::optional<std::uint32_t> best;
  for (const auto& rr : m.answers)
    if (rr.type == type) best = best ? std::min(*best, rr.ttl) : rr.ttl;
  return best;
}

std::optional<Prefix> expected_pref64(const CheckEnv& env, const std::optional<Prefix>& own) {
  return own ? own : env.scenario.expect.pref64;
}

CheckTargets name_target(const std::string& name) {
  return CheckTargets{name, {}};
}

CheckTargets address_target(const IpAddr& address) {
  return CheckTargets{address.to_string(), {LiteralTarget{"address", address}}};
}

CheckTargets url_target(const std::string& url) {
  CheckTargets t{url, {}};
  if (auto u = svc::parse_http_url(url); u && u->literal)
    t.literals.push_back(LiteralTarget{"url", *u->literal});
  return t;
}

namespace {

/// Why the allow list refuses `a` (AllowList::check said no).
Msg refusal(const CheckEnv& env, const IpAddr& a) {
  if (env.allow.describe() == "[]") return msg("check.allow.empty", {val("address", a.to_string())});
  return msg("check.allow.outside", {val("address", a.to_string()), val("allowed", env.allow.describe())});
}

}  // namespace

Expected<Ok, Msg> check_destination(const CheckEnv& env, const IpAddr& dest,
                                    const std::optional<Prefix>& pref64) {
  if (pref64 && dest.is_v6() && pref64->contains(dest)) {
    if (!env.allow.check(dest))
      return Unexpected{msg("check.allow.synthesized", {sub("why", refusal(env, dest))})};
    auto ex = addr::extract(*pref64, dest.v6());
    if (!ex)
      return Unexpected{msg("check.allow.no_embedded",
                            {val("address", dest.to_string()), val("prefix", pref64->to_string()),
                             val("error", ex.error().message)})};
    if (!env.allow.check(IpAddr(ex->ipv4)))
      return Unexpected{msg("check.allow.embedded_outside",
                            {val("ipv4", ex->ipv4.to_string()), val("address", dest.to_string()),
                             val("prefix", pref64->to_string()), val("allowed", env.allow.describe())})};
    return Ok{};
  }
  if (!env.allow.check(dest)) return Unexpected{refusal(env, dest)};
  return Ok{};
}

awaitable<DnsOutcome> rate_limited_query(CheckEnv& env, const dns::Name& name, dns::RrType type,
                                         QueryOptions opts, std::chrono::milliseconds deadline) {
  // A named local, not a temporary in the co_await expression: g++ 12 destroys the `?:` temporary
  // twice (double free seen in `v6probe run`).
  const std::string key = env.resolver ? env.resolver->to_string() : std::string("resolver");
  co_await env.rate.acquire(key);
  DnsOutcome o = co_await env.dns.query(name, static_cast<std::uint16_t>(type), opts, deadline);
  co_return o;
}

awaitable<std::vector<Prefix>> discover_resolver_pref64(CheckEnv& env, std::chrono::milliseconds deadline,
                                                        CheckResult& r) {
  std::vector<Prefix> out;
  const auto name = dns::Name::from_text("ipv4only.arpa");
  if (!name) co_return out;
  const QueryOptions opts{};
  DnsOutcome o = co_await rate_limited_query(env, *name, dns::RrType::aaaa, opts, deadline);
  note_dns(r, o, "dns_resolver_pref64");
  if (!o.ok()) {
    r.observed["resolver_pref64"] = {{"error", english(describe_dns_failure(o))}};
    co_return out;
  }
  const auto aaaa = aaaa_records(*o.message);
  out = addr::discover_pref64(aaaa).prefixes;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : out) list.push_back(p.to_string());
  r.observed["resolver_pref64"] = std::move(list);
  co_return out;
}

std::optional<Prefix> prefix_holding(const IpAddr& a, const std::vector<Prefix>& prefixes) {
  for (const auto& p : prefixes)
    if (p.contains(a)) return p;
  return std::nullopt;
}

Msg describe_dns_failure(const DnsOutcome& o) {
  std::vector<MessageArg> args;
  std::string who = o.resolver ? "_from" : "";
  if (o.resolver) args.push_back(val("resolver", o.resolver->address.to_string()));
  if (!o.detail.empty()) args.push_back(sub("detail", foreign(o.detail)));
  const std::string more = o.detail.empty() ? "" : "_detail";
  switch (o.status) {
    case DnsStatus::ok:
      return msg("check.dns.answered" + who, std::move(args));
    case DnsStatus::malformed:
      return msg("check.dns.malformed" + who + more, std::move(args));
    case DnsStatus::timeout:
      return msg("check.dns.no_answer" + who + more, std::move(args));
    case DnsStatus::network:
      return msg("check.dns.failed" + who + more, std::move(args));
    case DnsStatus::refused:
      return msg("check.dns.not_sent", {sub("detail", foreign(o.detail))});
    case DnsStatus::cancelled:
      return msg("check.dns.cancelled");
  }
  return msg("check.dns.failure");
}

}  // namespace v6r::probe
