// v6bench-gen: seeded, deterministic capture generator for the benchmarks (bench/run.sh).
//
//   v6bench-gen --kind dns|mixed|flows --packets N [--format pcap|pcapng] [--seed S] --out FILE
//
// dns:   DNS-heavy traffic over Ethernet: AAAA/A queries and their answers (AAAA synthesized under
//        the NAT64 prefix 2001:db8:64::/96 (RFC 6052 §2.2), native AAAA, A, NXDOMAIN, CNAME chains),
//        90 % over IPv6, 10 % over IPv4, from 1024 clients to two resolvers.
// mixed: 40 % DNS as above, the rest TCP flows (handshake, request, response, FIN) to NAT64
//        addresses and to dual-stack servers over IPv4 and IPv6, plus ICMPv6 echo.
// flows: many-flows stress: N/2 distinct IPv6 TCP 5-tuples, all live at once (every SYN first,
//        then every SYN-ACK), to measure memory per live flow.
// Addresses are documentation prefixes only (2001:db8::/32, 192.0.2.0/24, 198.51.100.0/24,
// 203.0.113.0/24); names are under example.com/net/org (RFC 2606). Checksums are correct.
// The same arguments always give the same bytes.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns.hpp"
#include "core/pcapng_writer.hpp"

// gcc 12 reports a false positive inside std::variant<rdata::...> copies.
#ifndef __clang__  // a g++ warning; clang has no such group (and -Werror refuses an unknown one)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

using namespace v6r;
using Buf = std::vector<std::uint8_t>;
using Ip6 = std::array<std::uint8_t, 16>;
using Ip4 = std::array<std::uint8_t, 4>;

/// splitmix64: small, fast, and the same on every platform.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
};

Ip6 ip6(std::uint16_t a, std::uint16_t b, std::uint16_t c, std::uint32_t lo) {
  Ip6 x{};
  x[0] = 0x20;
  x[1] = 0x01;
  x[2] = 0x0d;
  x[3] = 0xb8;
  x[4] = static_cast<std::uint8_t>(a >> 8);
  x[5] = static_cast<std::uint8_t>(a);
  x[6] = static_cast<std::uint8_t>(b >> 8);
  x[7] = static_cast<std::uint8_t>(b);
  x[8] = static_cast<std::uint8_t>(c >> 8);
  x[9] = static_cast<std::uint8_t>(c);
  for (int i = 0; i < 4; ++i) x[12 + i] = static_cast<std::uint8_t>(lo >> (24 - 8 * i));
  return x;
}
/// RFC 6052 §2.2 /96: the IPv4 address in the last 32 bits of 2001:db8:64::/96.
Ip6 nat64(const Ip4& v4) {
  Ip6 x = ip6(0x64, 0, 0, 0);
  for (int i = 0; i < 4; ++i) x[12 + i] = v4[i];
  return x;
}

// --- frame building (one reused buffer per frame) -------------------------------------------------

class Frame {
 public:
  Buf b;
  void clear() { b.clear(); }
  void u8(unsigned v) { b.push_back(static_cast<std::uint8_t>(v)); }
  void u16(unsigned v) {
    u8(v >> 8);
    u8(v);
  }
  void u32(std::uint32_t v) {
    u16(v >> 16);
    u16(v & 0xffff);
  }
  template <class C>
  void put(const C& c) {
    b.insert(b.end(), c.begin(), c.end());
  }
  void set16(std::size_t at, unsigned v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
  }
};

std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t s = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) s += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
  if (n % 2 != 0) s += static_cast<std::uint32_t>(p[n - 1] << 8);
  return s;
}
std::uint16_t fold(std::uint32_t s) {
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

constexpr std::array<std::uint8_t, 6> kClientMac{0x02, 0, 0, 0, 0, 0x01};
constexpr std::array<std::uint8_t, 6> kRouterMac{0x02, 0, 0, 0, 0, 0xfe};

void ether(Frame& f, bool from_client, unsigned type) {
  f.put(from_client ? kRouterMac : kClientMac);
  f.put(from_client ? kClientMac : kRouterMac);
  f.u16(type);
}

/// Appends IPv6 header + L4 (`l4` with a zero checksum field at `csum_at`), filling the checksum
/// (pseudo-header, RFC 8200 §8.1).
void ipv6(Frame& f, const Ip6& src, const Ip6& dst, std::uint8_t proto, const Buf& l4, std::size_t csum_at) {
  f.u32(0x60000000);
  f.u16(static_cast<unsigned>(l4.size()));
  f.u8(proto);
  f.u8(64);
  f.put(src);
  f.put(dst);
  const std::size_t at = f.b.size();
  f.put(l4);
  std::uint32_t s = sum16(src.data(), 16);
  s = sum16(dst.data(), 16, s);
  s += static_cast<std::uint32_t>(l4.size()) + proto;
  s = sum16(f.b.data() + at, l4.size(), s);
  std::uint16_t c = fold(s);
  if (c == 0 && proto == 17) c = 0xffff;
  f.set16(at + csum_at, c);
}

void ipv4(Frame& f, const Ip4& src, const Ip4& dst, std::uint8_t proto, const Buf& l4, std::size_t csum_at,
          std::uint16_t id) {
  const std::size_t h = f.b.size();
  f.u8(0x45);
  f.u8(0);
  f.u16(static_cast<unsigned>(20 + l4.size()));
  f.u16(id);
  f.u16(0x4000);  // DF
  f.u8(64);
  f.u8(proto);
  f.u16(0);
  f.put(src);
  f.put(dst);
  f.set16(h + 10, fold(sum16(f.b.data() + h, 20)));
  const std::size_t at = f.b.size();
  f.put(l4);
  std::uint32_t s = sum16(src.data(), 4);
  s = sum16(dst.data(), 4, s);
  s += static_cast<std::uint32_t>(l4.size()) + proto;
  s = sum16(f.b.data() + at, l4.size(), s);
  std::uint16_t c = fold(s);
  if (c == 0 && proto == 17) c = 0xffff;
  f.set16(at + csum_at, c);
}

void udp(Buf& l4, std::uint16_t sport, std::uint16_t dport, const Buf& payload, std::uint16_t dns_id) {
  l4.clear();
  const auto len = static_cast<unsigned>(8 + payload.size());
  for (unsigned v : {unsigned{sport}, unsigned{dport}, len, 0u}) {
    l4.push_back(static_cast<std::uint8_t>(v >> 8));
    l4.push_back(static_cast<std::uint8_t>(v));
  }
  l4.insert(l4.end(), payload.begin(), payload.end());
  l4[8] = static_cast<std::uint8_t>(dns_id >> 8);  // the DNS ID is the first field of the message
  l4[9] = static_cast<std::uint8_t>(dns_id);
}

namespace tcpf {
constexpr unsigned fin = 0x01, syn = 0x02, psh = 0x08, ack = 0x10;
}

void tcp(Buf& l4, std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
         unsigned flags, std::size_t payload_len, std::uint8_t fill) {
  l4.clear();
  auto put16 = [&](unsigned v) {
    l4.push_back(static_cast<std::uint8_t>(v >> 8));
    l4.push_back(static_cast<std::uint8_t>(v));
  };
  put16(sport);
  put16(dport);
  put16(seq >> 16);
  put16(seq & 0xffff);
  put16(ack >> 16);
  put16(ack & 0xffff);
  put16((5u << 12) | flags);
  put16(64240);
  put16(0);
  put16(0);
  l4.insert(l4.end(), payload_len, fill);
}

// --- DNS message pools (built once with core/dns, the ID patched per packet) ---------------------------

struct DnsPair {
  Buf query;
  Buf response;
};

dns::Name name_of(const std::string& s) {
  return dns::Name::from_text(s).value();
}

dns::ResourceRecord rr(const dns::Name& owner, dns::RrType t, dns::Rdata d) {
  dns::ResourceRecord r;
  r.name = owner;
  r.type = t;
  r.ttl = 300;
  r.data = std::move(d);
  return r;
}

/// 1024 names × 6 answer shapes.
std::vector<DnsPair> build_dns_pool() {
  static const char* kZones[] = {"example.com", "example.net", "example.org"};
  static const char* kLabels[] = {"www", "api", "cdn", "mail", "img", "static", "login", "video"};
  std::vector<DnsPair> pool;
  for (std::uint32_t i = 0; i < 1024; ++i) {
    const std::string host = std::string(kLabels[i % 8]) + std::to_string(i) + "." + kZones[i % 3] + ".";
    const dns::Name qn = name_of(host);
    const Ip4 v4{static_cast<std::uint8_t>(i % 3 == 0 ? 192 : (i % 3 == 1 ? 198 : 203)),
                 static_cast<std::uint8_t>(i % 3 == 0 ? 0 : (i % 3 == 1 ? 51 : 0)),
                 static_cast<std::uint8_t>(i % 3 == 0 ? 2 : (i % 3 == 1 ? 100 : 113)),
                 static_cast<std::uint8_t>(1 + i % 254)};
    for (int shape = 0; shape < 6; ++shape) {
      const dns::RrType qt = (shape == 1) ? dns::RrType::a : dns::RrType::aaaa;
      dns::Message q = dns::make_query(0, qn, qt, true, dns::QueryEdns{});
      dns::Message r = q;
      r.header.qr = true;
      r.header.ra = true;
      switch (shape) {
        case 0:  // AAAA synthesized by DNS64 (RFC 6147 §5.1.7)
        case 5:
          r.answers.push_back(rr(qn, dns::RrType::aaaa, dns::rdata::Aaaa{nat64(v4)}));
          break;
        case 1:  // A
          r.answers.push_back(rr(qn, dns::RrType::a, dns::rdata::A{v4}));
          break;
        case 2:  // native AAAA
          r.answers.push_back(rr(qn, dns::RrType::aaaa, dns::rdata::Aaaa{ip6(0x20, 0, 0, 0x1000 + i)}));
          break;
        case 3:  // NXDOMAIN with the zone's SOA
        {
          r.set_rcode(dns::Rcode::nxdomain);
          dns::rdata::Soa soa;
          soa.mname = name_of(std::string("ns1.") + kZones[i % 3] + ".");
          soa.rname = name_of(std::string("hostmaster.") + kZones[i % 3] + ".");
          soa.serial = 2024010100;
          soa.refresh = 3600;
          soa.retry = 600;
          soa.expire = 86400;
          soa.minimum = 60;
          r.authority.push_back(rr(name_of(std::string(kZones[i % 3]) + "."), dns::RrType::soa, soa));
          break;
        }
        case 4:  // CNAME chain to a synthesized AAAA
        {
          const dns::Name target =
              name_of(std::string("edge") + std::to_string(i % 97) + ".cdn.example.net.");
          r.answers.push_back(rr(qn, dns::RrType::cname, dns::rdata::Domain{target}));
          r.answers.push_back(rr(target, dns::RrType::aaaa, dns::rdata::Aaaa{nat64(v4)}));
          break;
        }
        default:
          break;
      }
      pool.push_back({dns::build(q), dns::build(r)});
    }
  }
  return pool;
}

// --- writers ---------------------------------------------------------------------------------------

class Out {
 public:
  Out(const std::string& path, bool pcapng) {
    fp_ = std::fopen(path.c_str(), "wb");
    if (fp_ == nullptr) return;
    std::setvbuf(fp_, nullptr, _IOFBF, 1 << 22);
    capture::Sink sink = [this](Bytes b) {
      if (std::fwrite(b.data(), 1, b.size(), fp_) != b.size()) ok_ = false;
    };
    if (pcapng) {
      ng_ = std::make_unique<capture::PcapngWriter>(sink, "v6ready benchmark capture", "v6bench-gen");
      ng_->add_interface({capture::linktype::kEthernet, 65535, "eth0", 6});
    } else {
      classic_ = std::make_unique<capture::PcapWriter>(sink, capture::linktype::kEthernet, 65535, false);
    }
  }
  ~Out() {
    if (fp_ != nullptr) std::fclose(fp_);
  }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  [[nodiscard]] bool opened() const { return fp_ != nullptr; }
  bool finish() {
    const bool flushed = std::fflush(fp_) == 0;
    return ok_ && flushed;
  }
  void write(const Buf& frame) {
    t_ += 5000 + rng_.below(20000);  // 5..25 µs apart
    if (ng_) {
      ng_->write_packet(0, t_, frame);
    } else {
      classic_->write_packet(t_, frame);
    }
    ++count_;
  }
  [[nodiscard]] std::uint64_t count() const { return count_; }

 private:
  std::FILE* fp_ = nullptr;
  bool ok_ = true;
  std::unique_ptr<capture::PcapngWriter> ng_;
  std::unique_ptr<capture::PcapWriter> classic_;
  std::uint64_t t_ = 1700000000ull * 1000000000ull;
  std::uint64_t count_ = 0;
  Rng rng_{42};
};

// --- traffic kinds ---------------------------------------------------------------------------------

struct Gen {
  Gen(Rng r, Out& o, std::uint64_t n) : rng(r), out(o), limit(n) {}
  Rng rng;
  Out& out;
  std::uint64_t limit;
  std::vector<DnsPair> pool = build_dns_pool();
  Frame f;
  Buf l4;
  std::uint16_t ip_id = 1;

  [[nodiscard]] bool full() const { return out.count() >= limit; }

  /// One DNS transaction: query, and (98 %) its answer.
  void dns_transaction() {
    const auto& p = pool[rng.below(static_cast<std::uint32_t>(pool.size()))];
    const auto id = static_cast<std::uint16_t>(rng.next());
    const auto sport = static_cast<std::uint16_t>(1024 + rng.below(64000));
    const std::uint32_t client = rng.below(1024);
    const bool over6 = rng.chance(90);
    const bool answered = rng.chance(98);
    for (int dir = 0; dir < (answered ? 2 : 1) && !full(); ++dir) {
      const bool from_client = dir == 0;
      const Buf& msg = from_client ? p.query : p.response;
      udp(l4, from_client ? sport : 53, from_client ? 53 : sport, msg, id);
      f.clear();
      if (over6) {
        ether(f, from_client, 0x86dd);
        const Ip6 c = ip6(1, 0, 0, 0x100 + client);
        const Ip6 r = ip6(0x53, 0, 0, 1 + (client & 1));
        ipv6(f, from_client ? c : r, from_client ? r : c, 17, l4, 6);
      } else {
        ether(f, from_client, 0x0800);
        const Ip4 c{192, 0, 2, static_cast<std::uint8_t>(100 + client % 100)};
        const Ip4 r{192, 0, 2, 53};
        ipv4(f, from_client ? c : r, from_client ? r : c, 17, l4, 6, ip_id++);
      }
      out.write(f.b);
    }
  }

  /// One TCP conversation: SYN, SYN-ACK, ACK, request, response segments, FIN both ways.
  void tcp_flow() {
    const std::uint32_t client = rng.below(1024);
    const auto sport = static_cast<std::uint16_t>(1024 + rng.below(64000));
    const unsigned kind = rng.below(3);  // 0: NAT64, 1: dual-stack over IPv6, 2: dual-stack over IPv4
    const Ip4 server4{203, 0, 113, static_cast<std::uint8_t>(1 + rng.below(254))};
    const Ip6 server6 = kind == 0 ? nat64(server4) : ip6(0x20, 0, 0, 0x10 + rng.below(64));
    const Ip6 client6 = ip6(1, 0, 0, 0x100 + client);
    const Ip4 client4{192, 0, 2, static_cast<std::uint8_t>(100 + client % 100)};
    const std::uint16_t dport = rng.chance(70) ? 443 : 80;
    std::uint32_t cseq = static_cast<std::uint32_t>(rng.next());
    std::uint32_t sseq = static_cast<std::uint32_t>(rng.next());
    const unsigned resp_segments = 1 + rng.below(6);
    auto emit = [&](bool from_client, unsigned flags, std::size_t len) {
      if (full()) return;
      if (from_client) {
        tcp(l4, sport, dport, cseq, (flags & tcpf::ack) ? sseq : 0, flags, len, 0x41);
        cseq += static_cast<std::uint32_t>(len) + ((flags & (tcpf::syn | tcpf::fin)) ? 1u : 0u);
      } else {
        tcp(l4, dport, sport, sseq, cseq, flags, len, 0x5a);
        sseq += static_cast<std::uint32_t>(len) + ((flags & (tcpf::syn | tcpf::fin)) ? 1u : 0u);
      }
      f.clear();
      if (kind == 2) {
        ether(f, from_client, 0x0800);
        ipv4(f, from_client ? client4 : server4, from_client ? server4 : client4, 6, l4, 16, ip_id++);
      } else {
        ether(f, from_client, 0x86dd);
        ipv6(f, from_client ? client6 : server6, from_client ? server6 : client6, 6, l4, 16);
      }
      out.write(f.b);
    };
    emit(true, tcpf::syn, 0);
    emit(false, tcpf::syn | tcpf::ack, 0);
    emit(true, tcpf::ack, 0);
    emit(true, tcpf::psh | tcpf::ack, 200 + rng.below(300));
    for (unsigned i = 0; i < resp_segments; ++i) emit(false, tcpf::ack, 1200);
    emit(true, tcpf::ack, 0);
    emit(true, tcpf::fin | tcpf::ack, 0);
    emit(false, tcpf::fin | tcpf::ack, 0);
    emit(true, tcpf::ack, 0);
  }

  /// ICMPv6 echo request + reply (RFC 4443 §4.1/§4.2) to a NAT64 address.
  void ping6() {
    const std::uint32_t client = rng.below(1024);
    const Ip6 c = ip6(1, 0, 0, 0x100 + client);
    const Ip6 s = nat64(Ip4{198, 51, 100, static_cast<std::uint8_t>(1 + rng.below(254))});
    const auto ident = static_cast<std::uint16_t>(rng.next());
    for (int dir = 0; dir < 2 && !full(); ++dir) {
      l4.clear();
      l4.push_back(dir == 0 ? 128 : 129);
      l4.push_back(0);
      l4.push_back(0);
      l4.push_back(0);
      l4.push_back(static_cast<std::uint8_t>(ident >> 8));
      l4.push_back(static_cast<std::uint8_t>(ident));
      l4.push_back(0);
      l4.push_back(1);
      l4.insert(l4.end(), 56, 0x61);
      f.clear();
      ether(f, dir == 0, 0x86dd);
      ipv6(f, dir == 0 ? c : s, dir == 0 ? s : c, 58, l4, 2);
      out.write(f.b);
    }
  }

  void run_dns() {
    while (!full()) dns_transaction();
  }
  void run_mixed() {
    while (!full()) {
      const unsigned r = rng.below(100);
      if (r < 75) {
        dns_transaction();  // ~40 % of packets: a flow is ~12 packets, a transaction 2
      } else if (r < 97) {
        tcp_flow();
      } else {
        ping6();
      }
    }
  }
  /// limit/2 distinct IPv6 5-tuples (client address × source port), every SYN before any SYN-ACK.
  void run_flows() {
    const std::uint64_t flows = (limit + 1) / 2;
    for (int pass = 0; pass < 2; ++pass) {
      for (std::uint64_t i = 0; i < flows && !full(); ++i) {
        const Ip6 c = ip6(2, static_cast<std::uint16_t>(i >> 32), 0, static_cast<std::uint32_t>(i >> 14));
        const Ip6 s = ip6(0x20, 0, 0, 0x10 + static_cast<std::uint32_t>(i % 16));
        const auto sport = static_cast<std::uint16_t>(1024 + (i & 0x3fff));
        const auto seq = static_cast<std::uint32_t>(i * 2654435761u);
        if (pass == 0) {
          tcp(l4, sport, 443, seq, 0, tcpf::syn, 0, 0);
        } else {
          tcp(l4, 443, sport, seq ^ 0x5555u, seq + 1, tcpf::syn | tcpf::ack, 0, 0);
        }
        f.clear();
        ether(f, pass == 0, 0x86dd);
        ipv6(f, pass == 0 ? c : s, pass == 0 ? s : c, 6, l4, 16);
        out.write(f.b);
      }
    }
  }
};

int usage(const char* msg) {
  if (msg != nullptr) std::fprintf(stderr, "v6bench-gen: %s\n", msg);
  std::fprintf(stderr,
               "usage: v6bench-gen --kind dns|mixed|flows --packets N [--format pcap|pcapng] [--seed S] "
               "--out FILE\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kind;
  std::string format = "pcap";
  std::string out_path;
  std::uint64_t packets = 0;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      usage(nullptr);
      return 0;
    }
    if (i + 1 >= argc) return usage("missing value");
    const char* v = argv[++i];
    if (a == "--kind") {
      kind = v;
    } else if (a == "--format") {
      format = v;
    } else if (a == "--out") {
      out_path = v;
    } else if (a == "--packets") {
      packets = std::strtoull(v, nullptr, 10);
    } else if (a == "--seed") {
      seed = std::strtoull(v, nullptr, 10);
    } else {
      return usage("unknown option");
    }
  }
  if ((kind != "dns" && kind != "mixed" && kind != "flows") || packets == 0 || out_path.empty() ||
      (format != "pcap" && format != "pcapng"))
    return usage("bad arguments");

  Out out(out_path, format == "pcapng");
  if (!out.opened()) {
    std::fprintf(stderr, "v6bench-gen: cannot open %s\n", out_path.c_str());
    return 2;
  }
  Gen g(Rng{seed}, out, packets);
  if (kind == "dns") {
    g.run_dns();
  } else if (kind == "mixed") {
    g.run_mixed();
  } else {
    g.run_flows();
  }
  if (!out.finish()) {
    std::fprintf(stderr, "v6bench-gen: write error on %s\n", out_path.c_str());
    return 3;
  }
  std::printf("%s: %llu packets (%s, %s, seed %llu)\n", out_path.c_str(),
              static_cast<unsigned long long>(out.count()), kind.c_str(), format.c_str(),
              static_cast<unsigned long long>(seed));
  return 0;
}
