#pragma once
// The scenario allow-list guard (docs/conventions.md "Safety"): a probe only sends to destinations inside the
// prefixes the scenario names. Every destination passes check() after name resolution, and every
// synthesized address passes check_synthesized() after DNS64 synthesis — the IPv4 address embedded
// in a synthesized address (RFC 6052 §2.2) counts too, since that is where NAT64 will send.
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/ip.hpp"

namespace v6r::probe {

/// Expected<void, ...> stand-in (core/expected.hpp has no void specialisation).
struct Ok {};

class AllowList {
 public:
  AllowList() = default;  // empty: refuses everything
  explicit AllowList(std::vector<Prefix> prefixes) : prefixes_(std::move(prefixes)) {}
  /// From prefix texts ("2001:db8::/32"); the error names the bad entry.
  static Expected<AllowList, std::string> parse(const std::vector<std::string>& texts);

  /// Ok when `a` lies inside one of the prefixes; otherwise the reason, e.g.
  /// "2001:db9::1 is outside the scenario allow-list [2001:db8::/32, 192.0.2.0/24]".
  [[nodiscard]] Expected<Ok, std::string> check(const IpAddr& a) const;
  /// `v6` is a DNS64-synthesized address under `pref64`: both `v6` itself and the IPv4 address
  /// embedded in it (RFC 6052 §2.3 extraction) must be allowed. Fails also when `v6` is not inside
  /// `pref64` or `pref64` is not a legal Pref64::/n.
  [[nodiscard]] Expected<Ok, std::string> check_synthesized(const Ipv6Addr& v6, const Prefix& pref64) const;

  [[nodiscard]] const std::vector<Prefix>& prefixes() const { return prefixes_; }
  /// "[2001:db8::/32, 192.0.2.0/24]".
  [[nodiscard]] std::string describe() const;

 private:
  std::vector<Prefix> prefixes_;
};

}  // namespace v6r::probe
