// The STUN transaction of the nat64.mapping/filtering/hairpin kinds (probes/checks/nat64_stun.hpp) on
// a real UdpPort (AsioUdpPortOpener) against a STUN server the test plays on ::1: a good answer, an
// answer after two retransmissions, garbage, a wrong transaction id, datagrams from an address
// the port does not accept, and silence. Every case ends within its wait (bounded: the io_context runs at
// most 5 s).
#include <gtest/gtest.h>

#include "core/stun.hpp"
#include "probes/checks/nat64_stun.hpp"
#include "probes/net/udp_port.hpp"

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;
using udp = asio::ip::udp;

enum class Mode { good, third_try, garbage, wrong_tid, silent };

/// Answers Binding requests on [::1]:port as `mode` says, until the test ends.
awaitable<void> serve(udp::socket& s, Mode mode, int& seen) {
  std::vector<std::uint8_t> buf(1500);
  for (;;) {
    udp::endpoint from;
    ErrorCode ec;
    const auto n =
        co_await s.async_receive_from(asio::buffer(buf), from, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    ++seen;
    auto req = stun::parse(Bytes(buf.data(), n));
    if (!req) continue;
    auto tid = req->transaction_id;
    std::vector<std::uint8_t> reply;
    const stun::TransportAddress mapped{*Ipv4Addr::parse("192.0.2.77"), from.port()};
    switch (mode) {
      case Mode::silent:
        continue;
      case Mode::third_try:
        if (seen < 3) continue;
        [[fallthrough]];
      case Mode::good:
        reply = stun::MessageBuilder(stun::MessageClass::success, stun::kMethodBinding, tid)
                    .xor_address(stun::kAttrXorMappedAddress, mapped)
                    .finish();
        break;
      case Mode::garbage:
        reply = {0x80, 0x00, 0x00, 0x04, 1, 2, 3, 4};
        break;
      case Mode::wrong_tid:
        tid[5] ^= 0x10;
        reply = stun::MessageBuilder(stun::MessageClass::success, stun::kMethodBinding, tid)
                    .xor_address(stun::kAttrXorMappedAddress, mapped)
                    .finish();
        break;
    }
    co_await s.async_send_to(asio::buffer(reply), from, asio::redirect_error(use_awaitable, ec));
  }
}

struct Run {
  nat64::StunOutcome out;
  int seen = 0;
  std::chrono::milliseconds took{0};
  std::size_t dropped = 0;
};

Run run(Mode mode, std::vector<asio::ip::address> accept = {asio::ip::make_address("::1")}) {
  asio::io_context io;
  udp::socket server(io, udp::endpoint(asio::ip::make_address("::1"), 0));
  Run r;
  bool done = false;
  asio::co_spawn(io, serve(server, mode, r.seen), asio::detached);
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        AsioUdpPortOpener opener;
        std::string err;
        auto port = opener.open_udp_port(co_await asio::this_coro::executor, err);
        EXPECT_TRUE(port) << err;
        if (!port) co_return;
        const Endpoint to{server.local_endpoint().address(), server.local_endpoint().port()};
        const auto t0 = std::chrono::steady_clock::now();
        const std::optional<std::uint32_t> no_change;
        r.out = co_await nat64::stun_binding(*port, to, accept, no_change, 50ms, 800ms);
        r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
        r.dropped = port->dropped();
        done = true;
        server.close();
      },
      asio::detached);
  io.run_for(5s);
  EXPECT_TRUE(done) << "the transaction never ended";
  return r;
}

TEST(StunLoopback, GoodAnswer) {
  const auto r = run(Mode::good);
  ASSERT_TRUE(r.out.ok) << r.out.error;
  EXPECT_EQ(r.out.sent, 1);
  EXPECT_EQ(r.out.message.mapped()->address.to_string(), "192.0.2.77");
  EXPECT_LT(r.took, 500ms);
}

TEST(StunLoopback, RetransmitsUntilAnswered) {
  const auto r = run(Mode::third_try);
  ASSERT_TRUE(r.out.ok) << r.out.error;
  EXPECT_EQ(r.out.sent, 3);  // sent at 0, 50, 150 ms (RFC 5389 §7.2.1 doubling)
  EXPECT_GE(r.took, 140ms);
}

TEST(StunLoopback, GarbageIsIgnoredAndReported) {
  const auto r = run(Mode::garbage);
  EXPECT_FALSE(r.out.ok);
  EXPECT_TRUE(r.out.timed_out);
  EXPECT_GE(r.out.ignored, 1);
  EXPECT_NE(r.out.error.find("none a usable Binding response"), std::string::npos) << r.out.error;
  EXPECT_NE(r.out.error.find("not a STUN message"), std::string::npos) << r.out.error;
  EXPECT_LT(r.took, 1500ms);
}

TEST(StunLoopback, WrongTransactionIdIsNotTrusted) {
  const auto r = run(Mode::wrong_tid);
  EXPECT_FALSE(r.out.ok);
  EXPECT_NE(r.out.error.find("another transaction id"), std::string::npos) << r.out.error;
}

TEST(StunLoopback, StrangersAreDropped) {
  // accept only a documentation address: every datagram (from ::1) is a stranger's
  const auto r = run(Mode::good, {asio::ip::make_address("2001:db8::1")});
  EXPECT_FALSE(r.out.ok);
  EXPECT_TRUE(r.out.timed_out);
  EXPECT_GE(r.dropped, 1u);
  EXPECT_EQ(r.out.ignored, 0);
}

TEST(StunLoopback, SilenceEndsWithinTheWait) {
  const auto r = run(Mode::silent);
  EXPECT_FALSE(r.out.ok);
  EXPECT_TRUE(r.out.timed_out);
  EXPECT_GE(r.out.sent, 4);  // 0, 50, 150, 350, 750 ms
  EXPECT_LE(r.out.sent, 7);
  EXPECT_GE(r.took, 750ms);
  EXPECT_LT(r.took, 1500ms);
  EXPECT_NE(r.out.error.find("no answer"), std::string::npos);
}

}  // namespace
}  // namespace v6r::probe
