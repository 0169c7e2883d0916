#pragma once
// IP address and prefix vocabulary: parse, RFC 5952 canonical text, prefix containment, and the
// RFC 6890 special-purpose IPv4 ranges (needed for the RFC 6052 §3.1 Well-Known Prefix rule).
// Pure value types: no sockets, no system resolver, nothing throws.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/expected.hpp"

namespace v6r {

struct Ipv4Addr {
  std::array<std::uint8_t, 4> bytes{};

  static constexpr Ipv4Addr from_u32(std::uint32_t v) {
    return Ipv4Addr{{static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                     static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}};
  }
  [[nodiscard]] constexpr std::uint32_t to_u32() const {
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
           (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
  }
  /// Strict dotted quad: four decimal octets 0..255, no leading zeros, nothing else.
  static std::optional<Ipv4Addr> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  auto operator<=>(const Ipv4Addr&) const = default;
};

struct Ipv6Addr {
  std::array<std::uint8_t, 16> bytes{};

  /// RFC 4291 §2.2 text forms (incl. "::" and a trailing dotted quad); no zone id, no brackets.
  static std::optional<Ipv6Addr> parse(std::string_view text);
  /// RFC 5952 canonical text (lower case, longest zero run compressed, first on a tie, a single
  /// zero group not compressed); ::ffff:0:0/96 (IPv4-mapped) keeps the dotted quad (RFC 5952 §5).
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] bool is_v4_mapped() const;
  auto operator<=>(const Ipv6Addr&) const = default;
};

enum class IpFamily { v4, v6 };

class IpAddr {
 public:
  IpAddr() : v_(Ipv6Addr{}) {}
  IpAddr(Ipv4Addr a) : v_(a) {}  // NOLINT(google-explicit-constructor)
  IpAddr(Ipv6Addr a) : v_(a) {}  // NOLINT(google-explicit-constructor)

  /// Either family; IPv6 when the text contains ':'.
  static std::optional<IpAddr> parse(std::string_view text);

  [[nodiscard]] IpFamily family() const { return v_.index() == 0 ? IpFamily::v4 : IpFamily::v6; }
  [[nodiscard]] bool is_v4() const { return v_.index() == 0; }
  [[nodiscard]] bool is_v6() const { return v_.index() == 1; }
  [[nodiscard]] const Ipv4Addr& v4() const { return std::get<0>(v_); }  // precondition: is_v4()
  [[nodiscard]] const Ipv6Addr& v6() const { return std::get<1>(v_); }  // precondition: is_v6()
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] int max_length() const { return is_v4() ? 32 : 128; }
  /// Bit i (0 = most significant) of the address.
  [[nodiscard]] bool bit(int i) const;

  auto operator<=>(const IpAddr&) const = default;

 private:
  std::variant<Ipv4Addr, Ipv6Addr> v_;
};

/// An address prefix "addr/len". Host bits beyond `length` are zero (parse rejects them).
struct Prefix {
  IpAddr addr;
  std::uint8_t length = 0;

  /// "2001:db8::/32", "192.0.2.0/24". Errors name the problem ("prefix length 129 out of range
  /// 0..128", "host bits set after /32 (did you mean 2001:db8::/32?)").
  static Expected<Prefix, std::string> parse(std::string_view text);
  /// Prefix from any address, host bits cleared.
  static Prefix masked(const IpAddr& addr, int length);

  [[nodiscard]] IpFamily family() const { return addr.family(); }
  [[nodiscard]] bool contains(const IpAddr& a) const;
  [[nodiscard]] bool contains(const Prefix& p) const { return p.length >= length && contains(p.addr); }
  /// Canonical text: canonical address + "/" + length.
  [[nodiscard]] std::string to_string() const;

  auto operator<=>(const Prefix&) const = default;
};

/// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737).
bool is_documentation(const Ipv4Addr& a);
/// 2001:db8::/32 (RFC 3849).
bool is_documentation(const Ipv6Addr& a);
/// False for every RFC 6890 special-purpose range whose "Global" attribute is False (this registry,
/// as updated, e.g. 100.64.0.0/10, 192.0.0.0/24 except 192.0.0.9 and .10), plus 224.0.0.0/4
/// multicast and 240.0.0.0/4 (RFC 5735 §3 lists them): what RFC 6052 §3.1 calls "non-global".
bool is_global(const Ipv4Addr& a);

}  // namespace v6r
