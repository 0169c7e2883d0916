#pragma once
// Anomalies are data (STYLE.md §3): a malformed layer becomes a named counter with the first frame
// numbers where it was seen, never a crash and never the end of the run.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace v6r::analyze {

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
  X(dns_tcp_segmented)

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

/// Per-run counters: count per kind plus the first few frame numbers (fixed size, no allocation).
class AnomalyCounters {
 public:
  static constexpr std::size_t kFirstFrames = 5;
  struct Entry {
    std::uint64_t count = 0;
    std::array<std::uint64_t, kFirstFrames> first_frames{};
  };

  void add(Anomaly a, std::uint64_t frame) {
    Entry& e = entries_[static_cast<std::size_t>(a)];
    if (e.count < kFirstFrames) e.first_frames[e.count] = frame;
    ++e.count;
  }
  [[nodiscard]] const Entry& get(Anomaly a) const { return entries_[static_cast<std::size_t>(a)]; }
  [[nodiscard]] std::uint64_t count(Anomaly a) const { return get(a).count; }
  [[nodiscard]] std::uint64_t total() const {
    std::uint64_t t = 0;
    for (const auto& e : entries_) t += e.count;
    return t;
  }

 private:
  std::array<Entry, kAnomalyKinds> entries_{};
};

}  // namespace v6r::analyze
