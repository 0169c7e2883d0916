#pragma once
// TLS for service.tls and https:// in service.http: OpenSSL 3 through Boost.Asio's SSL support.
// handshake() connects, shakes hands (SNI, ALPN, minimum version) and reads what the handshake
// negotiated and the peer certificate; with a request it then sends an HTTP/1.1 GET and reads the
// response (also used without TLS, when a check needs the body itself). The certificate helpers and
// judge() are pure over an X509 / the collected facts so unit tests build certificates in memory.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "probes/check_params.hpp"
#include "probes/net/asio.hpp"
#include "probes/net/transport.hpp"
#include "probes/reason.hpp"

struct x509_st;

namespace v6r::probe::tls {

struct CertInfo {
  std::string subject;  ///< one-line RFC 2253 form
  std::string issuer;
  std::vector<std::string> dns_names;         ///< subjectAltName dNSName entries
  std::vector<std::string> ip_names;          ///< subjectAltName iPAddress entries (text)
  std::string common_name;                    ///< subject CN (empty when absent)
  std::string not_before_utc, not_after_utc;  ///< "2026-05-01T00:00:00Z"
  std::int64_t not_before_epoch = 0, not_after_epoch = 0;
  bool self_signed = false;  ///< issuer == subject
};

/// Pure: facts from one certificate.
CertInfo cert_info(x509_st* cert);
/// Pure: whole days from `now_epoch` to notAfter (negative once expired).
std::int64_t days_left(const CertInfo& c, std::int64_t now_epoch);
/// Pure: does the certificate cover `host` (RFC 6125 §6.4 via OpenSSL X509_check_host / _check_ip)?
bool covers(x509_st* cert, const std::string& host);

/// The lowest TLS version a check accepts ("min_version" parameter).
enum class Version { tls1_2, tls1_3 };
inline constexpr EnumTable<Version, 2> kVersions = {{
    {Version::tls1_2, "tls1.2"},
    {Version::tls1_3, "tls1.3"},
}};

struct Options {
  std::string sni;          ///< empty: none sent (address literals)
  std::string verify_host;  ///< the name the certificate must cover
  bool verify = true;       ///< abort the handshake when the chain or name does not verify
  std::string ca_file;      ///< extra trust anchor(s), PEM; empty: the system's
  std::vector<std::string> alpn;
  Version min_version = Version::tls1_2;
};

struct HttpPart {
  bool ok = false;
  std::string error;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::uint64_t body_size = 0;
  std::string body_sha256;
  std::string body_prefix;  ///< the first 1 MiB of the body octets as received (for body_contains)
  Micros first_byte_time{0}, total_time{0};
};

struct Session {
  bool connected = false;  ///< TCP
  bool handshake_ok = false;
  bool timed_out = false;
  std::string error;
  std::optional<MessageRef> error_msg;  ///< `error` as a reason (probes/reason.hpp), when set here
  /// Set when the check could not be set up (a `ca_file` that cannot be loaded): nothing was sent.
  std::string setup_error;
  std::optional<MessageRef> setup_error_msg;
  std::optional<Endpoint> local;  ///< the source of the SYN, also when the connect failed (tcp_connect.hpp)
  Endpoint remote;
  Micros connect_time{0}, handshake_time{0};
  std::string version, cipher, alpn;  ///< negotiated ("TLSv1.3", ...)
  long verify_result = 0;             ///< X509_V_OK (0) or an X509_V_ERR_*
  std::string verify_error;           ///< text of verify_result
  std::optional<CertInfo> cert;
  bool name_covered = false;
  std::optional<HttpPart> http;
};

/// Connect to `remote`, TLS handshake (when `use_tls`), then the GET of `req` when given. Never throws
/// for network or TLS problems.
awaitable<Session> handshake(Endpoint remote, bool use_tls, Options opt, std::optional<HttpRequest> req,
                             Millis deadline);

struct Judgement {
  Verdict verdict = Verdict::error;
  MessageRef reason;
  std::optional<std::string> rfc;
};

/// With `verify: false` the handshake goes on whatever the certificate says, but verification still
/// runs: what it would have refused ("the chain does not verify (self-signed certificate)", "the
/// certificate does not cover NAME"), or nullopt when it would have passed or was on.
std::optional<MessageRef> hidden_by_verify_off(const Session& s, const Options& opt);

/// Pure: the verdict for a finished handshake (see service_tls.cpp for the mapping).
Judgement judge(const Session& s, const Options& opt, std::int64_t now_epoch, std::int64_t warn_days);

/// "tls1.2" → TLS1_2_VERSION; "TLSv1.3" → ...; 0 when unknown.
int version_number(const std::string& text);
int version_number(Version v);

}  // namespace v6r::probe::tls
