#pragma once
// The site's access mode from evidence (docs/findings-schema.md "Access mode"):
//  - IPv4 present: v6only.leak failed (an IPv4 address, default route or frame on the node's segment),
//    IPv4/ARP frames in the capture (the probe's own RFC 8925 DHCPv4 exchange not counted), or a
//    reachability check that worked went out natively over IPv4;
//  - IPv4 absent: v6only.leak passed and nothing above was seen;
//  - IPv6 working: a reachability check reached its target over IPv6 alone (native or NAT64);
//  - DNS64/NAT64 in use: a working check reached an address under the site's Pref64::/n.
// Modes: dual-stack (IPv4 and working IPv6), IPv6-only (IPv4 absent), IPv4-only (IPv4 present, IPv6
// tried and never worked), unknown (saying what is missing).
#include <vector>

#include "analyzers/score/level_inputs.hpp"
#include "analyzers/score/services.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

findings::Access access_mode(const LevelInputs& in);

}  // namespace v6r::analyze
