#pragma once
// RFC 6052 IPv4-embedded IPv6 addresses (embed/extract for every legal prefix length), the
// Well-Known Prefix rules (§3.1), RFC 8215 local-use prefix recognition, and the RFC 7050 §3
// Pref64::/n discovery from the AAAA answers for ipv4only.arpa. Pure functions, nothing throws.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/ip.hpp"

namespace v6r::addr {

/// RFC 6052 §2.2: the only legal Pref64::/n lengths — the one table of them in the tree. Longest
/// first, because that is also the order of the RFC 8781 §4 Prefix Length Code: PLC 0..5 = /96, /64,
/// /56, /48, /40, /32.
inline constexpr std::array<int, 6> kLegalLengths = {96, 64, 56, 48, 40, 32};
bool is_legal_length(int length);
/// RFC 8781 §4: the prefix length of a PREF64 Prefix Length Code; 0 for PLC 6 and 7 (invalid).
constexpr int plc_prefix_length(unsigned plc) {
  return plc < kLegalLengths.size() ? kLegalLengths[plc] : 0;
}
/// RFC 8781 §4: the Prefix Length Code for a prefix length; nullopt for a length PREF64 cannot carry.
constexpr std::optional<std::uint8_t> plc_of_length(int length) {
  for (std::size_t plc = 0; plc < kLegalLengths.size(); ++plc)
    if (kLegalLengths[plc] == length) return static_cast<std::uint8_t>(plc);
  return std::nullopt;
}
/// "32, 40, 48, 56, 64, 96" (for messages).
std::string legal_lengths_text();

/// RFC 7050 §2.2 well-known IPv4 addresses of ipv4only.arpa.
inline constexpr Ipv4Addr kWka1{{192, 0, 0, 170}};
inline constexpr Ipv4Addr kWka2{{192, 0, 0, 171}};

enum class Rfc6052Error {
  not_ipv6_prefix,        // the prefix is an IPv4 prefix
  illegal_length,         // not one of kLegalLengths (§2.2)
  u_octet_nonzero,        // bits 64..71 not zero (§2.2 MUST)
  wkp_non_global_ipv4,    // 64:ff9b::/96 with a non-global IPv4 address (§3.1 MUST NOT)
  address_not_in_prefix,  // extract: the IPv6 address is not inside the prefix
};
std::string_view to_string(Rfc6052Error e);  // "illegal_length", ...

struct Rfc6052Failure {
  Rfc6052Error code;
  std::string message;  // human text citing the RFC section
};

enum class PrefixKind {
  well_known,        // 64:ff9b::/96 (RFC 6052 §2.1)
  local_use,         // inside 64:ff9b:1::/48 (RFC 8215), a network-specific prefix
  network_specific,  // any other legal prefix
};
std::string_view to_string(PrefixKind k);
PrefixKind classify(const Prefix& pref64);

/// Checks that `pref64` can be a Pref64::/n: IPv6, legal length, and for /96 bits 64..71 zero.
Expected<Prefix, Rfc6052Failure> validate_pref64(const Prefix& pref64);

struct Options {
  /// Enforce RFC 6052 §3.1 (WKP never with a non-global IPv4). The RFC's own §2.4 example table
  /// uses 64:ff9b::192.0.2.33, so the pure mechanics can switch it off.
  bool enforce_wkp_global = true;
};

/// RFC 6052 §2.2: the IPv4-embedded IPv6 address (u-octet and suffix zero).
Expected<Ipv6Addr, Rfc6052Failure> embed(const Prefix& pref64, const Ipv4Addr& v4, Options opt = {});

struct Extracted {
  Ipv4Addr ipv4;
  /// §2.2: the suffix "SHOULD be set to zero" — a warning, not a failure (lengths 32..64 only).
  bool suffix_nonzero = false;
};
/// RFC 6052 §2.3: the IPv4 address embedded in `v6`, which must lie inside `pref64`.
Expected<Extracted, Rfc6052Failure> extract(const Prefix& pref64, const Ipv6Addr& v6, Options opt = {});

/// Mechanics only: the 32 bits at the position used by a /`length` prefix (length must be legal),
/// and whether bits 64..71 are zero. No prefix membership, no WKP rule.
Ipv4Addr ipv4_at(int length, const Ipv6Addr& v6);
bool u_octet_zero(const Ipv6Addr& v6);

struct DiscoveryResult {
  /// Distinct candidate Pref64::/n, in the order first found.
  std::vector<Prefix> prefixes;
  /// Why an answer gave no prefix ("2001:db8::1: no well-known address at any RFC 6052 position").
  std::vector<std::string> notes;
};
/// RFC 7050 §3: search every AAAA answer for 192.0.0.170 / 192.0.0.171 at each RFC 6052 position
/// (u-octet zero). An answer matching at exactly one position yields the prefix. An answer matching
/// at several positions is ambiguous; it is resolved only if exactly one of those positions is also
/// where the *other* well-known address was found in another answer (§3: the secondary WKA exists to
/// resolve this), otherwise that answer is ignored with a note.
DiscoveryResult discover_pref64(std::span<const Ipv6Addr> aaaa);

}  // namespace v6r::addr
