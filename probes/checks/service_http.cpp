// service.http: GET a named service's URL from this node (by default IPv6 only, through whatever
// DNS64/NAT64 path exists) and require a status (and optionally a body substring). Records the
// address, the path ("native-ipv6" / "nat64" / "ipv4", see service_common.hpp), the timings, status,
// body size and SHA-256. http:// goes through the probe's Transport; https://, and any request that
// needs the body itself (body_contains), through service_tls_session (OpenSSL via Boost.Asio SSL,
// certificate verified against the system trust store plus `ca_file`, for a province's own CA; use
// service.tls for certificate details). `verify: false` goes on past a certificate that does not
// verify, but the result is then a warn that says so in capitals (RFC 5280 §6 / RFC 6125 §6.4).
// Redirects (follow_redirects) are followed up to 5 hops, each hop resolved and allow-list gated.
// Verdicts: pass — the status (and substring) match; fail — no response, another status
// (RFC 9110 §15), the substring missing, no address of the family (RFC 6147 §5.1); error — DNS
// failure, allow-list refusal, a bad redirect.
#include <algorithm>
#include <cmath>
#include <map>

#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/service_common.hpp"
#include "probes/checks/service_tls_session.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema http_schema() {
  return CheckSchema("service.http",
                     "HTTP(S) request to a named service over IPv6-only: status, optional body content.")
      .rfc("RFC 9110")
      .rfc("RFC 8305")
      .field(Field::url("url").req().describe("URL to fetch"))
      .field(Field::integer("expect_status").min(100).max(599).def("200").describe("Required HTTP status"))
      .field(Field::string_map("headers").describe("Extra request headers"))
      .field(Field::string("body_contains").describe("Substring the body must contain"))
      .field(Field::boolean("follow_redirects")
                 .def("false")
                 .describe("Follow 3xx redirects (each hop must stay allowed)"))
      .field(Field::enumeration("family", enum_names(svc::kAddressFamilies))
                 .def("ipv6")
                 .describe("Address family to use"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("NAT64 prefix that classifies the path (default: the scenario's expect.pref64)"))
      .field(Field::boolean("verify").def("true").describe(
          "https: verify the certificate chain and name (false: go on, result at most warn)"))
      .field(Field::string("ca_file").describe(
          "https: PEM file of extra trust anchors (e.g. the province's CA)"))
      .field(
          Field::dns_name("sni").describe("https: Server Name Indication to send (default: the URL's host)"))
      .field(scenario::resolver_field());
}

struct HttpParams {
  std::string url;
  int expect_status = 200;
  std::map<std::string, std::string> headers;
  std::optional<std::string> body_contains;
  bool follow_redirects = false;
  Family family = Family::ipv6;
  std::optional<Prefix> expected_prefix;
  bool verify = true;
  std::optional<std::string> ca_file;
  std::optional<std::string> sni;
};

HttpParams http_params(const scenario::ParamValues& v) {
  HttpParams p;
  p.url = v.get_string("url");
  p.expect_status = static_cast<int>(v.get_int("expect_status"));
  p.headers = optional_map(v, "headers");
  p.body_contains = optional_string(v, "body_contains");
  p.follow_redirects = v.get_bool("follow_redirects");
  p.family = enum_param(v, "family", svc::kAddressFamilies);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  p.verify = v.get_bool("verify");
  p.ca_file = optional_string(v, "ca_file");
  p.sni = optional_string(v, "sni");
  return p;
}

CheckTargets http_targets(const HttpParams& p) {
  return url_target(p.url);
}

struct Fetched {
  bool ok = false;
  bool timed_out = false;
  std::string error;
  std::optional<Msg> error_msg;  ///< `error` as a reason, when it is one
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::uint64_t body_size = 0;
  std::string body_sha256;
  std::optional<std::string> body;  ///< when read by the direct path
};

std::optional<std::string> header(const Fetched& f, std::string_view name) {
  for (const auto& [k, v] : f.headers)
    if (std::equal(k.begin(), k.end(), name.begin(), name.end(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
      return v;
  return std::nullopt;
}

awaitable<CheckOutcome> run_service_http(CheckEnv& env, const HttpParams& p,
                                         std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  std::string url_text = p.url;
  r.target = url_text;
  const Family family = p.family;
  r.family = family;
  const auto pref64 = expected_pref64(env, p.expected_prefix);
  const int expect = p.expect_status;
  const bool follow = p.follow_redirects;
  const std::optional<std::string>& needle = p.body_contains;
  r.observed["hops"] = nlohmann::json::array();
  // https with verify: false: what verification would have refused, on any hop.
  std::optional<Msg> unverified;

  for (int hop = 0; hop < 6; ++hop) {
    auto url = svc::parse_http_url(url_text);
    if (!url) {
      svc::set_verdict(out, Verdict::error, msg("check.url.cannot_parse", {val("url", url_text)}));
      co_return out;
    }
    std::vector<IpAddr> addrs;
    if (url->literal) {
      addrs.push_back(*url->literal);
    } else {
      auto got = co_await svc::resolve(env, url->host, family, deadline, out);
      if (!got) co_return out;
      addrs = *got;
    }
    std::vector<Prefix>
        others;  // a literal host was not synthesized: the resolver's prefixes do not label it
    if (!url->literal) others = co_await svc::resolver_pref64(env, addrs, pref64, deadline, r);
    const auto allowed = svc::gate(env, addrs, pref64, out, others);
    if (allowed.empty()) co_return out;
    const IpAddr a = allowed.front();
    const auto path = svc::classify_path(a, pref64, others);
    const Endpoint ep = to_endpoint(a, url->port);
    HttpRequest req;
    req.host = url->host;
    if (url->literal && url->literal->is_v6()) req.host = "[" + url->host + "]";
    if (url->port != (url->https ? 443 : 80)) req.host += ":" + std::to_string(url->port);
    req.path = url->path;
    for (const auto& [k, v] : p.headers) req.headers.emplace_back(k, v);

    co_await env.rate.acquire(a.to_string());
    Fetched f;
    if (url->https || needle) {
      tls::Options opt;
      opt.sni = p.sni.value_or(url->literal ? "" : url->host);
      opt.verify_host = url->host;
      opt.verify = p.verify;
      if (p.ca_file) opt.ca_file = *p.ca_file;
      const tls::Session s = co_await tls::handshake(ep, url->https, opt, req, deadline.left());
      if (!s.setup_error.empty()) {
        svc::set_verdict(out, Verdict::error, s.setup_error_msg.value_or(foreign(s.setup_error)));
        co_return out;
      }
      if (url->https) {
        r.observed["verify"] = opt.verify;
        r.observed["sni"] = opt.sni;
        if (s.handshake_ok || s.verify_result != 0) r.observed["verify_result"] = s.verify_error;
        if (auto hidden = tls::hidden_by_verify_off(s, opt))
          unverified = msg("check.tls.hidden_on", {val("host", url->host), sub("what", *hidden)});
      }
      note_flow(r, "tcp", s.local, s.remote);
      r.timings_ms["connect"] = svc::ms(s.connect_time);
      if (url->https) r.timings_ms["tls_handshake"] = svc::ms(s.handshake_time);
      f.timed_out = s.timed_out;
      if (s.http && s.http->ok) {
        f.ok = true;
        f.status = s.http->status;
        f.headers = s.http->headers;
        f.body_size = s.http->body_size;
        f.body_sha256 = s.http->body_sha256;
        f.body = s.http->body_prefix;
        r.timings_ms["first_byte"] = svc::ms(s.http->first_byte_time);
        r.timings_ms["total"] = svc::ms(s.connect_time + s.handshake_time + s.http->total_time);
      } else {
        f.error_msg = !s.error.empty() ? s.error_msg.value_or(foreign(s.error))
                      : s.http         ? foreign(s.http->error)
                                       : msg("check.http.no_response");
        if (url->https && opt.verify && s.verify_result != 0)
          f.error_msg =
              msg("check.tls.with_verification", {sub("error", *f.error_msg), val("verify", s.verify_error)});
        f.error = english(*f.error_msg);
      }
    } else {
      const HttpResult h = co_await env.net.http_get(ep, req, deadline.left());
      note_flow(r, "tcp", h.local, h.remote);
      r.timings_ms["connect"] = svc::ms(h.connect_time);
      r.timings_ms["first_byte"] = svc::ms(h.first_byte_time);
      r.timings_ms["total"] = svc::ms(h.total_time);
      f.ok = h.ok;
      f.timed_out = h.timed_out;
      f.error = h.error;
      f.status = h.status;
      f.headers = h.headers;
      f.body_size = h.body_size;
      f.body_sha256 = h.body_sha256;
    }
    nlohmann::json hj = {{"url", url_text},
                         {"address", a.to_string()},
                         {"path", std::string(svc::to_string(path))},
                         {"ok", f.ok}};
    if (f.ok) {
      hj["status"] = f.status;
      hj["body_size"] = f.body_size;
      hj["body_sha256"] = f.body_sha256;
    } else {
      hj["error"] = f.error;
    }
    r.observed["hops"].push_back(hj);
    r.observed["address"] = a.to_string();
    r.observed["path"] = std::string(svc::to_string(path));
    const Msg where = svc::where_msg(ep, path);
    if (!f.ok) {
      svc::set_verdict(out, Verdict::fail,
                       msg("check.http.failed", {val("url", url_text), sub("where", where),
                                                 sub("error", f.timed_out && f.error.empty()
                                                                  ? msg("check.timeout")
                                                                  : f.error_msg.value_or(foreign(f.error)))}),
                       std::nullopt, f.timed_out);
      co_return out;
    }
    r.observed["status"] = f.status;
    r.observed["body_size"] = f.body_size;
    r.observed["body_sha256"] = f.body_sha256;
    if (follow && f.status >= 300 && f.status < 400 && f.status != expect) {
      auto loc = header(f, "location");
      if (!loc) {
        svc::set_verdict(out, Verdict::fail, msg("check.http.no_location", {val("status", f.status)}),
                         "RFC 9110 §10.2.2");
        co_return out;
      }
      if (loc->starts_with("/"))
        url_text = std::string(url->https ? "https://" : "http://") + req.host + *loc;
      else
        url_text = *loc;
      continue;
    }
    if (f.status != expect) {
      svc::set_verdict(out, Verdict::fail,
                       msg("check.http.status", {val("url", url_text), sub("where", where),
                                                 val("status", f.status), val("expected", expect)}),
                       "RFC 9110 §15");
      co_return out;
    }
    if (needle && (!f.body || f.body->find(*needle) == std::string::npos)) {
      svc::set_verdict(
          out, Verdict::fail,
          msg("check.http.no_needle", {val("url", url_text), sub("where", where), val("needle", *needle)}));
      co_return out;
    }
    const Msg answered =
        msg("check.http.pass", {val("url", url_text), sub("where", where), val("status", f.status),
                                val("ms", std::llround(r.timings_ms["total"]))});
    if (unverified) {
      svc::set_verdict(out, Verdict::warn,
                       msg("check.tls.unverified", {sub("hidden", *unverified), sub("then", answered)}),
                       "RFC 5280 §6");
      co_return out;
    }
    svc::set_verdict(out, Verdict::pass, answered);
    co_return out;
  }
  svc::set_verdict(out, Verdict::fail, msg("check.http.redirects"), "RFC 9110 §15.4");
  co_return out;
}

// ---- the service.http block
constexpr KindBlock<HttpParams> kBlock{
    .name = "service.http",
    .schema = &http_schema,
    .params = &http_params,
    .targets = &http_targets,
    .run = &run_service_http,
};

}  // namespace

extern const CheckKind service_http_kind = kind_of<kBlock>;

}  // namespace v6r::probe
