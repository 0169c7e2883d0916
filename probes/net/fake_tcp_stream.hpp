#pragma once
// Scripted TCP streams for unit tests of nat64.tcp_lifetime (docs/conventions.md §7). The test plays
// the network and the echo server: `on_connect` decides whether a handshake completes, `on_write`
// answers each write of a connection (the octets that come back, or a reset, or nothing). read() never
// waits for real: what is queued is read, an empty queue is a timeout.
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "probes/net/tcp_stream.hpp"

namespace v6r::probe {

class FakeTcpNetwork : public TcpStreamOpener {
 public:
  struct Reply {
    std::vector<std::uint8_t> data;
    bool reset = false;
    bool close = false;
  };
  /// "" accepts; otherwise the connect error ("Connection refused").
  std::function<std::string(const Endpoint& remote)> on_connect;
  /// Connection id (0, 1, ... in connect order), the octets written.
  std::function<Reply(int conn, const std::vector<std::uint8_t>& data)> on_write;
  /// When set and true for a connection, a read on it finds it reset (a NAT that dropped the session
  /// and answers with RST): nat64.capacity's sessions held open.
  std::function<bool(int conn)> reset_on_read;
  std::uint16_t next_port = 41000;
  int open_streams = 0;
  int opened = 0;
  std::vector<std::pair<int, std::vector<std::uint8_t>>> writes;

  awaitable<TcpStreamConnect> connect(Endpoint remote, std::chrono::milliseconds) override {
    TcpStreamConnect r;
    r.local = Endpoint{asio::ip::make_address("2001:db8:1:1::100"), next_port++};
    const std::string err = on_connect ? on_connect(remote) : std::string();
    if (!err.empty()) {
      r.error = err;
      co_return r;
    }
    r.stream = std::make_unique<Stream>(*this, opened, *r.local);
    co_return r;
  }

 private:
  class Stream final : public TcpStream {
   public:
    Stream(FakeTcpNetwork& net, int id, Endpoint local) : net_(net), id_(id), local_(local) {
      ++net_.open_streams;
      ++net_.opened;
    }
    ~Stream() override { --net_.open_streams; }
    std::optional<Endpoint> local() const override { return local_; }
    awaitable<std::string> write(std::vector<std::uint8_t> data) override {
      net_.writes.emplace_back(id_, data);
      if (dead_) co_return std::string("write: Connection reset by peer");
      if (net_.on_write) {
        Reply r = net_.on_write(id_, data);
        if (r.reset || r.close) {
          dead_ = r.reset;
          end_ = r.reset ? 2 : 1;
        }
        queue_.insert(queue_.end(), r.data.begin(), r.data.end());
      }
      co_return std::string();
    }
    awaitable<TcpStreamRead> read(std::size_t n, std::chrono::milliseconds wait) override {
      TcpStreamRead r;
      if (net_.reset_on_read && net_.reset_on_read(id_)) {
        r.reset = true;
        r.error = "connection reset";
        co_return r;
      }
      const std::size_t k = std::min(n, queue_.size());
      r.data.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(k));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(k));
      if (k == n) {
        r.ok = true;
      } else if (end_ == 2) {
        r.reset = true;
        r.error = "connection reset";
      } else if (end_ == 1) {
        r.closed = true;
        r.error = "the peer closed the connection";
      } else {
        r.timed_out = true;
        r.error = "no " + std::to_string(n) + " octets within " + std::to_string(wait.count()) + " ms";
      }
      co_return r;
    }

   private:
    FakeTcpNetwork& net_;
    int id_;
    Endpoint local_;
    std::deque<std::uint8_t> queue_;
    bool dead_ = false;
    int end_ = 0;  // 1 closed, 2 reset
  };
};

}  // namespace v6r::probe
