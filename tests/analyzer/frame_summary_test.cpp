// summarize_frame() over crafted packets (analyzers/dissect/frame_summary.hpp), well-formed and
// malformed: each frame becomes one typed line whose values are the dissector's, never raw bytes; the
// line renders in both catalogues; summarize_frames() picks only the wanted frames of a capture.
#include "analyzers/dissect/frame_summary.hpp"

#include <gtest/gtest.h>

#include <set>

#include "analyzers/dissect/dissect.hpp"
#include "analyzers/findings/site_analysis.hpp"
#include "core/dns.hpp"
#include "core/pcapng_writer.hpp"
#include "reports/sentences.hpp"
#include "tests/analyzer/packet_builder.hpp"

namespace v6r::analyze {
namespace {

using findings::FrameSummary;
using findings::PacketWhat;
using namespace v6r::testpkt;
const testpkt::Mac kA{2, 0, 0, 0, 0, 1}, kB{2, 0, 0, 0, 0, 2};

/// The summary of one raw-IP (LINKTYPE_RAW) frame captured 1.5 ms after the first.
FrameSummary sum(const Buf& b, std::uint16_t lt = 101) {
  Packet p;
  CaptureFrame f;
  f.number = 12;
  f.ts_sec = 100;
  f.ts_nsec = 1'500'000;
  f.link_type = lt;
  f.data = b;
  f.len = f.caplen = static_cast<std::uint32_t>(b.size());
  dissect_frame(lt, b, f.len, f.number, p);
  return summarize_frame(f, p, 100ULL * 1'000'000'000ULL);
}
std::vector<std::string> args(std::initializer_list<const char*> l) {
  return {l.begin(), l.end()};
}
std::string en(const FrameSummary& s) {
  return report::frame_line(i18n::Catalog::get(i18n::Lang::en), s);
}

Buf query(std::string_view name, dns::RrType t) {
  return dns::build(dns::make_query(0x1234, dns::Name::from_text(name).value(), t));
}
Buf answer(std::string_view name, const std::vector<std::string_view>& aaaa, std::uint8_t rcode = 0) {
  auto m = dns::make_query(0x1234, dns::Name::from_text(name).value(), dns::RrType::aaaa);
  m.header.qr = true;
  m.header.rcode = rcode;
  for (const auto a : aaaa) {
    dns::ResourceRecord rr;
    rr.name = m.questions[0].qname;
    rr.type = dns::RrType::aaaa;
    rr.ttl = 60;
    rr.data = dns::rdata::Aaaa{v6(a)};
    m.answers.push_back(rr);
  }
  return dns::build(m);
}

TEST(FrameSummary, DnsQueryAndAnswers) {
  const auto q = sum(ipv6("2001:db8:1::100", "2001:db8:1::1", 17,
                          udp(40000, 53, query("ipv4only.arpa.", dns::RrType::aaaa))));
  EXPECT_EQ(q.frame, 12u);
  EXPECT_DOUBLE_EQ(q.time, 0.0015);
  EXPECT_EQ(q.src, "2001:db8:1::100");
  EXPECT_EQ(q.dst, "2001:db8:1::1");
  EXPECT_EQ(q.what, PacketWhat::dns_query);
  EXPECT_EQ(q.args, args({"AAAA", "ipv4only.arpa."}));
  EXPECT_EQ(en(q), "12  0.001500 s  2001:db8:1::100 → 2001:db8:1::1  DNS AAAA? ipv4only.arpa.");

  const auto a = sum(
      ipv6("2001:db8:1::1", "2001:db8:1::100", 17,
           udp(53, 40000, answer("ipv4only.arpa.", {"64:ff9b::c000:aa", "64:ff9b::c000:ab", "64:ff9b::1"}))));
  EXPECT_EQ(a.what, PacketWhat::dns_answer);
  EXPECT_EQ(a.args, args({"AAAA", "ipv4only.arpa.", "3", "64:ff9b::c000:aa, 64:ff9b::c000:ab +1"}));
  EXPECT_EQ(en(a),
            "12  0.001500 s  2001:db8:1::1 → 2001:db8:1::100  DNS AAAA? ipv4only.arpa. → 3 answer(s): "
            "64:ff9b::c000:aa, 64:ff9b::c000:ab +1");

  const auto sf =
      sum(ipv6("2001:db8:1::1", "2001:db8:1::100", 17, udp(53, 40000, answer("v4only.lab.test.", {}, 2))));
  EXPECT_EQ(sf.what, PacketWhat::dns_noaddr);
  EXPECT_EQ(sf.args, args({"AAAA", "v4only.lab.test.", "SERVFAIL"}));
}

TEST(FrameSummary, HostileDnsNamesAreTextFormAndCut) {
  // Bytes outside printable ASCII in a label come out as RFC 1035 \DDD escapes, never as bytes.
  auto name = dns::Name::from_text("a\\027[31m\\226\\128\\174.evil.").value();
  auto b = dns::build(dns::make_query(1, name, dns::RrType::a));
  const auto s = sum(ipv6("::1", "::2", 17, udp(1000, 53, b)));
  ASSERT_EQ(s.what, PacketWhat::dns_query);
  EXPECT_EQ(s.args[1], "a\\027[31m\\226\\128\\174.evil.");
  for (const char c : s.args[1]) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << int(c);
  // A long name is cut to kMaxNameText, not inside an escape.
  std::string longname;
  for (int i = 0; i < 4; ++i) longname += std::string(40, 'x') + "\\255.";
  b = dns::build(dns::make_query(1, dns::Name::from_text(longname).value(), dns::RrType::a));
  const auto l = sum(ipv6("::1", "::2", 17, udp(1000, 53, b)));
  ASSERT_EQ(l.what, PacketWhat::dns_query);
  EXPECT_LE(l.args[1].size(), kMaxNameText);
  EXPECT_TRUE(l.args[1].ends_with("...")) << l.args[1];
  const auto slash = l.args[1].rfind('\\');
  EXPECT_TRUE(slash == std::string::npos || slash + 4 <= l.args[1].size() - 3) << l.args[1];
  // A malformed message: its parse error's name; a cut TCP segment: the TCP line.
  Buf bad = query("v4only.lab.test.", dns::RrType::aaaa);
  bad[5] = 9;  // qdcount 9
  const auto m = sum(ipv6("::1", "::2", 17, udp(40000, 53, bad)));
  EXPECT_EQ(m.what, PacketWhat::dns_malformed);
  EXPECT_EQ(m.args, args({"section_count_overflow"}));
  Buf framed;
  put16(framed, 200);
  append(framed, Buf(10, 0));
  const auto seg = sum(ipv6("::1", "::2", 6, tcp(40000, 53, 1, 1, PSH | ACK, framed)));
  EXPECT_EQ(seg.what, PacketWhat::tcp);
  EXPECT_EQ(seg.args, args({"40000", "53", "PSH, ACK", "12"}));
}

TEST(FrameSummary, TcpUdp) {
  const auto syn = sum(ipv6("2001:db8:1::100", "64:ff9b::c000:20a", 6, tcp(50000, 80, 1, 0, SYN, {}, 1440)));
  EXPECT_EQ(syn.what, PacketWhat::tcp_mss);
  EXPECT_EQ(syn.args, args({"50000", "80", "SYN", "0", "1440"}));
  EXPECT_EQ(en(syn),
            "12  0.001500 s  2001:db8:1::100 → 64:ff9b::c000:20a  TCP 50000 → 80 [SYN] len 0 MSS 1440");
  const auto rst = sum(ipv4("192.0.2.1", "192.0.2.2", 6, tcp(80, 50000, 1, 2, RST | ACK)));
  EXPECT_EQ(rst.src, "192.0.2.1");
  EXPECT_EQ(rst.args, args({"80", "50000", "RST, ACK", "0"}));
  const auto u = sum(ipv6("::1", "::2", 17, udp(3478, 5000, Buf(20, 0))));
  EXPECT_EQ(u.what, PacketWhat::udp);
  EXPECT_EQ(u.args, args({"3478", "5000", "20"}));
}

TEST(FrameSummary, Icmpv6AndNd) {
  Buf inner = ipv6("2001:db8::20", "2001:db8::10", 6, tcp(80, 50000, 0, 0, ACK, Buf(100, 0)));
  const auto ptb = sum(ipv6("2001:db8::1", "2001:db8::20", 58, icmp_msg(2, 0, 1280, inner)));
  EXPECT_EQ(ptb.what, PacketWhat::icmp6_ptb_for);
  EXPECT_EQ(ptb.args, args({"1280", "TCP", "[2001:db8::10]:50000"}));
  EXPECT_EQ(en(ptb),
            "12  0.001500 s  2001:db8::1 → 2001:db8::20  ICMPv6 Packet Too Big, MTU 1280, for TCP to "
            "[2001:db8::10]:50000");
  const auto ptb0 = sum(ipv6("2001:db8::1", "2001:db8::20", 58, icmp_msg(2, 0, 1280)));
  EXPECT_EQ(ptb0.what, PacketWhat::icmp6_ptb);
  EXPECT_EQ(ptb0.args, args({"1280"}));
  const auto echo = sum(ipv6("::1", "::2", 58, icmp_msg(128, 0, 0x00070001)));
  EXPECT_EQ(echo.what, PacketWhat::icmp6_echo_request);
  EXPECT_EQ(echo.args, args({"7", "1"}));
  const auto un = sum(ipv6("::1", "::2", 58, icmp_msg(1, 1, 0)));
  EXPECT_EQ(un.what, PacketWhat::icmp6_unreach);
  // The errors nat64.icmp_errors cites (RFC 7915 §4.2): what they quote, as Packet Too Big does.
  Buf probe = ipv6("2001:db8:1::100", "64:ff9b::c000:20a", 17, udp(40000, 33434, Buf(8, 0)), hlim(1));
  const auto te = sum(ipv6("2001:db8:1::1", "2001:db8:1::100", 58, icmp_msg(3, 0, 0, probe)));
  EXPECT_EQ(te.what, PacketWhat::icmp6_time_exceeded_for);
  EXPECT_EQ(te.args, args({"0", "UDP", "[64:ff9b::c000:20a]:33434"}));
  EXPECT_EQ(en(te),
            "12  0.001500 s  2001:db8:1::1 → 2001:db8:1::100  ICMPv6 Time Exceeded (code 0), for UDP to "
            "[64:ff9b::c000:20a]:33434");
  const auto pu = sum(ipv6("64:ff9b::c000:20a", "2001:db8:1::100", 58, icmp_msg(1, 4, 0, probe)));
  EXPECT_EQ(pu.what, PacketWhat::icmp6_unreach_for);
  EXPECT_EQ(pu.args, args({"4", "UDP", "[64:ff9b::c000:20a]:33434"}));
  const auto te0 = sum(ipv6("::1", "::2", 58, icmp_msg(3, 1, 0)));
  EXPECT_EQ(te0.what, PacketWhat::icmp6_time_exceeded);
  EXPECT_EQ(te0.args, args({"1"}));
  const auto other = sum(ipv6("::1", "::2", 58, icmp_msg(4, 1, 0)));  // Parameter Problem
  EXPECT_EQ(other.what, PacketWhat::icmp6_other);
  EXPECT_EQ(other.args, args({"4", "1"}));
  Buf o;
  put8(o, 38), put8(o, 2), put16(o, (225u << 3) | 0);  // PLC 0 = /96
  for (int i = 0; i < 12; ++i) put8(o, v6("64:ff9b::")[static_cast<std::size_t>(i)]);
  Buf ra{134, 0, 0, 0, 64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};
  append(ra, o);
  const auto r = sum(ipv6("fe80::1", "ff02::1", 58, ra, hlim(255)));
  EXPECT_EQ(r.what, PacketWhat::icmp6_ra_pref64);
  EXPECT_EQ(r.args, args({"1800", "64:ff9b::/96"}));
  Buf ns{135, 0, 0, 0, 0, 0, 0, 0};
  append(ns, v6("2001:db8::1"));
  const auto n = sum(ipv6("::", "ff02::1:ff00:1", 58, ns, hlim(255)));
  EXPECT_EQ(n.what, PacketWhat::icmp6_ns);
  EXPECT_EQ(n.args, args({"2001:db8::1"}));
}

TEST(FrameSummary, Ipv4ArpDhcp) {
  Buf inner = ipv4("192.0.2.2", "198.51.100.1", 6, tcp(443, 1234, 0, 0, ACK));
  const auto fn = sum(ipv4("192.0.2.254", "192.0.2.2", 1, icmp_msg(3, 4, 1400, inner)));
  EXPECT_EQ(fn.what, PacketWhat::icmp_frag_needed_for);
  EXPECT_EQ(fn.args, args({"1400", "TCP", "198.51.100.1:1234"}));
  const auto a = sum(ether(kB, kA, 0x0806, arp(1, kA, "192.0.2.100", Mac{}, "192.0.2.1")), 1);
  EXPECT_EQ(a.what, PacketWhat::arp_request);
  EXPECT_EQ(a.src, "02:00:00:00:00:01");
  EXPECT_EQ(a.args, args({"192.0.2.1", "192.0.2.100"}));
  EXPECT_EQ(en(a),
            "12  0.001500 s  02:00:00:00:00:01 → 02:00:00:00:00:02  ARP who has 192.0.2.1? tell 192.0.2.100");
  const auto d = sum(ipv4("0.0.0.0", "255.255.255.255", 17,
                          udp(68, 67, dhcp(1, 1, kA, "0.0.0.0", Buf{53, 1, 1, 55, 2, 1, 108}))));
  EXPECT_EQ(d.what, PacketWhat::dhcp_v6only_asked);
  EXPECT_EQ(d.args, args({"DISCOVER"}));
  const auto off = sum(ipv4("192.0.2.1", "192.0.2.100", 17,
                            udp(67, 68, dhcp(2, 1, kA, "192.0.2.100", Buf{53, 1, 2, 108, 4, 0, 0, 7, 8}))));
  EXPECT_EQ(off.what, PacketWhat::dhcp_v6only);
  EXPECT_EQ(off.args, args({"OFFER", "1800"}));
}

// The ICMPv4 errors on a NAT64's IPv4 side (what nat64.icmp_errors relates to, RFC 7915 §4.2): Time
// Exceeded and Destination Unreachable (RFC 792) say what they are and, from the quoted IP header and
// first 8 octets, what they answer; a cut quote says as much as it holds and is never read past.
TEST(FrameSummary, Icmpv4Errors) {
  Ip4Opts ttl1;
  ttl1.ttl = 1;
  Buf probe = ipv4("192.0.2.50", "198.51.100.7", 17, udp(40000, 33434, Buf(32, 0)), ttl1);
  probe.resize(28);  // RFC 792: "Internet Header + 64 bits of Original Data Datagram"
  // Each error from its sender to the probe's source, with its line's kind and values.
  const auto from = [](const char* src, const Buf& icmp) { return sum(ipv4(src, "192.0.2.50", 1, icmp)); };
  const struct {
    FrameSummary got;
    PacketWhat what;
    std::vector<std::string> args;
  } cases[] = {
      {from("192.0.2.1", icmp_msg(11, 0, 0, probe)), PacketWhat::icmp_time_exceeded_for,
       args({"0", "UDP", "198.51.100.7:33434"})},
      {from("198.51.100.7", icmp_msg(3, 3, 0, probe)), PacketWhat::icmp_unreach_for,
       args({"3", "UDP", "198.51.100.7:33434"})},
      // Without a quote: the plain kinds.
      {from("192.0.2.1", icmp_msg(11, 1, 0)), PacketWhat::icmp_time_exceeded, args({"1"})},
      {from("192.0.2.1", icmp_msg(3, 1, 0)), PacketWhat::icmp_unreach, args({"1"})},
      // Fragmentation needed says its MTU (RFC 1191) and what it answers; without a quote only the MTU.
      // Parameter Problem stays other.
      {from("192.0.2.1", icmp_msg(3, 4, 1400, probe)), PacketWhat::icmp_frag_needed_for,
       args({"1400", "UDP", "198.51.100.7:33434"})},
      {from("192.0.2.1", icmp_msg(3, 4, 1400)), PacketWhat::icmp_frag_needed, args({"1400"})},
      {from("192.0.2.1", icmp_msg(12, 0, 0, probe)), PacketWhat::icmp_other, args({"12", "0"})},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.got.what, c.what) << en(c.got);
    EXPECT_EQ(c.got.args, c.args) << en(c.got);
  }
  EXPECT_EQ(
      en(cases[0].got),
      "12  0.001500 s  192.0.2.1 → 192.0.2.50  ICMP Time Exceeded (code 0), for UDP to 198.51.100.7:33434");
  EXPECT_EQ(en(cases[1].got),
            "12  0.001500 s  198.51.100.7 → 192.0.2.50  ICMP destination unreachable (code 3), for UDP to "
            "198.51.100.7:33434");
  // A quote of a protocol without ports: its destination only.
  Buf ping = ipv4("192.0.2.50", "198.51.100.7", 1, icmp_msg(8, 0, 0x00070001, Buf(8, 0)));
  const auto pe = from("192.0.2.1", icmp_msg(11, 0, 0, ping));
  EXPECT_EQ(pe.args, args({"0", "ICMP", "198.51.100.7"}));

  // The quote cut at every length (the message's own lengths consistent): no IP header, no quote; the
  // header without the ports, the destination alone; from the ports on, destination and port.
  for (std::size_t k = 0; k <= probe.size(); ++k) {
    const Buf cut(probe.begin(), probe.begin() + static_cast<long>(k));
    const auto s = from("192.0.2.1", icmp_msg(11, 0, 0, cut));
    if (k < 20) {
      EXPECT_EQ(s.what, PacketWhat::icmp_time_exceeded) << k;
      EXPECT_EQ(s.args, args({"0"})) << k;
    } else {
      EXPECT_EQ(s.what, PacketWhat::icmp_time_exceeded_for) << k;
      EXPECT_EQ(s.args, args({"0", "UDP", k < 24 ? "198.51.100.7" : "198.51.100.7:33434"})) << k;
    }
  }
  // A quoted header claiming options it does not hold (IHL 15, 60 octets, in a 28-octet quote): the
  // destination, no ports read from past the quote; an IHL below 5: no header, no quote.
  Buf long_ihl = ipv4("192.0.2.50", "198.51.100.7", 17, udp(40000, 33434, {}), ip4(1, true, false, 0, 15));
  const auto li = from("198.51.100.7", icmp_msg(3, 3, 0, long_ihl));
  EXPECT_EQ(li.what, PacketWhat::icmp_unreach_for);
  EXPECT_EQ(li.args, args({"3", "UDP", "198.51.100.7"}));
  Buf short_ihl = probe;
  short_ihl[0] = 0x44;
  EXPECT_EQ(from("198.51.100.7", icmp_msg(3, 3, 0, short_ihl)).what, PacketWhat::icmp_unreach);
  // The frame itself cut at every length (a short capture of a longer packet; each buffer exactly its
  // size, so a read past it is a read past the frame): one value per placeholder, and a port only when
  // the frame holds the quoted ports (outer header 20 + ICMP 8 + quoted header 20 + 4).
  const Buf whole = ipv4("198.51.100.7", "192.0.2.50", 1, icmp_msg(3, 3, 0, probe));
  std::set<std::string> seen;
  for (std::size_t n = 0; n <= whole.size(); ++n) {
    const Buf cut(whole.begin(), whole.begin() + static_cast<long>(n));
    const auto s = sum(cut);
    ASSERT_EQ(s.args.size(), findings::packet_arg_names(s.what).size()) << n;
    if (s.what == PacketWhat::icmp_unreach_for) {
      EXPECT_EQ(s.args[2], n >= 52 ? "198.51.100.7:33434" : "198.51.100.7") << n;
      seen.insert(s.args[2]);
    }
  }
  EXPECT_EQ(seen.size(), 2u) << "cut frames with and without the quoted ports";
}

TEST(FrameSummary, MalformedAndOther) {
  // A truncated IPv6 header: the first anomaly's name, no addresses (nothing was read).
  const auto t = sum(Buf{0x60, 0, 0, 0, 0, 8});
  EXPECT_EQ(t.what, PacketWhat::malformed);
  ASSERT_EQ(t.args.size(), 1u);
  EXPECT_FALSE(t.args[0].empty());
  EXPECT_EQ(en(t).find("  → "), std::string::npos) << en(t);
  // A fragment (transport not decoded), an unknown next header, an unknown ethertype.
  const auto fr = sum(ipv4("192.0.2.1", "192.0.2.2", 17, Buf(16, 0), ip4(7, false, true, 185)));
  EXPECT_EQ(fr.what, PacketWhat::fragment);
  EXPECT_EQ(fr.args, args({"UDP", "1480"}));
  EXPECT_EQ(sum(ipv6("::1", "::2", 59, {})).what, PacketWhat::ipv6);
  const auto lk = sum(ether(kB, kA, 0x88cc, Buf(20, 0)), 1);
  EXPECT_EQ(lk.what, PacketWhat::link);
  EXPECT_EQ(lk.args, args({"0x88cc"}));
  // Garbage of every length never yields a line the reader would refuse.
  for (std::size_t n = 0; n < 80; ++n) {
    Buf g(n, 0);
    for (std::size_t i = 0; i < n; ++i) g[i] = static_cast<std::uint8_t>(i * 37 + n);
    if (n > 0) g[0] = static_cast<std::uint8_t>(0x60 | (n & 1 ? 0 : 0xF0));
    for (const std::uint16_t lt : {std::uint16_t{1}, std::uint16_t{101}, std::uint16_t{113}}) {
      const auto s = sum(g, lt);
      EXPECT_EQ(s.args.size(), findings::packet_arg_names(s.what).size()) << n << " " << lt;
    }
  }
}

TEST(FrameSummary, EveryKindRendersInBothLanguages) {
  for (std::size_t i = 0; i < findings::kPacketWhatCount; ++i) {
    FrameSummary s;
    s.what = static_cast<PacketWhat>(i);
    for (const auto n : findings::packet_arg_names(s.what)) s.args.push_back("<" + std::string(n) + ">");
    s.src = "2001:db8::1";
    s.dst = "2001:db8::2";
    for (const auto l : i18n::kLangs) {
      const std::string line = report::frame_line(i18n::Catalog::get(l), s);
      EXPECT_EQ(line.find('['), line.find("[<")) << "missing message: " << line;
      EXPECT_EQ(line.find('{'), std::string::npos) << "unfilled placeholder: " << line;
      for (const auto n : findings::packet_arg_names(s.what))
        EXPECT_NE(line.find("<" + std::string(n) + ">"), std::string::npos) << line;
    }
  }
}

TEST(FrameSummary, OnlyTheWantedFramesOfACapture) {
  std::vector<std::uint8_t> file;
  capture::PcapngWriter w(capture::VectorSink{&file});
  const auto ifc =
      w.add_interface({.link_type = capture::linktype::kRaw, .snaplen = 262144, .name = "", .tsresol = 9});
  for (int i = 0; i < 6; ++i)
    w.write_packet(
        ifc, 1'000'000'000ULL * 5 + static_cast<std::uint64_t>(i) * 250'000,
        ipv6("2001:db8::1", "2001:db8::2", 6, tcp(40000, static_cast<std::uint16_t>(80 + i), 1, 0, SYN)));
  const Bytes bytes(file);
  const auto got = summarize_frames(bytes, {2, 5, 9});
  ASSERT_EQ(got.size(), 2u) << "frame 9 is past the end";
  EXPECT_EQ(got[0].frame, 2u);
  EXPECT_DOUBLE_EQ(got[0].time, 0.00025);
  EXPECT_EQ(got[0].args[1], "81");
  EXPECT_EQ(got[1].frame, 5u);
  EXPECT_DOUBLE_EQ(got[1].time, 0.001);
  EXPECT_TRUE(summarize_frames(bytes, {}).empty());
  EXPECT_TRUE(summarize_frames(Bytes{}, {1}).empty());
}

TEST(FrameSummary, MostRelevantFramesFirst) {
  std::vector<findings::Finding> fs(3);
  fs[0].severity = findings::Severity::info;
  fs[0].evidence.frames = {1, 2, 3};
  fs[1].severity = findings::Severity::warn;
  fs[1].evidence.frames = {10, 11, 12, 13};
  fs[2].severity = findings::Severity::fail;
  fs[2].evidence.frames = {20, 21, 22, 10};
  // The first two frames of fail then warn findings, the info finding's first, then the rest.
  EXPECT_EQ(frames_to_summarise(fs, 4), (std::vector<std::uint64_t>{10, 11, 20, 21}));
  EXPECT_EQ(frames_to_summarise(fs, 5), (std::vector<std::uint64_t>{1, 10, 11, 20, 21}));
  EXPECT_EQ(frames_to_summarise(fs, 7), (std::vector<std::uint64_t>{1, 10, 11, 12, 20, 21, 22}));
  EXPECT_EQ(frames_to_summarise(fs, 100).size(), 10u) << "each frame once";
  EXPECT_TRUE(frames_to_summarise({}, 8).empty());
}

}  // namespace
}  // namespace v6r::analyze
