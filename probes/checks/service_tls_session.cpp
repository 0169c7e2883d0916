// TLS sessions for service.tls / service.http (see service_tls_session.hpp).
#include "probes/checks/service_tls_session.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl.hpp>
#include <cstring>
#include <ctime>
#include <memory>

#include "core/ip.hpp"
#include "probes/net/deadline.hpp"
#include "probes/net/http_response.hpp"
#include "probes/net/tcp_connect.hpp"

namespace v6r::probe::tls {

namespace ssl = asio::ssl;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string name_text(X509_NAME* n) {
  if (!n) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  X509_NAME_print_ex(bio.get(), n, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

std::pair<std::string, std::int64_t> time_text(const ASN1_TIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return {"", 0};
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return {buf, static_cast<std::int64_t>(timegm(&tm))};
}

std::string asn1_string(const ASN1_STRING* s) {
  if (!s) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

}  // namespace

CertInfo cert_info(x509_st* cert) {
  CertInfo c;
  if (!cert) return c;
  c.subject = name_text(X509_get_subject_name(cert));
  c.issuer = name_text(X509_get_issuer_name(cert));
  c.self_signed = X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
  if (X509_NAME* subj = X509_get_subject_name(cert)) {
    const int idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
    if (idx >= 0) c.common_name = asn1_string(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, idx)));
  }
  auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (sans) {
    for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
      const GENERAL_NAME* g = sk_GENERAL_NAME_value(sans, i);
      if (g->type == GEN_DNS) {
        c.dns_names.push_back(asn1_string(g->d.dNSName));
      } else if (g->type == GEN_IPADD) {
        const std::string raw = asn1_string(g->d.iPAddress);
        if (raw.size() == 4) {
          Ipv4Addr a;
          std::memcpy(a.bytes.data(), raw.data(), 4);
          c.ip_names.push_back(a.to_string());
        } else if (raw.size() == 16) {
          Ipv6Addr a;
          std::memcpy(a.bytes.data(), raw.data(), 16);
          c.ip_names.push_back(a.to_string());
        }
      }
    }
    GENERAL_NAMES_free(sans);
  }
  std::tie(c.not_before_utc, c.not_before_epoch) = time_text(X509_get0_notBefore(cert));
  std::tie(c.not_after_utc, c.not_after_epoch) = time_text(X509_get0_notAfter(cert));
  return c;
}

std::int64_t days_left(const CertInfo& c, std::int64_t now_epoch) {
  const std::int64_t d = c.not_after_epoch - now_epoch;
  return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

bool covers(x509_st* cert, const std::string& host) {
  if (!cert || host.empty()) return false;
  if (IpAddr::parse(host)) return X509_check_ip_asc(cert, host.c_str(), 0) == 1;
  return X509_check_host(cert, host.c_str(), host.size(), 0, nullptr) == 1;
}

int version_number(Version v) {
  switch (v) {
    case Version::tls1_2:
      return TLS1_2_VERSION;
    case Version::tls1_3:
      return TLS1_3_VERSION;
  }
  return 0;
}

int version_number(const std::string& text) {
  if (text == "tls1.2" || text == "TLSv1.2") return TLS1_2_VERSION;
  if (text == "tls1.3" || text == "TLSv1.3") return TLS1_3_VERSION;
  if (text == "TLSv1.1") return TLS1_1_VERSION;
  if (text == "TLSv1") return TLS1_VERSION;
  return 0;
}

namespace {

struct Conn {
  explicit Conn(const asio::any_io_executor& ex) : ctx(ssl::context::tls_client), stream(ex, ctx) {}
  ssl::context ctx;
  ssl::stream<asio::ip::tcp::socket> stream;
  void close() {
    ErrorCode ec;
    stream.lowest_layer().close(ec);
  }
};

std::string ssl_error_text(const ErrorCode& ec) {
  std::string s = ec.message();
  if (ec.category() == asio::error::get_ssl_category()) {
    char buf[256];
    ERR_error_string_n(static_cast<unsigned long>(ec.value()), buf, sizeof buf);
    s = buf;
  }
  return s;
}

/// The oldest error on this thread's OpenSSL error queue (which is then cleared), e.g. "error:05800088:x509
/// certificate routines::no certificate or crl found"; "unknown error" when the queue is empty.
std::string openssl_error_text() {
  const unsigned long e = ERR_peek_error();
  char buf[256] = "unknown error";
  if (e != 0) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

template <class Stream>
awaitable<void> do_http(Stream& s, const HttpRequest& req, const Endpoint& remote, Session& out) {
  HttpPart h;
  const auto sent = SteadyClock::now();
  ErrorCode ec;
  const std::string wire = format_http_get(req, remote);
  co_await asio::async_write(s, asio::buffer(wire), asio::redirect_error(use_awaitable, ec));
  if (ec) {
    h.error = "send: " + ec.message();
    out.http = h;
    co_return;
  }
  HttpResponseParser parser(req.max_body);
  std::string raw;
  std::array<char, 16384> buf{};
  bool first = true;
  while (!parser.done() && parser.state() != HttpResponseParser::State::error) {
    const std::size_t n =
        co_await s.async_read_some(asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
    if (n > 0) {
      if (first) {
        h.first_byte_time = std::chrono::duration_cast<Micros>(SteadyClock::now() - sent);
        first = false;
      }
      if (raw.size() < (1u << 20) + 65536) raw.append(buf.data(), n);
      parser.feed(std::string_view(buf.data(), n));
    }
    if (ec) {
      if (!parser.done()) parser.eof();
      break;
    }
  }
  h.total_time = std::chrono::duration_cast<Micros>(SteadyClock::now() - sent);
  if (parser.done()) {
    h.ok = true;
    h.status = parser.head().status;
    h.headers = parser.head().headers;
    h.body_size = parser.body_size();
    h.body_sha256 = parser.body_sha256();
    if (auto p = raw.find("\r\n\r\n"); p != std::string::npos) h.body_prefix = raw.substr(p + 4, 1u << 20);
  } else {
    h.error =
        parser.error().empty() ? (ec ? ec.message() : std::string("incomplete response")) : parser.error();
  }
  out.http = h;
}

awaitable<Session> run(std::shared_ptr<Conn> c, Endpoint remote, bool use_tls, Options opt,
                       std::optional<HttpRequest> req) {
  Session s;
  s.remote = remote;
  ErrorCode ec;
  const auto t0 = SteadyClock::now();
  auto& sock = c->stream.next_layer();
  ec = co_await connect_recording(sock, asio::ip::tcp::endpoint(remote.address, remote.port), s.local);
  s.connect_time = std::chrono::duration_cast<Micros>(SteadyClock::now() - t0);
  if (ec) {
    s.error_msg =
        msg("check.tls.connect", {val("remote", remote.to_string()), sub("error", foreign(ec.message()))});
    s.error = english(*s.error_msg);
    co_return s;
  }
  s.connected = true;
  if (!use_tls) {
    if (req) co_await do_http(sock, *req, remote, s);
    co_return s;
  }
  SSL* ssl_handle = c->stream.native_handle();
  if (!opt.sni.empty() && !IpAddr::parse(opt.sni)) SSL_set_tlsext_host_name(ssl_handle, opt.sni.c_str());
  const auto t1 = SteadyClock::now();
  co_await c->stream.async_handshake(ssl::stream_base::client, asio::redirect_error(use_awaitable, ec));
  s.handshake_time = std::chrono::duration_cast<Micros>(SteadyClock::now() - t1);
  s.verify_result = SSL_get_verify_result(ssl_handle);
  s.verify_error = X509_verify_cert_error_string(s.verify_result);
  if (X509* peer = SSL_get1_peer_certificate(ssl_handle)) {
    s.cert = cert_info(peer);
    s.name_covered = covers(peer, opt.verify_host);
    X509_free(peer);
  }
  if (ec) {
    s.error_msg = msg("check.tls.handshake",
                      {val("remote", remote.to_string()), sub("error", foreign(ssl_error_text(ec)))});
    s.error = english(*s.error_msg);
    co_return s;
  }
  s.handshake_ok = true;
  s.version = SSL_get_version(ssl_handle);
  if (const char* cipher = SSL_get_cipher_name(ssl_handle)) s.cipher = cipher;
  const unsigned char* alpn = nullptr;
  unsigned alpn_len = 0;
  SSL_get0_alpn_selected(ssl_handle, &alpn, &alpn_len);
  if (alpn && alpn_len) s.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  if (req) co_await do_http(c->stream, *req, remote, s);
  // No TLS close_notify: the caller closes the socket (a detached async_shutdown would outlive `c`).
  co_return s;
}

}  // namespace

awaitable<Session> handshake(Endpoint remote, bool use_tls, Options opt, std::optional<HttpRequest> req,
                             Millis deadline) {
  auto ex = co_await asio::this_coro::executor;
  auto c = std::make_shared<Conn>(ex);
  SSL_CTX* ctx = c->ctx.native_handle();
  SSL_CTX_set_default_verify_paths(ctx);  // the store is shared with the SSL object
  if (!opt.ca_file.empty() && SSL_CTX_load_verify_locations(ctx, opt.ca_file.c_str(), nullptr) != 1) {
    // A trust anchor that is not there must not turn into "verified against the system store only".
    Session s;
    s.remote = remote;
    s.setup_error_msg =
        msg("check.tls.ca_file", {val("file", opt.ca_file), sub("error", foreign(openssl_error_text()))});
    s.setup_error = english(*s.setup_error_msg);
    c->close();
    co_return s;
  }
  // The stream's SSL object exists already (it copied the context's settings when it was made), so
  // version and verify mode go on the SSL object itself.
  // Verification always runs (its result is reported); `verify` decides whether it aborts.
  SSL* ssl_handle = c->stream.native_handle();
  SSL_set_min_proto_version(ssl_handle, version_number(opt.min_version));
  SSL_set_verify(ssl_handle, opt.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  if (!opt.verify_host.empty()) {
    if (IpAddr::parse(opt.verify_host))
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_handle), opt.verify_host.c_str());
    else
      SSL_set1_host(ssl_handle, opt.verify_host.c_str());
  }
  if (!opt.alpn.empty()) {
    std::string wire;
    for (const auto& p : opt.alpn) {
      if (p.empty() || p.size() > 255) continue;
      wire.push_back(static_cast<char>(p.size()));
      wire += p;
    }
    SSL_set_alpn_protos(ssl_handle, reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned>(wire.size()));
  }
  // Built outside the co_await: g++ 12 destroys temporaries in a co_await operand twice, which dropped
  // the shared_ptr<Conn> captured here early (use after free found by valgrind in the lab).
  auto op = with_deadline(run(c, remote, use_tls, opt, req), deadline, [c] { c->close(); });
  auto d = co_await std::move(op);
  Session s;
  if (d.value) s = std::move(*d.value);
  s.remote = remote;
  if (d.timed_out) {
    s.timed_out = true;
    const std::string phase = !s.connected                   ? "connect"
                              : (use_tls && !s.handshake_ok) ? "handshake"
                                                             : "response";
    s.error_msg =
        msg("check.tls.timeout_" + phase, {val("remote", remote.to_string()), val("ms", deadline.count())});
    s.error = english(*s.error_msg);
    if (s.http && !s.http->ok) s.http->error = s.error;
  }
  c->close();
  co_return s;
}

std::optional<MessageRef> hidden_by_verify_off(const Session& s, const Options& opt) {
  if (opt.verify) return std::nullopt;
  if (s.verify_result != 0) return msg("check.tls.chain_hidden", {val("verify", s.verify_error)});
  if (!s.name_covered) return msg("check.tls.name_hidden", {val("host", opt.verify_host)});
  return std::nullopt;
}

Judgement judge(const Session& s, const Options& opt, std::int64_t now_epoch, std::int64_t warn_days) {
  Judgement j;
  if (!s.setup_error.empty()) {
    j.verdict = Verdict::error;
    j.reason = s.setup_error_msg.value_or(foreign(s.setup_error));
    return j;
  }
  if (!s.connected) {
    j.verdict = Verdict::fail;
    j.reason = s.error_msg.value_or(foreign(s.error));
    return j;
  }
  if (!s.handshake_ok) {
    j.verdict = Verdict::fail;
    j.reason = s.error_msg.value_or(foreign(s.error));
    if (opt.verify && s.verify_result != 0)
      j.reason = msg("check.tls.with_verification", {sub("error", j.reason), val("verify", s.verify_error)});
    j.rfc = "RFC 8446 §4";
    return j;
  }
  const int min = version_number(opt.min_version);
  if (min && version_number(s.version) && version_number(s.version) < min) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.tls.version", {val("version", s.version),
                                         val("minimum", std::string(enum_name(kVersions, opt.min_version)))});
    j.rfc = "RFC 8996 §2";
    return j;
  }
  if (!s.cert) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.tls.no_cert");
    j.rfc = "RFC 8446 §4.4.2";
    return j;
  }
  const std::int64_t left = days_left(*s.cert, now_epoch);
  if (s.cert->not_after_epoch < now_epoch) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.tls.expired", {val("date", s.cert->not_after_utc), val("days", -left)});
    j.rfc = "RFC 5280 §4.1.2.5";
    return j;
  }
  if (s.cert->not_before_epoch > now_epoch) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.tls.not_yet", {val("date", s.cert->not_before_utc)});
    j.rfc = "RFC 5280 §4.1.2.5";
    return j;
  }
  if (opt.verify && !s.name_covered) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.tls.name", {val("host", opt.verify_host)});
    j.rfc = "RFC 6125 §6.4";
    return j;
  }
  if (opt.verify && s.verify_result != 0) {
    j.verdict = Verdict::fail;
    j.reason = msg("check.tls.chain", {val("verify", s.verify_error)});
    j.rfc = "RFC 5280 §6";
    return j;
  }
  const std::string hs = s.version + " " + s.cipher;
  const bool expires_soon = left < warn_days;
  const Msg expiry = msg("check.tls.expires_soon",
                         {val("days", left), val("date", s.cert->not_after_utc), val("warn", warn_days)});
  // verify: false must not pass quietly what verification would refuse: the result says it loudly.
  if (const auto hidden = hidden_by_verify_off(s, opt)) {
    j.verdict = Verdict::warn;
    std::vector<Msg> parts{
        msg("check.tls.with", {val("handshake", hs), val("remote", s.remote.to_string())})};
    if (expires_soon) parts.push_back(expiry);
    j.reason = msg("check.tls.unverified", {sub("hidden", *hidden), sub("then", joined(std::move(parts)))});
    j.rfc = s.verify_result != 0 ? "RFC 5280 §6" : "RFC 6125 §6.4";
    return j;
  }
  const std::string off = opt.verify ? "" : "_off";
  if (expires_soon) {
    j.verdict = Verdict::warn;
    j.reason = msg("check.tls.soon" + off, {val("handshake", hs), sub("expiry", expiry)});
    j.rfc = "RFC 5280 §4.1.2.5";
    return j;
  }
  j.verdict = Verdict::pass;
  j.reason = msg("check.tls.pass" + off, {val("handshake", hs), val("remote", s.remote.to_string()),
                                          val("date", s.cert->not_after_utc), val("days", left)});
  return j;
}

}  // namespace v6r::probe::tls
