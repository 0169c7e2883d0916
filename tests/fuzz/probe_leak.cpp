// Fuzz target: the probe's frame classifier for IPv4 leakage (probes/checks/v6only_leak.hpp
// classify_frame), which v6only.leak runs on every Ethernet frame of its packet socket: ARP, IPv4,
// DHCPv4 (UDP 67/68, with the transaction id). The input is an Ethernet II frame.
// Invariants: never fails; a kind other than `other` needs the 14-octet Ethernet header; a DHCP xid
// only for DHCPv4; addresses only in dotted-quad form.
#include <cstdint>

#include "core/ip.hpp"
#include "probes/checks/v6only_leak.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::probe::v6only;
  const FrameInfo f = classify_frame(v6r::Bytes(data, size));
  if (f.kind != FrameKind::other && size < 14) __builtin_trap();
  if (f.dhcp_xid && f.kind != FrameKind::dhcpv4) __builtin_trap();
  if (f.kind == FrameKind::dhcpv4 && f.ip_proto != 17) __builtin_trap();
  for (const std::string* a : {&f.src, &f.dst})
    if (!a->empty() && !v6r::Ipv4Addr::parse(*a)) __builtin_trap();
  if (to_string(f.kind).empty()) __builtin_trap();
  return 0;
}
