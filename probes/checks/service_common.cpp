// Shared helpers of the service.* and dualstack.* kinds (see service_common.hpp).
#include "probes/checks/service_common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/rfc6052.hpp"
#include "probes/check_util.hpp"

namespace v6r::probe::svc {

std::string_view to_string(Path p) {
  switch (p) {
    case Path::native_ipv6:
      return "native-ipv6";
    case Path::nat64:
      return "nat64";
    case Path::nat64_unexpected:
      return "nat64 (unexpected prefix)";
    case Path::ipv4:
      return "ipv4";
  }
  return "unknown";
}

Msg path_msg(Path p) {
  switch (p) {
    case Path::native_ipv6:
      return msg("check.path.native_ipv6");
    case Path::nat64:
      return msg("check.path.nat64");
    case Path::nat64_unexpected:
      return msg("check.path.nat64_unexpected");
    case Path::ipv4:
      return msg("check.path.ipv4");
  }
  return foreign(std::string(to_string(p)));
}

Msg where_msg(const Endpoint& ep, Path p) {
  return msg("check.svc.where", {val("endpoint", ep.to_string()), sub("path", path_msg(p))});
}

namespace {
const Prefix& well_known_prefix() {
  static const Prefix wkp = *Prefix::parse("64:ff9b::/96");  // RFC 6052 §2.1
  return wkp;
}
}  // namespace

std::optional<Prefix> synthesis_prefix(const IpAddr& a, const std::optional<Prefix>& pref64,
                                       const std::vector<Prefix>& resolver_pref64) {
  if (!a.is_v6()) return std::nullopt;
  if (pref64 && pref64->contains(a)) return pref64;
  if (well_known_prefix().contains(a)) return well_known_prefix();
  return prefix_holding(a, resolver_pref64);
}

Path classify_path(const IpAddr& a, const std::optional<Prefix>& pref64,
                   const std::vector<Prefix>& resolver_pref64) {
  if (a.is_v4()) return Path::ipv4;
  const auto under = synthesis_prefix(a, pref64, resolver_pref64);
  if (!under) return Path::native_ipv6;
  // Without an expected prefix the Well-Known Prefix is NAT64; any other Pref64::/n than the
  // expected one (the Well-Known Prefix too, when a network-specific one is expected) is not.
  if (pref64 ? *under == *pref64 : *under == well_known_prefix()) return Path::nat64;
  return Path::nat64_unexpected;
}

awaitable<std::vector<Prefix>> resolver_pref64(CheckEnv& env, const std::vector<IpAddr>& addrs,
                                               const std::optional<Prefix>& pref64, const Deadline& deadline,
                                               CheckResult& r) {
  const bool any_native = std::any_of(addrs.begin(), addrs.end(), [&](const IpAddr& a) {
    return classify_path(a, pref64) == Path::native_ipv6;
  });
  if (!any_native) co_return std::vector<Prefix>{};
  // Only a label: it may take at most a quarter of what is left (and 1 s), never the check's time.
  const auto budget = std::min(deadline.left() / 4, std::chrono::milliseconds(1000));
  std::vector<Prefix> found = co_await discover_resolver_pref64(env, budget, r);
  co_return found;
}

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  HttpUrl u;
  if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else if (url.starts_with("https://")) {
    url.remove_prefix(8);
    u.https = true;
    u.port = 443;
  } else {
    return std::nullopt;
  }
  const auto slash = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view rest = url.substr(slash);
    if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    u.path = rest.starts_with('/') ? std::string(rest) : "/" + std::string(rest);
    if (u.path.empty()) u.path = "/";
  }
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return std::nullopt;
      port = after.substr(1);
    }
    auto a = Ipv6Addr::parse(host);
    if (!a) return std::nullopt;
    u.literal = IpAddr(*a);
  } else {
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (auto a = Ipv4Addr::parse(host)) u.literal = IpAddr(*a);
  }
  if (host.empty()) return std::nullopt;
  if (!port.empty()) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc() || p != port.data() + port.size() || v == 0 || v > 65535) return std::nullopt;
    u.port = static_cast<std::uint16_t>(v);
  }
  u.host = std::string(host);
  return u;
}

std::string ms_text(double milliseconds) {
  return std::to_string(static_cast<long long>(std::llround(milliseconds))) + " ms";
}

awaitable<std::optional<std::vector<IpAddr>>> query_addresses(CheckEnv& env, const std::string& host,
                                                              dns::RrType type, Millis deadline,
                                                              CheckOutcome& out, Msg& failure) {
  auto name = dns::Name::from_text(host);
  if (!name) {
    failure = msg("check.svc.cannot_encode", {val("host", host)});
    co_return std::nullopt;
  }
  const bool aaaa = type == dns::RrType::aaaa;
  const DnsOutcome o = co_await rate_limited_query(env, *name, type, {}, deadline);
  note_dns(out.result, o, aaaa ? "dns_aaaa" : "dns_a");
  auto& obs = out.result.observed["dns"][aaaa ? "aaaa" : "a"];
  if (!o.ok()) {
    failure = describe_dns_failure(o);
    obs["error"] = english(failure);
    co_return std::nullopt;
  }
  std::vector<IpAddr> addrs;
  if (aaaa) {
    for (const auto& a : aaaa_records(*o.message)) addrs.emplace_back(a);
  } else {
    for (const auto& a : a_records(*o.message)) addrs.emplace_back(a);
  }
  obs["rcode"] = static_cast<int>(o.message->rcode());
  obs["addresses"] = nlohmann::json::array();
  for (const auto& a : addrs) obs["addresses"].push_back(a.to_string());
  co_return addrs;
}

awaitable<std::optional<std::vector<IpAddr>>> resolve(CheckEnv& env, const std::string& host, Family family,
                                                      const Deadline& deadline, CheckOutcome& out) {
  std::vector<IpAddr> all;
  std::vector<Msg> failures;
  bool any_answer = false;
  for (dns::RrType t : {dns::RrType::aaaa, dns::RrType::a}) {
    if (t == dns::RrType::aaaa && family == Family::ipv4) continue;
    if (t == dns::RrType::a && family == Family::ipv6) continue;
    Msg failure;
    auto got = co_await query_addresses(env, host, t, deadline.left(), out, failure);
    if (!got) {
      failures.push_back(msg("check.svc.query_failed", {val("type", t == dns::RrType::aaaa ? "AAAA" : "A"),
                                                        sub("why", std::move(failure))}));
      continue;
    }
    any_answer = true;
    all.insert(all.end(), got->begin(), got->end());
  }
  if (!all.empty()) co_return all;
  if (!any_answer) {
    set_verdict(out, Verdict::error,
                msg("check.svc.cannot_resolve", {val("host", host), list("why", std::move(failures))}),
                std::nullopt, true);
  } else {
    const std::string what = family == Family::ipv6 ? "aaaa" : family == Family::ipv4 ? "a" : "any";
    std::vector<MessageArg> args{val("host", host)};
    if (out.result.addresses.resolver) args.push_back(val("resolver", *out.result.addresses.resolver));
    set_verdict(
        out, Verdict::fail,
        msg("check.svc.no_address." + what + (out.result.addresses.resolver ? "_from" : ""), std::move(args)),
        family == Family::ipv6 ? std::optional<std::string>("RFC 6147 §5.1") : std::nullopt);
  }
  co_return std::nullopt;
}

std::vector<IpAddr> gate(const CheckEnv& env, const std::vector<IpAddr>& addrs,
                         const std::optional<Prefix>& pref64, CheckOutcome& out,
                         const std::vector<Prefix>& resolver_pref64) {
  std::vector<IpAddr> ok;
  Msg last;
  for (const auto& a : addrs) {
    // The IPv4 address embedded under whichever Pref64::/n holds `a` is gated too.
    const auto under = synthesis_prefix(a, pref64, resolver_pref64);
    auto g = check_destination(env, a, under ? under : pref64);
    if (g) {
      if (std::find(ok.begin(), ok.end(), a) == ok.end()) ok.push_back(a);
    } else {
      last = g.error();
      out.result.observed["refused"][a.to_string()] = english(g.error());
    }
  }
  if (ok.empty() && !addrs.empty())
    set_verdict(out, Verdict::error, msg("check.allow.none_left", {sub("last", std::move(last))}));
  return ok;
}

bool has_route(const IpAddr& a) {
  asio::io_context io;
  const Endpoint ep = to_endpoint(a, 9);
  asio::ip::udp::socket s(io);
  ErrorCode ec;
  s.open(a.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), ec);
  if (ec) return false;
  s.connect(asio::ip::udp::endpoint(ep.address, ep.port), ec);  // route lookup only, nothing sent
  return !ec;
}

std::vector<IpAddr> ipv4_side(const std::vector<Ipv4Addr>& a, Ipv4Via via,
                              const std::optional<Prefix>& pref64, std::optional<Path>& chosen) {
  chosen.reset();
  if (a.empty()) return {};
  if (via == Ipv4Via::auto_) via = has_route(IpAddr(a.front())) ? Ipv4Via::ipv4 : Ipv4Via::nat64;
  std::vector<IpAddr> out;
  if (via == Ipv4Via::ipv4) {
    chosen = Path::ipv4;
    for (const auto& x : a) out.emplace_back(x);
    return out;
  }
  if (!pref64) return {};
  chosen = Path::nat64;
  for (const auto& x : a) {
    auto e = addr::embed(*pref64, x);
    if (e) out.emplace_back(*e);
  }
  if (out.empty()) chosen.reset();
  return out;
}

}  // namespace v6r::probe::svc
