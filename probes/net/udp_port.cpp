// UdpPort on a real socket (probes/net/udp_port.hpp).
#include "probes/net/udp_port.hpp"

#include <algorithm>

#include "probes/net/deadline.hpp"
#include "probes/net/source_address.hpp"

namespace v6r::probe {
namespace {

using udp = asio::ip::udp;

class AsioUdpPort final : public UdpPort {
 public:
  explicit AsioUdpPort(udp::socket s) : sock_(std::move(s)) {}
  ~AsioUdpPort() override {
    ErrorCode ec;
    sock_.close(ec);
  }

  std::optional<Endpoint> local() const override {
    ErrorCode ec;
    auto le = sock_.local_endpoint(ec);
    if (ec) return std::nullopt;
    return Endpoint::from(le);
  }

  std::optional<Endpoint> source_toward(const Endpoint& remote) const override {
    const auto l = local();
    if (!l || l->port == 0) return std::nullopt;
    const auto src = source_address_toward(remote.address);
    if (!src) return std::nullopt;
    return Endpoint{*src, l->port};
  }

  awaitable<std::string> send_to(Endpoint remote, std::vector<std::uint8_t> payload) override {
    ErrorCode ec;
    const udp::endpoint ep(remote.address, remote.port);
    co_await sock_.async_send_to(asio::buffer(payload), ep, asio::redirect_error(use_awaitable, ec));
    co_return ec ? "send: " + ec.message() : std::string();
  }

  awaitable<UdpReceive> receive(std::vector<asio::ip::address> accept_from,
                                std::chrono::milliseconds wait) override {
    const Deadline deadline(wait);
    UdpReceive r;
    // Bounded: each pass either returns or drops one datagram, and the deadline ends the loop.
    for (int pass = 0; pass < 10000; ++pass) {
      if (deadline.expired()) break;
      auto op = with_deadline(read_one(), deadline.left(), [this] { sock_.cancel(); });
      auto d = co_await std::move(op);
      if (d.timed_out || !d.value) break;
      UdpReceive got = std::move(*d.value);
      if (!got.ok) {
        // ICMP errors surface on an unconnected socket too (ECONNREFUSED): not a datagram; keep waiting
        if (got.error.find("refused") != std::string::npos) continue;
        co_return got;
      }
      if (std::find(accept_from.begin(), accept_from.end(), got.from.address) != accept_from.end())
        co_return got;
      ++dropped_;
    }
    r.timed_out = true;
    r.error = "no datagram within " + std::to_string(wait.count()) + " ms";
    co_return r;
  }

  std::size_t dropped() const override { return dropped_; }

 private:
  awaitable<UdpReceive> read_one() {
    UdpReceive r;
    std::vector<std::uint8_t> buf(2048);
    udp::endpoint from;
    ErrorCode ec;
    const std::size_t n =
        co_await sock_.async_receive_from(asio::buffer(buf), from, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      r.error = "receive: " + ec.message();
      co_return r;
    }
    buf.resize(n);
    r.ok = true;
    r.data = std::move(buf);
    r.from = Endpoint::from(from);
    co_return r;
  }

  udp::socket sock_;
  std::size_t dropped_ = 0;
};

}  // namespace

std::unique_ptr<UdpPort> AsioUdpPortOpener::open_udp_port(const asio::any_io_executor& ex,
                                                          std::string& error) {
  udp::socket s(ex);
  ErrorCode ec;
  s.open(udp::v6(), ec);
  if (!ec) s.set_option(asio::ip::v6_only(true), ec);
  if (!ec) s.bind(udp::endpoint(udp::v6(), 0), ec);
  if (ec) {
    error = "UDP socket: " + ec.message();
    return nullptr;
  }
  return std::make_unique<AsioUdpPort>(std::move(s));
}

}  // namespace v6r::probe
