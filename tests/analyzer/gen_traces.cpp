// Golden-trace generator (STYLE.md §8): writes small pcap/pcapng files, one per interesting case, with
// core/pcapng_writer and core/dns build(). ctest runs it into the build dir; `v6analyze dissect` output
// on each file is compared with tests/analyzer/golden/<file>.tsv and with `tshark -T fields`.
//
//   gen_traces OUT_DIR [--corpus-capture DIR] [--corpus-packet DIR]
//
// The corpus options also write the seed corpora of the analyzer fuzz targets (see their README.md).
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "analyzers/capture/capture_reader.hpp"
#include "core/dns.hpp"
#include "core/pcapng_writer.hpp"
#include "tests/analyzer/packet_builder.hpp"

// gcc 12 reports a false positive inside std::variant<rdata::...> copies.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace fs = std::filesystem;
using namespace v6r;
using namespace v6r::testpkt;
namespace lt = v6r::capture::linktype;

namespace {

constexpr std::uint64_t kT0 = 1700000000ull * 1000000000ull;  // 2023-11-14T22:13:20Z
const Mac kHost{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const Mac kRouter{0x02, 0x00, 0x00, 0x00, 0x00, 0xfe};
const Mac kBcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const Mac kZero{};
const char* kHost6 = "2001:db8:1::10";
const char* kDns6 = "2001:db8:1::53";

dns::Name name(const char* s) {
  return dns::Name::from_text(s).value();
}

Buf query(std::uint16_t id, const char* qname, dns::RrType t) {
  return dns::build(dns::make_query(id, name(qname), t));
}

struct Answer {
  dns::RrType type;
  const char* addr;
};

Buf response(std::uint16_t id, const char* qname, dns::RrType t, std::initializer_list<Answer> answers,
             dns::Rcode rcode = dns::Rcode::noerror) {
  dns::Message m = dns::make_query(id, name(qname), t);
  m.header.qr = true;
  m.header.ra = true;
  m.set_rcode(rcode);
  for (const auto& a : answers) {
    dns::ResourceRecord rr;
    rr.name = name(qname);
    rr.type = a.type;
    rr.ttl = 300;
    if (a.type == dns::RrType::aaaa) {
      rr.data = dns::rdata::Aaaa{v6(a.addr)};
    } else {
      rr.data = dns::rdata::A{v4(a.addr)};
    }
    m.answers.push_back(rr);
  }
  return dns::build(m);
}

Buf eth6(const Buf& ip, bool to_router = true) {
  return ether(to_router ? kRouter : kHost, to_router ? kHost : kRouter, 0x86DD, ip);
}
Buf eth4(const Buf& ip, bool to_router = true) {
  return ether(to_router ? kRouter : kHost, to_router ? kHost : kRouter, 0x0800, ip);
}
Buf dns6(std::uint16_t sport, const Buf& msg, bool reply) {
  return reply ? ipv6(kDns6, kHost6, 17, udp(53, sport, msg)) : ipv6(kHost6, kDns6, 17, udp(sport, 53, msg));
}

/// One trace under construction: a pcapng or pcap writer into a buffer.
struct Trace {
  std::vector<std::uint8_t> bytes;
  std::unique_ptr<capture::PcapngWriter> ng;
  std::unique_ptr<capture::PcapWriter> classic;
  std::uint64_t t = kT0;
  std::uint64_t step = 1000000;  // 1 ms

  static Trace pcapng(std::uint16_t link, std::uint8_t tsresol = 9) {
    Trace tr;
    tr.ng = std::make_unique<capture::PcapngWriter>(capture::VectorSink{&tr.bytes}, "v6ready golden trace",
                                                    "gen_traces");
    tr.ng->add_interface({link, 262144, "eth0", tsresol});
    return tr;
  }
  static Trace pcap(std::uint16_t link, bool ns) {
    Trace tr;
    tr.classic = std::make_unique<capture::PcapWriter>(capture::VectorSink{&tr.bytes}, link, 262144, ns);
    return tr;
  }
  void add(const Buf& frame, std::uint32_t iface = 0, std::uint32_t orig_len = 0) {
    t += step + 123;  // odd nanoseconds to show the precision
    if (ng) {
      ng->write_packet(iface, t, frame, orig_len);
    } else {
      classic->write_packet(t, frame, orig_len);
    }
  }
};

std::map<std::string, Trace> build_traces() {
  std::map<std::string, Trace> out;
  using dns::RrType;

  {  // DNS64 (RFC 6147 / RFC 6052): synthesis under the expected prefix, an unexpected prefix, RFC 7050.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    tr.add(eth6(dns6(40001, query(0x1001, "v4only.lab.test.", RrType::aaaa), false)));
    tr.add(eth6(
        dns6(40001,
             response(0x1001, "v4only.lab.test.", RrType::aaaa, {{RrType::aaaa, "2001:db8:64::c000:20a"}}),
             true),
        false));
    tr.add(eth6(dns6(40002, query(0x1002, "ipv4only.arpa.", RrType::aaaa), false)));
    tr.add(
        eth6(dns6(40002,
                  response(0x1002, "ipv4only.arpa.", RrType::aaaa,
                           {{RrType::aaaa, "2001:db8:64::c000:aa"}, {RrType::aaaa, "2001:db8:64::c000:ab"}}),
                  true),
             false));
    tr.add(eth6(dns6(40003, query(0x1003, "v4only.lab.test.", RrType::aaaa), false)));
    tr.add(eth6(
        dns6(40003,
             response(0x1003, "v4only.lab.test.", RrType::aaaa, {{RrType::aaaa, "2001:db8:65::c000:20a"}}),
             true),
        false));
    tr.add(eth6(dns6(40004, query(0x1004, "dual.lab.test.", RrType::a), false)));
    tr.add(eth6(dns6(40004, response(0x1004, "dual.lab.test.", RrType::a, {{RrType::a, "192.0.2.11"}}), true),
                false));
    tr.add(eth6(dns6(40005, query(0x1005, "nx.lab.test.", RrType::aaaa), false)));
    tr.add(eth6(dns6(40005, response(0x1005, "nx.lab.test.", RrType::aaaa, {}, dns::Rcode::nxdomain), true),
                false));
    out.emplace("dns64.pcapng", std::move(tr));
  }
  {  // RA with PREF64 (RFC 8781), RDNSS (RFC 8106), prefix + MTU (RFC 4861); RS, NS, NA.
    auto tr = Trace::pcapng(lt::kEthernet, 6);
    Buf rs;
    put32(rs, 0);
    put8(rs, 1), put8(rs, 1), append(rs, kHost);
    tr.add(ether({0x33, 0x33, 0, 0, 0, 2}, kHost, 0x86DD,
                 ipv6("fe80::1", "ff02::2", 58, icmp_msg(133, 0, 0, {}), hlim(255))));
    Buf ra;
    put8(ra, 64), put8(ra, 0x40), put16(ra, 1800), put32(ra, 0), put32(ra, 0);
    put8(ra, 1), put8(ra, 1), append(ra, kRouter);            // SLLA
    put8(ra, 5), put8(ra, 1), put16(ra, 0), put32(ra, 1480);  // MTU
    put8(ra, 3), put8(ra, 4), put8(ra, 64), put8(ra, 0xC0), put32(ra, 86400), put32(ra, 14400), put32(ra, 0);
    append(ra, v6("2001:db8:1::"));                                                  // Prefix Information
    put8(ra, 25), put8(ra, 3), put16(ra, 0), put32(ra, 600), append(ra, v6(kDns6));  // RDNSS
    put8(ra, 38), put8(ra, 2), put16(ra, (75u << 3) | 0);                            // PREF64 /96, 600 s
    for (int i = 0; i < 12; ++i) put8(ra, v6("2001:db8:64::")[static_cast<std::size_t>(i)]);
    Buf ra_msg{134, 0, 0, 0};
    append(ra_msg, ra);
    tr.add(
        ether({0x33, 0x33, 0, 0, 0, 1}, kRouter, 0x86DD, ipv6("fe80::fe", "ff02::1", 58, ra_msg, hlim(255))));
    Buf ns{135, 0, 0, 0, 0, 0, 0, 0};
    append(ns, v6("fe80::fe"));
    put8(ns, 1), put8(ns, 1), append(ns, kHost);
    tr.add(ether({0x33, 0x33, 0xff, 0, 0, 0xfe}, kHost, 0x86DD,
                 ipv6("fe80::1", "ff02::1:ff00:fe", 58, ns, hlim(255))));
    Buf na{136, 0, 0, 0, 0xE0, 0, 0, 0};
    append(na, v6("fe80::fe"));
    put8(na, 2), put8(na, 1), append(na, kRouter);
    tr.add(ether(kHost, kRouter, 0x86DD, ipv6("fe80::fe", "fe80::1", 58, na, hlim(255))));
    // PREF64 with /64 (PLC 1) and the maximum scaled lifetime (8191 × 8 s).
    Buf ra2{134, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    put8(ra2, 38), put8(ra2, 2), put16(ra2, (8191u << 3) | 1);
    for (int i = 0; i < 12; ++i) put8(ra2, v6("64:ff9b:1::")[static_cast<std::size_t>(i)]);
    tr.add(ether({0x33, 0x33, 0, 0, 0, 1}, kRouter, 0x86DD, ipv6("fe80::fe", "ff02::1", 58, ra2, hlim(255))));
    out.emplace("ra_pref64.pcapng", std::move(tr));
  }
  {  // ICMPv6 echo, Packet Too Big (RFC 4443 §3.2) quoting a TCP segment, destination unreachable.
    auto tr = Trace::pcap(lt::kEthernet, false);
    tr.add(eth6(ipv6(kHost6, "2001:db8:20::12", 58, icmp_msg(128, 0, 0x00070001, Buf(16, 0xab)))));
    tr.add(eth6(ipv6("2001:db8:20::12", kHost6, 58, icmp_msg(129, 0, 0x00070001, Buf(16, 0xab))), false));
    Buf big = ipv6("2001:db8:20::12", kHost6, 6, tcp(80, 50000, 1000, 2000, ACK, Buf(1400, 0x41)));
    big.resize(1232);  // the quote is cut to fit the minimum MTU (RFC 4443 §2.4 (c))
    tr.add(eth6(ipv6("2001:db8:1::1", "2001:db8:20::12", 58, icmp_msg(2, 0, 1280, big))));
    Buf unreach = ipv6(kHost6, "2001:db8:20::dead", 17, udp(40010, 7, Buf(8, 0)));
    tr.add(eth6(ipv6("2001:db8:1::1", kHost6, 58, icmp_msg(1, 3, 0, unreach)), false));
    out.emplace("icmpv6.pcap", std::move(tr));
  }
  {  // IPv4 on an IPv6-only segment: ARP, DHCPv4 with option 108 (RFC 8925), an IPv4 DNS exchange.
    auto tr = Trace::pcap(lt::kEthernet, true);
    tr.add(ether(kBcast, kHost, 0x0806, arp(1, kHost, "192.0.2.100", kZero, "192.0.2.1")));
    tr.add(ether(kHost, kRouter, 0x0806, arp(2, kRouter, "192.0.2.1", kHost, "192.0.2.100")));
    Buf disc{53, 1, 1, 55, 5, 1, 3, 6, 15, 108};
    tr.add(ether(kBcast, kHost, 0x0800,
                 ipv4("0.0.0.0", "255.255.255.255", 17,
                      udp(68, 67, dhcp(1, 0xabcdef01, kHost, "0.0.0.0", disc)), ip4(1, false))));
    Buf offer{53, 1, 2, 54, 4, 192, 0, 2, 1, 108, 4, 0, 0, 0x07, 0x08};
    tr.add(ether(kHost, kRouter, 0x0800,
                 ipv4("192.0.2.1", "192.0.2.100", 17,
                      udp(67, 68, dhcp(2, 0xabcdef01, kHost, "192.0.2.100", offer)), ip4(2, false))));
    tr.add(eth4(
        ipv4("192.0.2.100", "192.0.2.53", 17, udp(40020, 53, query(0x2001, "v4only.lab.test.", RrType::a)))));
    tr.add(eth4(
        ipv4("192.0.2.53", "192.0.2.100", 17,
             udp(53, 40020, response(0x2001, "v4only.lab.test.", RrType::a, {{RrType::a, "192.0.2.10"}}))),
        false));
    out.emplace("ipv4_hygiene.pcap", std::move(tr));
  }
  {  // TCP handshake (MSS), data, a retransmission, FIN; then DNS over TCP, one message per segment.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    const char* srv = "2001:db8:64::c000:20a";
    tr.add(eth6(ipv6(kHost6, srv, 6, tcp(50000, 80, 1000, 0, SYN, {}, 1440))));
    tr.add(eth6(ipv6(srv, kHost6, 6, tcp(80, 50000, 5000, 1001, SYN | ACK, {}, 1220)), false));
    tr.add(eth6(ipv6(kHost6, srv, 6, tcp(50000, 80, 1001, 5001, ACK))));
    Buf get{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '0', '\r', '\n', '\r', '\n'};
    tr.add(eth6(ipv6(kHost6, srv, 6, tcp(50000, 80, 1001, 5001, PSH | ACK, get))));
    tr.step = 200000000;                                                             // RTO-ish gap
    tr.add(eth6(ipv6(kHost6, srv, 6, tcp(50000, 80, 1001, 5001, PSH | ACK, get))));  // retransmission
    tr.step = 1000000;
    tr.add(eth6(ipv6(srv, kHost6, 6, tcp(80, 50000, 5001, 1019, FIN | ACK)), false));
    Buf q = query(0x3001, "v4only.lab.test.", RrType::aaaa);
    Buf qt;
    put16(qt, static_cast<unsigned>(q.size()));
    append(qt, q);
    Buf r = response(0x3001, "v4only.lab.test.", RrType::aaaa, {{RrType::aaaa, "2001:db8:64::c000:20a"}});
    Buf rt;
    put16(rt, static_cast<unsigned>(r.size()));
    append(rt, r);
    tr.add(eth6(ipv6(kHost6, kDns6, 6, tcp(50001, 53, 7000, 0, SYN, {}, 1440))));
    tr.add(eth6(ipv6(kDns6, kHost6, 6, tcp(53, 50001, 9000, 7001, SYN | ACK, {}, 1440)), false));
    tr.add(eth6(ipv6(kHost6, kDns6, 6, tcp(50001, 53, 7001, 9001, ACK))));
    tr.add(eth6(ipv6(kHost6, kDns6, 6, tcp(50001, 53, 7001, 9001, PSH | ACK, qt))));
    tr.add(eth6(ipv6(kDns6, kHost6, 6,
                     tcp(53, 50001, 9001, 7001 + static_cast<std::uint32_t>(qt.size()), PSH | ACK, rt)),
                false));
    out.emplace("tcp.pcapng", std::move(tr));

    // The same response split over two segments: counted as dns_tcp_segmented (no reassembly yet).
    auto sp = Trace::pcapng(lt::kEthernet, 9);
    const std::size_t half = rt.size() / 2;
    Buf a(rt.begin(), rt.begin() + static_cast<long>(half));
    Buf b(rt.begin() + static_cast<long>(half), rt.end());
    sp.add(eth6(ipv6(kDns6, kHost6, 6, tcp(53, 50001, 9001, 7001, ACK, a)), false));
    sp.add(eth6(
        ipv6(kDns6, kHost6, 6, tcp(53, 50001, 9001 + static_cast<std::uint32_t>(half), 7001, PSH | ACK, b)),
        false));
    out.emplace("dns_tcp_split.pcapng", std::move(sp));
  }
  {  // 802.1Q and 802.1ad QinQ.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    tr.add(ether(kRouter, kHost, 0x86DD, dns6(40030, query(0x4001, "v6only.lab.test.", RrType::aaaa), false),
                 {100}));
    tr.add(ether(
        kHost, kRouter, 0x86DD,
        dns6(40030, response(0x4001, "v6only.lab.test.", RrType::aaaa, {{RrType::aaaa, "2001:db8:20::12"}}),
             true),
        {200, 100}, 0x88A8));
    tr.add(ether(kBcast, kHost, 0x0806, arp(1, kHost, "192.0.2.100", kZero, "192.0.2.1"), {100}));
    out.emplace("vlan.pcapng", std::move(tr));
  }
  {  // Several link types in one pcapng (one IDB each), an unknown block and a Simple Packet Block.
    Trace tr;
    tr.ng = std::make_unique<capture::PcapngWriter>(capture::VectorSink{&tr.bytes});
    tr.ng->add_interface({lt::kLinuxSll2, 262144, "any", 9});  // 0
    tr.ng->add_interface({lt::kLinuxSll, 262144, "any", 6});   // 1
    tr.ng->add_interface({lt::kRaw, 262144, "tun0", 9});       // 2
    tr.ng->add_interface({lt::kNull, 262144, "lo0", 6});       // 3
    tr.ng->add_interface({lt::kLoop, 262144, "lo1", 6});       // 4
    Buf q6 = dns6(40040, query(0x5001, "v4only.lab.test.", RrType::aaaa), false);
    tr.add(sll2(0x86DD, 2, 4, kHost, q6), 0);
    tr.add(sll(0x86DD, 0, kHost,
               dns6(40040,
                    response(0x5001, "v4only.lab.test.", RrType::aaaa,
                             {{RrType::aaaa, "2001:db8:64::c000:20a"}}),
                    true)),
           1);
    const std::uint8_t custom[] = {0x01, 0x02, 0x03, 0x04};
    tr.ng->write_raw_block(0x80000BAD, custom);  // unknown block type: skipped (pcapng §3.1)
    tr.add(ipv6(kHost6, "2001:db8:20::12", 58, icmp_msg(128, 0, 0x00080001, Buf(8, 1))), 2);
    tr.add(ipv4("192.0.2.100", "192.0.2.10", 1, icmp_msg(8, 0, 0x00090001, Buf(8, 2))), 2);
    tr.add(null_hdr(30, ipv6("::1", "::1", 17, udp(40041, 53, query(0x5002, "localhost.", RrType::aaaa)))),
           3);
    Buf loop{0, 0, 0, 2};
    append(loop, ipv4("127.0.0.1", "127.0.0.1", 17, udp(40042, 53, query(0x5003, "localhost.", RrType::a))));
    tr.add(loop, 4);
    // Simple Packet Block (§4.4): interface 0, original length, data.
    Buf spb;
    Buf f = sll2(0x86DD, 2, 0, kHost,
                 ipv6(kHost6, kDns6, 17, udp(40043, 53, query(0x5004, "dual.lab.test.", RrType::a))));
    spb.push_back(static_cast<std::uint8_t>(f.size()));
    spb.push_back(static_cast<std::uint8_t>(f.size() >> 8));
    spb.push_back(0);
    spb.push_back(0);
    append(spb, f);
    while (spb.size() % 4 != 0) spb.push_back(0);
    tr.ng->write_raw_block(3, spb);
    out.emplace("linktypes.pcapng", std::move(tr));
  }
  {  // Malformed layers: each becomes a named anomaly, the run goes on.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    // Hop-by-hop header claiming 64 bytes with 8 present → truncated_ipv6_ext_header.
    Buf hbh{17, 7, 1, 4, 0, 0, 0, 0};
    tr.add(eth6(ipv6(kHost6, kDns6, 17, {}, with_ext(hbh, 0))));
    // Malformed DNS: a compression pointer pointing forward → dns_parse_error.
    Buf bad = query(0x6001, "v4only.lab.test.", RrType::aaaa);
    bad[12] = 0xC0;
    bad[13] = 0x30;
    tr.add(eth6(dns6(40050, bad, false)));
    // IPv4 with IHL 4 (16 bytes) → bad_ipv4_ihl.
    tr.add(eth4(ipv4("192.0.2.100", "192.0.2.53", 17, udp(40051, 53, Buf(4, 0)), ip4(3, true, false, 0, 4))));
    // IPv6 fragment (first of two) and an IPv4 non-first fragment: L4 not decoded.
    Buf frag{17, 0, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2a};
    tr.add(eth6(ipv6(kHost6, kDns6, 17, udp(40052, 53, Buf(32, 0)), with_ext(frag, 44))));
    tr.add(eth4(ipv4("192.0.2.100", "192.0.2.53", 17, Buf(24, 0), ip4(4, false, false, 3))));
    // ND option with length 0 → bad_nd_option_length.
    Buf rs{133, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    tr.add(eth6(ipv6("fe80::1", "ff02::2", 58, rs, hlim(255))));
    // A frame cut by the snap length: not an anomaly.
    Buf full = eth6(dns6(40053, query(0x6002, "v4only.lab.test.", RrType::aaaa), false));
    tr.add(Buf(full.begin(), full.begin() + 70), 0, static_cast<std::uint32_t>(full.size()));
    out.emplace("malformed.pcapng", std::move(tr));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [--corpus-capture DIR] [--corpus-packet DIR]\n", argv[0]);
    return 2;
  }
  fs::path out_dir = argv[1];
  std::string corpus_capture, corpus_packet;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--corpus-capture") corpus_capture = argv[i + 1];
    if (k == "--corpus-packet") corpus_packet = argv[i + 1];
  }
  fs::create_directories(out_dir);
  auto traces = build_traces();
  for (auto& [file, tr] : traces) {
    if (!capture::write_file((out_dir / file).string(), tr.bytes)) {
      std::fprintf(stderr, "gen_traces: cannot write %s\n", (out_dir / file).c_str());
      return 1;
    }
    if (!corpus_capture.empty()) {
      fs::create_directories(corpus_capture);
      capture::write_file((fs::path(corpus_capture) / file).string(), tr.bytes);
    }
    if (!corpus_packet.empty()) {
      // analyzer_packet input: one selector byte (index into its link-type table) + the frame.
      static const std::uint16_t kLinks[] = {1, 113, 276, 101, 0, 108, 228, 229, 12, 14};
      fs::create_directories(corpus_packet);
      analyze::CaptureReader rd(tr.bytes);
      analyze::CaptureFrame f;
      while (rd.next(f) == analyze::ReadStatus::frame) {
        std::uint8_t sel = 0;
        for (std::uint8_t i = 0; i < 10; ++i)
          if (kLinks[i] == f.link_type) sel = i;
        Buf in{sel};
        in.insert(in.end(), f.data.begin(), f.data.end());
        const auto stem = fs::path(file).stem().string();
        capture::write_file((fs::path(corpus_packet) / (stem + "_" + std::to_string(f.number))).string(), in);
      }
    }
  }
  std::printf("wrote %zu traces to %s\n", traces.size(), out_dir.c_str());
  return 0;
}
