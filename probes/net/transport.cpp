#include "probes/net/transport.hpp"

#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include "core/icmp_error.hpp"
#include "probes/net/deadline.hpp"
#include "probes/net/http_response.hpp"
#include "probes/net/source_address.hpp"
#include "probes/net/syn_reaper.hpp"
#include "probes/net/tcp_connect.hpp"

namespace v6r::probe {
namespace {

using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;

Micros since(Clock::time_point t0) {
  return std::chrono::duration_cast<Micros>(Clock::now() - t0);
}

std::string timeout_text(Millis d) {
  return "timeout after " + std::to_string(d.count()) + " ms";
}

template <class Socket>
void close_quietly(Socket& s) {
  ErrorCode ec;
  s.close(ec);
}

// --- HTTP GET: connect, send, read until the parser is done ---
awaitable<std::monostate> http_op(tcp::socket& sock, const Endpoint& remote, const HttpRequest& req,
                                  HttpResult& r, Clock::time_point t0) {
  ErrorCode ec = co_await connect_recording(sock, tcp::endpoint(remote.address, remote.port), r.local);
  r.connect_time = since(t0);
  if (ec) {
    r.error = "connect: " + ec.message();
    co_return std::monostate{};
  }
  r.connected = true;
  const std::string wire = format_http_get(req, remote);
  co_await asio::async_write(sock, asio::buffer(wire), asio::redirect_error(use_awaitable, ec));
  if (ec) {
    r.error = "send: " + ec.message();
    co_return std::monostate{};
  }
  const auto sent = Clock::now();
  HttpResponseParser parser(req.max_body);
  std::array<std::uint8_t, 16384> buf{};
  bool first = true;
  for (;;) {
    auto n = co_await sock.async_read_some(asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
    if (first && n > 0) {
      r.first_byte_time = since(sent);
      first = false;
    }
    if (n > 0) parser.feed(Bytes(buf.data(), n));
    if (parser.done() || parser.state() == HttpResponseParser::State::error) break;
    if (ec == asio::error::eof) {
      parser.eof();
      break;
    }
    if (ec) {
      r.error = "receive: " + ec.message();
      break;
    }
  }
  r.total_time = since(t0);
  const auto& h = parser.head();
  r.status = h.status;
  r.reason = h.reason;
  r.headers = h.headers;
  r.body_size = parser.body_size();
  r.chunked = parser.chunked();
  if (parser.done()) {
    r.ok = true;
    r.body_sha256 = parser.body_sha256();
  } else if (r.error.empty()) {
    r.error = parser.error();
  }
  co_return std::monostate{};
}

// --- UDP request/response ---
awaitable<std::monostate> udp_op(udp::socket& sock, const Endpoint& remote,
                                 const std::vector<std::uint8_t>& payload, UdpResult& r) {
  ErrorCode ec;
  const auto t0 = Clock::now();
  co_await sock.async_send(asio::buffer(payload), asio::redirect_error(use_awaitable, ec));
  if (ec) {
    r.error = "send: " + ec.message();
    co_return std::monostate{};
  }
  std::vector<std::uint8_t> buf(65536);
  auto n = co_await sock.async_receive(asio::buffer(buf), asio::redirect_error(use_awaitable, ec));
  r.rtt = since(t0);
  if (ec) {
    // A connected UDP socket reports ICMP port unreachable as ECONNREFUSED.
    r.error = "receive: " + ec.message();
    co_return std::monostate{};
  }
  buf.resize(n);
  r.reply = std::move(buf);
  r.ok = true;
  (void)remote;
  co_return std::monostate{};
}

// --- ICMPv6 echo (RFC 4443 §4) ---

/// The local port of a socket (a ping socket's: the echo identifier the kernel puts on the wire).
template <class Socket>
std::optional<std::uint16_t> local_port(Socket& sock) {
  ErrorCode ec;
  const auto le = sock.local_endpoint(ec);
  if (ec || le.size() < sizeof(sockaddr_in6) || le.data()->sa_family != AF_INET6) return std::nullopt;
  sockaddr_in6 sa{};
  std::memcpy(&sa, le.data(), sizeof sa);
  return ntohs(sa.sin6_port);
}

template <class Socket>
awaitable<std::monostate> icmp_op(Socket& sock, asio::ip::address_v6 remote, std::vector<std::uint8_t> req,
                                  IcmpEchoResult& r, bool match_ident) {
  ErrorCode ec;
  typename Socket::endpoint_type dst(udp::endpoint(remote, 0));
  // The echo socket stays unconnected (a connected raw socket no longer receives the ICMPv6 errors
  // routers send), so the source of the request is learnt apart (source_address.hpp).
  const auto source = source_address_toward(asio::ip::address(remote));
  const auto t0 = Clock::now();
  co_await sock.async_send_to(asio::buffer(req), dst, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    r.error = "send: " + ec.message();
    co_return std::monostate{};
  }
  if (!match_ident)  // a ping socket: the kernel replaced our identifier with its local port
    if (auto port = local_port(sock)) r.ident = *port;
  if (source) r.local = Endpoint{*source, r.ident};
  std::array<std::uint8_t, 2048> buf{};
  for (;;) {
    typename Socket::endpoint_type from;
    auto n =
        co_await sock.async_receive_from(asio::buffer(buf), from, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      r.error = "receive: " + ec.message();
      co_return std::monostate{};
    }
    WireReader rd(buf.data(), n);
    auto type = rd.u8();
    auto code = rd.u8();
    rd.skip(2);  // checksum
    if (!type || !code) continue;
    if (*type == 129) {  // Echo Reply
      auto id = rd.u16be();
      auto seq = rd.u16be();
      if (!id || !seq || *seq != r.sequence || (match_ident && *id != r.ident)) continue;
      r.rtt = since(t0);
      r.ok = true;
      co_return std::monostate{};
    }
    if (*type == 1 || *type == 2 || *type == 3) {  // error messages carrying our request
      auto word = rd.u32be();                      // unused / MTU (Packet Too Big)
      // Invoking packet: IPv6 header (40 octets), then our echo request header.
      if (!word || !rd.skip(40)) continue;
      auto itype = rd.u8();
      rd.skip(3);
      auto id = rd.u16be();
      auto seq = rd.u16be();
      if (!itype || *itype != 128 || !seq || *seq != r.sequence || (match_ident && id != r.ident)) continue;
      r.error_type = *type;
      r.error_code = *code;
      if (*type == 2) r.ptb_mtu = *word;
      r.rtt = since(t0);
      r.error = "ICMPv6 error type " + std::to_string(*type) + " code " + std::to_string(*code);
      co_return std::monostate{};
    }
  }
}

// --- one UDP datagram with a chosen hop limit, and the ICMPv6 error about it ---

/// Is this error about our datagram? Its quote is UDP from our port, or carries our payload's start
/// (the check's nonce: at least 8 octets), so a translator that got the ports wrong is still heard.
bool about_our_datagram(const icmp::Icmpv6Error& e, const Endpoint& local,
                        const std::vector<std::uint8_t>& sent) {
  if (!e.quoted || e.quoted->proto != icmp::kProtoUdp) return false;
  const auto& q = *e.quoted;
  if (q.has_ports && q.sport == local.port) return true;
  const std::size_t n = std::min(q.udp_payload.size(), sent.size());
  return n >= 8 && std::equal(q.udp_payload.begin(), q.udp_payload.begin() + static_cast<std::ptrdiff_t>(n),
                              sent.begin());
}

awaitable<std::monostate> icmp_error_op(asio::generic::raw_protocol::socket& raw,
                                        const std::vector<std::uint8_t>& sent, UdpProbeResult& r,
                                        Clock::time_point t0) {
  std::array<std::uint8_t, 2048> buf{};
  for (;;) {
    asio::generic::raw_protocol::endpoint from;
    ErrorCode ec;
    auto n =
        co_await raw.async_receive_from(asio::buffer(buf), from, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      r.error = "receive: " + ec.message();
      co_return std::monostate{};
    }
    const auto e = icmp::parse_icmpv6_error(Bytes(buf.data(), n));
    if (!e || !r.local || !about_our_datagram(*e, *r.local, sent)) {
      ++r.ignored;
      continue;
    }
    r.rtt = since(t0);
    r.icmp.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    if (from.size() >= sizeof(sockaddr_in6) && from.data()->sa_family == AF_INET6) {
      sockaddr_in6 sa{};
      std::memcpy(&sa, from.data(), sizeof sa);
      asio::ip::address_v6::bytes_type b{};
      std::memcpy(b.data(), &sa.sin6_addr, b.size());
      r.icmp_from = asio::ip::address_v6(b);
    }
    co_return std::monostate{};
  }
}

}  // namespace

std::string_view to_string(IcmpMethod m) {
  switch (m) {
    case IcmpMethod::none:
      return "none";
    case IcmpMethod::dgram:
      return "dgram";
    case IcmpMethod::raw:
      return "raw";
  }
  return "none";
}

std::string format_http_get(const HttpRequest& req, const Endpoint& remote) {
  std::string host = req.host;
  if (host.empty())
    host = remote.address.is_v6() ? "[" + remote.address.to_string() + "]" : remote.address.to_string();
  else if (host.find(':') != std::string::npos && host.front() != '[')
    host = "[" + host + "]";
  if (remote.port != 80) host += ":" + std::to_string(remote.port);
  std::string s = "GET " + (req.path.empty() ? std::string("/") : req.path) + " HTTP/1.1\r\nHost: " + host +
                  "\r\nUser-Agent: v6probe\r\nAccept: */*\r\nConnection: close\r\n";
  for (const auto& [k, v] : req.headers) s += k + ": " + v + "\r\n";
  return s + "\r\n";
}

std::vector<std::uint8_t> build_echo_request(std::uint16_t ident, std::uint16_t seq,
                                             std::size_t payload_size) {
  std::vector<std::uint8_t> p(8 + payload_size);
  p[0] = 128;  // Echo Request
  p[4] = static_cast<std::uint8_t>(ident >> 8);
  p[5] = static_cast<std::uint8_t>(ident);
  p[6] = static_cast<std::uint8_t>(seq >> 8);
  p[7] = static_cast<std::uint8_t>(seq);
  for (std::size_t i = 0; i < payload_size; ++i) p[8 + i] = static_cast<std::uint8_t>('v' + i % 16);
  return p;
}

namespace {

awaitable<ErrorCode> already(ErrorCode ec) {
  co_return ec;
}

awaitable<TcpConnectResult> connect_then_close(Endpoint remote, Millis deadline, bool abort) {
  TcpConnectResult r;
  r.remote = remote;
  tcp::socket sock(co_await asio::this_coro::executor);
  const tcp::endpoint to(remote.address, remote.port);
  if (abort) {
    // Given up by the kernel too (TCP_USER_TIMEOUT: no SYN retransmission for a minute when our timer
    // fires late), and closed with a reset, not a FIN (no TIME_WAIT).
    if (ErrorCode ec = give_up_on_wire(sock, to.protocol(), deadline, true)) {
      r.error = "socket: " + ec.message();
      co_return r;
    }
  }
  const auto t0 = Clock::now();
  // The SYN leaves now, not when the loop gets round to a posted operation.
  const ConnectStart st = start_connect(sock, to, r.local);
  // An aborting connect is also ended at its deadline by the SYN reaper's thread, when our loop is late
  // (armed once the SYN is out: its deadline counts from the SYN).
  SynReaperTicket reaper =
      abort && st.in_progress ? SynReaperTicket(sock.native_handle(), t0 + deadline) : SynReaperTicket();
  std::optional<std::chrono::microseconds> kernel_rtt;
  auto wait = st.in_progress ? finish_connect(sock) : already(st.error);
  // Built outside the co_await operand (g++ 12: temporaries in it are miscompiled).
  auto op = with_deadline(std::move(wait), deadline, [&] {
    // Our timer won, but the loop may have been late: did the kernel complete the handshake in time?
    if (abort) {
      const HandshakeInfo h = handshake_info(sock);
      kernel_rtt = h.rtt;
      r.syns_resent = h.resent;
    }
    (void)reaper.disarm();
    close_quietly(sock);
  });
  auto d = co_await std::move(op);
  r.connect_time = since(t0);
  const bool in_time = kernel_rtt && kernel_rtt->count() > 0 && *kernel_rtt <= deadline;
  if (in_time) {
    r.ok = true;  // the kernel's clock: the SYN-ACK came within the deadline, the loop saw it late
    r.connect_time = *kernel_rtt;
  } else if (d.timed_out || reaper.disarm()) {
    r.timed_out = true;
    r.error = timeout_text(deadline);
  } else if (*d.value) {
    r.error = d.value->message();
  } else {
    r.ok = true;
  }
  if (abort && sock.is_open()) {
    const HandshakeInfo h = handshake_info(sock);
    r.syns_resent = std::max(r.syns_resent, h.resent);
    if (r.ok && !kernel_rtt) kernel_rtt = h.rtt;
  }
  if (r.ok && kernel_rtt && kernel_rtt->count() > 0) r.kernel_rtt = *kernel_rtt;
  r.reaped = reaper.disarm();                                // remembered across disarms
  r.syns_resent = std::max(r.syns_resent, reaper.resent());  // a reaping cleared the socket's count
  close_quietly(sock);
  co_return r;
}

}  // namespace

awaitable<TcpConnectResult> AsioTransport::tcp_connect(Endpoint remote, Millis deadline) {
  co_return co_await connect_then_close(std::move(remote), deadline, false);
}

awaitable<TcpConnectResult> AsioTransport::tcp_connect_abort(Endpoint remote, Millis deadline) {
  co_return co_await connect_then_close(std::move(remote), deadline, true);
}

awaitable<HttpResult> AsioTransport::http_get(Endpoint remote, HttpRequest req, Millis deadline) {
  HttpResult r;
  r.remote = remote;
  tcp::socket sock(co_await asio::this_coro::executor);
  const auto t0 = Clock::now();
  auto op = with_deadline(http_op(sock, remote, req, r, t0), deadline,
                          [&] { close_quietly(sock); });  // not inside co_await (g++ 12)
  auto d = co_await std::move(op);
  if (d.timed_out) {
    r.ok = false;
    r.timed_out = true;
    r.error = timeout_text(deadline) +
              (r.body_size ? " (" + std::to_string(r.body_size) + " body octets received)" : "");
    r.total_time = since(t0);
  }
  close_quietly(sock);
  co_return r;
}

awaitable<UdpResult> AsioTransport::udp_exchange(Endpoint remote, std::vector<std::uint8_t> payload,
                                                 Millis deadline) {
  UdpResult r;
  r.remote = remote;
  udp::socket sock(co_await asio::this_coro::executor);
  ErrorCode ec;
  udp::endpoint ep(remote.address, remote.port);
  sock.open(ep.protocol(), ec);
  if (!ec) sock.connect(ep, ec);  // the kernel then drops datagrams from anyone else
  if (ec) {
    r.error = "socket: " + ec.message();
    co_return r;
  }
  if (auto le = sock.local_endpoint(ec); !ec) r.local = Endpoint::from(le);
  auto op = with_deadline(udp_op(sock, remote, payload, r), deadline,
                          [&] { close_quietly(sock); });  // not inside co_await (g++ 12)
  auto d = co_await std::move(op);
  if (d.timed_out) {
    r.ok = false;
    r.timed_out = true;
    r.error = "no reply: " + timeout_text(deadline);
    r.rtt = deadline;
  }
  close_quietly(sock);
  co_return r;
}

awaitable<IcmpEchoResult> AsioTransport::icmpv6_echo(asio::ip::address_v6 remote, std::size_t payload_size,
                                                     Millis deadline) {
  IcmpEchoResult r;
  r.remote = Endpoint{remote, 0};
  std::mt19937 rng(std::random_device{}());
  r.ident = static_cast<std::uint16_t>(rng());
  r.sequence = static_cast<std::uint16_t>(rng() % 30000 + 1);
  auto ex = co_await asio::this_coro::executor;
  ErrorCode ec;
  // 1. Unprivileged ICMP "ping" socket (Linux, net.ipv4.ping_group_range must include our group).
  asio::generic::datagram_protocol::socket dg(ex);
  dg.open(asio::generic::datagram_protocol(AF_INET6, IPPROTO_ICMPV6), ec);
  if (!ec) {
    r.method = IcmpMethod::dgram;
    auto op =
        with_deadline(icmp_op(dg, remote, build_echo_request(r.ident, r.sequence, payload_size), r, false),
                      deadline, [&] { close_quietly(dg); });
    auto d = co_await std::move(op);
    if (d.timed_out) {
      r.ok = false;
      r.timed_out = true;
      r.error = "no echo reply: " + timeout_text(deadline);
    }
    close_quietly(dg);
    co_return r;
  }
  const std::string dgram_error = ec.message();
  // 2. Raw ICMPv6 socket (CAP_NET_RAW).
  asio::generic::raw_protocol::socket raw(ex);
  raw.open(asio::generic::raw_protocol(AF_INET6, IPPROTO_ICMPV6), ec);
  if (ec) {
    r.error = "no ICMPv6 socket: ping socket: " + dgram_error +
              " (net.ipv4.ping_group_range); raw socket: " + ec.message() + " (needs CAP_NET_RAW)";
    co_return r;
  }
  r.method = IcmpMethod::raw;
  auto op =
      with_deadline(icmp_op(raw, remote, build_echo_request(r.ident, r.sequence, payload_size), r, true),
                    deadline, [&] { close_quietly(raw); });
  auto d = co_await std::move(op);
  if (d.timed_out) {
    r.ok = false;
    r.timed_out = true;
    r.error = "no echo reply: " + timeout_text(deadline);
  }
  close_quietly(raw);
  co_return r;
}

awaitable<UdpProbeResult> AsioTransport::udp_probe(Endpoint remote, std::vector<std::uint8_t> payload,
                                                   int hop_limit, Millis wait) {
  UdpProbeResult r;
  r.remote = remote;
  auto ex = co_await asio::this_coro::executor;
  ErrorCode ec;
  // 1. The raw ICMPv6 socket first (nothing is sent without it: the error would go unseen), letting
  //    through only the error types (RFC 4443 §3) and none of the echo or ND traffic.
  asio::generic::raw_protocol::socket raw(ex);
  raw.open(asio::generic::raw_protocol(AF_INET6, IPPROTO_ICMPV6), ec);
  if (ec) {
    r.no_permission = ec == asio::error::access_denied || ec == asio::error::no_permission;
    r.error = "raw ICMPv6 socket: " + ec.message() + (r.no_permission ? " (needs CAP_NET_RAW)" : "");
    co_return r;
  }
  icmp6_filter filter{};
  ICMP6_FILTER_SETBLOCKALL(&filter);
  ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &filter);
  if (::setsockopt(raw.native_handle(), IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) != 0) {
    r.error = "raw ICMPv6 socket: ICMP6_FILTER: " + std::string(std::strerror(errno));
    co_return r;
  }
  // 2. The UDP socket: connected (the kernel picks the source; nothing is sent by connect), the hop
  //    limit set on it (RFC 3493 §5.1 IPV6_UNICAST_HOPS).
  udp::socket sock(ex);
  const udp::endpoint ep(remote.address, remote.port);
  sock.open(ep.protocol(), ec);
  if (!ec) sock.set_option(asio::ip::unicast::hops(std::clamp(hop_limit, 1, 255)), ec);
  if (!ec) sock.connect(ep, ec);
  if (ec) {
    r.error = "socket: " + ec.message();
    close_quietly(raw);
    co_return r;
  }
  if (auto le = sock.local_endpoint(ec); !ec) r.local = Endpoint::from(le);
  const auto t0 = Clock::now();
  sock.send(asio::buffer(payload), 0, ec);
  if (ec) {
    r.error = "send: " + ec.message();
    close_quietly(raw);
    close_quietly(sock);
    co_return r;
  }
  r.sent = true;
  // 3. The error about it, within the wait.
  auto op = with_deadline(icmp_error_op(raw, payload, r, t0), wait,
                          [&] { close_quietly(raw); });  // not inside co_await (g++ 12)
  auto d = co_await std::move(op);
  if (d.timed_out) {
    r.timed_out = true;
    r.error = "no ICMPv6 error about the datagram: " + timeout_text(wait);
    r.rtt = wait;
  }
  // 4. A datagram back from the destination instead (its port was open): read without waiting.
  std::array<std::uint8_t, 2048> buf{};
  sock.non_blocking(true, ec);
  if (!ec) {
    const std::size_t n = sock.receive(asio::buffer(buf), 0, ec);
    if (!ec && n > 0) r.reply.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  close_quietly(raw);
  close_quietly(sock);
  co_return r;
}

}  // namespace v6r::probe
