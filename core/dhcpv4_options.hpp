#pragma once
// DHCPv4, the one parser of the tree (probe check v6only.dhcp108 and the analyzer's DHCP dissector
// both call it): the BOOTP fixed part (RFC 2131 §2, RFC 951), the magic cookie (RFC 2131 §3) and the
// option walk (RFC 2132 §2: Pad and End without a length, every other option code, length, value),
// decoding Lease Time (51, RFC 2132 §9.2), Message Type (53, §9.6), Server Identifier (54, §9.7),
// Parameter Request List (55, §9.8) and IPv6-Only Preferred (108, RFC 8925 §3.1: V6ONLY_WAIT, a
// 32-bit number of seconds). Pure, over the WireReader cursor, no allocation; option overload (52)
// is not followed. Malformed options are typed anomalies.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/anomaly.hpp"
#include "core/wire_reader.hpp"

namespace v6r::dhcpv4 {

inline constexpr std::uint32_t kMagicCookie = 0x63825363;  // 99.130.83.99, RFC 2131 §3
inline constexpr std::size_t kFixedSize = 236;             // op .. file, RFC 2131 §2
inline constexpr std::uint8_t kOptPad = 0;                 // RFC 2132 §3.1
inline constexpr std::uint8_t kOptLeaseTime = 51;          // RFC 2132 §9.2
inline constexpr std::uint8_t kOptMessageType = 53;        // RFC 2132 §9.6
inline constexpr std::uint8_t kOptServerId = 54;           // RFC 2132 §9.7
inline constexpr std::uint8_t kOptParamRequestList = 55;   // RFC 2132 §9.8
inline constexpr std::uint8_t kOptV6OnlyPreferred = 108;   // RFC 8925 §3.1
inline constexpr std::uint8_t kOptEnd = 255;               // RFC 2132 §3.2

/// RFC 2131 §2: the fixed part (sname and file skipped).
struct Header {
  std::uint8_t op = 0, htype = 0, hlen = 0, hops = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0, flags = 0;
  std::array<std::uint8_t, 4> ciaddr{}, yiaddr{}, siaddr{}, giaddr{};
  std::array<std::uint8_t, 16> chaddr{};
};
/// Reads the 236 octets of the fixed part; nullopt (and `r` failed) when fewer are left.
std::optional<Header> read_header(WireReader& r);
/// True, and `r` past it, when the next four octets are the magic cookie (else plain BOOTP: no options).
bool read_magic_cookie(WireReader& r);

struct LeaseTime {
  std::uint32_t seconds = 0;
};
struct MessageType {
  std::uint8_t type = 0;  ///< 1 DISCOVER, 2 OFFER, ... (RFC 2132 §9.6)
};
struct ServerId {
  std::array<std::uint8_t, 4> address{};
};
struct ParamRequestList {
  Bytes codes;
};
struct V6OnlyWait {
  std::uint32_t seconds = 0;
};

struct Option {
  std::uint8_t code = 0;
  std::uint8_t length = 0;
  std::size_t offset = 0;  ///< of the code octet, in the reader the walk started from
  Bytes data;              ///< the `length` octets of the value
  /// Decoded for the codes above when their length is right; monostate otherwise.
  std::variant<std::monostate, LeaseTime, MessageType, ServerId, ParamRequestList, V6OnlyWait> value;
  /// A decoded code with a length its RFC does not allow (truncated_dhcp_option; `value` is monostate).
  std::optional<OptionAnomaly> anomaly;
};

/// RFC 2132 §2 option walk after the cookie: Pad is skipped; next() returns nullopt at End, at the
/// end of the data, or when an option's length octet is missing or its value runs past the end — then
/// stop() says which (truncated_dhcp_option; the options before it are kept).
class OptionReader {
 public:
  explicit OptionReader(WireReader r) : r_(r) {}
  std::optional<Option> next();
  [[nodiscard]] const std::optional<OptionAnomaly>& stop() const { return stop_; }

 private:
  WireReader r_;
  std::optional<OptionAnomaly> stop_;
};

/// One line of English for a DHCPv4 option anomaly:
/// "option 108 with length 2 ignored (RFC 8925 §3.1: must be 4)".
std::string describe(const OptionAnomaly& a);

}  // namespace v6r::dhcpv4
