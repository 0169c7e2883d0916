#include "core/known_errors.hpp"

#include <cerrno>
#include <cstring>

namespace v6r::known_errors {
namespace {

Known ssl(std::string_view name, std::string_view reason_string, std::string_view plain) {
  return Known{name, std::string(reason_string), plain, true};
}

Known sys(std::string_view name, int err, std::string_view plain) {
  return Known{name, std::strerror(err), plain, false};
}

/// "error:0A00042E:" (OpenSSL's error line: "error:" + 8 hex digits + ':').
bool openssl_prefix_at(std::string_view s, std::size_t at) {
  if (s.substr(at, 6) != "error:" || at + 15 > s.size() || s[at + 14] != ':') return false;
  for (std::size_t i = at + 6; i < at + 14; ++i)
    if (std::strchr("0123456789abcdefABCDEF", s[i]) == nullptr || s[i] == '\0') return false;
  return true;
}

}  // namespace

const std::vector<Known>& table() {
  // The sentences say what the engineer should look at; the raw text after them says what was seen.
  static const std::vector<Known> t = {
      // OpenSSL 3 reason strings (crypto/err/openssl.txt, SSL_R_*; TLS alerts RFC 8446 §6).
      ssl("tls_protocol_version", "tlsv1 alert protocol version",
          "the server does not offer the TLS version asked for"),
      ssl("tls_unsupported_protocol", "unsupported protocol",
          "the server and the probe have no TLS version in common"),
      ssl("tls_no_protocols", "no protocols available",
          "no TLS version is enabled on the probe for this connection"),
      ssl("tls_certificate_verify", "certificate verify failed",
          "the server's certificate could not be verified (expired, for another name, or not signed by a "
          "trusted CA)"),
      ssl("tls_handshake_failure", "sslv3 alert handshake failure",
          "the server refused the TLS handshake (no cipher suite or version in common)"),
      ssl("tls_unknown_ca", "tlsv1 alert unknown ca",
          "the peer does not trust the CA that signed the certificate"),
      ssl("tls_bad_certificate", "sslv3 alert bad certificate",
          "the peer rejected the certificate it was shown"),
      ssl("tls_unrecognized_name", "tlsv1 unrecognized name",
          "the server has no certificate for the name asked for (SNI)"),
      ssl("tls_internal_error", "tlsv1 alert internal error",
          "the server reported an internal error in the handshake"),
      ssl("tls_wrong_version_number", "wrong version number",
          "the server did not answer in TLS (a plain-text service on this port?)"),
      ssl("tls_unexpected_eof", "unexpected eof while reading",
          "the server closed the connection in the middle of the TLS exchange"),
      // errno (POSIX; the text is strerror's).
      sys("ECONNREFUSED", ECONNREFUSED,
          "nothing accepts connections on that port (the service is down, or a firewall rejects it)"),
      sys("ENETUNREACH", ENETUNREACH,
          "the probe has no route to that network (no default route for this IP family?)"),
      sys("EHOSTUNREACH", EHOSTUNREACH,
          "the host cannot be reached (no neighbour answered, or a router sent ICMP unreachable)"),
      sys("ETIMEDOUT", ETIMEDOUT,
          "no answer came before the timeout (packets lost on the way, or the host is down)"),
      sys("EADDRNOTAVAIL", EADDRNOTAVAIL,
          "the probe has no usable source address for that family (no IPv6 or IPv4 address configured)"),
      sys("ECONNRESET", ECONNRESET, "the peer reset the connection"),
      sys("EAFNOSUPPORT", EAFNOSUPPORT,
          "that IP family is not supported on the probe (IPv6 or IPv4 disabled?)"),
      sys("EMSGSIZE", EMSGSIZE, "the packet was larger than the path allows (MTU)"),
      sys("EACCES", EACCES,
          "the system refused the operation (a local firewall rule or a missing privilege)"),
      sys("EPERM", EPERM, "the system refused the operation (a local firewall rule or a missing privilege)"),
  };
  return t;
}

std::string explain(std::string_view reason) {
  const auto& t = table();
  std::string out;
  std::size_t done = 0;  // reason[0, done) is in `out`
  while (done < reason.size()) {
    // The earliest known text from here on (the first in the table on a tie).
    const Known* hit = nullptr;
    std::size_t at = std::string_view::npos;
    for (const auto& k : t) {
      if (k.matches.empty()) continue;
      const std::size_t p = reason.find(k.matches, done);
      if (p < at) {
        at = p;
        hit = &k;
      }
    }
    if (hit == nullptr) break;
    std::size_t raw_begin = at;
    std::string code;
    if (hit->openssl) {
      // The OpenSSL line "error:0A00042E:SSL routines::<reason string>" before it belongs to the raw text.
      const std::size_t e = reason.rfind("error:", at);
      if (e != std::string_view::npos && e >= done && openssl_prefix_at(reason, e) &&
          reason.substr(e, at - e).find_first_of(";,()") == std::string_view::npos)
        raw_begin = e;
    } else {
      code = std::string(hit->name) + ": ";
    }
    const std::size_t raw_end = at + hit->matches.size();
    out.append(reason.substr(done, raw_begin - done));
    out.append(hit->plain);
    out.append(" (");
    out.append(code);
    out.append(reason.substr(raw_begin, raw_end - raw_begin));
    out.append(")");
    done = raw_end;
  }
  out.append(reason.substr(done));
  return out;
}

}  // namespace v6r::known_errors
