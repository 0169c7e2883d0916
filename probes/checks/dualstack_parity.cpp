// dualstack.parity: the same URL over IPv6 and over IPv4: both reachable, same status, same body
// SHA-256 and the headers the scenario names; latency per family. The verdict says *why* it failed
// (Internet.nl's users asked for that): observed.diagnosis is one of
//   "parity", "ipv6-broken", "ipv4-broken", "both-broken", "content-differs", "unexpected-status",
// and observed.differences lists each differing item with both values.
//
// The two sides:
//  - IPv6: the name's AAAA records through the node's resolver, excluding addresses under the NAT64
//    prefix (DNS64 synthesizes only when there is no AAAA, RFC 6147 §5.1.6, so a synthesized answer
//    means the name has no IPv6 of its own: "IPv6 broken: no AAAA");
//  - IPv4 (`ipv4_via`): real IPv4 to the A address on a node that routes IPv4; on an IPv6-only node
//    the only way to the A address is NAT64, so `auto` (default) uses the A address embedded in the
//    expected NAT64 prefix (RFC 6052 §2.2) — what an IPv6-only client experiences. observed.ipv4_path
//    records "ipv4" or "nat64".
// mode http: GET the URL's path on each side (status, body hash, headers); mode tcp: connect only.
// Verdicts: parity is the scenario's requirement (no RFC makes it a MUST), so every mismatch is
// `fail`; timeouts are retryable. DNS failure or allow-list refusal: `error`.
#include <algorithm>
#include <cctype>

#include "core/rfc6052.hpp"
#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/dualstack_parity_compare.hpp"
#include "probes/checks/service_common.hpp"

namespace v6r::probe {

namespace parity {

std::string_view to_string(Diagnosis d) {
  switch (d) {
    case Diagnosis::parity:
      return "parity";
    case Diagnosis::ipv6_broken:
      return "ipv6-broken";
    case Diagnosis::ipv4_broken:
      return "ipv4-broken";
    case Diagnosis::both_broken:
      return "both-broken";
    case Diagnosis::content_differs:
      return "content-differs";
    case Diagnosis::unexpected_status:
      return "unexpected-status";
  }
  return "unknown";
}

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::optional<std::string> header(const std::vector<std::pair<std::string, std::string>>& h,
                                  const std::string& name) {
  const std::string n = lower(name);
  for (const auto& [k, v] : h)
    if (lower(k) == n) return v;
  return std::nullopt;
}
}  // namespace

Comparison compare(const SideResult& v6, const SideResult& v4, const CompareOptions& opt) {
  Comparison c;
  const MessageArg v4name = sub("v4", msg(v4.via_nat64 ? "check.parity.ipv4_nat64" : "check.parity.ipv4"));
  const auto err = [](const SideResult& s) { return s.error_msg.value_or(foreign(s.error)); };
  if (!v6.ok && !v4.ok) {
    c.diagnosis = Diagnosis::both_broken;
    c.reason = msg("check.parity.both_broken", {sub("v6_error", err(v6)), v4name, sub("v4_error", err(v4))});
    return c;
  }
  if (!v6.ok) {
    c.diagnosis = Diagnosis::ipv6_broken;
    c.reason = msg("check.parity.v6_broken", {sub("error", err(v6)), v4name});
    return c;
  }
  if (!v4.ok) {
    c.diagnosis = Diagnosis::ipv4_broken;
    c.reason = msg("check.parity.v4_broken", {v4name, sub("error", err(v4))});
    return c;
  }
  if (!opt.http) {
    c.diagnosis = Diagnosis::parity;
    c.reason = msg("check.parity.tcp_ok", {v4name});
    return c;
  }
  if (v6.status != v4.status)
    c.differences.push_back({"status", std::to_string(v6.status), std::to_string(v4.status)});
  if (opt.compare_body && v6.body_sha256 != v4.body_sha256)
    c.differences.push_back({"body_sha256", v6.body_sha256, v4.body_sha256});
  for (const auto& h : opt.headers) {
    auto a = header(v6.headers, h), b = header(v4.headers, h);
    if (a != b)
      c.differences.push_back({"header " + lower(h), a.value_or("(absent)"), b.value_or("(absent)")});
  }
  if (!c.differences.empty()) {
    c.diagnosis = Diagnosis::content_differs;
    std::vector<Msg> diffs;
    for (const auto& d : c.differences)
      diffs.push_back(msg(
          "check.parity.difference",
          {val("what", d.what), val("ipv6", d.what == "body_sha256" ? d.ipv6.substr(0, 12) + "…" : d.ipv6),
           val("ipv4", d.what == "body_sha256" ? d.ipv4.substr(0, 12) + "…" : d.ipv4)}));
    c.reason = msg("check.parity.differs", {v4name, list("differences", std::move(diffs))});
    return c;
  }
  if (v6.status != opt.expect_status) {
    c.diagnosis = Diagnosis::unexpected_status;
    c.reason = msg("check.parity.status", {val("status", v6.status), val("expected", opt.expect_status)});
    return c;
  }
  c.diagnosis = Diagnosis::parity;
  std::vector<MessageArg> args{val("status", v6.status), v4name};
  if (!opt.headers.empty()) args.push_back(val("headers", opt.headers.size()));
  c.reason = msg(std::string("check.parity.same") + (opt.compare_body ? "_body" : "") +
                     (opt.headers.empty() ? "" : "_headers"),
                 std::move(args));
  return c;
}

}  // namespace parity

namespace {

struct Side {
  std::optional<IpAddr> addr;
  parity::SideResult res;
};

awaitable<void> fetch(CheckEnv& env, Side& side, const svc::HttpUrl& url, bool http, svc::Millis wait,
                      CheckOutcome& out, const std::string& key) {
  CheckResult& r = out.result;
  const Endpoint ep = to_endpoint(*side.addr, url.port);
  co_await env.rate.acquire(side.addr->to_string());
  auto& obs = r.observed[key];
  obs["address"] = side.addr->to_string();
  if (!http) {
    const TcpConnectResult c = co_await env.net.tcp_connect(ep, wait);
    note_flow(r, "tcp", c.local, c.remote);
    r.timings_ms[key + ".connect"] = svc::ms(c.connect_time);
    side.res.ok = c.ok;
    side.res.timed_out = c.timed_out;
    if (!c.ok) {
      side.res.error_msg =
          c.timed_out
              ? msg("check.parity.tcp_timeout", {val("endpoint", ep.to_string()), val("ms", wait.count())})
              : msg("check.parity.tcp_failed",
                    {val("endpoint", ep.to_string()), sub("error", foreign(c.error))});
      side.res.error = english(*side.res.error_msg);
    }
    obs["connected"] = c.ok;
    co_return;
  }
  HttpRequest req;
  req.host = url.host;
  req.path = url.path;
  const HttpResult h = co_await env.net.http_get(ep, req, wait);
  note_flow(r, "tcp", h.local, h.remote);
  r.timings_ms[key + ".connect"] = svc::ms(h.connect_time);
  r.timings_ms[key + ".first_byte"] = svc::ms(h.first_byte_time);
  r.timings_ms[key + ".total"] = svc::ms(h.total_time);
  side.res.ok = h.ok;
  side.res.timed_out = h.timed_out;
  side.res.status = h.status;
  side.res.body_sha256 = h.body_sha256;
  side.res.headers = h.headers;
  if (!h.ok) {
    side.res.error_msg =
        h.timed_out
            ? msg("check.parity.http_timeout", {val("endpoint", ep.to_string()), val("ms", wait.count())})
            : msg("check.parity.http_failed",
                  {val("path", url.path), val("endpoint", ep.to_string()), sub("error", foreign(h.error))});
    side.res.error = english(*side.res.error_msg);
  }
  obs["ok"] = h.ok;
  if (h.ok) {
    obs["status"] = h.status;
    obs["body_sha256"] = h.body_sha256;
    obs["body_size"] = h.body_size;
  } else {
    obs["error"] = h.error;
  }
}

/// What the comparison covers (param `mode`).
enum class Mode { http, tcp };
constexpr EnumTable<Mode, 2> kModes = {{{Mode::http, "http"}, {Mode::tcp, "tcp"}}};

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema parity_schema() {
  return CheckSchema(
             "dualstack.parity",
             "The same URL over IPv4 and IPv6: both reachable, same status, same body hash and listed "
             "headers; latency per family.")
      .rfc("RFC 6555")
      .rfc("RFC 8305")
      .field(Field::url("url").req().describe("URL fetched once per family (http://)"))
      .field(Field::string_list("compare_headers")
                 .def("[]")
                 .describe("Response headers that must be equal in both families"))
      .field(Field::boolean("compare_body").def("true").describe("Require identical body SHA-256"))
      .field(Field::integer("expect_status")
                 .min(100)
                 .max(599)
                 .def("200")
                 .describe("Required HTTP status in both families"))
      .field(Field::enumeration("mode", enum_names(kModes))
                 .def("http")
                 .describe("http: GET and compare; tcp: TCP connect to the URL's port only"))
      .field(Field::enumeration("ipv4_via", enum_names(svc::kIpv4Via))
                 .def("auto")
                 .describe("IPv4 side: real IPv4 (ipv4), the A address through NAT64 (nat64), or "
                           "ipv4 when this node routes IPv4 and nat64 otherwise (auto)"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("NAT64 prefix for the nat64 IPv4 side (default: the scenario's expect.pref64)"))
      .field(scenario::resolver_field());
}

struct ParityParams {
  std::string url;
  std::vector<std::string> compare_headers;
  bool compare_body = true;
  int expect_status = 200;
  Mode mode = Mode::http;
  svc::Ipv4Via ipv4_via = svc::Ipv4Via::auto_;
  std::optional<Prefix> expected_prefix;
};

ParityParams parity_params(const scenario::ParamValues& v) {
  ParityParams p;
  p.url = v.get_string("url");
  p.compare_headers = v.get_list("compare_headers");
  p.compare_body = v.get_bool("compare_body");
  p.expect_status = static_cast<int>(v.get_int("expect_status"));
  p.mode = enum_param(v, "mode", kModes);
  p.ipv4_via = enum_param(v, "ipv4_via", svc::kIpv4Via);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  return p;
}

CheckTargets parity_targets(const ParityParams& p) {
  return url_target(p.url);
}

awaitable<CheckOutcome> run_dualstack_parity(CheckEnv& env, const ParityParams& p,
                                             std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  const std::string& url_text = p.url;
  r.target = url_text;
  r.family = Family::any;
  auto url = svc::parse_http_url(url_text);
  if (!url || url->literal) {
    svc::set_verdict(out, Verdict::error, msg("check.parity.needs_name", {val("url", url_text)}));
    co_return out;
  }
  const bool http = p.mode == Mode::http;
  if (http && url->https) {
    svc::set_verdict(out, Verdict::error, msg("check.parity.https"));
    co_return out;
  }
  const auto pref64 = expected_pref64(env, p.expected_prefix);
  const svc::Ipv4Via via = p.ipv4_via;

  // Resolve both families through the node's resolver.
  Msg fail6, fail4;
  auto aaaa = co_await svc::query_addresses(env, url->host, dns::RrType::aaaa, deadline.left(), out, fail6);
  auto a = co_await svc::query_addresses(env, url->host, dns::RrType::a, deadline.left(), out, fail4);
  if (!aaaa && !a) {
    svc::set_verdict(
        out, Verdict::error,
        msg("check.svc.cannot_resolve",
            {val("host", url->host),
             list("why", {msg("check.svc.query_failed", {val("type", "AAAA"), sub("why", fail6)}),
                          msg("check.svc.query_failed", {val("type", "A"), sub("why", fail4)})})}),
        std::nullopt, true);
    co_return out;
  }
  Side s6, s4;
  std::vector<IpAddr> v6_real;  // the name's own IPv6: not synthesized under any prefix the resolver uses
  if (aaaa) {
    const std::vector<Prefix> others = co_await svc::resolver_pref64(env, *aaaa, pref64, deadline, r);
    for (const auto& x : *aaaa)
      if (svc::classify_path(x, pref64, others) == svc::Path::native_ipv6) v6_real.push_back(x);
  }
  std::vector<Ipv4Addr> v4;
  if (a)
    for (const auto& x : *a)
      if (x.is_v4()) v4.push_back(x.v4());
  std::optional<svc::Path> path4;
  const auto v4_dests = svc::ipv4_side(v4, via, pref64, path4);
  s4.res.via_nat64 = path4 == svc::Path::nat64;
  r.observed["ipv4_via"] = std::string(enum_name(svc::kIpv4Via, via));
  r.observed["ipv4_path"] =
      path4 ? nlohmann::json(std::string(svc::to_string(*path4))) : nlohmann::json(nullptr);

  // Gate and pick the first allowed address of each side.
  auto pick = [&](const std::vector<IpAddr>& xs) -> std::optional<IpAddr> {
    for (const auto& x : xs) {
      auto g = check_destination(env, x, pref64);
      if (g) return x;
      r.observed["refused"][x.to_string()] = english(g.error());
    }
    return std::nullopt;
  };
  s6.addr = pick(v6_real);
  s4.addr = pick(v4_dests);
  const bool refused = r.observed.contains("refused");
  if (!s6.addr) {
    s6.res.error_msg = !aaaa              ? msg("check.parity.aaaa_failed", {sub("why", fail6)})
                       : !v6_real.empty() ? msg("check.parity.aaaa_refused")
                       : !aaaa->empty()
                           ? msg("check.parity.aaaa_synthesized", {val("address", aaaa->front().to_string())})
                           : msg("check.parity.no_aaaa");
    s6.res.error = english(*s6.res.error_msg);
  }
  if (!s4.addr) {
    s4.res.error_msg = !a           ? msg("check.parity.a_failed", {sub("why", fail4)})
                       : v4.empty() ? msg("check.parity.no_a")
                       : !path4 ? msg("check.parity.no_ipv4_path", {val("address", v4.front().to_string())})
                       : !v4_dests.empty() ? msg("check.parity.a_refused")
                                           : msg("check.parity.cannot_synthesize");
    s4.res.error = english(*s4.res.error_msg);
  }
  if (refused && !s6.addr && !s4.addr) {
    svc::set_verdict(out, Verdict::error, msg("check.allow.none_sent"));
    co_return out;
  }

  // Fetch: IPv6 first with half of what is left, then IPv4 with the rest.
  if (s6.addr) {
    const auto wait = std::max(svc::Millis(1), deadline.left() / (s4.addr ? 2 : 1));
    co_await fetch(env, s6, *url, http, wait, out, "ipv6");
  }
  if (s4.addr) {
    const auto wait = std::max(svc::Millis(1), deadline.left());
    co_await fetch(env, s4, *url, http, wait, out, s4.res.via_nat64 ? "ipv4_nat64" : "ipv4");
  }

  parity::CompareOptions opt;
  opt.http = http;
  opt.compare_body = p.compare_body;
  opt.headers = p.compare_headers;
  opt.expect_status = p.expect_status;
  const parity::Comparison c = parity::compare(s6.res, s4.res, opt);
  r.observed["diagnosis"] = std::string(parity::to_string(c.diagnosis));
  r.observed["differences"] = nlohmann::json::array();
  for (const auto& d : c.differences)
    r.observed["differences"].push_back({{"what", d.what}, {"ipv6", d.ipv6}, {"ipv4", d.ipv4}});
  const bool retry = (!s6.res.ok && s6.res.timed_out) || (!s4.res.ok && s4.res.timed_out);
  svc::set_verdict(out, c.diagnosis == parity::Diagnosis::parity ? Verdict::pass : Verdict::fail, c.reason,
                   std::nullopt, retry);
  co_return out;
}

// ---- the dualstack.parity block
constexpr KindBlock<ParityParams> kBlock{
    .name = "dualstack.parity",
    .schema = &parity_schema,
    .params = &parity_params,
    .targets = &parity_targets,
    .run = &run_dualstack_parity,
};

}  // namespace

extern const CheckKind dualstack_parity_kind = kind_of<kBlock>;

}  // namespace v6r::probe
