// A tiny UDP DNS responder on loopback for the CaresDnsClient tests (answers built with core/dns
// build): A answers, NXDOMAIN for nx.test., a cut answer for malformed.test., silence for
// silent.test.; optionally paced (a resolver that is the bottleneck).
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "core/dns_build.hpp"
#include "core/dns_parse.hpp"
#include "probes/net/asio.hpp"

namespace v6r::probe::test {

inline dns::Name name(const char* s) {
  return *dns::Name::from_text(s);
}

class Responder {
 public:
  Responder(asio::io_context& io, asio::ip::address addr)
      : sock_(io, asio::ip::udp::endpoint(addr, 0)), port_(sock_.local_endpoint().port()) {
    // Room for every query a test has in flight (256; 1 MiB asked, the kernel caps it at twice
    // net.core.rmem_max): with the default buffer (208 KiB, about 240 queries) a responder that a
    // loaded machine schedules late has the kernel drop part of a burst, and a test of the client's
    // window would measure that instead (issue-19 measured the drops against a real resolver).
    sock_.set_option(asio::socket_base::receive_buffer_size(1 << 20));
    asio::co_spawn(io, run(), asio::detached);
  }
  std::uint16_t port() const { return port_; }
  void stop() {
    ErrorCode ec;
    sock_.close(ec);
  }
  std::vector<dns::Message> seen;
  std::function<void()> on_query;  ///< called for every query received
  /// A resolver that is the bottleneck: answers wait in a queue and leave one per `interval`.
  void pace(asio::io_context& io, std::chrono::microseconds interval) {
    interval_ = interval;
    asio::co_spawn(io, serve(), asio::detached);
  }
  std::size_t longest_queue = 0;

 private:
  awaitable<void> run() {
    std::array<std::uint8_t, 4096> buf{};
    for (;;) {
      asio::ip::udp::endpoint from;
      ErrorCode ec;
      auto n =
          co_await sock_.async_receive_from(asio::buffer(buf), from, asio::redirect_error(use_awaitable, ec));
      if (ec) co_return;
      auto q = dns::parse(Bytes(buf.data(), n));
      if (!q || q->questions.empty()) continue;
      seen.push_back(*q);
      if (on_query) on_query();
      const auto& qn = q->questions[0].qname;
      if (qn == name("silent.test.")) continue;  // never answers: timeout case
      dns::Message a;
      a.header = q->header;
      a.header.qr = true;
      a.header.ra = true;
      a.questions = q->questions;
      a.edns = q->edns;
      if (qn == name("nx.test.")) {
        a.set_rcode(dns::Rcode::nxdomain);
      } else {
        a.answers.push_back(
            dns::ResourceRecord{qn, dns::RrType::a, dns::RrClass::in, 300, dns::rdata::A{{192, 0, 2, 1}}});
      }
      auto wire = dns::build(a);
      if (qn == name("malformed.test.")) wire.resize(wire.size() - 3);  // RDATA cut short
      if (interval_.count() > 0) {
        queue_.emplace_back(std::move(wire), from);
        longest_queue = std::max(longest_queue, queue_.size());
        continue;
      }
      co_await sock_.async_send_to(asio::buffer(wire), from, asio::redirect_error(use_awaitable, ec));
    }
  }
  awaitable<void> serve() {
    asio::steady_timer t(sock_.get_executor());
    auto next = std::chrono::steady_clock::now();
    while (sock_.is_open()) {
      next += interval_;
      t.expires_at(next);
      ErrorCode ec;
      co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
      if (queue_.empty()) {
        next = std::chrono::steady_clock::now();
        continue;
      }
      auto [wire, to] = std::move(queue_.front());
      queue_.pop_front();
      co_await sock_.async_send_to(asio::buffer(wire), to, asio::redirect_error(use_awaitable, ec));
    }
  }
  asio::ip::udp::socket sock_;
  std::uint16_t port_;
  std::chrono::microseconds interval_{0};
  std::deque<std::pair<std::vector<std::uint8_t>, asio::ip::udp::endpoint>> queue_;
};

}  // namespace v6r::probe::test
