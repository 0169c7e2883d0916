#pragma once
// Golden bundles for the analyzer's findings (docs/conventions.md §8): each case is a small synthetic run
// bundle (run.json + results.jsonl + scenario.yaml + capture.pcapng + MANIFEST.sha256, written by
// core/bundle's BundleWriter) whose capture shows one finding or anomaly. Used by findings_test.cpp
// (compared with tests/analyzer/expected/<case>.json) and by gen_bundles (writes them to a directory).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "core/bundle.hpp"
#include "core/dns.hpp"
#include "core/pcapng_writer.hpp"
#include "tests/analyzer/packet_builder.hpp"

#ifndef __clang__  // a g++ warning; clang has no such group (and -Werror refuses an unknown one)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace v6r::testcases {

using namespace v6r::testpkt;
namespace fs = std::filesystem;

inline constexpr std::uint64_t kT0 = 1790000000ull * 1000000000ull;  // 2026-09-21
inline const Mac kHost{0x02, 0, 0, 0, 0, 0x01};
inline const Mac kRouter{0x02, 0, 0, 0, 0, 0xfe};
inline const char* kHost6 = "2001:db8:1::10";
inline const char* kDns6 = "2001:db8:1::53";
inline const char* kSynth = "2001:db8:64::c000:20a";

inline dns::Name dname(const char* s) {
  return dns::Name::from_text(s).value();
}

inline Buf dns_query(std::uint16_t id, const char* q, dns::RrType t) {
  return dns::build(dns::make_query(id, dname(q), t));
}
inline Buf dns_response(std::uint16_t id, const char* q, dns::RrType t, std::vector<const char*> aaaa,
                        dns::Rcode rc = dns::Rcode::noerror) {
  dns::Message m = dns::make_query(id, dname(q), t);
  m.header.qr = true;
  m.header.ra = true;
  m.set_rcode(rc);
  for (const char* a : aaaa) {
    dns::ResourceRecord rr;
    rr.name = dname(q);
    rr.type = dns::RrType::aaaa;
    rr.ttl = 300;
    rr.data = dns::rdata::Aaaa{v6(a)};
    m.answers.push_back(rr);
  }
  return dns::build(m);
}

/// A capture under construction (Ethernet, ns timestamps, 1 ms apart unless told).
struct Cap {
  std::vector<std::uint8_t> bytes;
  std::unique_ptr<capture::PcapngWriter> w;
  std::uint64_t t = kT0;
  Cap() {
    w = std::make_unique<capture::PcapngWriter>(capture::VectorSink{&bytes}, "v6ready golden bundle",
                                                "gen_bundles");
    w->add_interface({capture::linktype::kEthernet, 262144, "eth0", 9});
  }
  void add(const Buf& frame, std::uint64_t gap_ns = 1000000) {
    t += gap_ns;
    w->write_packet(0, t, frame);
  }
  void v6(const Buf& ip, bool out = true, std::uint64_t gap = 1000000) {
    add(ether(out ? kRouter : kHost, out ? kHost : kRouter, 0x86DD, ip), gap);
  }
  void dns(std::uint16_t id, std::uint16_t sport, const char* q, dns::RrType qt,
           std::vector<const char*> answers, dns::Rcode rc = dns::Rcode::noerror) {
    v6(ipv6(kHost6, kDns6, 17, udp(sport, 53, dns_query(id, q, qt))));
    v6(ipv6(kDns6, kHost6, 17, udp(53, sport, dns_response(id, q, qt, answers, rc))), false);
  }
  void handshake(const char* dst, std::uint16_t sport, std::uint16_t dport) {
    v6(ipv6(kHost6, dst, 6, tcp(sport, dport, 1000, 0, SYN, {}, 1440)));
    v6(ipv6(dst, kHost6, 6, tcp(dport, sport, 5000, 1001, SYN | ACK, {}, 1440)), false, 2000000);
    v6(ipv6(kHost6, dst, 6, tcp(sport, dport, 1001, 5001, ACK)));
  }
};

inline CheckResult result(std::uint64_t seq, const char* id, const char* kind, const char* target,
                          Verdict v) {
  CheckResult r;
  r.seq = seq;
  r.check_id = id;
  r.kind = kind;
  r.target = target;
  r.family = Family::ipv6;
  r.started_utc = UtcMs{std::chrono::milliseconds(static_cast<std::int64_t>(kT0 / 1000000))};
  r.duration_ms = 3;
  r.attempts = 1;
  r.verdict = v;
  r.reason = v == Verdict::pass ? "" : "synthetic failure";
  r.addresses.resolver = kDns6;
  r.evidence.window = {r.started_utc, r.started_utc + std::chrono::seconds(1)};
  return r;
}

/// v6only.leak pass: no IPv4 address, default route or frame on the node (the levels' proof that the
/// node is IPv6-only).
inline CheckResult ipv6_only_node(std::uint64_t seq) {
  auto r = result(seq, "leak", "v6only.leak", "eth0", Verdict::pass);
  r.family = Family::ipv4;
  return r;
}
/// v6only.dhcp108 pass: DHCPv4 option 108 offered (RFC 8925), one of L3's requirements.
inline CheckResult option108(std::uint64_t seq) {
  auto r = result(seq, "dhcp108", "v6only.dhcp108", "eth0", Verdict::pass);
  r.family = Family::ipv4;
  return r;
}

/// The checks and capture of a healthy IPv6-only commune (L3): discovery, synthesis, NAT64 TCP, PMTU,
/// no IPv4 on the node, option 108.
struct Case {
  std::string name;
  std::string site = "province/district-a/commune-x";
  std::vector<CheckResult> results;
  Cap cap;
  bool truncate_capture = false;  // cut the last record in half
  bool tamper = false;            // flip one byte of results.jsonl after the manifest
  /// run.json records the scenario's expectations (RunInfo::expect) as the probe writes them; false
  /// writes a bundle of a probe from before (the analyzer falls back to scenario.yaml's expect).
  bool record_expectations = true;
  std::map<std::string, std::string> check_prefixes;  ///< check id → its own expected_prefix (run.json)
};

inline void healthy(Case& c) {
  auto d = result(1, "discovery", "dns64.discovery", "ipv4only.arpa", Verdict::pass);
  d.evidence.dns_ids = {0x100};
  d.observed["prefixes"] = {"2001:db8:64::/96"};
  d.observed["answers"] = {"2001:db8:64::c000:aa", "2001:db8:64::c000:ab"};
  c.cap.dns(0x100, 40001, "ipv4only.arpa", dns::RrType::aaaa,
            {"2001:db8:64::c000:aa", "2001:db8:64::c000:ab"});
  auto s = result(2, "synth-v4only", "dns64.synthesis", "v4only.lab.test", Verdict::pass);
  s.evidence.dns_ids = {0x101};
  s.observed["aaaa"] = {kSynth};
  c.cap.dns(0x101, 40002, "v4only.lab.test", dns::RrType::aaaa, {kSynth});
  auto t = result(3, "tcp-v4only", "nat64.tcp", "v4only.lab.test:80", Verdict::pass);
  t.addresses.remote = {kSynth};
  t.evidence.flows = {Flow{"tcp", kHost6, 50000, kSynth, 80, {}, false}};
  c.cap.handshake(kSynth, 50000, 80);
  auto p = result(4, "pmtu-big", "nat64.pmtu", "big.lab.test", Verdict::pass);
  // The real-time results the shipped plan asks for L3 (l3_require_eim_mapping/udp_lifetime: shown);
  // seq after every case's own results.
  auto m = result(30, "rt-mapping", "nat64.mapping", "192.0.2.30:3478", Verdict::pass);
  m.observed["mapping"] = "endpoint-independent";
  auto u = result(31, "rt-udp-lifetime", "nat64.udp_lifetime", "192.0.2.30:3478", Verdict::pass);
  c.results = {d, s, t, p, ipv6_only_node(5), option108(6), m, u};
}

inline std::vector<Case> all_cases() {
  std::vector<Case> out;
  {
    Case c;
    c.name = "healthy_l3";
    healthy(c);
    out.push_back(std::move(c));
  }
  {  // DNS64 synthesizes under 2001:db8:65::/96 while the scenario expects 2001:db8:64::/96.
    Case c;
    c.name = "unexpected_prefix";
    auto d = result(1, "discovery", "dns64.discovery", "ipv4only.arpa", Verdict::fail);
    d.evidence.dns_ids = {0x200};
    c.cap.dns(0x200, 41001, "ipv4only.arpa", dns::RrType::aaaa,
              {"2001:db8:65::c000:aa", "2001:db8:65::c000:ab"});
    auto s = result(2, "synth-v4only", "dns64.synthesis", "v4only.lab.test", Verdict::fail);
    s.evidence.dns_ids = {0x201};
    s.observed["aaaa"] = {"2001:db8:65::c000:20a"};
    c.cap.dns(0x201, 41002, "v4only.lab.test", dns::RrType::aaaa, {"2001:db8:65::c000:20a"});
    auto t = result(3, "tcp-dual", "nat64.tcp", "dual.lab.test:80", Verdict::pass);
    c.results = {d, s, t, ipv6_only_node(4)};
    out.push_back(std::move(c));
  }
  {  // ARP + IPv4 + DHCPv4 on a segment that should be IPv6-only; an IPv4 traceroute's ICMPv4 errors
     // (RFC 792 Time Exceeded, port unreachable), each quoting the probe's header and first 8 octets.
    Case c;
    c.name = "ipv4_frames";
    healthy(c);
    const Mac bc{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    c.cap.add(ether(bc, kHost, 0x0806, arp(1, kHost, "192.0.2.50", Mac{}, "192.0.2.1")));
    c.cap.add(ether(kRouter, kHost, 0x0800, ipv4("192.0.2.50", "192.0.2.10", 17, udp(5353, 7, {1, 2, 3}))));
    Buf probe = ipv4("192.0.2.50", "198.51.100.7", 17, udp(40000, 33434, Buf(32, 0)));
    probe.resize(28);
    c.cap.add(ether(kHost, kRouter, 0x0800, ipv4("192.0.2.1", "192.0.2.50", 1, icmp_msg(11, 0, 0, probe))));
    c.cap.add(ether(kHost, kRouter, 0x0800, ipv4("198.51.100.7", "192.0.2.50", 1, icmp_msg(3, 3, 0, probe))));
    out.push_back(std::move(c));
  }
  {  // Packet Too Big (MTU 1280) quoting the NAT64 TCP flow: PMTU discovery works.
    Case c;
    c.name = "ptb_seen";
    healthy(c);
    Buf quoted = ipv6(kHost6, kSynth, 6, tcp(50000, 80, 1001, 5001, ACK | PSH, Buf(1400, 0x61)));
    quoted.resize(1232);
    c.cap.v6(ipv6("2001:db8:1::1", kHost6, 58, icmp_msg(2, 0, 1280, quoted)), false);
    out.push_back(std::move(c));
  }
  {  // Full-size segments retransmitted, no PTB: black hole; retransmissions counted.
    Case c;
    c.name = "pmtu_black_hole";
    healthy(c);
    const char* big = "2001:db8:64::c000:20b";
    c.cap.handshake(big, 50100, 80);
    c.cap.v6(ipv6(kHost6, big, 6, tcp(50100, 80, 1001, 5001, ACK | PSH, Buf(60, 0x47))));
    for (int i = 0; i < 3; ++i)
      c.cap.v6(ipv6(big, kHost6, 6, tcp(80, 50100, 5001, 1061, ACK, Buf(1400, 0x62))), false, 200000000);
    c.results[3].verdict = Verdict::fail;
    c.results[3].reason = "GET /big.bin timed out after 1232 bytes";
    out.push_back(std::move(c));
  }
  {  // SERVFAIL and a query that is never answered.
    Case c;
    c.name = "dns_servfail_unanswered";
    healthy(c);
    c.cap.dns(0x300, 42001, "broken.lab.test", dns::RrType::aaaa, {}, dns::Rcode::servfail);
    c.cap.v6(ipv6(kHost6, kDns6, 17, udp(42002, 53, dns_query(0x301, "slow.lab.test", dns::RrType::aaaa))));
    c.cap.v6(ipv6(kHost6, kDns6, 17, udp(42003, 53, dns_query(0x302, "late.lab.test", dns::RrType::aaaa))),
             true, 6000000000ull);  // 6 s later: the first one has timed out
    out.push_back(std::move(c));
  }
  {  // The probe says pass, the capture shows a SYN with no SYN/ACK and a DNS query never answered.
    Case c;
    c.name = "disagreement";
    healthy(c);
    auto s = result(7, "synth-cname", "dns64.synthesis", "cname.lab.test", Verdict::pass);
    s.evidence.dns_ids = {0x400};
    c.cap.v6(ipv6(kHost6, kDns6, 17, udp(43001, 53, dns_query(0x400, "cname.lab.test", dns::RrType::aaaa))));
    auto t = result(8, "tcp-cname", "nat64.tcp", "cname.lab.test:80", Verdict::pass);
    t.evidence.flows = {Flow{"tcp", kHost6, 50200, kSynth, 80, {}, false}};
    c.cap.v6(ipv6(kHost6, kSynth, 6, tcp(50200, 80, 7000, 0, SYN, {}, 1440)));
    auto a = result(9, "synth-dual", "dns64.synthesis", "dual.lab.test", Verdict::pass);
    a.evidence.dns_ids = {0x401};
    a.observed["aaaa"] = {"2001:db8:20::11"};
    c.cap.dns(0x401, 43002, "dual.lab.test", dns::RrType::aaaa, {"2001:db8:20::99"});
    c.results.push_back(s);
    c.results.push_back(t);
    c.results.push_back(a);
    out.push_back(std::move(c));
  }
  {  // Exact evidence: each check cites only the frames of its own flows.
    Case c;
    c.name = "evidence_exact";
    healthy(c);
    // One resolver socket (port 45000) carries the queries of two checks; the same id on another
    // socket, and on this one after the check's window, belongs to neither.
    auto a = result(7, "synth-a", "dns64.synthesis", "a.lab.test", Verdict::pass);
    a.evidence.dns_ids = {0x500};
    a.evidence.flows = {Flow{"udp", kHost6, 45000, kDns6, 53, {0x500}, false}};
    a.observed["aaaa"] = {"2001:db8:64::c000:201"};
    auto b = result(8, "synth-b", "dns64.synthesis", "b.lab.test", Verdict::pass);
    b.evidence.dns_ids = {0x501};
    b.evidence.flows = {Flow{"udp", kHost6, 45000, kDns6, 53, {0x501}, false}};
    b.observed["aaaa"] = {"2001:db8:64::c000:202"};
    c.cap.dns(0x500, 45000, "a.lab.test", dns::RrType::aaaa, {"2001:db8:64::c000:201"});
    c.cap.dns(0x501, 45000, "b.lab.test", dns::RrType::aaaa, {"2001:db8:64::c000:202"});
    c.cap.dns(0x500, 45001, "other.lab.test", dns::RrType::aaaa, {"2001:db8:64::c000:203"});
    // NAT64 down: two attempts, each a SYN and its retransmission, never answered; the check fails and
    // its two flows are the proof.
    auto t = result(9, "tcp-down", "nat64.tcp", "v4only.lab.test:80", Verdict::fail);
    t.addresses.remote = {kSynth};
    t.evidence.dns_ids = {0x502};
    t.evidence.flows = {Flow{"udp", kHost6, 45000, kDns6, 53, {0x502}, false},
                        Flow{"tcp", kHost6, 50300, kSynth, 80, {}, false},
                        Flow{"tcp", kHost6, 50301, kSynth, 80, {}, false}};
    c.cap.dns(0x502, 45000, "v4only.lab.test", dns::RrType::aaaa, {kSynth});
    for (const std::uint16_t port : {std::uint16_t{50300}, std::uint16_t{50301}}) {
      c.cap.v6(ipv6(kHost6, kSynth, 6, tcp(port, 80, 9000, 0, SYN, {}, 1440)));
      c.cap.v6(ipv6(kHost6, kSynth, 6, tcp(port, 80, 9000, 0, SYN, {}, 1440)), true, 100000000);
    }
    // The same failure recorded without the flow's source (a probe before exact evidence): the DNS
    // frames alone do not prove a failed handshake.
    auto u = result(10, "tcp-nosrc", "nat64.tcp", "v4only.lab.test:80", Verdict::fail);
    u.evidence.dns_ids = {0x503};
    u.evidence.flows = {Flow{"udp", kHost6, 45000, kDns6, 53, {0x503}, false},
                        Flow{"tcp", "", 0, kSynth, 80, {}, false}};
    c.cap.dns(0x503, 45000, "v4only.lab.test", dns::RrType::aaaa, {kSynth});
    // A verdict whose flow left no frame in the capture.
    auto n = result(11, "tcp-nothing", "service.tcp", "dual.lab.test:80", Verdict::fail);
    n.evidence.flows = {Flow{"tcp", kHost6, 50400, "2001:db8:20::11", 80, {}, false}};
    // Happy Eyeballs: the attempt to the broken address is deliberate; its unanswered SYN is the
    // check's, not a site warning. The winner completes.
    auto h = result(12, "he", "dualstack.happy_eyeballs", "he.lab.test:80", Verdict::pass);
    h.evidence.flows = {Flow{"tcp", kHost6, 50500, "2001:db8:20::dead", 80, {}, true},
                        Flow{"tcp", kHost6, 50501, "2001:db8:20::11", 80, {}, false}};
    c.cap.v6(ipv6(kHost6, "2001:db8:20::dead", 6, tcp(50500, 80, 100, 0, SYN, {}, 1440)));
    c.cap.handshake("2001:db8:20::11", 50501, 80);
    // The same id on the shared socket 3 s later: outside every window.
    c.cap.t += 3000000000ull;
    c.cap.dns(0x500, 45000, "late.lab.test", dns::RrType::aaaa, {"2001:db8:64::c000:204"});
    for (auto* r : {&a, &b, &t, &u, &n, &h}) c.results.push_back(*r);
    out.push_back(std::move(c));
  }
  {  // Capture cut in the middle of its last block: partial, exit 3, earlier frames analysed.
    Case c;
    c.name = "truncated_capture";
    healthy(c);
    c.truncate_capture = true;
    out.push_back(std::move(c));
  }
  {  // Dissector anomaly: an IPv6 header cut short.
    Case c;
    c.name = "anomaly";
    healthy(c);
    Buf ip = ipv6(kHost6, kDns6, 17, udp(44000, 53, {}));
    ip.resize(30);
    c.cap.add(ether(kRouter, kHost, 0x86DD, ip));
    out.push_back(std::move(c));
  }
  return out;
}

inline std::string scenario_yaml(const Case& c) {
  return "version: 1\nname: golden-" + c.name + "\nexpect:\n  pref64: 2001:db8:64::/96\nchecks: []\n";
}

/// Writes the bundle of `c` under out_dir; returns its path.
inline fs::path write_case(Case& c, const fs::path& out_dir) {
  RunInfo info;
  info.run_id = "0000000" + std::to_string(c.name.size() % 10);
  info.probe_id = "golden";
  info.site = c.site;
  info.scenario.name = "golden-" + c.name;
  info.tool = {"v6probe", "0.0.0", "golden"};
  info.host = "gen_bundles";
  info.interface = "eth0";
  info.started_utc = UtcMs{std::chrono::milliseconds(static_cast<std::int64_t>(kT0 / 1000000))};
  info.clock = {true, "synthetic"};
  if (c.record_expectations) {
    info.expect = RunExpectations{Prefix::parse("2001:db8:64::/96").value(), {}};
    for (const auto& [id, p] : c.check_prefixes)
      info.expect->check_prefixes.emplace(id, Prefix::parse(p).value());
  }
  auto w = bundle::BundleWriter::create(out_dir / c.name, info, scenario_yaml(c));
  if (!w) throw std::runtime_error(w.error());
  for (const auto& r : c.results)
    if (!w->append_result(r)) throw std::runtime_error("append_result");
  auto bytes = c.cap.bytes;
  if (c.truncate_capture) bytes.resize(bytes.size() - 40);
  if (!capture::write_file(w->capture_path().string(), bytes)) throw std::runtime_error("capture");
  auto done = w->finish(RunStatus::complete);
  if (!done) throw std::runtime_error(done.error());
  if (c.tamper) {
    // One byte, keeping the JSON valid: the first check id "discovery" becomes "discoverz".
    const auto path = *done / "results.jsonl";
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    const auto at = text.find("\"discovery\"");
    if (at == std::string::npos) throw std::runtime_error("tamper: no check id to flip");
    text[at + 9] = 'z';
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }
  return *done;
}

}  // namespace v6r::testcases
