#pragma once
// v6only.literal, the pure half: which path an IPv4 literal takes from this node (CLAT/464XLAT,
// native IPv4, none), decided from the connect outcome and the node's interfaces and IPv4 routes.
// Unit-tested in tests/probe/v6only_literal_test.cpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"
#include "core/result.hpp"

namespace v6r::probe::v6only {

enum class LiteralPath { clat, native, no_clat, blocked, unknown };
std::string_view to_string(LiteralPath p);

struct LiteralFacts {
  bool connected = false;  // TCP handshake completed
  bool timed_out = false;
  std::string error;                         // transport error text ("connect: Network is unreachable", ...)
  std::vector<std::string> clat_interfaces;  // interfaces named clat* / v4-* (Android, clatd)
  std::optional<std::string> default_route_iface;  // the IPv4 default route's interface, if any
};

/// Is `name` a CLAT interface by the common names (clat, clat4, v4-wlan0 of Android's clatd)?
bool is_clat_interface(std::string_view name);

/// reachable (handshake or RST "refused": something answered) → clat when the default route goes
/// out of a CLAT interface or, without an IPv4 default route, a CLAT interface exists; native when the
/// IPv4 default route is on another interface; else unknown. "unreachable" errors → no_clat. A
/// timeout → blocked (a route exists, nothing answers).
LiteralPath classify_literal(const LiteralFacts& f);

struct LiteralVerdict {
  Verdict verdict = Verdict::error;
  MessageRef reason;
  std::optional<std::string> rfc;
};
/// `expect`: the path the scenario requires (clat, no_clat or native: pass when taken, fail
/// otherwise); nullopt: any path, reported as info.
LiteralVerdict decide_literal(LiteralPath p, const LiteralFacts& f, std::optional<LiteralPath> expect,
                              const std::string& target);

}  // namespace v6r::probe::v6only
