#pragma once
// The probe's DNS client interface. Checks code against DnsClient; the real implementation is
// CaresDnsClient (c-ares on the Asio loop), unit tests use FakeDnsClient (docs/conventions.md §7).
// The query octets are always built by core/dns (so RD/DO/CD/EDNS are exactly what the check asked
// for) and every answer is parsed by core/dns: a malformed answer is an error value, never a crash.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dns_error.hpp"
#include "core/dns_message.hpp"
#include "core/dns_name.hpp"
#include "probes/net/asio.hpp"
#include "probes/net/endpoint.hpp"

namespace v6r::probe {

struct QueryOptions {
  bool rd = true;       ///< recursion desired
  bool do_bit = false;  ///< DNSSEC OK in the OPT RR (RFC 3225); implies EDNS
  bool cd_bit = false;  ///< checking disabled in the header (RFC 4035 §3.2.2)
  /// EDNS(0) UDP payload size; 0 = no OPT RR (unless do_bit, which then uses 1232).
  std::uint16_t edns_udp_size = 1232;
  bool operator==(const QueryOptions&) const = default;
};

enum class DnsStatus {
  ok,         ///< an answer arrived and core/dns parsed it (any RCODE: NXDOMAIN is an answer)
  malformed,  ///< an answer arrived but core/dns rejected it (raw + parse_error are set)
  timeout,    ///< no answer before the deadline (or c-ares gave up after its tries)
  network,    ///< send/receive failed (connection refused, unreachable, ...)
  refused,    ///< not sent: policy (allow-list) or a bad query (name could not be encoded)
  cancelled,  ///< the client was shut down
};
std::string_view to_string(DnsStatus s);

/// One socket a query went out on (its evidence 5-tuple with the resolver).
struct DnsLeg {
  std::string transport;  ///< "udp" or "tcp"
  Endpoint local;
  Endpoint resolver;
  bool operator==(const DnsLeg&) const = default;
};

struct DnsOutcome {
  DnsStatus status = DnsStatus::timeout;
  std::string detail;                          ///< human reason for non-ok statuses
  std::vector<std::uint8_t> raw;               ///< the answer octets as received
  std::optional<dns::Message> message;         ///< parsed answer (status ok)
  std::optional<dns::ParseError> parse_error;  ///< why the answer was rejected (status malformed)
  std::optional<std::uint16_t> query_id;       ///< DNS id on the wire (c-ares assigns it)
  std::optional<Endpoint> resolver;            ///< the resolver the query went to
  std::optional<Endpoint> local;               ///< our socket (evidence 5-tuple)
  std::string transport = "udp";               ///< "udp" or "tcp" (c-ares retries TC answers over TCP)
  /// Every socket the query was sent on, in order (UDP and then TCP after a TC answer, another resolver
  /// after a timeout); `local`/`transport`/`resolver` are the last. Empty when the client cannot tell
  /// (then `local` alone is the evidence).
  std::vector<DnsLeg> legs;
  std::chrono::microseconds rtt{0};  ///< send → answer (or → deadline)

  [[nodiscard]] bool ok() const { return status == DnsStatus::ok; }
};

class DnsClient {
 public:
  virtual ~DnsClient() = default;
  /// One query; resolves within `deadline` (status timeout otherwise). Never throws for network or
  /// answer problems.
  virtual awaitable<DnsOutcome> query(const dns::Name& qname, std::uint16_t qtype, QueryOptions opts,
                                      std::chrono::milliseconds deadline) = 0;
};

/// The wire query for `opts` (core/dns make_query + build); empty if it cannot be encoded.
std::vector<std::uint8_t> build_query_bytes(std::uint16_t id, const dns::Name& qname, std::uint16_t qtype,
                                            const QueryOptions& opts);

/// Fills raw/message/parse_error/status/query_id of `out` from answer octets (core/dns parse).
void classify_answer(std::vector<std::uint8_t> raw, DnsOutcome& out);

}  // namespace v6r::probe
