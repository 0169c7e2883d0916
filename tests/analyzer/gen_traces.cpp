// Golden-trace generator (docs/conventions.md §8): writes small pcap/pcapng files, one per interesting case,
// with core/pcapng_writer and core/dns build(). ctest runs it into the build dir; `v6analyze dissect` output
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
#ifndef __clang__  // a g++ warning; clang has no such group (and -Werror refuses an unknown one)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

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

// LINKTYPE_* values of the link types below (https://www.tcpdump.org/linktypes.html).
constexpr std::uint16_t kLtPpp = 9, kLtPppHdlc = 50, kLtCHdlc = 104, kLtWlan = 105, kLtRadiotap = 127,
                        kLtNflog = 239;
const Mac kAp{0x02, 0x00, 0x00, 0x00, 0x00, 0xa0};
const Mac kAp2{0x02, 0x00, 0x00, 0x00, 0x00, 0xa1};
const Mac kSta{0x02, 0x00, 0x00, 0x00, 0x00, 0x11};
const Mac kBras{0x02, 0x00, 0x00, 0x00, 0x00, 0xb0};
const Mac kVm1{0x02, 0x00, 0x00, 0x00, 0x01, 0x01};
const Mac kVm2{0x02, 0x00, 0x00, 0x00, 0x01, 0x02};
const char* kSrv6 = "2001:db8:20::12";
const char* kSynth6 = "2001:db8:64::c000:20a";

/// A DNS query for `qname` (AAAA over IPv6, A over IPv4) from the host and its answer.
std::pair<Buf, Buf> dns_pair6(std::uint16_t port, std::uint16_t id, const char* qname) {
  using dns::RrType;
  return {dns6(port, query(id, qname, RrType::aaaa), false),
          dns6(port, response(id, qname, RrType::aaaa, {{RrType::aaaa, kSynth6}}), true)};
}
std::pair<Buf, Buf> dns_pair4(std::uint16_t port, std::uint16_t id, const char* qname) {
  using dns::RrType;
  return {ipv4("192.0.2.100", "192.0.2.53", 17, udp(port, 53, query(id, qname, RrType::a))),
          ipv4("192.0.2.53", "192.0.2.100", 17,
               udp(53, port, response(id, qname, RrType::a, {{RrType::a, "192.0.2.10"}})))};
}

/// Link types of transition networks: PPP and PPPoE on commune uplinks, Cisco HDLC, NFLOG on Linux
/// gateways, Wi-Fi, SLL2; a damaged record; malformed link headers.
void build_link_traces(std::map<std::string, Trace>& out) {
  const Buf lcp_echo{0x09, 0x01, 0x00, 0x08, 0x12, 0x34, 0x56, 0x78};  // LCP Echo-Request (RFC 1661 §5.8)
  {  // LINKTYPE_PPP: HDLC-like framing (RFC 1662), compressed Address/Control + Protocol, LCP.
    auto tr = Trace::pcap(kLtPpp, false);
    auto [q, r] = dns_pair6(40060, 0x7001, "v4only.lab.test.");
    tr.add(ppp(0x0057, q));
    tr.add(ppp(0x0057, r));
    tr.add(ppp(0x0021, ipv4("192.0.2.100", "203.0.113.10", 1, icmp_msg(8, 0, 0x000a0001, Buf(8, 3)))));
    tr.add(ppp(0x57, ipv6(kHost6, kSynth6, 6, tcp(50010, 443, 1, 0, SYN, {}, 1452)), true));
    tr.add(ppp(0xC021, lcp_echo));
    out.emplace("ppp.pcap", std::move(tr));
  }
  {  // LINKTYPE_PPP_HDLC: PPP framing and, on the same link type, Cisco HDLC framing; IPV6CP.
    auto tr = Trace::pcap(kLtPppHdlc, false);
    auto [q, r] = dns_pair4(40061, 0x7101, "dual.lab.test.");
    tr.add(ppp(0x0021, q));
    tr.add(ppp(0x0021, r));
    tr.add(chdlc(0x0F, 0x86DD, ipv6(kHost6, kSrv6, 58, icmp_msg(128, 0, 0x000b0001, Buf(8, 4)))));
    const Buf ipv6cp{0x01, 0x01, 0x00, 0x0E, 0x01, 0x0A, 0, 0, 0, 0, 0, 0, 0, 1};  // Configure-Request
    tr.add(ppp(0x8057, ipv6cp));
    out.emplace("ppp_hdlc.pcap", std::move(tr));
  }
  {  // LINKTYPE_C_HDLC: IPv4 TCP handshake, a multicast RA, a SLARP keepalive.
    auto tr = Trace::pcap(kLtCHdlc, true);
    tr.add(
        chdlc(0x0F, 0x0800, ipv4("192.0.2.100", "203.0.113.10", 6, tcp(50020, 80, 100, 0, SYN, {}, 1460))));
    tr.add(chdlc(0x0F, 0x0800,
                 ipv4("203.0.113.10", "192.0.2.100", 6, tcp(80, 50020, 900, 101, SYN | ACK, {}, 1460))));
    const Buf ra{134, 0, 0, 0, 64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};
    tr.add(chdlc(0x8F, 0x86DD, ipv6("fe80::fe", "ff02::1", 58, ra, hlim(255))));
    const Buf slarp{0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0xFF, 0xFF};
    tr.add(chdlc(0x8F, 0x8035, slarp));
    out.emplace("chdlc.pcap", std::move(tr));
  }
  {  // PPPoE (RFC 2516) in Ethernet: PADI, sessions with IPv6 and IPv4, in 802.1Q and QinQ, LCP.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    const Buf padi_tags{0x01, 0x01, 0x00, 0x00, 0x01, 0x03, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef};
    tr.add(ether(kBcast, kHost, 0x8863, pppoe_discovery(0x09, 0, padi_tags)));
    auto [q, r] = dns_pair6(40070, 0x7201, "v4only.lab.test.");
    tr.add(ether(kBras, kHost, 0x8864, pppoe_session(0x2a, 0x0057, q)));
    tr.add(ether(kHost, kBras, 0x8864, pppoe_session(0x2a, 0x0057, r), {100}));
    auto [q4, r4] = dns_pair4(40071, 0x7202, "dual.lab.test.");
    tr.add(ether(kBras, kHost, 0x8864, pppoe_session(0x2a, 0x0021, q4)));
    tr.add(ether(kHost, kBras, 0x8864, pppoe_session(0x2a, 0x0021, r4), {200, 100}, 0x88A8));
    tr.add(ether(kBras, kHost, 0x8864, pppoe_session(0x2a, 0xC021, lcp_echo)));
    out.emplace("pppoe.pcapng", std::move(tr));
  }
  // IEEE 802.11 headers: To DS (station → AP), From DS (AP → station), ad hoc, WDS.
  WlanHdr up;
  up.flags = 0x01;
  up.addrs = {kAp, kSta, kRouter};
  up.seq = 0x0100;
  WlanHdr down;
  down.flags = 0x02;
  down.addrs = {kSta, kAp, kRouter};
  down.seq = 0x0110;
  down.tid = 5;
  WlanHdr enc = up;
  enc.flags = 0x41;                                          // Protected
  Buf ccmp{0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00};  // CCMP header, then ciphertext
  ccmp.resize(ccmp.size() + 60, 0x5a);
  {  // LINKTYPE_IEEE802_11: data frames with LLC/SNAP in every address form; protected, null,
     // management and control frames are named and not decoded.
    auto tr = Trace::pcap(kLtWlan, false);
    auto [q, r] = dns_pair6(40080, 0x7301, "v4only.lab.test.");
    tr.add(wlan(up, llc_snap(0x86DD, q)));
    tr.add(wlan(down, llc_snap(0x86DD, r)));
    WlanHdr adhoc;
    adhoc.subtype = 0;  // Data (not QoS)
    adhoc.addrs = {kBcast, kSta, kAp};
    tr.add(wlan(adhoc, llc_snap(0x0806, arp(1, kSta, "192.0.2.100", kZero, "192.0.2.1"))));
    WlanHdr wds;
    wds.flags = 0x03;
    wds.addrs = {kAp2, kAp, kRouter, kSta};
    tr.add(wlan(wds, llc_snap(0x86DD, ipv6(kHost6, kSrv6, 58, icmp_msg(128, 0, 0x000c0001, Buf(8, 5))))));
    tr.add(wlan(enc, ccmp));
    WlanHdr beacon;
    beacon.type = 0;
    beacon.subtype = 8;
    beacon.addrs = {kBcast, kAp, kAp};
    Buf body(8, 0);
    append(body,
           Buf{0x64, 0x00, 0x01, 0x04, 0x00, 11, 'v', '6', 'r', 'e', 'a', 'd', 'y', '-', 'l', 'a', 'b'});
    tr.add(wlan(beacon, body));
    WlanHdr ack;
    ack.type = 1;
    ack.subtype = 13;
    ack.addrs = {kSta};
    tr.add(wlan(ack, {}));
    WlanHdr qos_null = up;
    qos_null.subtype = 12;
    tr.add(wlan(qos_null, {}));
    out.emplace("wlan.pcap", std::move(tr));
  }
  {  // LINKTYPE_IEEE802_11_RADIOTAP: FCS at the end, an extended present bitmap, header padding.
    auto tr = Trace::pcap(kLtRadiotap, false);
    auto [q, r] = dns_pair6(40090, 0x7401, "v4only.lab.test.");
    tr.add(radiotap(wlan(up, llc_snap(0x86DD, q)), 0x10));
    tr.add(radiotap(wlan(down, llc_snap(0x86DD, r)), 0x00, 1));
    WlanHdr padded = up;
    padded.pad = 2;  // QoS data header (26 octets) padded to 28
    auto [q4, r4] = dns_pair4(40091, 0x7402, "dual.lab.test.");
    tr.add(radiotap(wlan(padded, llc_snap(0x0800, q4)), 0x20));
    tr.add(radiotap(wlan(enc, ccmp), 0x10));
    out.emplace("radiotap.pcap", std::move(tr));
  }
  {  // LINKTYPE_NFLOG: IPv6 and IPv4 packets logged by netfilter, with prefix and uid TLVs.
    auto tr = Trace::pcap(kLtNflog, false);
    auto hdr = [](std::uint16_t hw) {
      Buf v;
      put16(v, hw);
      v.push_back(1);  // hook: NF_INET_LOCAL_IN
      v.push_back(0);
      return v;
    };
    const Buf prefix{'v', '6', 'r', '-', 'd', 'r', 'o', 'p', 0};
    auto [q, r] = dns_pair6(40100, 0x7501, "v4only.lab.test.");
    tr.add(nflog(10, 5, {{1, hdr(0x86DD)}, {10, prefix}, {9, q}}));
    tr.add(nflog(10, 5, {{1, hdr(0x86DD)}, {9, r}}));
    tr.add(nflog(2, 5,
                 {{1, hdr(0x0800)},
                  {11, Buf{0, 0, 0x03, 0xe8}},
                  {9, ipv4("192.0.2.100", "203.0.113.10", 6, tcp(50030, 443, 7, 0, SYN, {}, 1460))}}));
    out.emplace("nflog.pcap", std::move(tr));
  }
  {  // LINKTYPE_LINUX_SLL2 (tcpdump -i any): Ethernet and PPP interfaces, both directions, ARP.
    auto tr = Trace::pcap(lt::kLinuxSll2, true);
    auto [q, r] = dns_pair6(40110, 0x7601, "v4only.lab.test.");
    tr.add(sll2(0x86DD, 2, 4, kHost, q));  // PACKET_OUTGOING
    tr.add(sll2(0x86DD, 2, 0, kRouter, r));
    tr.add(sll2(0x0800, 7, 4, kZero,
                ipv4("192.0.2.100", "203.0.113.10", 6, tcp(50031, 80, 1, 0, SYN, {}, 1452)),
                512));  // ARPHRD_PPP: no link-layer address
    tr.add(sll2(0x0806, 2, 1, kRouter, arp(1, kRouter, "192.0.2.1", kZero, "192.0.2.100")));
    out.emplace("sll2.pcap", std::move(tr));
  }
  {  // A record whose captured length exceeds its original length: dissected, anomaly named (tshark
     // reads it whole with expert info frame.len_lt_caplen; libpcap/tcpdump read on).
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    auto [q, r] = dns_pair6(40112, 0x7602, "v4only.lab.test.");
    tr.add(eth6(q));
    const Buf resp = eth6(r, false);
    tr.add(resp, 0, static_cast<std::uint32_t>(resp.size() - 20));
    tr.add(eth6(ipv6(kHost6, kSrv6, 58, icmp_msg(128, 0, 0x000e0001, Buf(8, 7)))));
    out.emplace("caplen_gt_len.pcapng", std::move(tr));
    auto pc = Trace::pcap(lt::kEthernet, false);  // the same in classic pcap, the damaged record 4th
    for (int i = 0; i < 3; ++i)
      pc.add(eth6(ipv6(kHost6, kSrv6, 58, icmp_msg(128, 0, 0x000f0001u + i, Buf(8, 8)))));
    pc.add(eth6(q), 0, 40);
    pc.add(resp);
    out.emplace("caplen_gt_len.pcap", std::move(pc));
  }
  {  // Malformed link layers: each becomes a named anomaly (golden only; tshark reports them its way).
    Trace tr;
    tr.ng = std::make_unique<capture::PcapngWriter>(capture::VectorSink{&tr.bytes});
    for (std::uint16_t l : {kLtPpp, kLtCHdlc, lt::kEthernet, kLtWlan, kLtRadiotap, kLtNflog})
      tr.ng->add_interface({l, 262144, "x", 9});
    tr.add(Buf{0xFF}, 0);              // truncated_ppp
    tr.add(Buf{0x0F, 0x00, 0x08}, 1);  // truncated_chdlc
    Buf short_pppoe = ether(kBras, kHost, 0x8864, Buf{0x11, 0x00, 0x00});
    tr.add(short_pppoe, 2);  // truncated_pppoe
    tr.add(ether(kBras, kHost, 0x8864, Buf{0x11, 0x00, 0x00, 0x2a, 0x01, 0x00, 0x00, 0x57}),
           2);  // bad_pppoe_length
    WlanHdr cut = up;
    Buf w = wlan(cut, llc_snap(0x86DD, {}));
    tr.add(Buf(w.begin(), w.begin() + 20), 3);  // truncated_wlan (addresses)
    tr.add(Buf(w.begin(), w.begin() + 29), 3);  // truncated_wlan (LLC/SNAP)
    Buf rt = radiotap(w, 0);
    rt[0] = 1;
    tr.add(rt, 4);  // bad_radiotap_header (version 1)
    rt = radiotap(w, 0);
    rt[2] = 0xFF;
    tr.add(rt, 4);                            // truncated_radiotap (length > frame)
    tr.add(Buf{10, 0, 0}, 5);                 // truncated_nflog
    tr.add(Buf{10, 0, 0, 5, 2, 0, 1, 0}, 5);  // bad_nflog_tlv (length 2)
    Buf be = nflog(10, 5, {{9, ipv6(kHost6, kSrv6, 58, icmp_msg(128, 0, 0x00100001, Buf(8, 9)))}}, true);
    tr.add(be, 5);  // big-endian TLVs: decoded
    out.emplace("link_malformed.pcapng", std::move(tr));
  }
}

/// Tunnels: 6in4 and 4in6 (DS-Lite), GRE (key, sequence number, checksum, Ethernet), VXLAN, Geneve,
/// nesting; inner flows are flows of their own.
void build_tunnel_traces(std::map<std::string, Trace>& out) {
  const char* v4a = "192.0.2.1";
  const char* v4b = "198.51.100.1";
  const char* b4 = "2001:db8:1::2";     // DS-Lite B4 (RFC 6333)
  const char* aftr = "2001:db8:ff::1";  // AFTR
  {  // 6in4 (RFC 4213 §3): a TCP handshake and a DNS exchange over IPv6 inside IPv4.
    auto tr = Trace::pcap(lt::kEthernet, false);
    auto in4 = [&](const Buf& ip6, bool back) {
      return eth4(ipv4(back ? v4b : v4a, back ? v4a : v4b, 41, ip6), !back);
    };
    tr.add(in4(ipv6(kHost6, kSrv6, 6, tcp(50040, 80, 1000, 0, SYN, {}, 1400)), false));
    tr.add(in4(ipv6(kSrv6, kHost6, 6, tcp(80, 50040, 5000, 1001, SYN | ACK, {}, 1400)), true));
    tr.add(in4(ipv6(kHost6, kSrv6, 6, tcp(50040, 80, 1001, 5001, ACK)), false));
    auto [q, r] = dns_pair6(40120, 0x7701, "v4only.lab.test.");
    tr.add(in4(q, false));
    tr.add(in4(r, true));
    out.emplace("tunnel_6in4.pcap", std::move(tr));
  }
  {  // 4in6, DS-Lite (RFC 6333 §5.2): IPv4 TCP and DNS between B4 and AFTR.
    auto tr = Trace::pcap(lt::kEthernet, true);
    auto in6 = [&](const Buf& ip4, bool back) {
      return eth6(ipv6(back ? aftr : b4, back ? b4 : aftr, 4, ip4), !back);
    };
    tr.add(in6(ipv4("192.0.2.100", "203.0.113.10", 6, tcp(50050, 80, 1, 0, SYN, {}, 1400)), false));
    tr.add(in6(ipv4("203.0.113.10", "192.0.2.100", 6, tcp(80, 50050, 700, 2, SYN | ACK, {}, 1400)), true));
    tr.add(in6(ipv4("192.0.2.100", "203.0.113.10", 6, tcp(50050, 80, 2, 701, ACK)), false));
    auto [q, r] = dns_pair4(40121, 0x7801, "v4only.lab.test.");
    tr.add(in6(q, false));
    tr.add(in6(r, true));
    out.emplace("tunnel_4in6.pcap", std::move(tr));
  }
  {  // GRE (RFC 2784, RFC 2890): IPv6 with key and sequence numbers, IPv4 with a checksum, Ethernet
     // (0x6558) over IPv6.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    auto [q, r] = dns_pair6(40130, 0x7901, "v4only.lab.test.");
    tr.add(eth4(ipv4(v4a, v4b, 47, gre(0x86DD, q, false, 1000, 1))));
    tr.add(eth4(ipv4(v4b, v4a, 47, gre(0x86DD, r, false, 1000, 7)), false));
    tr.add(eth4(ipv4(
        v4a, v4b, 47,
        gre(0x0800, ipv4("192.0.2.100", "203.0.113.10", 1, icmp_msg(8, 0, 0x000d0001, Buf(8, 6))), true))));
    tr.add(
        eth6(ipv6(b4, aftr, 47,
                  gre(0x6558, ether(kVm2, kVm1, 0x86DD, ipv6(kHost6, kSrv6, 17, udp(40131, 9, Buf(12, 1)))),
                      false, 7))));
    out.emplace("tunnel_gre.pcapng", std::move(tr));
  }
  {  // VXLAN (RFC 7348): IPv6 DNS between VMs, ARP over an IPv6 underlay, a VLAN-tagged inner frame.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    auto [q, r] = dns_pair6(40140, 0x7a01, "v4only.lab.test.");
    tr.add(eth4(ipv4(v4a, v4b, 17, udp(49152, 4789, vxlan(100, ether(kVm2, kVm1, 0x86DD, q))))));
    tr.add(eth4(ipv4(v4b, v4a, 17, udp(49153, 4789, vxlan(100, ether(kVm1, kVm2, 0x86DD, r)))), false));
    tr.add(eth6(
        ipv6(b4, aftr, 17,
             udp(50000, 4789,
                 vxlan(200, ether(kBcast, kVm1, 0x0806, arp(1, kVm1, "192.0.2.100", kZero, "192.0.2.1")))))));
    tr.add(eth4(ipv4(
        v4a, v4b, 17,
        udp(49154, 4789,
            vxlan(300, ether(kVm2, kVm1, 0x0800,
                             ipv4("192.0.2.100", "203.0.113.10", 6, tcp(50060, 443, 1, 0, SYN, {}, 1400)),
                             {10}))))));
    out.emplace("tunnel_vxlan.pcapng", std::move(tr));
  }
  {  // Geneve (RFC 8926): Ethernet payload with an option, IPv6 payload directly.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    const Buf opt{0x01, 0x02, 0x80, 0x01,
                  0xde, 0xad, 0xbe, 0xef};  // class 0x0102, type 0x80 (critical), 4 octets
    tr.add(eth4(ipv4(v4a, v4b, 17,
                     udp(49200, 6081,
                         geneve(0x6558, 0x1234, opt,
                                ether(kVm2, kVm1, 0x86DD,
                                      ipv6(kHost6, kSrv6, 6, tcp(50070, 443, 1, 0, SYN, {}, 1400))))))));
    tr.add(eth4(ipv4(v4b, v4a, 17,
                     udp(49201, 6081,
                         geneve(0x6558, 0x1234, opt,
                                ether(kVm1, kVm2, 0x86DD,
                                      ipv6(kSrv6, kHost6, 6, tcp(443, 50070, 9, 2, SYN | ACK, {}, 1400)))))),
                false));
    auto [q, r] = dns_pair6(40150, 0x7b01, "v4only.lab.test.");
    tr.add(eth6(ipv6(b4, aftr, 17, udp(49202, 6081, geneve(0x86DD, 0x42, {}, q)))));
    tr.add(eth6(ipv6(aftr, b4, 17, udp(49203, 6081, geneve(0x86DD, 0x42, {}, r))), false));
    out.emplace("tunnel_geneve.pcapng", std::move(tr));
  }
  auto nest = [&](const Buf& eth_inner, bool back) {  // VXLAN in IPv4 in GRE in IPv6 in IPv4 (6in4)
    Buf v = ipv4(back ? "203.0.113.2" : "203.0.113.1", back ? "203.0.113.1" : "203.0.113.2", 17,
                 udp(49300, 4789, vxlan(7, eth_inner)));
    Buf g = ipv6(back ? aftr : b4, back ? b4 : aftr, 47, gre(0x0800, v, false, 42));
    return eth4(ipv4(back ? v4b : v4a, back ? v4a : v4b, 41, g), !back);
  };
  {  // Three tunnels deep: 6in4 → GRE → VXLAN, a DNS exchange at the bottom.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    auto [q, r] = dns_pair6(40160, 0x7c01, "v4only.lab.test.");
    tr.add(nest(ether(kVm2, kVm1, 0x86DD, q), false));
    tr.add(nest(ether(kVm1, kVm2, 0x86DD, r), true));
    out.emplace("tunnel_nested.pcapng", std::move(tr));
  }
  {  // Hostile tunnels (golden only): one level more than Packet::kMaxTunnels, cut headers, versions
     // that are not followed.
    auto tr = Trace::pcapng(lt::kEthernet, 9);
    Buf deep = ipv6(kHost6, kSrv6, 17, udp(40170, 9, Buf(4, 0)));
    for (int i = 0; i < 5; ++i)
      deep = i % 2 == 0 ? ipv4(v4a, v4b, 41, deep) : ipv6(b4, aftr, 4, deep);   // 6in4 / 4in6 alternately
    tr.add(eth4(deep));                                                         // tunnel_too_deep
    tr.add(eth4(ipv4(v4a, v4b, 47, Buf{0x30, 0x00, 0x86, 0xDD, 0, 0})));        // truncated_gre (K, S)
    tr.add(eth4(ipv4(v4a, v4b, 17, udp(49400, 4789, Buf{0x08, 0, 0, 0, 0}))));  // truncated_vxlan
    tr.add(eth4(ipv4(v4a, v4b, 17,
                     udp(49401, 6081, Buf{0x02, 0, 0x65, 0x58, 0, 0, 1, 0}))));  // truncated_geneve (options)
    Buf gv = geneve(0x86DD, 1, {}, Buf(8, 0));
    gv[0] |= 0x40;  // version 1: not followed (RFC 8926 §3.4)
    tr.add(eth4(ipv4(v4a, v4b, 17, udp(49402, 6081, gv))));
    Buf gv1 = gre(0x880B, Buf(8, 0), false, 0x00080001);
    gv1[1] |= 0x01;  // version 1 (PPTP): not followed
    tr.add(eth4(ipv4(v4a, v4b, 47, gv1)));
    tr.add(eth4(ipv4(v4a, v4b, 41, Buf{0x60, 0, 0})));  // 6in4 with a cut inner header: truncated_ipv6
    out.emplace("tunnel_malformed.pcapng", std::move(tr));
  }
}

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
  build_link_traces(out);
  build_tunnel_traces(out);
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
      static const std::uint16_t kLinks[] = {1,  113, 276, 101, 0,   108, 228, 229,
                                             12, 14,  9,   50,  104, 105, 127, 239};
      fs::create_directories(corpus_packet);
      analyze::CaptureReader rd(tr.bytes);
      analyze::CaptureFrame f;
      while (rd.next(f) == analyze::ReadStatus::frame) {
        std::uint8_t sel = 0;
        for (std::uint8_t i = 0; i < 16; ++i)
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
