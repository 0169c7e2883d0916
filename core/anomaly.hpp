#pragma once
// Anomalies are data: a malformed layer or option becomes a named kind (a counter in the analyzer,
// a typed entry in a probe's observations), never a crash and never the end of the run. The one
// vocabulary of kinds, shared by the core wire parsers (nd_options, dhcpv4_options), the analyzer's
// dissectors (which count them per frame, analyzers/dissect/anomaly.hpp) and the probe checks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace v6r {

// X(name): the name is what reports print; keep them stable (tests and findings refer to them).
#define V6R_ANOMALIES(X)       \
  X(unsupported_link_type)     \
  X(frame_len_lt_caplen)       \
  X(truncated_null_header)     \
  X(truncated_ethernet)        \
  X(truncated_vlan_tag)        \
  X(too_many_vlan_tags)        \
  X(truncated_sll)             \
  X(truncated_sll2)            \
  X(truncated_ppp)             \
  X(truncated_chdlc)           \
  X(truncated_pppoe)           \
  X(bad_pppoe_length)          \
  X(truncated_wlan)            \
  X(truncated_radiotap)        \
  X(bad_radiotap_header)       \
  X(truncated_nflog)           \
  X(bad_nflog_tlv)             \
  X(truncated_gre)             \
  X(truncated_vxlan)           \
  X(truncated_geneve)          \
  X(tunnel_too_deep)           \
  X(truncated_arp)             \
  X(truncated_ipv4)            \
  X(bad_ipv4_version)          \
  X(bad_ipv4_ihl)              \
  X(bad_ipv4_total_length)     \
  X(bad_ipv4_option)           \
  X(truncated_ipv6)            \
  X(bad_ipv6_version)          \
  X(bad_ipv6_payload_length)   \
  X(truncated_ipv6_ext_header) \
  X(ipv6_ext_chain_too_long)   \
  X(truncated_tcp)             \
  X(bad_tcp_data_offset)       \
  X(bad_tcp_option)            \
  X(truncated_udp)             \
  X(bad_udp_length)            \
  X(truncated_icmp)            \
  X(truncated_icmpv6)          \
  X(bad_nd_option_length)      \
  X(truncated_nd_option)       \
  X(bad_pref64_option)         \
  X(truncated_dhcp)            \
  X(truncated_dhcp_option)     \
  X(dns_parse_error)           \
  X(dns_tcp_segmented)         \
  X(bad_nd_prefix_length)

enum class Anomaly : std::uint8_t {
#define V6R_X(n) n,
  V6R_ANOMALIES(V6R_X)
#undef V6R_X
      count_
};

inline constexpr std::size_t kAnomalyKinds = static_cast<std::size_t>(Anomaly::count_);

constexpr std::string_view anomaly_name(Anomaly a) {
  constexpr std::array<std::string_view, kAnomalyKinds> names{
#define V6R_X(n) #n,
      V6R_ANOMALIES(V6R_X)
#undef V6R_X
  };
  const auto i = static_cast<std::size_t>(a);
  return i < names.size() ? names[i] : std::string_view{"unknown"};
}

/// An anomaly in a type-length-value option list (ND options, DHCPv4 options), with where it was
/// seen, so that a caller can say more than the kind. Human text: nd::describe, dhcpv4::describe.
struct OptionAnomaly {
  Anomaly kind = Anomaly::count_;
  std::uint8_t code = 0;               ///< the option's type (ND) or code (DHCPv4)
  std::optional<std::uint8_t> length;  ///< its length field; nullopt when the data ended before it
  std::size_t offset = 0;              ///< of the option's first octet, in the reader it was read from
  std::uint32_t value = 0;             ///< the offending field where there is one (a PLC, a prefix length)
  bool stopped = false;                ///< the option walk ended here (nothing after it was read)

  friend bool operator==(const OptionAnomaly&, const OptionAnomaly&) = default;
};

}  // namespace v6r
