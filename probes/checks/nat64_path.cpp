// The shared NAT64 destination path (see nat64_path.hpp).
#include "probes/checks/nat64_path.hpp"

#include <algorithm>

#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"

namespace v6r::probe::nat64 {

Endpoint Dest::endpoint(std::uint16_t port) const {
  return to_endpoint(IpAddr(v6), port);
}

asio::ip::address_v6 Dest::asio_v6() const {
  return asio::ip::address_v6(v6.bytes);
}

std::string Dest::describe() const {
  return v6.to_string() + " (" + ipv4.to_string() + ")";
}

TargetSpec target_from_params(const scenario::ParamValues& v) {
  TargetSpec t;
  if (v.has("address"))
    t.literal = v.get_ip("address");
  else
    t.host = v.get_string("host");
  return t;
}

CheckTargets targets_of(const TargetSpec& spec) {
  return spec.literal ? address_target(*spec.literal) : name_target(spec.host);
}

std::string ms_text(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

namespace {

// Named locals only around co_await: g++ 12 mis-destroys some temporaries in co_await expressions
// (a crash seen in rate_limited_query's `resolver ? ... : std::string(...)` argument).
awaitable<DnsOutcome> query_aaaa(CheckEnv& env, const dns::Name& qname, std::chrono::milliseconds wait) {
  const std::string key = env.resolver ? env.resolver->to_string() : std::string("resolver");
  co_await env.rate.acquire(key);
  const QueryOptions opts{};
  DnsOutcome o = co_await env.dns.query(qname, static_cast<std::uint16_t>(dns::RrType::aaaa), opts, wait);
  co_return o;
}

bool transient(const DnsOutcome& o) {
  return o.status == DnsStatus::timeout || o.status == DnsStatus::network;
}

/// RFC 7050 §3: the prefix from AAAA ipv4only.arpa, when the scenario names none.
awaitable<std::optional<Prefix>> discover(CheckEnv& env, const Deadline& deadline, CheckOutcome& out) {
  auto name = dns::Name::from_text("ipv4only.arpa");
  if (!name) {
    set_verdict(out, Verdict::error, msg("check.nat64.encode_ipv4only"));
    co_return std::nullopt;
  }
  const DnsOutcome o = co_await query_aaaa(env, *name, deadline.left());
  note_dns(out.result, o, "dns_pref64");
  if (!o.ok()) {
    set_verdict(out, Verdict::error,
                msg("check.nat64.discovery_failed", {sub("why", describe_dns_failure(o))}), "RFC 7050 §3",
                transient(o));
    co_return std::nullopt;
  }
  const auto aaaa = aaaa_records(*o.message);
  const auto found = addr::discover_pref64(aaaa);
  if (found.prefixes.size() != 1) {
    set_verdict(out, Verdict::error,
                msg("check.nat64.discovery_count", {val("count", found.prefixes.size())}), "RFC 7050 §3");
    co_return std::nullopt;
  }
  co_return found.prefixes.front();
}

}  // namespace

awaitable<std::optional<Dest>> prepare(CheckEnv& env, const TargetSpec& spec, const Deadline& deadline,
                                       CheckOutcome& out) {
  CheckResult& r = out.result;
  r.family = Family::ipv6;
  if (r.target.empty()) r.target = spec.literal ? spec.literal->to_string() : spec.host;

  // 1. The prefix.
  std::optional<Prefix> pref64 = env.scenario.expect.pref64;
  std::string source = "expect.pref64";
  if (!pref64) {
    pref64 = co_await discover(env, deadline, out);
    if (!pref64) co_return std::nullopt;
    source = "rfc7050";
  }
  r.observed["pref64"] = pref64->to_string();
  r.observed["pref64_source"] = source;

  // 2. The destination.
  Ipv6Addr v6{};
  std::string via;
  if (spec.literal && spec.literal->is_v4()) {
    auto e = addr::embed(*pref64, spec.literal->v4());  // RFC 6052 §2.2
    if (!e) {
      set_verdict(out, Verdict::error,
                  msg("check.nat64.cannot_embed",
                      {val("ipv4", spec.literal->to_string()), val("prefix", pref64->to_string()),
                       sub("error", foreign(e.error().message))}),
                  "RFC 6052 §2.2");
      co_return std::nullopt;
    }
    v6 = *e;
    via = "literal";
  } else if (spec.literal) {
    v6 = spec.literal->v6();
    via = "literal";
  } else {
    auto name = dns::Name::from_text(spec.host);
    if (!name) {
      set_verdict(out, Verdict::error, msg("check.nat64.cannot_encode", {val("host", spec.host)}));
      co_return std::nullopt;
    }
    const DnsOutcome o = co_await query_aaaa(env, *name, deadline.left());
    note_dns(r, o, "dns");
    if (!o.ok()) {
      set_verdict(
          out, Verdict::error,
          msg("check.nat64.cannot_resolve", {val("host", spec.host), sub("why", describe_dns_failure(o))}),
          std::nullopt, transient(o));
      co_return std::nullopt;
    }
    if (o.message->rcode() != dns::Rcode::noerror) {
      set_verdict(
          out, Verdict::error,
          msg("check.nat64.cannot_resolve_rcode",
              {val("host", spec.host), val("rcode", std::string(dns::to_string(o.message->rcode())))}));
      co_return std::nullopt;
    }
    const auto aaaa = aaaa_records(*o.message);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : aaaa) list.push_back(a.to_string());
    r.observed["aaaa"] = list;
    if (aaaa.empty()) {
      set_verdict(out, Verdict::error, msg("check.nat64.no_aaaa", {val("host", spec.host)}), "RFC 6147 §5.1");
      co_return std::nullopt;
    }
    auto it = std::find_if(aaaa.begin(), aaaa.end(), [&](const Ipv6Addr& a) { return pref64->contains(a); });
    v6 = it == aaaa.end() ? aaaa.front() : *it;
    via = "dns64";
  }
  r.observed["destination"] = v6.to_string();

  // 3. Under the prefix; else NAT64 under a prefix the resolver synthesizes with that is not the
  //    expected one (RFC 7050 discovery through the same resolver), else native IPv6.
  if (!pref64->contains(IpAddr(v6))) {
    // A literal was not synthesized: only a resolver's answer can be under its unexpected prefix.
    std::vector<Prefix> others;
    if (via == "dns64")
      others = co_await discover_resolver_pref64(
          env, std::min(deadline.left() / 4, std::chrono::milliseconds(1000)), r);
    if (const auto other = prefix_holding(IpAddr(v6), others)) {
      r.observed["path"] = "nat64 (unexpected prefix)";
      set_verdict(out, Verdict::skipped,
                  msg("check.nat64.unexpected_prefix",
                      {val("target", r.target), val("address", v6.to_string()),
                       val("prefix", other->to_string()), val("expected", pref64->to_string())}));
      co_return std::nullopt;
    }
    r.observed["path"] = "native-ipv6";
    set_verdict(out, Verdict::skipped,
                msg("check.nat64.native", {val("target", r.target), val("address", v6.to_string()),
                                           val("prefix", pref64->to_string())}));
    co_return std::nullopt;
  }
  r.observed["path"] = "nat64";
  auto ex = addr::extract(*pref64, v6);  // RFC 6052 §2.3
  if (!ex) {
    set_verdict(out, Verdict::error,
                msg("check.nat64.cannot_extract",
                    {val("address", v6.to_string()), sub("error", foreign(ex.error().message))}),
                "RFC 6052 §2.3");
    co_return std::nullopt;
  }
  r.observed["embedded_ipv4"] = ex->ipv4.to_string();

  // 4. The allow-list, after resolution and synthesis.
  if (auto ok = check_destination(env, IpAddr(v6), pref64); !ok) {
    set_verdict(out, Verdict::error, msg("check.not_sent", {sub("why", ok.error())}));
    co_return std::nullopt;
  }

  // 5. A token for the destination.
  co_await take_token(env, v6);
  if (deadline.expired()) {
    set_verdict(out, Verdict::fail,
                msg("check.nat64.deadline_before_send",
                    {val("ms", deadline.total().count()), val("address", v6.to_string())}),
                std::nullopt, true);
    co_return std::nullopt;
  }
  co_return Dest{v6, ex->ipv4, *pref64, via};
}

void note_transport(CheckResult& r, const std::string& proto, const std::optional<Endpoint>& local,
                    const Endpoint& remote, bool deliberate) {
  note_flow(r, proto, local, remote, deliberate);
  if (local) r.addresses.local = local->address.to_string();
}

awaitable<void> take_token(CheckEnv& env, const Ipv6Addr& dest) {
  const std::string key = dest.to_string();
  co_await env.rate.acquire(key);
}

}  // namespace v6r::probe::nat64
