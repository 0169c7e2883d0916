// Flow tracking: handshakes, RTT per family, retransmissions, expiry (memory bounded by live flows),
// DNS transaction expiry, and the per-flow memory budget (docs/conventions.md: ≤ 200 bytes per live flow).
#include <gtest/gtest.h>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/dissect/dissect.hpp"
#include "analyzers/flow/capture_analysis.hpp"
#include "core/dns.hpp"
#include "core/icmp_error.hpp"
#include "core/pcapng_writer.hpp"
#include "tests/analyzer/packet_builder.hpp"

#ifndef __clang__  // a g++ warning; clang has no such group (and -Werror refuses an unknown one)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

using namespace v6r;
using namespace v6r::analyze;
using namespace v6r::testpkt;

namespace {

struct Feed {
  CaptureAnalyzer an;
  std::uint64_t n = 0;
  explicit Feed(CaptureConfig c = {}) : an(std::move(c)) {}
  void add(const Buf& ip, std::uint64_t ts_ns) {
    CaptureFrame f;
    f.number = ++n;
    f.ts_sec = ts_ns / 1000000000ull;
    f.ts_nsec = static_cast<std::uint32_t>(ts_ns % 1000000000ull);
    f.link_type = capture::linktype::kRaw;
    f.data = Bytes(ip.data(), ip.size());
    f.caplen = f.len = static_cast<std::uint32_t>(ip.size());
    Packet p;
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
    an.add(f, p);
  }
};

constexpr std::uint64_t kS = 1000000000ull;

}  // namespace

TEST(Flow, MemoryPerFlowWithinBudget) {
  EXPECT_LE(CaptureAnalyzer::kBytesPerFlow, 200u)
      << "key " << sizeof(FlowKey) << " state " << sizeof(CaptureAnalyzer::FlowState);
  std::printf("bytes per live flow (table entry + slot share): %zu\n", CaptureAnalyzer::kBytesPerFlow);
}

TEST(Flow, HandshakeRttAndRetransmissionPerFamily) {
  Feed f;
  const std::uint64_t t = 100 * kS;
  f.add(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 10, 0, SYN)), t);
  f.add(ipv6("2001:db8::2", "2001:db8::1", 6, tcp(80, 1000, 50, 11, SYN | ACK)), t + 3000000);
  f.add(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 11, 51, ACK)), t + 4000000);
  f.add(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 11, 51, ACK | PSH, Buf(100, 1))), t + 5000000);
  f.add(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 11, 51, ACK | PSH, Buf(100, 1))), t + 300000000);
  f.add(ipv4("192.0.2.1", "192.0.2.2", 6, tcp(1000, 80, 10, 0, SYN)), t);
  f.add(ipv4("192.0.2.2", "192.0.2.1", 6, tcp(80, 1000, 50, 11, SYN | ACK)), t + 1000000);
  f.add(ipv4("192.0.2.1", "192.0.2.2", 6, tcp(1000, 80, 11, 51, ACK)), t + 1000000);
  f.an.finish();
  const auto& c = f.an.facts();
  EXPECT_EQ(c.handshakes, 2u);
  EXPECT_NEAR(*c.rtt_v6.mean(), 4.0, 0.01);
  EXPECT_NEAR(*c.rtt_v4.mean(), 1.0, 0.01);
  EXPECT_EQ(c.retransmissions.count, 1u);
  EXPECT_EQ(c.retransmissions.frames, std::vector<std::uint64_t>{5});
  EXPECT_EQ(c.flows, 2u);
}

TEST(Flow, IdleFlowsExpireSoMemoryIsBoundedByLiveFlows) {
  CaptureConfig cfg;
  cfg.flow_idle_s = 10;
  Feed f(cfg);
  // 10,000 short flows, one new flow every 10 ms: at most ~1,100 are live (10 s idle + expiry
  // sweeps once per second of capture time).
  for (std::uint32_t i = 0; i < 10000; ++i) {
    const auto port = static_cast<std::uint16_t>(1024 + i % 60000);
    f.add(ipv6("2001:db8::1", "2001:db8::2", 17, udp(port, 53, Buf(4, 0))), 100 * kS + i * 10000000ull);
  }
  EXPECT_LE(f.an.live_flows(), 1101u);
  EXPECT_LE(f.an.facts().peak_live_flows, 1101u);
  EXPECT_EQ(f.an.facts().flows, 10000u);
  f.an.finish();
  EXPECT_EQ(f.an.live_flows(), 0u);
}

TEST(Flow, UnansweredSynIsAFailedHandshakeAtExpiry) {
  CaptureConfig cfg;
  cfg.flow_idle_s = 5;
  Feed f(cfg);
  f.add(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 10, 0, SYN)), 100 * kS);
  f.add(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1000, 80, 10, 0, SYN)), 101 * kS);  // SYN retransmitted
  EXPECT_EQ(f.an.facts().handshake_failed.count, 0u);
  f.add(ipv6("2001:db8::9", "2001:db8::8", 17, udp(1, 2, {})), 110 * kS);  // time passes: expiry
  EXPECT_EQ(f.an.facts().handshake_failed.count, 1u);
  EXPECT_EQ(f.an.facts().handshake_failed.frames, std::vector<std::uint64_t>{1});
  EXPECT_EQ(f.an.facts().retransmissions.count, 1u);
}

TEST(Flow, TunnelledPacketsAreFlowsOfTheirOwn) {
  Feed f;
  const char *h = "2001:db8:1::10", *srv = "2001:db8:20::12";
  const Buf syn = ipv6(h, srv, 6, tcp(50000, 80, 10, 0, SYN));
  const Buf synack = ipv6(srv, h, 6, tcp(80, 50000, 70, 11, SYN | ACK));
  const Buf ack = ipv6(h, srv, 6, tcp(50000, 80, 11, 71, ACK));
  std::uint64_t t = 100 * kS;
  // The same inner handshake through two 6in4 tunnels (RFC 4213) and once natively (as a capture on
  // both sides of a tunnel endpoint sees it): three flows, no retransmission.
  for (const char* a : {"192.0.2.1", "192.0.2.2"}) {
    f.add(ipv4(a, "198.51.100.1", 41, syn), t += 1000000);
    f.add(ipv4("198.51.100.1", a, 41, synack), t += 1000000);
    f.add(ipv4(a, "198.51.100.1", 41, ack), t += 1000000);
  }
  f.add(syn, t += 1000000);
  f.add(synack, t += 1000000);
  f.add(ack, t += 1000000);
  // The same inner packets in one GRE tunnel with two keys (RFC 2890 §2.1): two flows.
  for (std::int64_t key : {1, 2}) {
    f.add(ipv4("192.0.2.1", "198.51.100.1", 47, gre(0x86DD, syn, false, key)), t += 1000000);
    f.add(ipv4("198.51.100.1", "192.0.2.1", 47, gre(0x86DD, synack, false, key)), t += 1000000);
  }
  // DS-Lite (RFC 6333): IPv4 carried in IPv6 is not IPv4 on this segment; its DNS is analysed.
  auto q = dns::build(dns::make_query(9, dns::Name::from_text("a.test").value(), dns::RrType::a));
  auto m = dns::make_query(9, dns::Name::from_text("a.test").value(), dns::RrType::a);
  m.header.qr = true;
  auto r = dns::build(m);
  f.add(ipv6("2001:db8:1::2", "2001:db8:ff::1", 4, ipv4("192.0.2.100", "192.0.2.53", 17, udp(5000, 53, q))),
        t += 1000000);
  f.add(ipv6("2001:db8:ff::1", "2001:db8:1::2", 4, ipv4("192.0.2.53", "192.0.2.100", 17, udp(53, 5000, r))),
        t += 1000000);
  f.an.finish();
  const auto& c = f.an.facts();
  EXPECT_EQ(c.flows, 6u);
  EXPECT_EQ(c.handshakes, 3u);
  EXPECT_EQ(c.retransmissions.count, 0u);
  EXPECT_EQ(c.ipv4.count, 10u) << "6in4 and GRE over IPv4 frames are IPv4 on the wire";
  EXPECT_EQ(c.dns_answered, 1u);
}

TEST(Flow, DnsTransactionsMatchAndExpire) {
  CaptureConfig cfg;
  cfg.dns_timeout_s = 2;
  Feed f(cfg);
  auto q = [](std::uint16_t id) {
    return dns::build(dns::make_query(id, dns::Name::from_text("a.test").value(), dns::RrType::aaaa));
  };
  auto r = [&](std::uint16_t id) {
    auto m = dns::make_query(id, dns::Name::from_text("a.test").value(), dns::RrType::aaaa);
    m.header.qr = true;
    return dns::build(m);
  };
  f.add(ipv6("2001:db8::1", "2001:db8::53", 17, udp(5000, 53, q(1))), 100 * kS);
  f.add(ipv6("2001:db8::1", "2001:db8::53", 17, udp(5001, 53, q(2))), 100 * kS);
  f.add(ipv6("2001:db8::53", "2001:db8::1", 17, udp(53, 5000, r(1))), 100 * kS + 20000000);
  EXPECT_EQ(f.an.pending_dns(), 1u);
  f.add(ipv6("2001:db8::53", "2001:db8::1", 17, udp(53, 5001, r(7))), 103 * kS);  // wrong id; expiry runs
  EXPECT_EQ(f.an.pending_dns(), 0u);
  f.an.finish();
  const auto& c = f.an.facts();
  EXPECT_EQ(c.dns_answered, 1u);
  EXPECT_EQ(c.dns_unanswered.count, 1u);
  EXPECT_EQ(c.dns_unanswered.frames, std::vector<std::uint64_t>{2});
  EXPECT_EQ(c.dns_unmatched_response.count, 1u);
  EXPECT_NEAR(*c.dns_latency.percentile(0.5), 20.0, 2.0);
}

// A UDP datagram larger than the MTU travels as fragments (RFC 8200 §4.5 for IPv6, RFC 791 §3.2 for
// IPv4): only the first carries the ports. Every fragment of a watched flow's datagram is evidence of
// that flow (nat64.fragments cites them); fragments of other datagrams (another identification,
// other addresses, the other direction's identification) are not.
TEST(Flow, FragmentsOfAWatchedDatagramAreItsEvidence) {
  Feed f;
  const char *h = "2001:db8:1:1::100", *srv = "2001:db8:64::c000:20a";
  auto frag6 = [](std::uint8_t nxt, std::uint16_t offset8, bool more, std::uint32_t id) {
    Buf x;
    put8(x, nxt);
    put8(x, 0);
    put16(x, static_cast<unsigned>(offset8 << 3) | (more ? 1u : 0u));
    put32(x, id);
    return x;
  };
  auto chunk = [](std::size_t n, bool udp_head, std::uint16_t sport, std::uint16_t dport) {
    Buf b;
    if (udp_head) {
      put16(b, sport);
      put16(b, dport);
      put16(b, 3008);
      put16(b, 0);
    }
    while (b.size() < n) put8(b, 0x5a);
    return b;
  };
  auto frag = [&](const char* s, const char* d, std::uint16_t off8, bool more, std::uint32_t id, Buf body) {
    Ip6Opts o = with_ext(frag6(17, off8, more, id), 44);
    o.fix_checksum = false;
    return ipv6(s, d, 17, std::move(body), o);
  };
  auto end6 = [](const char* a, std::uint16_t port) {
    Endpoint e;
    e.addr = v6(a);
    e.port = port;
    return e;
  };
  auto end4 = [](const char* a, std::uint16_t port) {
    Endpoint e;
    const auto b = v4(a);
    std::copy(b.begin(), b.end(), e.addr.begin());
    e.port = port;
    return e;
  };
  int side = 0;
  const FlowKey k = FlowKey::make(17, true, end6(h, 50002), end6(srv, 7), side);
  f.an.watch_flow(k);
  std::uint64_t t = 100 * kS;
  f.add(frag(h, srv, 0, true, 0x1234, chunk(1448, true, 50002, 7)), t += 1000);  // 1: first, ports
  f.add(frag(h, srv, 181, true, 0x1234, chunk(1448, false, 0, 0)), t += 1000);   // 2
  f.add(frag(h, srv, 362, false, 0x1234, chunk(112, false, 0, 0)), t += 1000);   // 3: last
  f.add(frag(h, srv, 181, false, 0x9999, chunk(100, false, 0, 0)), t += 1000);   // 4: other datagram
  f.add(frag("2001:db8:1:1::101", srv, 181, false, 0x1234, chunk(100, false, 0, 0)),
        t += 1000);                                                             // 5: other source
  f.add(frag(srv, h, 181, false, 0x1234, chunk(100, false, 0, 0)), t += 1000);  // 6: other direction
  // The reply, fragmented by the NAT64 (RFC 7915 §4), its own identification.
  f.add(frag(srv, h, 0, true, 0x77, chunk(1232, true, 7, 50002)), t += 1000);  // 7
  f.add(frag(srv, h, 154, false, 0x77, chunk(800, false, 0, 0)), t += 1000);   // 8
  // A first fragment of an unwatched flow is not followed.
  f.add(frag(h, srv, 0, true, 0x55, chunk(1448, true, 50003, 7)), t += 1000);  // 9
  f.add(frag(h, srv, 181, false, 0x55, chunk(100, false, 0, 0)), t += 1000);   // 10
  // IPv4 fragments (the IPv4 side of a capture on the NAT64) follow the same rule.
  int side4 = 0;
  const FlowKey k4 = FlowKey::make(17, false, end4("198.51.100.130", 50002), end4("192.0.2.10", 7), side4);
  f.an.watch_flow(k4);
  f.add(ipv4("198.51.100.130", "192.0.2.10", 17, chunk(1480, true, 50002, 7), ip4(0x4242, false, true, 0)),
        t += 1000);  // 11
  f.add(ipv4("198.51.100.130", "192.0.2.10", 17, chunk(500, false, 0, 0), ip4(0x4242, false, false, 185)),
        t += 1000);  // 12
  f.an.finish();
  const auto& ev = f.an.facts().flow_evidence;
  ASSERT_TRUE(ev.contains(k));
  EXPECT_EQ(ev.at(k).frames, (std::vector<std::uint64_t>{1, 2, 3, 7, 8}));
  EXPECT_TRUE(ev.at(k).any);
  EXPECT_EQ(ev.at(k4).frames, (std::vector<std::uint64_t>{11, 12}));
}

// An ICMP error quoting a packet of a watched flow (RFC 4443 §3: the invoking packet) is that flow's
// evidence: nat64.icmp_errors cites the Time Exceeded and port unreachable its datagrams drew. An error
// quoting another flow, and the flow's unrelated ICMP, are not.
TEST(Flow, IcmpErrorsQuotingAWatchedFlowAreItsEvidence) {
  Feed f;
  const char *h = "2001:db8:1:1::100", *srv = "2001:db8:64::c000:20a", *router = "2001:db8:64::cb00:7101";
  auto end6 = [](const char* a, std::uint16_t port) {
    Endpoint e;
    e.addr = v6(a);
    e.port = port;
    return e;
  };
  int side = 0;
  const FlowKey k = FlowKey::make(17, true, end6(h, 40000), end6(srv, 33434), side);
  f.an.watch_flow(k);
  const Buf payload(40, 0x42);
  auto quote = [&](std::uint16_t sport) {
    return icmp::build_ipv6_udp(v6(h), v6(srv), 1, sport, 33434, payload);
  };
  auto error = [&](std::uint8_t type, std::uint8_t code, std::uint16_t sport) {
    return icmp::build_icmpv6_error(type, code, 0, quote(sport));
  };
  std::uint64_t t = 100 * kS;
  f.add(ipv6(h, srv, 17, udp(40000, 33434, payload)), t += 1000);  // 1: the datagram
  f.add(ipv6(router, h, 58, error(3, 0, 40000)), t += 1000);       // 2: Time Exceeded quoting it
  f.add(ipv6(srv, h, 58, error(1, 4, 40000)), t += 1000);          // 3: port unreachable quoting it
  f.add(ipv6(router, h, 58, error(3, 0, 40001)), t += 1000);       // 4: quoting another flow
  f.add(ipv6(h, srv, 17, udp(40001, 33434, payload)), t += 1000);  // 5: that other flow
  f.an.finish();
  const auto& ev = f.an.facts().flow_evidence;
  ASSERT_TRUE(ev.contains(k));
  EXPECT_EQ(ev.at(k).frames, (std::vector<std::uint64_t>{1, 2, 3}));
}
