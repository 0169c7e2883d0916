#pragma once
// Known low-level failures in a check's reason, said in a plain sentence for the engineer who reads
// the terminal, with the raw text kept after it: OpenSSL's error strings ("error:0A00042E:SSL
// routines::tlsv1 alert protocol version") and the operating system's errno texts (strerror:
// "Connection refused"). The table (core/known_errors.cpp) is the one place of each sentence, so the
// message catalogue can take them over whole. Pure; the results in a bundle keep their raw reasons.
#include <string>
#include <string_view>
#include <vector>

namespace v6r::known_errors {

/// One known failure: how it is recognised in a reason and what it means.
struct Known {
  std::string_view name;   ///< "ECONNREFUSED", "tls_protocol_version" (stable; for tests and catalogues)
  std::string matches;     ///< text in the reason (an OpenSSL reason string, or strerror(errno))
  std::string_view plain;  ///< the plain sentence
  bool openssl = false;    ///< the raw text starts at the "error:XXXXXXXX:" before `matches`, when present
};

/// The table: OpenSSL 3 reason strings first, then errno texts (strerror in this process's locale).
const std::vector<Known>& table();

/// `reason` with every known failure in it replaced by "<plain sentence> (<raw>)": for errno
/// "<plain> (ECONNREFUSED: Connection refused)", for OpenSSL "<plain> (error:0A00042E:SSL
/// routines::tlsv1 alert protocol version)". Other text is kept as it is; a reason with nothing known
/// comes back unchanged. Escaping for the medium is the caller's (core/escape.hpp).
std::string explain(std::string_view reason);

}  // namespace v6r::known_errors
