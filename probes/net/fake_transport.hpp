#pragma once
// Scripted Transport for unit tests of checks (docs/conventions.md §7). Results are keyed by the remote
// endpoint text ("[2001:db8:64::c000:20a]:80"; ICMP uses port 0); an unscripted call returns a
// failed result whose error says so. Every call is recorded in order.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "probes/net/transport.hpp"

namespace v6r::probe {

class FakeTransport : public Transport {
 public:
  struct Call {
    std::string kind;  ///< "tcp", "http", "udp", "icmpv6"
    Endpoint remote;
    Millis deadline{0};
    HttpRequest http;                   ///< for "http"
    std::vector<std::uint8_t> payload;  ///< for "udp" and "udp_probe"
    int hop_limit = 0;                  ///< for "udp_probe"
  };

  std::map<std::string, TcpConnectResult> tcp;
  std::map<std::string, HttpResult> http;
  std::map<std::string, UdpResult> udp;
  std::map<std::string, IcmpEchoResult> icmp;
  /// When set, answers every udp_exchange from the payload (a scripted server that computes its reply);
  /// `udp` is then not consulted.
  std::function<UdpResult(const Endpoint& remote, const std::vector<std::uint8_t>& payload)> udp_responder;

  /// When set, answers every tcp_connect (and tcp_connect_abort) instead of `tcp` (a scripted network
  /// that decides per attempt, e.g. by the rate of attempts).
  std::function<TcpConnectResult(const Endpoint& remote)> tcp_responder;

  awaitable<TcpConnectResult> tcp_connect(Endpoint remote, Millis deadline) override {
    calls_.push_back(Call{"tcp", remote, deadline, {}, {}, 0});
    if (tcp_responder) {
      TcpConnectResult r = tcp_responder(remote);
      r.remote = remote;
      co_return r;
    }
    co_return pick(tcp, remote);
  }
  awaitable<HttpResult> http_get(Endpoint remote, HttpRequest req, Millis deadline) override {
    calls_.push_back(Call{"http", remote, deadline, req, {}, 0});
    co_return pick(http, remote);
  }
  awaitable<UdpResult> udp_exchange(Endpoint remote, std::vector<std::uint8_t> payload,
                                    Millis deadline) override {
    calls_.push_back(Call{"udp", remote, deadline, {}, payload, 0});
    if (udp_responder) {
      UdpResult r = udp_responder(remote, payload);
      r.remote = remote;
      co_return r;
    }
    co_return pick(udp, remote);
  }
  awaitable<IcmpEchoResult> icmpv6_echo(asio::ip::address_v6 remote, std::size_t, Millis deadline) override {
    Endpoint ep{remote, 0};
    calls_.push_back(Call{"icmpv6", ep, deadline, {}, {}, 0});
    co_return pick(icmp, ep);
  }

  /// Answers udp_probe: the test plays the network (which hop answers, with what error); unset, every
  /// probe times out. The result's `local` defaults to [2001:db8:1:1::100]:(40000 + probe number).
  std::function<UdpProbeResult(const Endpoint& local, const Endpoint& remote,
                               const std::vector<std::uint8_t>& payload, int hop_limit)>
      probe_responder;
  awaitable<UdpProbeResult> udp_probe(Endpoint remote, std::vector<std::uint8_t> payload, int hop_limit,
                                      Millis wait) override {
    Call c{"udp_probe", remote, wait, {}, payload, hop_limit};
    calls_.push_back(std::move(c));
    const Endpoint local{asio::ip::make_address("2001:db8:1:1::100"),
                         static_cast<std::uint16_t>(40000 + probes_++)};
    UdpProbeResult r;
    if (probe_responder) {
      r = probe_responder(local, remote, payload, hop_limit);
    } else {
      r.sent = true;
      r.timed_out = true;
      r.error = "no ICMPv6 error within " + std::to_string(wait.count()) + " ms";
    }
    if (!r.local && r.sent) r.local = local;
    r.remote = remote;
    co_return r;
  }

  /// Unconnected UDP ports (a FakeUdpNetwork, fake_udp_port.hpp); none when unset.
  UdpPortOpener* udp_opener = nullptr;
  UdpPortOpener* udp_ports() override { return udp_opener; }
  /// TCP streams (a FakeTcpNetwork, fake_tcp_stream.hpp); none when unset.
  TcpStreamOpener* tcp_opener = nullptr;
  TcpStreamOpener* tcp_streams() override { return tcp_opener; }

  [[nodiscard]] const std::vector<Call>& calls() const { return calls_; }

 private:
  template <class R>
  static R pick(const std::map<std::string, R>& m, const Endpoint& remote) {
    if (auto it = m.find(remote.to_string()); it != m.end()) {
      R r = it->second;
      r.remote = remote;
      return r;
    }
    R r{};
    r.remote = remote;
    r.error = "FakeTransport: nothing scripted for " + remote.to_string();
    return r;
  }
  std::vector<Call> calls_;
  int probes_ = 0;
};

}  // namespace v6r::probe
