#pragma once
// The fallback resolver: the first `nameserver` of /etc/resolv.conf (resolv.conf(5)), used only when
// neither the scenario nor the CLI names one. A tiny pure parser (no libresolv, no c-ares config).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.hpp"

namespace v6r::probe {

struct ResolverAddress {
  IpAddr address;
  std::uint16_t port = 53;
  std::string scope;  ///< "%eth0" zone of a link-local nameserver, kept verbatim (without '%')
};

/// Every well-formed `nameserver ADDR` line, in order. Comments ('#' or ';' to end of line), other
/// keywords and malformed addresses are skipped.
std::vector<ResolverAddress> parse_resolv_conf(std::string_view text);

/// The first nameserver of the file at `path`; nullopt if unreadable or none.
std::optional<ResolverAddress> first_system_nameserver(const std::string& path = "/etc/resolv.conf");

/// c-ares server CSV syntax: "[2001:db8::53]:53" / "192.0.2.53:53" (ares_set_servers_ports_csv).
std::string to_cares_csv(const std::vector<ResolverAddress>& servers);

}  // namespace v6r::probe
