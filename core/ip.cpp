#include "core/ip.hpp"

#include <cstdio>

namespace v6r {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool in_v4(const Ipv4Addr& a, std::uint32_t net, int len) {
  const std::uint32_t mask = len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
  return (a.to_u32() & mask) == net;
}

}  // namespace

std::optional<Ipv4Addr> Ipv4Addr::parse(std::string_view text) {
  Ipv4Addr out;
  std::size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
    const std::size_t start = i;
    unsigned v = 0;
    while (i < text.size() && is_digit(text[i]) && i - start < 3) v = v * 10 + unsigned(text[i++] - '0');
    const std::size_t n = i - start;
    if (n == 0 || v > 255 || (n > 1 && text[start] == '0')) return std::nullopt;
    if (i < text.size() && is_digit(text[i])) return std::nullopt;
    out.bytes[static_cast<std::size_t>(octet)] = static_cast<std::uint8_t>(v);
  }
  if (i != text.size()) return std::nullopt;
  return out;
}

std::string Ipv4Addr::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
  return buf;
}

std::optional<Ipv6Addr> Ipv6Addr::parse(std::string_view text) {
  // Groups before and after "::" (at most one "::"); a dotted quad may end the address.
  std::array<std::uint16_t, 8> head{}, tail{};
  std::size_t nhead = 0, ntail = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (text.size() < 2) return std::nullopt;
  if (text[0] == ':') {
    if (text[1] != ':') return std::nullopt;
    compressed = true;
    i = 2;
    if (i == text.size()) return Ipv6Addr{};
  }
  auto push = [&](std::uint16_t g) {
    if (nhead + ntail >= 8) return false;
    if (compressed) {
      tail[ntail++] = g;
    } else {
      head[nhead++] = g;
    }
    return true;
  };
  while (i < text.size()) {
    // A dotted quad: this group has a '.' before the next ':'.
    std::size_t j = i;
    while (j < text.size() && text[j] != ':' && text[j] != '.') ++j;
    if (j < text.size() && text[j] == '.') {
      auto v4 = Ipv4Addr::parse(text.substr(i));
      if (!v4) return std::nullopt;
      if (!push(static_cast<std::uint16_t>((v4->bytes[0] << 8) | v4->bytes[1]))) return std::nullopt;
      if (!push(static_cast<std::uint16_t>((v4->bytes[2] << 8) | v4->bytes[3]))) return std::nullopt;
      i = text.size();
      break;
    }
    const std::size_t len = j - i;
    if (len == 0 || len > 4) return std::nullopt;
    unsigned g = 0;
    for (std::size_t k = i; k < j; ++k) {
      const int h = hex_value(text[k]);
      if (h < 0) return std::nullopt;
      g = g * 16 + unsigned(h);
    }
    if (!push(static_cast<std::uint16_t>(g))) return std::nullopt;
    i = j;
    if (i == text.size()) break;
    // text[i] == ':'
    ++i;
    if (i < text.size() && text[i] == ':') {
      if (compressed) return std::nullopt;
      compressed = true;
      ++i;
      if (i == text.size()) break;
    } else if (i == text.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  const std::size_t n = nhead + ntail;
  if (compressed ? n > 7 : n != 8) return std::nullopt;
  Ipv6Addr out;
  for (std::size_t k = 0; k < nhead; ++k) {
    out.bytes[2 * k] = static_cast<std::uint8_t>(head[k] >> 8);
    out.bytes[2 * k + 1] = static_cast<std::uint8_t>(head[k]);
  }
  for (std::size_t k = 0; k < ntail; ++k) {
    const std::size_t g = 8 - ntail + k;
    out.bytes[2 * g] = static_cast<std::uint8_t>(tail[k] >> 8);
    out.bytes[2 * g + 1] = static_cast<std::uint8_t>(tail[k]);
  }
  return out;
}

bool Ipv6Addr::is_v4_mapped() const {
  for (std::size_t k = 0; k < 10; ++k)
    if (bytes[k] != 0) return false;
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

std::string Ipv6Addr::to_string() const {
  std::array<unsigned, 8> g{};
  for (std::size_t k = 0; k < 8; ++k) g[k] = (unsigned{bytes[2 * k]} << 8) | bytes[2 * k + 1];
  const std::size_t ngroups = is_v4_mapped() ? 6 : 8;
  // Longest run of >= 2 zero groups (RFC 5952 §4.2.2, §4.2.3: first one on a tie).
  std::size_t best = 0, best_len = 0;
  for (std::size_t k = 0; k < ngroups;) {
    if (g[k] != 0) {
      ++k;
      continue;
    }
    std::size_t e = k;
    while (e < ngroups && g[e] == 0) ++e;
    if (e - k > best_len) {
      best = k;
      best_len = e - k;
    }
    k = e;
  }
  if (best_len < 2) best_len = 0;
  std::string out;
  char buf[8];
  for (std::size_t k = 0; k < ngroups;) {
    if (best_len != 0 && k == best) {
      out += "::";
      k += best_len;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[k]);
    out += buf;
    ++k;
  }
  if (ngroups == 6) {
    if (out.back() != ':') out += ':';
    out += Ipv4Addr{{bytes[12], bytes[13], bytes[14], bytes[15]}}.to_string();
  }
  return out;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    if (auto a = Ipv6Addr::parse(text)) return IpAddr(*a);
    return std::nullopt;
  }
  if (auto a = Ipv4Addr::parse(text)) return IpAddr(*a);
  return std::nullopt;
}

std::string IpAddr::to_string() const {
  return is_v4() ? v4().to_string() : v6().to_string();
}

bool IpAddr::bit(int i) const {
  const auto idx = static_cast<std::size_t>(i / 8);
  const int shift = 7 - i % 8;
  const std::uint8_t b = is_v4() ? v4().bytes[idx] : v6().bytes[idx];
  return ((b >> shift) & 1) != 0;
}

Prefix Prefix::masked(const IpAddr& addr, int length) {
  if (length < 0) length = 0;
  if (length > addr.max_length()) length = addr.max_length();
  auto clear = [length](auto bytes) {
    for (std::size_t k = 0; k < bytes.size(); ++k) {
      const int first_bit = static_cast<int>(k) * 8;
      if (first_bit >= length) {
        bytes[k] = 0;
      } else if (first_bit + 8 > length) {
        bytes[k] = static_cast<std::uint8_t>(bytes[k] & (0xff << (8 - (length - first_bit))));
      }
    }
    return bytes;
  };
  Prefix p;
  if (addr.is_v4()) {
    p.addr = Ipv4Addr{clear(addr.v4().bytes)};
  } else {
    p.addr = Ipv6Addr{clear(addr.v6().bytes)};
  }
  p.length = static_cast<std::uint8_t>(length);
  return p;
}

Expected<Prefix, std::string> Prefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return Unexpected{std::string("missing '/<length>'")};
  const auto addr_text = text.substr(0, slash);
  const auto len_text = text.substr(slash + 1);
  auto addr = IpAddr::parse(addr_text);
  if (!addr) return Unexpected{"invalid address '" + std::string(addr_text) + "'"};
  int len = 0;
  if (len_text.empty() || len_text.size() > 3 || (len_text.size() > 1 && len_text[0] == '0'))
    return Unexpected{"invalid prefix length '" + std::string(len_text) + "'"};
  for (char c : len_text) {
    if (!is_digit(c)) return Unexpected{"invalid prefix length '" + std::string(len_text) + "'"};
    len = len * 10 + (c - '0');
  }
  if (len > addr->max_length())
    return Unexpected{"prefix length " + std::to_string(len) + " out of range 0.." +
                      std::to_string(addr->max_length())};
  Prefix p = masked(*addr, len);
  if (p.addr != *addr)
    return Unexpected{"host bits set after /" + std::to_string(len) + " (did you mean " + p.to_string() +
                      "?)"};
  return p;
}

bool Prefix::contains(const IpAddr& a) const {
  if (a.family() != addr.family()) return false;
  return masked(a, length).addr == addr;
}

std::string Prefix::to_string() const {
  return addr.to_string() + "/" + std::to_string(length);
}

bool is_documentation(const Ipv4Addr& a) {
  return in_v4(a, 0xC0000200, 24) || in_v4(a, 0xC6336400, 24) || in_v4(a, 0xCB007100, 24);
}

bool is_documentation(const Ipv6Addr& a) {
  return a.bytes[0] == 0x20 && a.bytes[1] == 0x01 && a.bytes[2] == 0x0d && a.bytes[3] == 0xb8;
}

bool is_global(const Ipv4Addr& a) {
  // RFC 6890 §2.2.2 (+ RFC 7335, RFC 7723, RFC 8155): special-purpose blocks with Global = False.
  struct Range {
    std::uint32_t net;
    int len;
  };
  static constexpr Range kNonGlobal[] = {
      {0x00000000, 8},   // 0.0.0.0/8 "this network"
      {0x0A000000, 8},   // 10.0.0.0/8 private (RFC 1918)
      {0x64400000, 10},  // 100.64.0.0/10 shared address space (RFC 6598)
      {0x7F000000, 8},   // 127.0.0.0/8 loopback
      {0xA9FE0000, 16},  // 169.254.0.0/16 link local
      {0xAC100000, 12},  // 172.16.0.0/12 private
      {0xC0000200, 24},  // 192.0.2.0/24 TEST-NET-1
      {0xC0A80000, 16},  // 192.168.0.0/16 private
      {0xC6120000, 15},  // 198.18.0.0/15 benchmarking
      {0xC6336400, 24},  // 198.51.100.0/24 TEST-NET-2
      {0xCB007100, 24},  // 203.0.113.0/24 TEST-NET-3
      {0xE0000000, 4},   // 224.0.0.0/4 multicast (RFC 5735 §3)
      {0xF0000000, 4},   // 240.0.0.0/4 reserved, incl. 255.255.255.255/32
  };
  for (const auto& r : kNonGlobal)
    if (in_v4(a, r.net, r.len)) return false;
  // 192.0.0.0/24 IETF protocol assignments: not global, except 192.0.0.9/32 (PCP anycast, RFC 7723)
  // and 192.0.0.10/32 (TURN anycast, RFC 8155).
  if (in_v4(a, 0xC0000000, 24)) return a.bytes[3] == 9 || a.bytes[3] == 10;
  return true;
}

}  // namespace v6r
