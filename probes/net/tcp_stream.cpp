// TcpStream on a real socket (probes/net/tcp_stream.hpp).
#include "probes/net/tcp_stream.hpp"

#include <algorithm>

#include "probes/net/deadline.hpp"
#include "probes/net/syn_reaper.hpp"
#include "probes/net/tcp_connect.hpp"

namespace v6r::probe {
namespace {

using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

void close_quietly(tcp::socket& s) {
  ErrorCode ec;
  s.close(ec);
}

class AsioTcpStream final : public TcpStream {
 public:
  AsioTcpStream(tcp::socket s, std::optional<Endpoint> local)
      : sock_(std::move(s)), local_(std::move(local)) {}
  ~AsioTcpStream() override { close_quietly(sock_); }

  std::optional<Endpoint> local() const override { return local_; }

  awaitable<std::string> write(std::vector<std::uint8_t> data) override {
    ErrorCode ec;
    co_await asio::async_write(sock_, asio::buffer(data), asio::redirect_error(use_awaitable, ec));
    co_return ec ? "write: " + ec.message() : std::string();
  }

  awaitable<TcpStreamRead> read(std::size_t n, std::chrono::milliseconds wait) override {
    TcpStreamRead r;
    r.data.resize(n);
    std::size_t got = 0;
    auto op =
        with_deadline(read_op(r.data, got), wait, [this] { sock_.cancel(); });  // not in co_await (g++ 12)
    auto d = co_await std::move(op);
    r.data.resize(got);
    if (d.timed_out) {
      r.timed_out = true;
      r.error = "no " + std::to_string(n) + " octets within " + std::to_string(wait.count()) + " ms (" +
                std::to_string(got) + " arrived)";
    } else if (const ErrorCode ec = *d.value; !ec) {
      r.ok = true;
    } else if (ec == asio::error::eof) {
      r.closed = true;
      r.error = "the peer closed the connection";
    } else if (ec == asio::error::connection_reset) {
      r.reset = true;
      r.error = "connection reset";
    } else {
      r.error = "read: " + ec.message();
    }
    co_return r;
  }

 private:
  awaitable<ErrorCode> read_op(std::vector<std::uint8_t>& buf, std::size_t& got) {
    ErrorCode ec;
    got = co_await asio::async_read(sock_, asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
    co_return ec;
  }

  tcp::socket sock_;
  std::optional<Endpoint> local_;
};

awaitable<ErrorCode> already_done(ErrorCode ec) {
  co_return ec;
}

}  // namespace

awaitable<TcpStreamConnect> AsioTcpStreamOpener::connect(Endpoint remote, std::chrono::milliseconds wait) {
  TcpStreamConnect r;
  tcp::socket sock(co_await asio::this_coro::executor);
  const tcp::endpoint to(remote.address, remote.port);
  // The kernel gives up on the SYN when we do, even when our timer fires late (no SYN retransmission
  // after `wait`); cleared once the connection is up, so a kept-open connection is the kernel's default.
  if (ErrorCode ec = give_up_on_wire(sock, to.protocol(), wait, false)) {
    r.error = "socket: " + ec.message();
    co_return r;
  }
  const auto t0 = Clock::now();
  // The SYN leaves now; it is ended at the deadline by the SYN reaper's thread too, when our loop is
  // late (syn_reaper.hpp).
  const ConnectStart st = start_connect(sock, to, r.local);
  SynReaperTicket reaper =
      st.in_progress ? SynReaperTicket(sock.native_handle(), t0 + wait) : SynReaperTicket();
  auto handshake = st.in_progress ? finish_connect(sock) : already_done(st.error);
  auto op = with_deadline(std::move(handshake), wait, [&] {
    r.syns_resent = segments_resent(sock);
    (void)reaper.disarm();
    close_quietly(sock);
  });  // not inside co_await (g++ 12)
  auto d = co_await std::move(op);
  r.connect_time = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
  if (sock.is_open()) r.syns_resent = std::max(r.syns_resent, segments_resent(sock));
  const bool reaped = reaper.disarm();
  r.syns_resent = std::max(r.syns_resent, reaper.resent());  // a reaping cleared the socket's count
  if (d.timed_out || reaped) {
    r.timed_out = true;
    r.error = "no TCP handshake within " + std::to_string(wait.count()) + " ms";
  } else if (*d.value) {
    r.error = d.value->message();
  } else {
    (void)keep_on_wire(sock);
    r.stream = std::make_unique<AsioTcpStream>(std::move(sock), r.local);
  }
  co_return r;
}

}  // namespace v6r::probe
