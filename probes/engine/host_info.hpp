#pragma once
// Facts about the host that run.json records: hostname, the interface of the default IPv6 route,
// and whether the kernel clock is synchronized (adjtimex(2)).
#include <optional>
#include <string>
#include <string_view>

#include "core/run_info.hpp"

namespace v6r::probe {

/// gethostname(2); "unknown" if it fails.
std::string host_name();

/// The device of the first IPv6 default route (::/0) in /proc/net/ipv6_route text, skipping "lo"
/// (the kernel's unreachable default). nullopt when there is none.
std::optional<std::string> default_route_interface(std::string_view ipv6_route_text);
/// Same over /proc/net/ipv6_route of this network namespace.
std::optional<std::string> default_route_interface();

/// Kernel clock state from adjtimex(2) in read-only mode (modes = 0, needs no privilege):
/// STA_UNSYNC set or TIME_ERROR -> synced false; otherwise true; detail names status, estimated
/// and maximum error. A failing call gives synced = null.
ClockState clock_state();
/// Pure part of clock_state(), for tests: `rc` is adjtimex's return value.
ClockState clock_state_from(int rc, int status, long esterror_us, long maxerror_us);

/// A site path as the CLI accepts it (core/site_path.hpp: 1 to 6 '/'-separated segments of [a-z0-9-],
/// e.g. province/district/commune or a service name).
bool is_cli_site(std::string_view site);

}  // namespace v6r::probe
