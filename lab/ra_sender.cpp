// v6lab-ra — a tiny Router Advertisement sender for the lab, because radvd 2.19 cannot send PREF64.
//
// Sends, on one interface, an RA (RFC 4861 §4.2) carrying:
//   - Prefix Information (RFC 4861 §4.6.2) for the commune's /64 (L=1, A=1),
//   - RDNSS (RFC 8106 §5.1) naming the commune's DNS64 resolver,
//   - PREF64 (RFC 8781 §4): type 38, length 2, scaled lifetime (13 bits, units of 8 s) + PLC (3 bits),
//     then the highest 96 bits of the NAT64 prefix.
// It multicasts to ff02::1 every --interval seconds and answers Router Solicitations at once; it stops
// on SIGTERM/SIGINT after sending a final RA with router lifetime 0 (RFC 4861 §6.2.5).
//
//   v6lab-ra --interface IF --prefix P/64 --pref64 P/96 [--rdnss ADDR] [--interval S] [--once]
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rfc6052.hpp"

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) {
  g_stop = 1;
}

struct Prefix {
  in6_addr addr{};
  unsigned len = 0;
};

struct Config {
  std::string interface;
  Prefix prefix;                  // PIO
  Prefix pref64;                  // RFC 8781
  std::optional<in6_addr> rdnss;  // RFC 8106
  unsigned interval_s = 3;
  unsigned router_lifetime_s = 1800;
  unsigned pref64_lifetime_s = 1800;
  bool once = false;
};

std::optional<Prefix> parse_prefix(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string addr(text.substr(0, slash));
  const std::string len(text.substr(slash + 1));
  Prefix p;
  if (inet_pton(AF_INET6, addr.c_str(), &p.addr) != 1) return std::nullopt;
  char* end = nullptr;
  const unsigned long l = std::strtoul(len.c_str(), &end, 10);
  if (end == len.c_str() || *end != '\0' || l > 128) return std::nullopt;
  p.len = static_cast<unsigned>(l);
  return p;
}

void put16(std::vector<std::uint8_t>& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
  b.push_back(static_cast<std::uint8_t>(v & 0xff));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  put16(b, (v >> 16) & 0xffff);
  put16(b, v & 0xffff);
}
void put_addr(std::vector<std::uint8_t>& b, const in6_addr& a, std::size_t bytes = 16) {
  for (std::size_t i = 0; i < bytes; ++i) b.push_back(a.s6_addr[i]);
}

// Builds the ICMPv6 RA body; the kernel fills in the checksum for raw ICMPv6 sockets.
std::vector<std::uint8_t> build_ra(const Config& c, bool final_ra) {
  std::vector<std::uint8_t> b;
  b.push_back(ND_ROUTER_ADVERT);  // type 134
  b.push_back(0);                 // code
  put16(b, 0);                    // checksum (kernel)
  b.push_back(64);                // cur hop limit
  b.push_back(0);                 // M=0 O=0
  put16(b, final_ra ? 0 : c.router_lifetime_s);
  put32(b, 0);  // reachable time
  put32(b, 0);  // retrans timer

  // Prefix Information, RFC 4861 §4.6.2: type 3, length 4 (32 bytes).
  b.push_back(3);
  b.push_back(4);
  b.push_back(static_cast<std::uint8_t>(c.prefix.len));
  b.push_back(0xc0);  // L=1, A=1
  put32(b, 86400);    // valid lifetime
  put32(b, 14400);    // preferred lifetime
  put32(b, 0);        // reserved2
  put_addr(b, c.prefix.addr);

  // RDNSS, RFC 8106 §5.1: type 25, length 3 for one address.
  if (c.rdnss) {
    b.push_back(25);
    b.push_back(3);
    put16(b, 0);
    put32(b, final_ra ? 0 : 3 * c.interval_s + 600);
    put_addr(b, *c.rdnss);
  }

  // PREF64, RFC 8781 §4: type 38, length 2; scaled lifetime = lifetime / 8 (13 bits) and PLC (3 bits).
  const unsigned scaled = final_ra ? 0u : std::min(c.pref64_lifetime_s / 8u, 8191u);
  const std::uint8_t plc = *v6r::addr::plc_of_length(static_cast<int>(c.pref64.len));
  b.push_back(38);
  b.push_back(2);
  put16(b, (scaled << 3) | plc);
  put_addr(b, c.pref64.addr, 12);
  return b;
}

void usage() {
  std::fputs(
      "usage: v6lab-ra --interface IF --prefix PREFIX/64 --pref64 PREFIX/LEN [--rdnss ADDR]\n"
      "                [--interval SECONDS] [--lifetime SECONDS] [--once]\n",
      stderr);
}

std::optional<Config> parse_args(int argc, char** argv) {
  Config c;
  bool have_prefix = false, have_pref64 = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--once") {
      c.once = true;
      continue;
    }
    const char* v = value();
    if (v == nullptr) {
      std::fprintf(stderr, "v6lab-ra: %s needs a value\n", argv[i]);
      return std::nullopt;
    }
    if (a == "--interface") {
      c.interface = v;
    } else if (a == "--prefix") {
      auto p = parse_prefix(v);
      if (!p || p->len != 64) {
        std::fprintf(stderr, "v6lab-ra: --prefix wants an IPv6 /64, got '%s'\n", v);
        return std::nullopt;
      }
      c.prefix = *p;
      have_prefix = true;
    } else if (a == "--pref64") {
      auto p = parse_prefix(v);
      if (!p || !v6r::addr::plc_of_length(static_cast<int>(p->len))) {
        std::fprintf(stderr, "v6lab-ra: --pref64 wants /96,/64,/56,/48,/40 or /32, got '%s'\n", v);
        return std::nullopt;
      }
      c.pref64 = *p;
      have_pref64 = true;
    } else if (a == "--rdnss") {
      in6_addr addr{};
      if (inet_pton(AF_INET6, v, &addr) != 1) {
        std::fprintf(stderr, "v6lab-ra: bad --rdnss '%s'\n", v);
        return std::nullopt;
      }
      c.rdnss = addr;
    } else if (a == "--interval" || a == "--lifetime") {
      const unsigned long n = std::strtoul(v, nullptr, 10);
      if (n == 0 || n > 65535) {
        std::fprintf(stderr, "v6lab-ra: bad %s '%s'\n", argv[i - 1], v);
        return std::nullopt;
      }
      (a == "--interval" ? c.interval_s : c.pref64_lifetime_s) = static_cast<unsigned>(n);
    } else {
      std::fprintf(stderr, "v6lab-ra: unknown option '%s'\n", argv[i - 1]);
      return std::nullopt;
    }
  }
  if (c.interface.empty() || !have_prefix || !have_pref64) {
    usage();
    return std::nullopt;
  }
  return c;
}

int open_socket(const Config& c) {
  const int fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  if (fd < 0) {
    std::perror("v6lab-ra: socket(AF_INET6, SOCK_RAW, ICMPV6) (needs CAP_NET_RAW)");
    return -1;
  }
  const unsigned ifindex = if_nametoindex(c.interface.c_str());
  const int hops = 255;  // RFC 4861 §6.1.2: RAs are only accepted with hop limit 255
  const auto ifidx = static_cast<int>(ifindex);
  icmp6_filter filter{};
  ICMP6_FILTER_SETBLOCKALL(&filter);
  ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filter);
  ipv6_mreq all_routers{};
  inet_pton(AF_INET6, "ff02::2", &all_routers.ipv6mr_multiaddr);
  all_routers.ipv6mr_interface = ifindex;
  if (ifindex == 0 ||
      setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c.interface.c_str(),
                 static_cast<socklen_t>(c.interface.size())) != 0 ||
      setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifidx, sizeof ifidx) != 0 ||
      setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) != 0 ||
      setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) != 0 ||
      setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) != 0 ||
      setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &all_routers, sizeof all_routers) != 0) {
    std::fprintf(stderr, "v6lab-ra: setting up socket on '%s': %s\n", c.interface.c_str(),
                 std::strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

bool send_ra(int fd, const Config& c, bool final_ra) {
  const auto msg = build_ra(c, final_ra);
  sockaddr_in6 dst{};
  dst.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "ff02::1", &dst.sin6_addr);
  dst.sin6_scope_id = if_nametoindex(c.interface.c_str());
  const auto n = sendto(fd, msg.data(), msg.size(), 0, reinterpret_cast<const sockaddr*>(&dst), sizeof dst);
  if (n < 0) {
    std::fprintf(stderr, "v6lab-ra: sendto ff02::1%%%s: %s\n", c.interface.c_str(), std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const auto cfg = parse_args(argc, argv);
  if (!cfg) return 2;
  const int fd = open_socket(*cfg);
  if (fd < 0) return 3;

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  if (!send_ra(fd, *cfg, false)) return 3;
  if (cfg->once) return 0;
  unsigned failures = 0;
  while (g_stop == 0) {
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(cfg->interval_s * 1000));
    if (g_stop != 0) break;
    if (r > 0 && (p.revents & POLLIN) != 0) {
      std::uint8_t buf[1500];
      // A Router Solicitation (type 133, filtered above): answer at once (RFC 4861 §6.2.6, no delay
      // needed in a lab).
      if (recv(fd, buf, sizeof buf, 0) <= 0) continue;
    }
    failures = send_ra(fd, *cfg, false) ? 0 : failures + 1;
    if (failures > 20) return 3;
  }
  send_ra(fd, *cfg, true);
  close(fd);
  return 0;
}
