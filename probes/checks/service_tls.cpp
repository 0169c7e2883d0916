// service.tls: TLS handshake with a named service from this node (by default IPv6 only, through
// whatever DNS64/NAT64 path exists), OpenSSL 3 through Boost.Asio SSL (service_tls_session.hpp).
// Records the address and path ("native-ipv6" / "nat64" / "ipv4"), the TCP connect and handshake
// times, SNI, negotiated version, cipher and ALPN, the certificate's subject, issuer, SAN names,
// notBefore/notAfter and days left, and the chain verification result.
// Verdicts: fail — no connection, handshake failure (RFC 8446 §4), version below min_version
// (RFC 8996 §2), expired or not yet valid certificate (RFC 5280 §4.1.2.5, even with verify off), with
// verify on a name the certificate does not cover (RFC 6125 §6.4) or a chain that does not verify
// (RFC 5280 §6); warn — fewer than warn_days left; pass otherwise. verify: false (lab self-signed
// certificates) still reports chain and name results in observed and the reason.
#include <ctime>

#include "probes/check_params.hpp"
#include "probes/check_util.hpp"
#include "probes/checks/service_common.hpp"
#include "probes/checks/service_tls_session.hpp"

namespace v6r::probe {
namespace {

using scenario::CheckSchema;
using scenario::Field;

scenario::CheckSchema tls_schema() {
  return CheckSchema(
             "service.tls",
             "TLS handshake with a named service over IPv6-only: version, certificate validity for the name.")
      .rfc("RFC 8446")
      .rfc("RFC 6125")
      .field(Field::dns_name("host").req().describe("Service name (also the SNI unless sni is set)"))
      .field(Field::port("port").def("443").describe("TCP port"))
      .field(Field::dns_name("sni").describe("Server Name Indication to send"))
      .field(Field::boolean("verify").def("true").describe("Verify the certificate chain and name"))
      .field(Field::string("ca_file").describe("PEM file of extra trust anchors (e.g. a lab CA)"))
      .field(Field::integer("warn_days")
                 .min(0)
                 .max(3650)
                 .def("30")
                 .describe("Warn when the certificate expires in fewer days"))
      .field(Field::enumeration("min_version", enum_names(tls::kVersions))
                 .def("tls1.2")
                 .describe("Lowest acceptable TLS version"))
      .field(Field::string_list("alpn").describe("ALPN protocols to offer"))
      .field(Field::enumeration("family", enum_names(svc::kAddressFamilies))
                 .def("ipv6")
                 .describe("Address family to use"))
      .field(Field::pref64_prefix("expected_prefix")
                 .describe("NAT64 prefix that classifies the path (default: the scenario's expect.pref64)"))
      .field(scenario::resolver_field());
}

struct TlsParams {
  std::string host;
  std::uint16_t port = 443;
  std::optional<std::string> sni;
  bool verify = true;
  std::optional<std::string> ca_file;
  std::int64_t warn_days = 30;
  tls::Version min_version = tls::Version::tls1_2;
  std::vector<std::string> alpn;
  Family family = Family::ipv6;
  std::optional<Prefix> expected_prefix;
};

TlsParams tls_params(const scenario::ParamValues& v) {
  TlsParams p;
  p.host = v.get_string("host");
  p.port = static_cast<std::uint16_t>(v.get_int("port"));
  p.sni = optional_string(v, "sni");
  p.verify = v.get_bool("verify");
  p.ca_file = optional_string(v, "ca_file");
  p.warn_days = v.get_int("warn_days");
  p.min_version = enum_param(v, "min_version", tls::kVersions);
  p.alpn = optional_list(v, "alpn");
  p.family = enum_param(v, "family", svc::kAddressFamilies);
  p.expected_prefix = optional_prefix(v, "expected_prefix");
  return p;
}

CheckTargets tls_targets(const TlsParams& p) {
  return name_target(p.host);
}

awaitable<CheckOutcome> run_service_tls(CheckEnv& env, const TlsParams& p, std::chrono::milliseconds budget) {
  const Deadline deadline(budget);
  CheckOutcome out;
  CheckResult& r = out.result;
  const std::string& host = p.host;
  const std::uint16_t port = p.port;
  const Family family = p.family;
  r.family = family;
  r.target = host + ":" + std::to_string(port);
  const auto pref64 = expected_pref64(env, p.expected_prefix);
  auto got = co_await svc::resolve(env, host, family, deadline, out);
  if (!got) co_return out;
  const std::vector<Prefix> others = co_await svc::resolver_pref64(env, *got, pref64, deadline, r);
  const auto allowed = svc::gate(env, *got, pref64, out, others);
  if (allowed.empty()) co_return out;

  tls::Options opt;
  opt.sni = p.sni.value_or(host);
  opt.verify_host = host;
  opt.verify = p.verify;
  if (p.ca_file) opt.ca_file = *p.ca_file;
  opt.alpn = p.alpn;
  opt.min_version = p.min_version;

  const IpAddr a = allowed.front();
  const auto path = svc::classify_path(a, pref64, others);
  co_await env.rate.acquire(a.to_string());
  const tls::Session s =
      co_await tls::handshake(to_endpoint(a, port), true, opt, std::nullopt, deadline.left());
  note_flow(r, "tcp", s.local, s.remote);
  r.timings_ms["connect"] = svc::ms(s.connect_time);
  if (s.connected) r.timings_ms["handshake"] = svc::ms(s.handshake_time);
  auto& o = r.observed;
  o["address"] = a.to_string();
  o["path"] = std::string(svc::to_string(path));
  o["sni"] = opt.sni;
  o["verify"] = opt.verify;
  o["handshake_ok"] = s.handshake_ok;
  if (s.handshake_ok) {
    o["version"] = s.version;
    o["cipher"] = s.cipher;
    if (!s.alpn.empty()) o["alpn"] = s.alpn;
  }
  o["verify_result"] = s.verify_error;
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  if (s.cert) {
    o["certificate"] = {{"subject", s.cert->subject},         {"issuer", s.cert->issuer},
                        {"common_name", s.cert->common_name}, {"dns_names", s.cert->dns_names},
                        {"ip_names", s.cert->ip_names},       {"not_before", s.cert->not_before_utc},
                        {"not_after", s.cert->not_after_utc}, {"days_left", tls::days_left(*s.cert, now)},
                        {"self_signed", s.cert->self_signed}, {"covers_host", s.name_covered}};
  }
  const tls::Judgement j = tls::judge(s, opt, now, p.warn_days);
  Msg reason = j.reason;
  if (j.verdict == Verdict::pass || j.verdict == Verdict::warn)
    reason = msg("check.tls.on_path", {sub("reason", std::move(reason)), sub("path", svc::path_msg(path))});
  svc::set_verdict(out, j.verdict, std::move(reason), j.rfc, s.timed_out);
  co_return out;
}

// ---- the service.tls block
constexpr KindBlock<TlsParams> kBlock{
    .name = "service.tls",
    .schema = &tls_schema,
    .params = &tls_params,
    .targets = &tls_targets,
    .run = &run_service_tls,
};

}  // namespace

extern const CheckKind service_tls_kind = kind_of<kBlock>;

}  // namespace v6r::probe
