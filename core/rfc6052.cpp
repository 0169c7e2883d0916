#include "core/rfc6052.hpp"

#include <algorithm>
#include <array>

namespace v6r::addr {
namespace {

Unexpected<Rfc6052Failure> fail(Rfc6052Error code, std::string msg) {
  return Unexpected{Rfc6052Failure{code, std::move(msg)}};
}

// Byte positions of the four IPv4 octets for each legal length (RFC 6052 §2.2 figure 1: byte 8,
// bits 64..71, is the u-octet and is always skipped).
std::array<std::size_t, 4> v4_positions(int length) {
  switch (length) {
    case 32:
      return {4, 5, 6, 7};
    case 40:
      return {5, 6, 7, 9};
    case 48:
      return {6, 7, 9, 10};
    case 56:
      return {7, 9, 10, 11};
    case 64:
      return {9, 10, 11, 12};
    default:
      return {12, 13, 14, 15};  // 96
  }
}

const Prefix& wkp() {
  static const Prefix p = Prefix::masked(IpAddr(*Ipv6Addr::parse("64:ff9b::")), 96);
  return p;
}
const Prefix& local_use() {
  static const Prefix p = Prefix::masked(IpAddr(*Ipv6Addr::parse("64:ff9b:1::")), 48);
  return p;
}

}  // namespace

bool is_legal_length(int length) {
  return std::find(kLegalLengths.begin(), kLegalLengths.end(), length) != kLegalLengths.end();
}

std::string legal_lengths_text() {
  std::string s;
  for (auto it = kLegalLengths.rbegin(); it != kLegalLengths.rend(); ++it)
    s += (s.empty() ? "" : ", ") + std::to_string(*it);
  return s;
}

std::string_view to_string(Rfc6052Error e) {
  switch (e) {
    case Rfc6052Error::not_ipv6_prefix:
      return "not_ipv6_prefix";
    case Rfc6052Error::illegal_length:
      return "illegal_length";
    case Rfc6052Error::u_octet_nonzero:
      return "u_octet_nonzero";
    case Rfc6052Error::wkp_non_global_ipv4:
      return "wkp_non_global_ipv4";
    case Rfc6052Error::address_not_in_prefix:
      return "address_not_in_prefix";
  }
  return "unknown";
}

std::string_view to_string(PrefixKind k) {
  switch (k) {
    case PrefixKind::well_known:
      return "well-known";
    case PrefixKind::local_use:
      return "local-use";
    case PrefixKind::network_specific:
      return "network-specific";
  }
  return "unknown";
}

PrefixKind classify(const Prefix& p) {
  if (p == wkp()) return PrefixKind::well_known;
  if (local_use().contains(p)) return PrefixKind::local_use;
  return PrefixKind::network_specific;
}

Expected<Prefix, Rfc6052Failure> validate_pref64(const Prefix& p) {
  if (!p.addr.is_v6()) return fail(Rfc6052Error::not_ipv6_prefix, p.to_string() + " is not an IPv6 prefix");
  if (!is_legal_length(p.length))
    return fail(Rfc6052Error::illegal_length, "prefix length " + std::to_string(p.length) +
                                                  " is not one of " + legal_lengths_text() +
                                                  " (RFC 6052 §2.2)");
  if (p.length == 96 && p.addr.v6().bytes[8] != 0)
    return fail(Rfc6052Error::u_octet_nonzero,
                p.to_string() + ": bits 64-71 (u-octet) must be zero (RFC 6052 §2.2)");
  return p;
}

Expected<Ipv6Addr, Rfc6052Failure> embed(const Prefix& pref64, const Ipv4Addr& v4, Options opt) {
  auto ok = validate_pref64(pref64);
  if (!ok) return Unexpected{ok.error()};
  if (opt.enforce_wkp_global && classify(pref64) == PrefixKind::well_known && !is_global(v4))
    return fail(Rfc6052Error::wkp_non_global_ipv4,
                "the Well-Known Prefix 64:ff9b::/96 must not represent the non-global IPv4 address " +
                    v4.to_string() + " (RFC 6052 §3.1)");
  Ipv6Addr out = pref64.addr.v6();  // host bits already zero (Prefix invariant): u-octet, suffix zero
  const auto pos = v4_positions(pref64.length);
  for (std::size_t k = 0; k < 4; ++k) out.bytes[pos[k]] = v4.bytes[k];
  return out;
}

Ipv4Addr ipv4_at(int length, const Ipv6Addr& v6) {
  const auto pos = v4_positions(length);
  return Ipv4Addr{{v6.bytes[pos[0]], v6.bytes[pos[1]], v6.bytes[pos[2]], v6.bytes[pos[3]]}};
}

bool u_octet_zero(const Ipv6Addr& v6) {
  return v6.bytes[8] == 0;
}

Expected<Extracted, Rfc6052Failure> extract(const Prefix& pref64, const Ipv6Addr& v6, Options opt) {
  auto ok = validate_pref64(pref64);
  if (!ok) return Unexpected{ok.error()};
  if (!pref64.contains(IpAddr(v6)))
    return fail(Rfc6052Error::address_not_in_prefix, v6.to_string() + " is not inside " + pref64.to_string());
  if (!u_octet_zero(v6))
    return fail(Rfc6052Error::u_octet_nonzero,
                v6.to_string() + ": bits 64-71 (u-octet) must be zero (RFC 6052 §2.2)");
  Extracted out;
  out.ipv4 = ipv4_at(pref64.length, v6);
  if (opt.enforce_wkp_global && classify(pref64) == PrefixKind::well_known && !is_global(out.ipv4))
    return fail(Rfc6052Error::wkp_non_global_ipv4,
                v6.to_string() +
                    ": the Well-Known Prefix 64:ff9b::/96 must not represent the non-global "
                    "IPv4 address " +
                    out.ipv4.to_string() + " (RFC 6052 §3.1)");
  if (pref64.length < 96) {
    const std::size_t suffix_start = v4_positions(pref64.length)[3] + 1;
    for (std::size_t k = suffix_start; k < 16; ++k)
      if (v6.bytes[k] != 0) out.suffix_nonzero = true;
  }
  return out;
}

DiscoveryResult discover_pref64(std::span<const Ipv6Addr> aaaa) {
  // Positions (legal lengths) at which each answer carries WKA1 / WKA2.
  struct Hits {
    std::vector<int> wka1, wka2;
  };
  std::vector<Hits> hits(aaaa.size());
  for (std::size_t i = 0; i < aaaa.size(); ++i) {
    if (!u_octet_zero(aaaa[i])) continue;
    for (int len : kLegalLengths) {
      const Ipv4Addr v4 = ipv4_at(len, aaaa[i]);
      if (v4 == kWka1) hits[i].wka1.push_back(len);
      if (v4 == kWka2) hits[i].wka2.push_back(len);
    }
  }
  DiscoveryResult out;
  auto add = [&](const Ipv6Addr& a, int len) {
    Prefix p = Prefix::masked(IpAddr(a), len);
    if (std::find(out.prefixes.begin(), out.prefixes.end(), p) == out.prefixes.end())
      out.prefixes.push_back(p);
  };
  auto list = [](const std::vector<int>& v) {
    std::string s;
    for (int len : v) s += (s.empty() ? "/" : ", /") + std::to_string(len);
    return s;
  };
  for (std::size_t i = 0; i < aaaa.size(); ++i) {
    const auto& h = hits[i];
    std::vector<int> positions = h.wka1;
    positions.insert(positions.end(), h.wka2.begin(), h.wka2.end());
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    const std::string who = aaaa[i].to_string();
    if (!u_octet_zero(aaaa[i])) {
      out.notes.push_back(who + ": u-octet (bits 64-71) not zero, ignored");
      continue;
    }
    if (positions.empty()) {
      out.notes.push_back(who + ": no well-known address at any RFC 6052 position");
      continue;
    }
    if (positions.size() == 1) {
      add(aaaa[i], positions[0]);
      continue;
    }
    // Ambiguous: keep the positions where the other WKA was seen in a *different* answer.
    std::vector<int> confirmed;
    for (int len : positions) {
      const bool has1 = std::find(h.wka1.begin(), h.wka1.end(), len) != h.wka1.end();
      for (std::size_t j = 0; j < aaaa.size(); ++j) {
        if (j == i) continue;
        const auto& other = has1 ? hits[j].wka2 : hits[j].wka1;
        if (std::find(other.begin(), other.end(), len) != other.end()) {
          confirmed.push_back(len);
          break;
        }
      }
    }
    if (confirmed.size() == 1) {
      add(aaaa[i], confirmed[0]);
    } else {
      out.notes.push_back(who + ": well-known address found at several positions (" + list(positions) +
                          "), ambiguous, ignored (RFC 7050 §3)");
    }
  }
  return out;
}

}  // namespace v6r::addr
