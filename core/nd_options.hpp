#pragma once
// Neighbor Discovery, the one parser of the tree (probe check v6only.ra and the analyzer's ICMPv6
// dissector both call it): the Router Advertisement header (RFC 4861 §4.2) and the option walk
// (RFC 4861 §4.6) with Source/Target Link-Layer Address (§4.6.1), Prefix Information (§4.6.2), MTU
// (§4.6.4), RDNSS (RFC 8106 §5.1) and PREF64 (RFC 8781 §4). Pure, over the WireReader cursor, no
// allocation: values are spans into the caller's bytes. Malformed options are typed anomalies.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/anomaly.hpp"
#include "core/wire_reader.hpp"

namespace v6r::nd {

inline constexpr std::uint8_t kOptSourceLinkAddr = 1;  // RFC 4861 §4.6.1
inline constexpr std::uint8_t kOptTargetLinkAddr = 2;  // RFC 4861 §4.6.1
inline constexpr std::uint8_t kOptPrefixInfo = 3;      // RFC 4861 §4.6.2
inline constexpr std::uint8_t kOptMtu = 5;             // RFC 4861 §4.6.4
inline constexpr std::uint8_t kOptRdnss = 25;          // RFC 8106 §5.1
inline constexpr std::uint8_t kOptPref64 = 38;         // RFC 8781 §4

/// RFC 4861 §4.2: the Router Advertisement fields after the ICMPv6 type, code and checksum.
struct RaHeader {
  std::uint8_t cur_hop_limit = 0;
  std::uint8_t flags = 0;  ///< M = 0x80, O = 0x40
  std::uint16_t router_lifetime = 0;
  std::uint32_t reachable_time = 0, retrans_timer = 0;
  [[nodiscard]] bool managed() const { return (flags & 0x80) != 0; }
  [[nodiscard]] bool other() const { return (flags & 0x40) != 0; }
};
/// Reads the 12 octets of RaHeader; nullopt (and `r` failed) when fewer are left.
std::optional<RaHeader> read_ra_header(WireReader& r);

struct LinkLayerAddress {  // §4.6.1: 6 octets on Ethernet, more on other links
  Bytes address;
};
struct PrefixInformation {  // §4.6.2
  std::uint8_t length = 0;
  std::uint8_t flags = 0;  ///< L = 0x80, A = 0x40
  std::uint32_t valid_lifetime = 0, preferred_lifetime = 0;
  std::array<std::uint8_t, 16> prefix{};
  [[nodiscard]] bool on_link() const { return (flags & 0x80) != 0; }
  [[nodiscard]] bool autonomous() const { return (flags & 0x40) != 0; }
};
struct Mtu {  // §4.6.4
  std::uint32_t mtu = 0;
};
struct Rdnss {  // RFC 8106 §5.1
  std::uint32_t lifetime = 0;
  Bytes addresses;  ///< n × 16 octets, n ≥ 1
  [[nodiscard]] std::size_t count() const { return addresses.size() / 16; }
  [[nodiscard]] Bytes address(std::size_t i) const { return addresses.subspan(i * 16, 16); }
};
/// RFC 8781 §4: Scaled Lifetime (13 bits, units of 8 s) | PLC (3 bits), then the highest 96 bits.
struct Pref64 {
  std::array<std::uint8_t, 16> prefix{};  ///< the 96 bits as sent, octets 12..15 zero (not masked)
  std::uint8_t plc = 0;
  std::uint8_t length = 0;  ///< PLC 0..5 → /96, /64, /56, /48, /40, /32 (core/rfc6052.hpp); 0 for PLC 6, 7
  std::uint16_t scaled_lifetime = 0;
  [[nodiscard]] bool valid() const { return length != 0; }
  [[nodiscard]] std::uint32_t lifetime_s() const { return std::uint32_t{scaled_lifetime} * 8U; }
};
/// The 14 octets after a PREF64 option's Type and Length; nullopt when fewer.
std::optional<Pref64> decode_pref64(Bytes body);

struct Option {
  std::uint8_t type = 0;
  std::uint8_t length = 0;  ///< in units of 8 octets, ≥ 1
  std::size_t offset = 0;   ///< of the Type octet, in the reader the walk started from
  Bytes body;               ///< the length × 8 − 2 octets after Type and Length
  /// Decoded for the types above when their length is right; monostate otherwise.
  std::variant<std::monostate, LinkLayerAddress, PrefixInformation, Mtu, Rdnss, Pref64> value;
  /// Set when a host MUST ignore the option: a length its RFC does not allow (then `value` is
  /// monostate), a PREF64 PLC of 6 or 7, a prefix length over 128 (then `value` holds what was sent).
  std::optional<OptionAnomaly> anomaly;
};

/// RFC 4861 §4.6 option walk, bounded by the data: each next() returns one option; it returns nullopt
/// at the end, or when an option's header is cut, its length is 0 ("nodes MUST silently discard" the
/// packet) or it runs past the end, and then stop() says which (the options before it are kept).
class OptionReader {
 public:
  /// Walks the rest of `r` (offsets are r's, so a reader over a whole message gives message offsets).
  explicit OptionReader(WireReader r) : r_(r) {}
  explicit OptionReader(Bytes options) : r_(options) {}
  std::optional<Option> next();
  [[nodiscard]] const std::optional<OptionAnomaly>& stop() const { return stop_; }

 private:
  WireReader r_;
  std::optional<OptionAnomaly> stop_;
};

/// One line of English for an ND option anomaly ("PREF64 with invalid PLC 7 ignored (RFC 8781 §4: ...)").
std::string describe(const OptionAnomaly& a);

}  // namespace v6r::nd
