#pragma once
// v6only.dhcp108, the pure half: a DHCPDISCOVER that asks for option 108 (RFC 8925 §3.2), the
// DHCPOFFER parser (RFC 2131 §2 fixed header + RFC 2132 options, bounded), and the verdict.
// Unit-tested in tests/probe/v6only_dhcp108_test.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dhcpv4_options.hpp"
#include "core/expected.hpp"
#include "core/ip.hpp"
#include "core/message.hpp"
#include "core/result.hpp"
#include "core/wire_reader.hpp"

namespace v6r::probe::v6only {

inline constexpr std::uint8_t kDhcpOptV6OnlyPreferred = dhcpv4::kOptV6OnlyPreferred;  // RFC 8925 §3.1
inline constexpr std::uint32_t kMinV6OnlyWait = 300;  // RFC 8925 §3.4 MIN_V6ONLY_WAIT

/// DHCPDISCOVER (RFC 2131 §4.4.1) from `mac`, transaction `xid`, broadcast flag set (we have no
/// IPv4 address to receive a unicast on), options 53 (DISCOVER), 55 (PRL: 1, 3, 6, 108) and 255.
/// Option 108 goes in the PRL only: RFC 8925 §3.2 has the client request it there.
std::vector<std::uint8_t> build_discover(std::uint32_t xid, const std::vector<std::uint8_t>& mac);

struct DhcpReply {
  std::uint8_t op = 0;
  std::uint32_t xid = 0;
  Ipv4Addr yiaddr, siaddr;
  std::optional<std::uint8_t> message_type;  // option 53
  std::optional<Ipv4Addr> server_id;         // option 54
  std::optional<std::uint32_t> v6only_wait;  // option 108 (V6ONLY_WAIT, seconds)
  std::optional<std::uint32_t> lease_s;      // option 51
  std::vector<OptionAnomaly> anomalies;      // malformed options, in order (text: dhcpv4::describe)
};

/// A BOOTREPLY from the start of the BOOTP header (UDP payload), read by the one DHCPv4 parser
/// (core/dhcpv4_options.hpp). Errors: shorter than the 236-octet fixed part + cookie, no magic
/// cookie. Options are walked with bounds (pad 0 skipped, end 255 stops, an option running past the
/// end stops with an anomaly, a decoded option of the wrong length is an anomaly); option overload
/// (52) is not followed.
Expected<DhcpReply, std::string> parse_dhcp_reply(Bytes udp_payload);

/// Whether option 108 must be offered ("expect" parameter).
enum class Option108 { present, absent, any };

struct Dhcp108Input {
  std::optional<DhcpReply> offer;  // the first DHCPOFFER for our xid, if any
  Option108 expect = Option108::present;
  std::uint32_t min_wait_s = kMinV6OnlyWait;
  std::uint32_t waited_ms = 0;
};
struct Dhcp108Verdict {
  Verdict verdict = Verdict::error;
  MessageRef reason;
  std::optional<std::string> rfc;
};
Dhcp108Verdict decide_dhcp108(const Dhcp108Input& in);

/// DHCPv4 transactions this probe started (v6only.leak does not count its own DHCP exchange, which a
/// concurrent v6only.dhcp108 causes, as leakage). Single Asio thread: no locking needed beyond it.
void note_own_dhcp_xid(std::uint32_t xid);
bool is_own_dhcp_xid(std::uint32_t xid);

}  // namespace v6r::probe::v6only
