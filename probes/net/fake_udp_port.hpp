#pragma once
// Scripted UDP ports for unit tests of the NAT behaviour checks (docs/conventions.md §7). The test
// plays the network and the STUN server in `on_send`: for each datagram a port sends, it returns the
// datagrams that come back (their source, their payload, how late, and to which local port — another
// one for a hairpinned datagram). receive() never waits for real: a reply later than the wait is
// dropped as the real socket would miss it, and an empty queue is a timeout.
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "probes/net/udp_port.hpp"

namespace v6r::probe {

class FakeUdpNetwork : public UdpPortOpener {
 public:
  struct Reply {
    std::vector<std::uint8_t> data;
    Endpoint from;
    std::chrono::milliseconds delay{0};
    std::optional<std::uint16_t> to_port;  ///< deliver to this local port (default: the sender's)
  };
  using OnSend = std::function<std::vector<Reply>(const Endpoint& local, const Endpoint& remote,
                                                  const std::vector<std::uint8_t>& payload)>;
  struct Sent {
    Endpoint local, remote;
    std::vector<std::uint8_t> payload;
  };

  OnSend on_send;
  Endpoint node{asio::ip::make_address("2001:db8:1:1::100"), 0};  ///< the ports' local address
  std::uint16_t next_port = 40000;
  std::string open_error;  ///< when set, opening fails with it
  std::vector<Sent> sent;
  std::vector<std::chrono::milliseconds> waits;
  std::size_t late = 0;  ///< replies dropped for arriving after the wait
  int open_ports = 0;    ///< ports alive now
  int opened = 0;

  std::unique_ptr<UdpPort> open_udp_port(const asio::any_io_executor&, std::string& error) override {
    if (!open_error.empty()) {
      error = open_error;
      return nullptr;
    }
    return std::make_unique<Port>(*this, next_port++);
  }

 private:
  class Port final : public UdpPort {
   public:
    Port(FakeUdpNetwork& net, std::uint16_t port) : net_(net), port_(port) {
      ++net_.open_ports;
      ++net_.opened;
    }
    ~Port() override {
      --net_.open_ports;
      net_.queues_.erase(port_);
    }
    std::optional<Endpoint> local() const override { return Endpoint{net_.node.address, port_}; }
    std::optional<Endpoint> source_toward(const Endpoint&) const override { return local(); }
    awaitable<std::string> send_to(Endpoint remote, std::vector<std::uint8_t> payload) override {
      const Endpoint self{net_.node.address, port_};
      net_.sent.push_back(Sent{self, remote, payload});
      if (net_.on_send)
        for (auto& r : net_.on_send(self, remote, payload))
          net_.queues_[r.to_port.value_or(port_)].push_back(r);
      co_return std::string();
    }
    awaitable<UdpReceive> receive(std::vector<asio::ip::address> accept_from,
                                  std::chrono::milliseconds wait) override {
      net_.waits.push_back(wait);
      auto& q = net_.queues_[port_];
      UdpReceive out;
      while (!q.empty()) {
        Reply r = std::move(q.front());
        q.pop_front();
        if (r.delay >= wait) {
          ++net_.late;
          continue;
        }
        if (std::find(accept_from.begin(), accept_from.end(), r.from.address) == accept_from.end()) {
          ++dropped_;
          continue;
        }
        out.ok = true;
        out.data = std::move(r.data);
        out.from = r.from;
        co_return out;
      }
      out.timed_out = true;
      out.error = "no datagram within " + std::to_string(wait.count()) + " ms";
      co_return out;
    }
    std::size_t dropped() const override { return dropped_; }

   private:
    FakeUdpNetwork& net_;
    std::uint16_t port_;
    std::size_t dropped_ = 0;
  };

  std::map<std::uint16_t, std::deque<Reply>> queues_;
};

}  // namespace v6r::probe
