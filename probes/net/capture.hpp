#pragma once
// The probe's packet capture (written into the bundle as capture.pcapng, docs/architecture.md "Run bundle").
// libpcap on one interface (pcap_create, snaplen 262144, TPACKET_V3 ring of 32 MiB with a 50 ms
// block timeout — not immediate mode, see capture.cpp —, non-blocking, nanosecond timestamps), its
// selectable fd watched by the Asio loop (capture runs on the same loop as the checks, no thread),
// every packet written through core's PcapngWriter with the interface name and link type (the "any"
// pseudo-interface gives LINUX_SLL/SLL2). stop() waits out one block timeout so the kernel retires
// the block it is filling, drains everything, flushes and closes the file, and returns pcap_stats for
// run.json.
// Needs CAP_NET_RAW (or root) to open; open it before drop_privileges().
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/ip.hpp"
#include "probes/net/asio.hpp"

namespace v6r::probe {

/// The BPF filter text: traffic to/from the resolvers and the allow-listed prefixes, plus
/// `arp or icmp6 or (udp port 67 or udp port 68)` so IPv4 leakage (ARP, DHCPv4) and neighbour
/// discovery / RAs are kept. E.g. "(host 2001:db8::53 or net 2001:db8::/32) or arp or icmp6 or
/// (udp port 67 or udp port 68)".
std::string build_capture_filter(std::span<const IpAddr> resolvers, std::span<const Prefix> allowed);

/// LINKTYPE_* (pcapng IDB) for a libpcap DLT_* value.
std::uint16_t linktype_from_dlt(int dlt);

struct CaptureConfig {
  std::string interface;    ///< e.g. "eth0", "lo", "any"
  std::string output_path;  ///< capture.pcapng (created/truncated)
  std::string filter;       ///< BPF text; empty = everything
  int snaplen = 262144;
  int buffer_bytes = 32 * 1024 * 1024;  ///< kernel ring buffer (TPACKET_V3 blocks)
  int timeout_ms = 50;                  ///< TPACKET_V3 block retire timeout (capture latency bound)
};

struct CaptureStats {
  std::uint64_t written = 0;     ///< packets written to the pcapng file
  std::uint32_t received = 0;    ///< pcap_stats ps_recv
  std::uint32_t dropped = 0;     ///< ps_drop: dropped by the kernel (buffer full)
  std::uint32_t if_dropped = 0;  ///< ps_ifdrop: dropped by the interface/driver
};

class Capture {
 public:
  /// Opens and activates the handle, applies the filter, creates the file (SHB + IDB). Errors carry
  /// libpcap's text ("lo: You don't have permission to capture on that device (socket: Operation not
  /// permitted)"); the error text of a permission problem contains "permission".
  static Expected<std::unique_ptr<Capture>, std::string> open(asio::any_io_executor ex, CaptureConfig cfg);
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  /// Starts reading on the loop.
  void start();
  /// Drains, writes, flushes and closes; idempotent (later calls return the same stats).
  Expected<CaptureStats, std::string> stop();

  [[nodiscard]] std::uint16_t link_type() const;
  [[nodiscard]] const std::string& interface() const;
  [[nodiscard]] std::uint64_t written() const;

  struct Impl;

 private:
  explicit Capture(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace v6r::probe
