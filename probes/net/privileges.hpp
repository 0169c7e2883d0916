#pragma once
// Privilege drop once the capture handle is open (docs/conventions.md "Safety"). The probe keeps only the
// capabilities its checks need and drops everything else from the effective, permitted and
// inheritable sets, the ambient set and the bounding set, then sets PR_SET_NO_NEW_PRIVS (so no
// exec'd program can regain any). Raw capset(2)/prctl(2) syscalls: libcap-dev is not a dependency.
//
// What each kept capability is for:
//  - CAP_NET_RAW (13): raw ICMPv6 echo when net.ipv4.ping_group_range excludes us, listening for
//    Router Advertisements (PREF64, RFC 8781) on a raw ICMPv6 socket, the DHCPv4 client's raw/packet
//    socket (RFC 8925 option 108 check). An already-open pcap handle needs nothing more.
//  - CAP_NET_BIND_SERVICE (10): only the DHCPv4 client, which must send from UDP port 68.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace v6r::probe {

inline constexpr int kCapNetBindService = 10;
inline constexpr int kCapNetRaw = 13;

/// Bit mask of capability numbers.
inline constexpr std::uint64_t cap_mask(std::initializer_list<int> caps) {
  std::uint64_t m = 0;
  for (int c : caps) m |= std::uint64_t{1} << c;
  return m;
}
/// The default kept set: CAP_NET_RAW | CAP_NET_BIND_SERVICE.
inline constexpr std::uint64_t kProbeKeptCaps = cap_mask({kCapNetRaw, kCapNetBindService});

/// Parses one "CapEff:\t000001fffeffffff" style field out of /proc/<pid>/status text.
std::optional<std::uint64_t> parse_status_cap(std::string_view status_text, std::string_view field);
/// CapEff of this process (from /proc/self/status); nullopt if unreadable.
std::optional<std::uint64_t> read_cap_eff();
/// Names of the bits in `mask` ("cap_net_raw", "cap_net_bind_service", or "cap_<n>").
std::vector<std::string> cap_names(std::uint64_t mask);

struct DropReport {
  std::uint64_t kept = 0;     ///< effective == permitted after the drop
  std::uint64_t dropped = 0;  ///< bits that were effective before and are gone now
  bool no_new_privs = false;
};

/// Keeps exactly `keep ∩ currently-permitted`, drops the rest everywhere (see the file comment).
/// Irreversible for the process. Error text names the failing step and errno.
Expected<DropReport, std::string> drop_privileges(std::uint64_t keep = kProbeKeptCaps);

}  // namespace v6r::probe
