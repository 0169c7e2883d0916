#pragma once
// Scripted DnsClient for unit tests of checks (docs/conventions.md §7: a swappable network edge). Answers are
// keyed by (name, qtype, flags) — flags optional, so one script can serve any flags — and may be a
// dns::Message (encoded with core/dns build, then parsed back like a real answer), raw octets (to
// script malformed answers), a timeout or a network error. Every query made is recorded.
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "probes/net/dns_client.hpp"

namespace v6r::probe {

class FakeDnsClient : public DnsClient {
 public:
  struct Timeout {};
  struct NetworkError {
    std::string detail = "connection refused";
  };
  using Reply = std::variant<dns::Message, std::vector<std::uint8_t>, Timeout, NetworkError>;

  struct Recorded {
    dns::Name qname;
    std::uint16_t qtype = 0;
    QueryOptions opts;
    std::chrono::milliseconds deadline{0};
    std::uint16_t id = 0;
    std::vector<std::uint8_t> wire;  ///< the query octets a real client would have sent
  };

  explicit FakeDnsClient(Endpoint resolver = {asio::ip::make_address("2001:db8::53"), 53})
      : resolver_(std::move(resolver)) {}

  /// Scripts the reply for (qname, qtype[, opts]). Several replies for one key are served in order;
  /// the last one repeats. The reply Message's header id, QR bit and question are filled in from
  /// the query unless `keep_header` (to script mismatching answers).
  FakeDnsClient& on(const dns::Name& qname, std::uint16_t qtype, Reply reply,
                    std::optional<QueryOptions> opts = std::nullopt, bool keep_header = false);
  /// Simulated round-trip time for every answer (a reply later than the deadline is a timeout).
  FakeDnsClient& rtt(std::chrono::milliseconds d) {
    rtt_ = d;
    return *this;
  }

  awaitable<DnsOutcome> query(const dns::Name& qname, std::uint16_t qtype, QueryOptions opts,
                              std::chrono::milliseconds deadline) override;

  [[nodiscard]] const std::vector<Recorded>& queries() const { return queries_; }
  [[nodiscard]] std::size_t count(const dns::Name& qname, std::uint16_t qtype) const;

 private:
  struct Script {
    dns::Name qname;
    std::uint16_t qtype;
    std::optional<QueryOptions> opts;
    bool keep_header;
    std::deque<Reply> replies;
  };
  Script* find(const dns::Name& qname, std::uint16_t qtype, const QueryOptions& opts);

  Endpoint resolver_;
  std::vector<Script> scripts_;
  std::vector<Recorded> queries_;
  std::chrono::milliseconds rtt_{1};
  std::uint16_t next_id_ = 0x1000;
};

}  // namespace v6r::probe
