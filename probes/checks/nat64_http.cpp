// nat64.http: HTTP GET through NAT64 to an IPv4-only web server.
// The URL's host is resolved through DNS64 (or, as a literal, embedded/used as in nat64_path.hpp);
// one HTTP/1.1 GET over plain TCP to the synthesized address.
// pass: a complete response whose status equals expect_status (RFC 9110 §9.3.1 GET through the
// RFC 6146 session). fail: another status, a timeout (retryable; the reason says whether headers or
// body octets arrived), or a transport error. error: https:// (this kind speaks plain HTTP only; use
// service.tls / service.http for TLS). A body larger than max_body_bytes stops the transfer: the
// status still counts and observed.body_truncated is true.
// observed: status, body_bytes, body_sha256, chunked; timings: connect, first_byte, total.
#include <map>
#include <string_view>

#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/nat64_path.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema http_schema() {
  return CheckSchema("nat64.http", "HTTP GET through NAT64 to an IPv4-only web server.")
      .rfc("RFC 6146")
      .rfc("RFC 9110 §9.3.1")
      .field(Field::url("url").req().describe("http:// or https:// URL; its host is resolved through DNS64"))
      .field(Field::integer("expect_status").min(100).max(599).def("200").describe("Required HTTP status"))
      .field(Field::string_map("headers").describe("Extra request headers"))
      .field(Field::integer("max_body_bytes")
                 .min(0)
                 .max(104857600)
                 .def("1048576")
                 .describe("Stop reading after this many body bytes"))
      .field(scenario::resolver_field());
}

struct HttpParams {
  std::string url;
  int expect_status = 200;
  std::map<std::string, std::string> headers;
  std::uint64_t max_body_bytes = 1048576;
};

HttpParams http_params(const scenario::ParamValues& v) {
  return HttpParams{v.get_string("url"), static_cast<int>(v.get_int("expect_status")),
                    optional_map(v, "headers"), static_cast<std::uint64_t>(v.get_int("max_body_bytes"))};
}

CheckTargets http_targets(const HttpParams& p) {
  return url_target(p.url);
}

struct UrlParts {
  bool https = false;
  std::string host;  // name or literal, without brackets
  std::uint16_t port = 80;
  std::string path = "/";
  bool ok = false;
};

// The schema already checked the scheme and that a host follows; split it (RFC 3986 §3.2).
UrlParts split_url(std::string_view url) {
  UrlParts u;
  u.https = url.rfind("https://", 0) == 0;
  std::string_view rest = url.substr(u.https ? 8 : 7);
  if (u.https) u.port = 443;
  const auto slash = rest.find_first_of("/?#");
  std::string_view auth = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view p = rest.substr(slash);
    p = p.substr(0, p.find('#'));
    u.path = p.empty() || p[0] != '/' ? "/" + std::string(p) : std::string(p);
  }
  if (auto at = auth.rfind('@'); at != std::string_view::npos) auth = auth.substr(at + 1);
  std::string_view port_text;
  if (!auth.empty() && auth[0] == '[') {
    const auto close = auth.find(']');
    if (close == std::string_view::npos) return u;
    u.host = std::string(auth.substr(1, close - 1));
    if (close + 1 < auth.size() && auth[close + 1] == ':') port_text = auth.substr(close + 2);
  } else {
    const auto colon = auth.find(':');
    u.host = std::string(auth.substr(0, colon));
    if (colon != std::string_view::npos) port_text = auth.substr(colon + 1);
  }
  if (!port_text.empty()) {
    unsigned v = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || v > 65535) return u;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v == 0 || v > 65535) return u;
    u.port = static_cast<std::uint16_t>(v);
  }
  u.ok = !u.host.empty();
  return u;
}

awaitable<CheckOutcome> run_nat64_http(CheckEnv& env, const HttpParams& p, std::chrono::milliseconds budget) {
  static const std::string kRfc = "RFC 9110 §9.3.1";
  const Deadline deadline(budget);
  CheckOutcome out;
  const std::string& url = p.url;
  out.result.target = url;
  out.result.family = Family::ipv6;
  const UrlParts u = split_url(url);
  if (!u.ok) {
    nat64::set_verdict(out, Verdict::error, msg("check.url.no_host_port", {val("url", url)}));
    co_return out;
  }
  if (u.https) {
    nat64::set_verdict(out, Verdict::error, msg("check.nat64_http.https", {val("url", url)}));
    co_return out;
  }
  nat64::TargetSpec spec;
  if (auto lit = IpAddr::parse(u.host))
    spec.literal = *lit;
  else
    spec.host = u.host;
  auto dest = co_await nat64::prepare(env, spec, deadline, out);
  if (!dest) co_return out;

  CheckResult& r = out.result;
  HttpRequest req;
  req.host = u.host;
  req.path = u.path;
  for (const auto& [k, v] : p.headers) req.headers.emplace_back(k, v);
  req.max_body = p.max_body_bytes;
  const int expect = p.expect_status;

  const auto wait = deadline.left();
  const HttpResult h = co_await env.net.http_get(dest->endpoint(u.port), req, wait);
  nat64::note_transport(r, "tcp", h.local, h.remote);
  r.timings_ms["connect"] = nat64::ms(h.connect_time);
  r.timings_ms["first_byte"] = nat64::ms(h.first_byte_time);
  r.timings_ms["total"] = nat64::ms(h.total_time);
  r.observed["port"] = u.port;
  r.observed["path"] = u.path;
  if (h.status) r.observed["status"] = h.status;
  r.observed["body_bytes"] = h.body_size;
  if (!h.body_sha256.empty()) r.observed["body_sha256"] = h.body_sha256;
  r.observed["chunked"] = h.chunked;

  const std::vector<MessageArg> what{val("path", u.path), val("address", dest->v6.to_string()),
                                     val("port", u.port)};
  const auto with = [&](std::vector<MessageArg> more) {
    std::vector<MessageArg> a = what;
    a.insert(a.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    return a;
  };
  const bool capped = !h.ok && !h.timed_out && h.status != 0 && h.error.rfind("body exceeds cap", 0) == 0;
  if (capped) r.observed["body_truncated"] = true;
  if (h.ok || capped) {
    if (h.status == expect) {
      nat64::set_verdict(
          out, Verdict::pass,
          msg(capped ? "check.nat64_http.pass_capped" : "check.nat64_http.pass",
              with({val("ipv4", dest->ipv4.to_string()), val("status", h.status), val("bytes", h.body_size),
                    val("ms", static_cast<long long>(nat64::ms(h.total_time)))})),
          kRfc);
    } else {
      nat64::set_verdict(
          out, Verdict::fail,
          msg("check.nat64_http.status", with({val("status", h.status), val("expected", expect)})), kRfc);
    }
  } else if (h.timed_out) {
    const Msg got =
        h.connected
            ? (h.status ? msg("check.http.got_partial", {val("status", h.status), val("bytes", h.body_size)})
                        : msg("check.http.got_no_headers"))
            : msg("check.http.got_no_handshake");
    nat64::set_verdict(
        out, Verdict::fail,
        msg("check.nat64_http.timeout", with({val("ms", deadline.total().count()), sub("got", got)})), kRfc,
        true);
  } else {
    r.observed["error"] = h.error;
    nat64::set_verdict(out, Verdict::fail,
                       msg("check.nat64_http.failed",
                           with({val("ipv4", dest->ipv4.to_string()), sub("error", foreign(h.error))})),
                       kRfc);
  }
  co_return out;
}

// ---- the nat64.http block
constexpr KindBlock<HttpParams> kBlock{
    .name = "nat64.http",
    .schema = &http_schema,
    .params = &http_params,
    .targets = &http_targets,
    .run = &run_nat64_http,
};

}  // namespace

extern const CheckKind nat64_http_kind = kind_of<kBlock>;

}  // namespace v6r::probe
