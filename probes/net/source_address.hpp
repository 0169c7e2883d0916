#pragma once
// The source address the kernel would choose for a destination (RFC 6724 source selection on the route
// to it), for evidence 5-tuples of sockets that are never connected (raw and ping sockets send with
// sendto(2); a connected raw socket would stop receiving the ICMPv6 errors routers send). Learnt from
// a UDP socket connected to the destination: connect(2) on UDP sends nothing.
#include <optional>

#include "probes/net/asio.hpp"

namespace v6r::probe {

/// `scope_id`: the interface index for a link-local or link-scope multicast destination (0 otherwise).
/// nullopt when there is no route (then nothing would be sent either).
std::optional<asio::ip::address> source_address_toward(const asio::ip::address& dst, unsigned scope_id = 0);

}  // namespace v6r::probe
