#pragma once
// v6only.ra, the pure half: the probe's view of a Router Advertisement (RFC 4861 §4.2, §4.6) with
// the PREF64 option (RFC 8781 §4), RDNSS (RFC 8106 §5.1) and Prefix Information, as decoded by the
// one ND parser (core/nd_options.hpp), plus the verdict from the decoded facts. No sockets here:
// unit-tested with hand-built RAs (tests/probe/v6only_ra_test.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/ip.hpp"
#include "core/message.hpp"
#include "core/nd_options.hpp"
#include "core/result.hpp"
#include "core/wire_reader.hpp"

namespace v6r::probe::v6only {

struct Pref64Option {
  Prefix prefix;                 // Pref64::/n, n from the PLC
  std::uint8_t plc = 0;          // Prefix Length Code 0..5
  std::uint32_t lifetime_s = 0;  // Scaled Lifetime × 8 (RFC 8781 §4)
};

struct PrefixInfo {
  Prefix prefix;
  bool on_link = false, autonomous = false;
  std::uint32_t valid_s = 0, preferred_s = 0;
};

struct Rdnss {
  std::uint32_t lifetime_s = 0;
  std::vector<Ipv6Addr> servers;
};

struct RaInfo {
  std::uint8_t cur_hop_limit = 0;
  bool managed = false, other = false;
  std::uint16_t router_lifetime_s = 0;
  std::optional<std::uint32_t> mtu;
  std::vector<PrefixInfo> prefixes;
  std::vector<Rdnss> rdnss;
  std::vector<Pref64Option> pref64;      // valid PREF64 options, in order
  std::vector<OptionAnomaly> anomalies;  // options a host MUST ignore, in order (text: nd::describe)
};

/// The 14 octets after Type/Length of a PREF64 option (RFC 8781 §4, decoded by nd::decode_pref64) as
/// a Pref64::/n. PLC 6 and 7 are errors (the receiver MUST ignore the option). Bits past the prefix
/// length are cleared, as a receiver uses only the first n.
Expected<Pref64Option, std::string> decode_pref64(Bytes body);

/// An ICMPv6 Router Advertisement from its ICMPv6 header on (type 134). The RA header must be
/// complete (error otherwise); options are walked by nd::OptionReader: a zero-length option or one
/// running past the end stops the walk with an anomaly (RFC 4861 §4.6: length 0 is invalid, the node
/// MUST silently discard such an ND packet — we keep what preceded it and say so); an option a host
/// MUST ignore (wrong length, PREF64 PLC 6/7, prefix length > 128) is left out and listed.
Expected<RaInfo, std::string> parse_ra(Bytes icmp);

/// Router Solicitation (RFC 4861 §4.1): type 133, no options, checksum left 0 for the kernel.
std::vector<std::uint8_t> build_router_solicitation();

/// What v6only.ra concludes from what it saw (pure; see v6only_ra.cpp's file comment for the mapping).
struct RaVerdictInput {
  int ras_seen = 0;
  std::optional<RaInfo> ra;        // the RA the verdict rests on (the first with PREF64, else the first)
  std::optional<Prefix> expected;  // the check's expected_prefix or the scenario's expect.pref64
  bool require_pref64 = false;
  std::uint32_t waited_ms = 0;
};
struct RaVerdict {
  Verdict verdict = Verdict::error;
  MessageRef reason;
  std::optional<std::string> rfc;
  bool retryable = false;
};
RaVerdict decide_ra(const RaVerdictInput& in);

}  // namespace v6r::probe::v6only
