#pragma once
// Invariants every dissector layer must keep, whatever the input (shared by the analyzer_* layer fuzz
// targets). A violation traps, so libFuzzer and the ctest replay both report it.
#include <cstdint>

#include "analyzers/dissect/dissect.hpp"
#include "core/dns_parse.hpp"
#include "core/dns_summary.hpp"
#include "core/rfc6052.hpp"

namespace v6r::fuzz {

/// `inner` lies inside `outer` (an empty span is always fine: it may point anywhere).
inline bool within(Bytes inner, Bytes outer) {
  if (inner.empty()) return true;
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

inline void check_packet(const analyze::Packet& p, Bytes in) {
  using namespace v6r::analyze;
  if (p.anomaly_count > Packet::kMaxAnomalies) __builtin_trap();
  // Every span the dissectors hand out is a view into the input, never past it.
  if (!within(p.l4_payload, in)) __builtin_trap();
  if (!within(p.dns.message, in)) __builtin_trap();
  if (p.app == App::dhcp && !within(p.dhcp.param_request_list, in)) __builtin_trap();
  // Bounded tables.
  if (p.ip6.ext_count > Ipv6Info::kMaxExt) __builtin_trap();
  if (p.link.vlan_count > p.link.vlan_id.size()) __builtin_trap();
  if (p.has_wlan && p.wlan.addr_count > p.wlan.addr.size()) __builtin_trap();
  // Tunnels: bounded nesting, every open layer named, the bound reached exactly when it is reported.
  if (p.tunnel_depth > Packet::kMaxTunnels) __builtin_trap();
  for (std::uint8_t i = 0; i < p.tunnel_depth; ++i)
    if (p.tunnels[i].kind == Tunnel::none) __builtin_trap();
  if (p.has(Anomaly::tunnel_too_deep) && p.tunnel_depth != Packet::kMaxTunnels) __builtin_trap();
  if (p.has_nd) {
    const NdInfo& nd = p.nd;
    if (nd.prefix_count > NdInfo::kMaxPrefixes) __builtin_trap();
    // RFC 8781 §4: the length follows from the PLC; the lifetime is the scaled lifetime × 8.
    if (nd.has_pref64) {
      if (nd.pref64_len != addr::plc_prefix_length(nd.pref64_plc)) __builtin_trap();
      if (nd.pref64_lifetime_s != std::uint32_t{nd.pref64_scaled_lifetime} * 8u) __builtin_trap();
      if (nd.pref64_scaled_lifetime > 0x1FFF) __builtin_trap();
    }
  }
  if (p.app == App::dhcp && p.dhcp.has_v6only_wait && !p.dhcp.has_magic) __builtin_trap();
  // A DNS message the dissector summarized is one core/dns parses, to the same summary; names in it
  // stay within RFC 1035 §2.3.4 (bounded decompression).
  if (p.app == App::dns && p.dns.parsed) {
    if (p.dns.summary.qname_length > dns::Summary::kMaxNameText) __builtin_trap();
    if (p.dns.over_tcp && p.dns.tcp_length != p.dns.message.size()) __builtin_trap();
    auto m = dns::parse(p.dns.message);
    if (!m || !(dns::summary_of(*m) == p.dns.summary)) __builtin_trap();
  }
}

}  // namespace v6r::fuzz
