// AsioTransport against servers the test starts on loopback (::1 / 127.0.0.1), each bounded.
#include "probes/net/transport.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "core/sha256.hpp"
#include "probes/net/fake_transport.hpp"
#include "probes/net/syn_reaper.hpp"
#include "probes/net/tcp_connect.hpp"

namespace v6r::probe {
namespace {

using namespace std::chrono_literals;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;

// Serves `n` connections with a canned response each (after reading the request head).
awaitable<void> serve_http(tcp::acceptor& acc, std::vector<std::string> responses,
                           std::vector<std::string>* requests) {
  for (auto& resp : responses) {
    ErrorCode ec;
    auto s = co_await acc.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    std::string req;
    co_await asio::async_read_until(s, asio::dynamic_buffer(req), "\r\n\r\n",
                                    asio::redirect_error(use_awaitable, ec));
    if (requests) requests->push_back(req);
    co_await asio::async_write(s, asio::buffer(resp), asio::redirect_error(use_awaitable, ec));
    s.shutdown(tcp::socket::shutdown_both, ec);
  }
}

template <class F>
void run(asio::io_context& io, F f) {
  asio::co_spawn(io, f, asio::detached);
  io.run_for(10s);
}

TEST(Transport, TcpConnectOk) {
  asio::io_context io;
  tcp::acceptor acc(io, tcp::endpoint(asio::ip::address_v6::loopback(), 0));
  AsioTransport t;
  TcpConnectResult r;
  Endpoint remote{asio::ip::address_v6::loopback(), acc.local_endpoint().port()};
  run(io, [&]() -> awaitable<void> { r = co_await t.tcp_connect(remote, 2s); });
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_TRUE(r.local.has_value());
  EXPECT_EQ(r.local->address.to_string(), "::1");
  EXPECT_GT(r.connect_time.count(), 0);
}

TEST(Transport, TcpConnectRefused) {
  asio::io_context io;
  std::uint16_t port;
  {
    tcp::acceptor acc(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    port = acc.local_endpoint().port();
  }
  AsioTransport t;
  TcpConnectResult r;
  run(io, [&]() -> awaitable<void> {
    r = co_await t.tcp_connect(Endpoint{asio::ip::address_v4::loopback(), port}, 2s);
  });
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.error.find("refused"), std::string::npos) << r.error;
  // The SYN went out: its source is evidence although the connection failed (tcp_connect.hpp).
  ASSERT_TRUE(r.local.has_value());
  EXPECT_EQ(r.local->address.to_string(), "127.0.0.1");
  EXPECT_NE(r.local->port, 0);
}

TEST(Transport, TcpConnectTimeoutKeepsItsSource) {
  asio::io_context io;
  // A listener whose accept queue is full drops further SYNs (Linux): the next connect never completes.
  tcp::acceptor acc(io);
  acc.open(tcp::v6());
  acc.bind(tcp::endpoint(asio::ip::address_v6::loopback(), 0));
  acc.listen(0);
  const tcp::endpoint ep(asio::ip::address_v6::loopback(), acc.local_endpoint().port());
  tcp::socket first(io);
  first.connect(ep);  // completes in the kernel and fills the queue
  AsioTransport t;
  TcpConnectResult r;
  run(io, [&]() -> awaitable<void> { r = co_await t.tcp_connect(Endpoint{ep.address(), ep.port()}, 300ms); });
  if (r.ok) GTEST_SKIP() << "this kernel answered a SYN to a full accept queue";
  EXPECT_TRUE(r.timed_out) << r.error;
  ASSERT_TRUE(r.local.has_value());
  EXPECT_EQ(r.local->address.to_string(), "::1");
  EXPECT_NE(r.local->port, 0);
  EXPECT_NE(r.local->port, first.local_endpoint().port());
}

TEST(Transport, GiveUpOnWireSetsTheKernelsTimeout) {
  asio::io_context io;
  tcp::socket s(io);
  ASSERT_FALSE(give_up_on_wire(s, tcp::v6(), 900ms, true));
  unsigned uto = 0;
  socklen_t len = sizeof uto;
  ASSERT_EQ(::getsockopt(s.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &uto, &len), 0);
  EXPECT_EQ(uto, 900u);
  asio::socket_base::linger lg;
  s.get_option(lg);
  EXPECT_TRUE(lg.enabled());
  EXPECT_EQ(lg.timeout(), 0);  // close() resets
  ASSERT_FALSE(keep_on_wire(s));
  len = sizeof uto;
  ASSERT_EQ(::getsockopt(s.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &uto, &len), 0);
  EXPECT_EQ(uto, 0u);
  tcp::socket plain(io);
  ASSERT_FALSE(give_up_on_wire(plain, tcp::v4(), 300ms, false));
  plain.get_option(lg);
  EXPECT_FALSE(lg.enabled());  // a kept-open connection closes with a FIN
}

// A listener whose accept queue is full: the kernel drops further SYNs (Linux), so a connect to it
// stays unanswered.
struct FullListener {
  asio::io_context& io;
  tcp::acceptor acc{io};
  tcp::socket first{io};
  tcp::endpoint ep;
  explicit FullListener(asio::io_context& c) : io(c) {
    acc.open(tcp::v6());
    acc.bind(tcp::endpoint(asio::ip::address_v6::loopback(), 0));
    acc.listen(0);
    ep = tcp::endpoint(asio::ip::address_v6::loopback(), acc.local_endpoint().port());
    first.connect(ep);  // completes in the kernel and fills the queue
  }
};

tcp_info info_of(tcp::socket& s) {
  tcp_info ti{};
  socklen_t len = sizeof ti;
  EXPECT_EQ(::getsockopt(s.native_handle(), IPPROTO_TCP, TCP_INFO, &ti, &len), 0);
  return ti;
}

// The probe stalls (a loaded node: its 900 ms timer fires late) while SYNs are unanswered, here for
// 1.4 s with nobody closing the sockets. The control is retransmitted at 1 s and goes on (this also
// shows the loopback drops the SYNs). With give_up_on_wire alone the kernel ends the attempt, but only
// after one retransmission (Linux checks the user timeout once the SYN was retransmitted). The reaper's
// thread ends the armed one at its 300 ms deadline: no second SYN, and the connect timed out.
TEST(Transport, SynReaperEndsTheSynWhenTheProbeStalls) {
  asio::io_context io;
  FullListener full(io);
  tcp::socket reaped(io), bounded(io), control(io);
  ASSERT_FALSE(give_up_on_wire(reaped, tcp::v6(), 300ms, true));
  ASSERT_FALSE(give_up_on_wire(bounded, tcp::v6(), 300ms, true));
  control.open(tcp::v6());
  const auto before = SynReaper::instance().reaped();
  for (tcp::socket* s : {&reaped, &bounded, &control}) {
    s->non_blocking(true);
    ASSERT_NE(::connect(s->native_handle(), full.ep.data(), static_cast<socklen_t>(full.ep.size())), 0);
    ASSERT_EQ(errno, EINPROGRESS);
  }
  SynReaperTicket ticket(reaped.native_handle(), SynReaper::Clock::now() + 300ms);
  std::this_thread::sleep_for(1400ms);  // the stalled probe
  const tcp_info c = info_of(control);
  if (c.tcpi_state != TCP_SYN_SENT) GTEST_SKIP() << "this kernel answered a SYN to a full accept queue";
  EXPECT_GE(c.tcpi_total_retrans, 1u) << "the control's SYN was not retransmitted after 1 s";
  const tcp_info b = info_of(bounded);
  EXPECT_EQ(b.tcpi_state, TCP_CLOSE) << "TCP_USER_TIMEOUT did not end the attempt";
  EXPECT_LE(b.tcpi_total_retrans, 1u);
  const tcp_info r = info_of(reaped);
  EXPECT_EQ(r.tcpi_state, TCP_CLOSE) << "the reaper did not end the attempt";
  EXPECT_EQ(r.tcpi_total_retrans, 0u) << "the reaped SYN was retransmitted";
  EXPECT_TRUE(ticket.disarm());
  EXPECT_EQ(SynReaper::instance().reaped(), before + 1);
}

// The same through AsioTransport::tcp_connect_abort: the loop is blocked past the deadline, the
// reaper ends the attempt, and the connect is reported as timed out (not as the reset the loop sees).
TEST(Transport, TcpConnectAbortTimesOutWhileTheLoopStalls) {
  asio::io_context io;
  FullListener full(io);
  AsioTransport t;
  TcpConnectResult r;
  const auto before = SynReaper::instance().reaped();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        r = co_await t.tcp_connect_abort(Endpoint{full.ep.address(), full.ep.port()}, 200ms);
      },
      asio::detached);
  asio::steady_timer stall(io, 30ms);  // the stall, once the SYN is out
  stall.async_wait([](const ErrorCode&) { std::this_thread::sleep_for(700ms); });
  io.run_for(5s);
  if (r.ok) GTEST_SKIP() << "this kernel answered a SYN to a full accept queue";
  EXPECT_TRUE(r.timed_out) << r.error;
  EXPECT_EQ(SynReaper::instance().reaped(), before + 1);
}

// The loop is blocked past the deadline right after the SYN, but the handshake completed in the kernel
// at once: the kernel's clock (its SYN-ACK round trip) says connected in time, whichever of the
// timer and the completion the loop then runs first.
TEST(Transport, TcpConnectAbortCountsAHandshakeTheKernelCompletedInTime) {
  asio::io_context io;
  tcp::acceptor acc(io, tcp::endpoint(asio::ip::address_v6::loopback(), 0));
  AsioTransport t;
  for (int i = 0; i < 5; ++i) {
    TcpConnectResult r;
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          r = co_await t.tcp_connect_abort(
              Endpoint{asio::ip::address_v6::loopback(), acc.local_endpoint().port()}, 100ms);
        },
        asio::detached);
    asio::post(io, [] { std::this_thread::sleep_for(300ms); });  // the stall, after the SYN
    io.restart();
    io.run_for(5s);
    EXPECT_TRUE(r.ok) << "attempt " << i << ": " << r.error;
    EXPECT_LT(r.connect_time, 100ms);
  }
}

// Nothing is reaped once its caller disarmed it, nor an established connection.
TEST(Transport, SynReaperLeavesWhatIsDisarmedOrEstablished) {
  asio::io_context io;
  tcp::acceptor acc(io, tcp::endpoint(asio::ip::address_v6::loopback(), 0));
  tcp::socket up(io), early(io);
  up.connect(tcp::endpoint(asio::ip::address_v6::loopback(), acc.local_endpoint().port()));
  const auto before = SynReaper::instance().reaped();
  SynReaperTicket on_up(up.native_handle(), SynReaper::Clock::now() + 50ms);
  {
    SynReaperTicket gone(up.native_handle(), SynReaper::Clock::now() + 50ms);
    EXPECT_FALSE(gone.disarm());
  }
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(on_up.disarm());
  EXPECT_EQ(info_of(up).tcpi_state, TCP_ESTABLISHED);
  EXPECT_EQ(SynReaper::instance().reaped(), before);
}

TEST(Transport, HttpContentLengthChunkedAndCap) {
  asio::io_context io;
  tcp::acceptor acc(io, tcp::endpoint(asio::ip::address_v6::loopback(), 0));
  std::string body(100000, 'x');
  std::vector<std::string> requests;
  asio::co_spawn(
      io,
      serve_http(acc,
                 {"HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                  "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + body},
                 &requests),
      asio::detached);
  AsioTransport t;
  Endpoint remote{asio::ip::address_v6::loopback(), acc.local_endpoint().port()};
  HttpResult a, b, c;
  // (requests built outside the coroutine lambda: g++ 12 rejects string literals in braced inits there)
  HttpRequest ra{"v4only.lab.test", "/big.bin", {}, 1 << 20};
  HttpRequest rb{"", "/", {{"X-Probe", "1"}}, 1 << 20};
  HttpRequest rc{"h", "/", {}, 1000};
  run(io, [&]() -> awaitable<void> {
    a = co_await t.http_get(remote, ra, 5s);
    b = co_await t.http_get(remote, rb, 5s);
    c = co_await t.http_get(remote, rc, 5s);
  });
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body_size, body.size());
  EXPECT_EQ(a.body_sha256, sha256_hex(std::string_view(body)));
  ASSERT_TRUE(a.local.has_value());
  EXPECT_GT(a.total_time.count(), 0);
  ASSERT_TRUE(b.ok) << b.error;
  EXPECT_TRUE(b.chunked);
  EXPECT_EQ(b.body_size, 5u);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].rfind("GET /big.bin HTTP/1.1\r\nHost: v4only.lab.test:", 0), 0u) << requests[0];
  EXPECT_NE(requests[1].find("Host: [::1]:"), std::string::npos) << requests[1];
  EXPECT_NE(requests[1].find("X-Probe: 1\r\n"), std::string::npos);
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.error.find("exceeds cap"), std::string::npos) << c.error;
}

TEST(Transport, HttpTimeoutWhenServerSilent) {
  asio::io_context io;
  tcp::acceptor acc(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  tcp::socket held(io);
  acc.async_accept(held, [](const ErrorCode&) {});  // accept, never answer
  AsioTransport t;
  HttpResult r;
  auto t0 = std::chrono::steady_clock::now();
  Endpoint remote{asio::ip::address_v4::loopback(), acc.local_endpoint().port()};
  HttpRequest req;
  run(io, [&]() -> awaitable<void> {
    r = co_await t.http_get(remote, req, 100ms);
    ErrorCode ec;
    held.close(ec);
    acc.close(ec);
  });
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

TEST(Transport, UdpEchoAndTimeout) {
  asio::io_context io;
  udp::socket echo(io, udp::endpoint(asio::ip::address_v6::loopback(), 0));
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        std::array<char, 512> buf{};
        udp::endpoint from;
        ErrorCode ec;
        auto n = co_await echo.async_receive_from(asio::buffer(buf), from,
                                                  asio::redirect_error(use_awaitable, ec));
        if (!ec)
          co_await echo.async_send_to(asio::buffer(buf.data(), n), from,
                                      asio::redirect_error(use_awaitable, ec));
      },
      asio::detached);
  AsioTransport t;
  UdpResult ok, silent;
  Endpoint remote{asio::ip::address_v6::loopback(), echo.local_endpoint().port()};
  std::vector<std::uint8_t> p1{1, 2, 3}, p2{4};
  run(io, [&]() -> awaitable<void> {
    ok = co_await t.udp_exchange(remote, p1, 2s);
    silent = co_await t.udp_exchange(remote, p2, 50ms);  // the echo server answers only once
    ErrorCode ec;
    echo.close(ec);
  });
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.reply, (std::vector<std::uint8_t>{1, 2, 3}));
  ASSERT_TRUE(ok.local.has_value());
  EXPECT_TRUE(silent.timed_out);
}

TEST(Transport, UdpPortUnreachable) {
  asio::io_context io;
  std::uint16_t port;
  {
    udp::socket s(io, udp::endpoint(asio::ip::address_v4::loopback(), 0));
    port = s.local_endpoint().port();
  }
  AsioTransport t;
  UdpResult r;
  std::vector<std::uint8_t> one{1};
  Endpoint closed{asio::ip::address_v4::loopback(), port};
  run(io, [&]() -> awaitable<void> { r = co_await t.udp_exchange(closed, one, 1s); });
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.error.find("refused"), std::string::npos) << r.error;
}

TEST(Transport, Icmpv6EchoLoopback) {
  asio::io_context io;
  AsioTransport t;
  IcmpEchoResult r;
  run(io, [&]() -> awaitable<void> { r = co_await t.icmpv6_echo(asio::ip::address_v6::loopback(), 56, 2s); });
  if (r.method == IcmpMethod::none) GTEST_SKIP() << "no ICMPv6 socket allowed here: " << r.error;
  EXPECT_TRUE(r.ok) << r.error << " (method " << to_string(r.method) << ")";
  EXPECT_GT(r.rtt.count(), 0);
  // Evidence: the request's source, and the identifier on the wire as its "port".
  ASSERT_TRUE(r.local.has_value());
  EXPECT_EQ(r.local->address.to_string(), "::1");
  EXPECT_EQ(r.local->port, r.ident);
  RecordProperty("icmp_method", std::string(to_string(r.method)));
}

TEST(Transport, EchoRequestAndHttpRequestText) {
  auto p = build_echo_request(0x1234, 7, 4);
  ASSERT_EQ(p.size(), 12u);
  EXPECT_EQ(p[0], 128);
  EXPECT_EQ(p[4], 0x12);
  EXPECT_EQ(p[7], 7);
  EXPECT_EQ(format_http_get(HttpRequest{"2001:db8::1", "/x", {}, 0},
                            Endpoint{asio::ip::make_address("2001:db8::1"), 80}),
            "GET /x HTTP/1.1\r\nHost: [2001:db8::1]\r\nUser-Agent: v6probe\r\nAccept: */*\r\nConnection: "
            "close\r\n\r\n");
}

TEST(FakeTransport, ScriptedAndRecorded) {
  asio::io_context io;
  FakeTransport f;
  Endpoint web{asio::ip::make_address("2001:db8:64::c000:20a"), 80};
  HttpResult h;
  h.ok = true;
  h.status = 200;
  f.http[web.to_string()] = h;
  HttpResult got;
  TcpConnectResult unscripted;
  HttpRequest req;
  req.host = "v4only.lab.test";
  run(io, [&]() -> awaitable<void> {
    got = co_await f.http_get(web, req, 1s);
    unscripted = co_await f.tcp_connect(web, 1s);
  });
  EXPECT_TRUE(got.ok);
  EXPECT_EQ(got.status, 200);
  EXPECT_FALSE(unscripted.ok);
  EXPECT_NE(unscripted.error.find("nothing scripted"), std::string::npos);
  ASSERT_EQ(f.calls().size(), 2u);
  EXPECT_EQ(f.calls()[0].kind, "http");
  EXPECT_EQ(f.calls()[0].http.host, "v4only.lab.test");
}

}  // namespace
}  // namespace v6r::probe
