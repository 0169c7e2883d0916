#include "probes/net/fake_dns_client.hpp"

#include "core/dns_build.hpp"

namespace v6r::probe {

FakeDnsClient& FakeDnsClient::on(const dns::Name& qname, std::uint16_t qtype, Reply reply,
                                 std::optional<QueryOptions> opts, bool keep_header) {
  for (auto& s : scripts_) {
    if (s.qname == qname && s.qtype == qtype && s.opts == opts) {
      s.replies.push_back(std::move(reply));
      return *this;
    }
  }
  scripts_.push_back(Script{qname, qtype, opts, keep_header, {}});
  scripts_.back().replies.push_back(std::move(reply));
  return *this;
}

FakeDnsClient::Script* FakeDnsClient::find(const dns::Name& qname, std::uint16_t qtype,
                                           const QueryOptions& opts) {
  Script* any_flags = nullptr;
  for (auto& s : scripts_) {
    if (!(s.qname == qname) || s.qtype != qtype) continue;
    if (s.opts && *s.opts == opts) return &s;  // exact flags win
    if (!s.opts && !any_flags) any_flags = &s;
  }
  return any_flags;
}

std::size_t FakeDnsClient::count(const dns::Name& qname, std::uint16_t qtype) const {
  std::size_t n = 0;
  for (const auto& q : queries_) n += (q.qname == qname && q.qtype == qtype) ? 1 : 0;
  return n;
}

awaitable<DnsOutcome> FakeDnsClient::query(const dns::Name& qname, std::uint16_t qtype, QueryOptions opts,
                                           std::chrono::milliseconds deadline) {
  std::uint16_t id = next_id_++;
  queries_.push_back(Recorded{qname, qtype, opts, deadline, id, build_query_bytes(id, qname, qtype, opts)});

  DnsOutcome out;
  out.resolver = resolver_;
  out.local = Endpoint{resolver_.address.is_v6() ? asio::ip::address(asio::ip::address_v6::loopback())
                                                 : asio::ip::address(asio::ip::address_v4::loopback()),
                       40000};
  out.query_id = id;

  Script* s = find(qname, qtype, opts);
  if (!s) {
    // Unscripted: behave like a resolver that never answers, so a test notices quickly.
    out.status = DnsStatus::timeout;
    out.detail = "FakeDnsClient: no scripted reply for " + qname.to_text() + " type " + std::to_string(qtype);
    out.rtt = deadline;
    co_return out;
  }
  Reply reply = s->replies.front();
  if (s->replies.size() > 1) s->replies.pop_front();

  const bool times_out = std::holds_alternative<Timeout>(reply) || rtt_ > deadline;
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(times_out ? deadline : rtt_);
  ErrorCode ec;
  co_await t.async_wait(asio::redirect_error(use_awaitable, ec));

  if (times_out) {
    out.status = DnsStatus::timeout;
    out.detail =
        "no answer from " + resolver_.to_string() + " within " + std::to_string(deadline.count()) + " ms";
    out.rtt = deadline;
    co_return out;
  }
  out.rtt = rtt_;
  if (auto* ne = std::get_if<NetworkError>(&reply)) {
    out.status = DnsStatus::network;
    out.detail = ne->detail;
    co_return out;
  }
  if (auto* raw = std::get_if<std::vector<std::uint8_t>>(&reply)) {
    classify_answer(*raw, out);
    co_return out;
  }
  dns::Message m = std::get<dns::Message>(reply);
  if (!s->keep_header) {
    m.header.id = id;
    m.header.qr = true;
    m.header.rd = opts.rd;
    m.header.cd = opts.cd_bit;
    if (m.questions.empty()) m.questions.push_back(dns::Question{qname, static_cast<dns::RrType>(qtype)});
  }
  classify_answer(dns::build(m), out);
  co_return out;
}

}  // namespace v6r::probe
