#include "probes/net/tcp_connect.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace v6r::probe {
namespace {
constexpr int kMaxSpuriousWakes = 30000;  // x kSpuriousPause: 60 s, longer than any check's deadline
constexpr std::chrono::milliseconds kSpuriousPause{2};
}  // namespace

ConnectStart start_connect(asio::ip::tcp::socket& sock, const asio::ip::tcp::endpoint& remote,
                           std::optional<Endpoint>& local) {
  ConnectStart st;
  if (!sock.is_open()) sock.open(remote.protocol(), st.error);
  if (!st.error) sock.non_blocking(true, st.error);
  if (st.error) return st;
  // Not Asio's connect: its initiation and its completion are one step, with no point in between to
  // read the source the kernel chose for the SYN.
  int rc = 0;
  do {
    rc = ::connect(sock.native_handle(), remote.data(), static_cast<socklen_t>(remote.size()));
  } while (rc != 0 && errno == EINTR);
  const int err = rc == 0 ? 0 : errno;
  if (rc == 0 || err == EINPROGRESS) {
    ErrorCode ec;
    auto le = sock.local_endpoint(ec);
    if (!ec) local = Endpoint::from(le);
  }
  if (err == EINPROGRESS)
    st.in_progress = true;
  else if (err != 0)
    st.error = ErrorCode(err, boost::system::system_category());
  return st;
}

awaitable<ErrorCode> finish_connect(asio::ip::tcp::socket& sock) {
  ErrorCode ec;
  // Writable means the handshake ended (RFC 9293 §3.5), but the reactor can also report the readiness
  // an unconnected socket had before connect(2) (POLLOUT|POLLHUP): check with poll(2), as Asio's own
  // connect does, and wait again while the SYN is still unanswered. Bounded: the caller's deadline
  // closes the socket, which ends the wait; the count is a safety net against a reactor that keeps
  // reporting stale readiness.
  for (int spurious = 0;; ++spurious) {
    co_await sock.async_wait(asio::ip::tcp::socket::wait_write, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return ec;
    pollfd p{sock.native_handle(), POLLOUT, 0};
    if (::poll(&p, 1, 0) > 0) break;
    if (spurious >= kMaxSpuriousWakes) co_return asio::error::timed_out;
    // Still connecting: pause a little before waiting again, so a reactor that reports the stale
    // readiness again cannot spin.
    asio::steady_timer pause(sock.get_executor(), kSpuriousPause);
    co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
    if (!sock.is_open()) co_return asio::error::operation_aborted;
  }
  int so_error = 0;
  socklen_t len = sizeof so_error;
  if (::getsockopt(sock.native_handle(), SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) so_error = errno;
  co_return so_error == 0 ? ErrorCode{} : ErrorCode(so_error, boost::system::system_category());
}

awaitable<ErrorCode> connect_recording(asio::ip::tcp::socket& sock, asio::ip::tcp::endpoint remote,
                                       std::optional<Endpoint>& local) {
  const ConnectStart st = start_connect(sock, remote, local);
  if (!st.in_progress) co_return st.error;
  co_return co_await finish_connect(sock);
}

HandshakeInfo handshake_info(asio::ip::tcp::socket& sock) {
  tcp_info ti{};
  socklen_t len = sizeof ti;
  if (!sock.is_open() || ::getsockopt(sock.native_handle(), IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) return {};
  HandshakeInfo h;
  h.resent = ti.tcpi_total_retrans;
  if (ti.tcpi_state == TCP_ESTABLISHED) h.rtt = std::chrono::microseconds(ti.tcpi_rtt);
  return h;
}

std::optional<std::chrono::microseconds> handshake_rtt(asio::ip::tcp::socket& sock) {
  return handshake_info(sock).rtt;
}

std::uint32_t segments_resent(asio::ip::tcp::socket& sock) {
  return handshake_info(sock).resent;
}

ErrorCode give_up_on_wire(asio::ip::tcp::socket& sock, asio::ip::tcp protocol,
                          std::chrono::milliseconds give_up, bool reset_on_close) {
  ErrorCode ec;
  if (!sock.is_open()) sock.open(protocol, ec);
  if (ec) return ec;
  const auto ms =
      static_cast<unsigned>(std::clamp<std::chrono::milliseconds::rep>(give_up.count(), 1, 1 << 30));
  if (::setsockopt(sock.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms) != 0)
    return {errno, boost::system::system_category()};
  if (reset_on_close) sock.set_option(asio::socket_base::linger(true, 0), ec);
  return ec;
}

ErrorCode keep_on_wire(asio::ip::tcp::socket& sock) {
  const unsigned zero = 0;
  if (::setsockopt(sock.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &zero, sizeof zero) != 0)
    return {errno, boost::system::system_category()};
  return {};
}

}  // namespace v6r::probe
