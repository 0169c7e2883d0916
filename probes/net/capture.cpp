#include "probes/net/capture.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

#include "core/pcapng_writer.hpp"

namespace v6r::probe {

std::string build_capture_filter(std::span<const IpAddr> resolvers, std::span<const Prefix> allowed) {
  std::string targets;
  auto add = [&](const std::string& term) {
    if (!targets.empty()) targets += " or ";
    targets += term;
  };
  for (const auto& r : resolvers) add("host " + r.to_string());
  for (const auto& p : allowed) {
    if (p.length == p.addr.max_length())
      add("host " + p.addr.to_string());
    else
      add("net " + p.to_string());
  }
  const std::string always = "arp or icmp6 or (udp port 67 or udp port 68)";
  if (targets.empty()) return always;
  return "(" + targets + ") or " + always;
}

std::uint16_t linktype_from_dlt(int dlt) {
  switch (dlt) {
#ifdef DLT_RAW
    case DLT_RAW:
      return capture::linktype::kRaw;  // DLT_RAW is 12 or 14 depending on the OS; LINKTYPE_RAW is 101
#endif
    default:
      return static_cast<std::uint16_t>(dlt);  // DLT_EN10MB=1, LINUX_SLL=113, LINUX_SLL2=276 equal LINKTYPE_*
  }
}

struct Capture::Impl {
  Impl(asio::any_io_executor ex, CaptureConfig c) : sd(std::move(ex)), cfg(std::move(c)) {}
  asio::posix::stream_descriptor sd;
  CaptureConfig cfg;
  pcap_t* pcap = nullptr;
  std::FILE* file = nullptr;
  std::unique_ptr<capture::PcapngWriter> writer;
  std::uint32_t if_id = 0;
  std::uint16_t link_type = 0;
  std::uint64_t written = 0;
  bool nano = true;
  bool stopped = false;
  bool write_error = false;
  CaptureStats final_stats;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  static void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
    auto* self = reinterpret_cast<Impl*>(user);
    std::uint64_t ts_ns = static_cast<std::uint64_t>(h->ts.tv_sec) * 1'000'000'000ull +
                          static_cast<std::uint64_t>(h->ts.tv_usec) * (self->nano ? 1ull : 1000ull);
    self->writer->write_packet(self->if_id, ts_ns, Bytes(bytes, h->caplen), h->len);
    ++self->written;
  }

  void dispatch_all(int max_rounds) {
    for (int i = 0; i < max_rounds; ++i) {
      int n = pcap_dispatch(pcap, -1, &Impl::on_packet, reinterpret_cast<u_char*>(this));
      if (n <= 0) break;
    }
  }

  // With TPACKET_V3 the block the kernel is filling only becomes readable when it is full or its
  // retire timer (cfg.timeout_ms) fires. So drain, then keep polling for just over one timeout so
  // every packet that arrived before stop() is in a retired block, and drain until empty.
  void drain_at_stop() {
    using Clock = std::chrono::steady_clock;
    dispatch_all(1 << 20);
    const int fd = pcap_get_selectable_fd(pcap);
    const auto deadline = Clock::now() + std::chrono::milliseconds(cfg.timeout_ms + 20);
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 || fd < 0) break;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
      dispatch_all(1 << 20);
    }
    dispatch_all(1 << 20);
  }

  void arm() {
    sd.async_wait(asio::posix::descriptor_base::wait_read, [this, a = alive](const ErrorCode& ec) {
      if (!*a || ec || stopped) return;
      dispatch_all(64);
      arm();
    });
  }

  void close_all() {
    if (sd.is_open()) {
      ErrorCode ec;
      sd.cancel(ec);
      sd.release();  // non-owning: pcap_close closes the fd
    }
    if (pcap) pcap_close(std::exchange(pcap, nullptr));
    writer.reset();
    if (file) std::fclose(std::exchange(file, nullptr));
  }

  ~Impl() {
    *alive = false;
    close_all();
  }
};

Capture::Capture(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Capture::~Capture() = default;

Expected<std::unique_ptr<Capture>, std::string> Capture::open(asio::any_io_executor ex, CaptureConfig cfg) {
  auto impl = std::make_unique<Impl>(std::move(ex), std::move(cfg));
  auto& s = *impl;
  char err[PCAP_ERRBUF_SIZE] = {};
  s.pcap = pcap_create(s.cfg.interface.c_str(), err);
  if (!s.pcap) return Unexpected{s.cfg.interface + ": " + err};
  pcap_set_snaplen(s.pcap, s.cfg.snaplen);
  pcap_set_promisc(s.pcap, 0);
  // Not immediate mode: libpcap implements immediate mode with TPACKET_V2, whose ring is made of
  // fixed-size frames of about the snaplen each (pcap-linux.c create_ring(): frame = snaplen, capped
  // at max(MTU, 65535) + 18 only for Ethernet with offloads; one frame per power-of-two block). With
  // snaplen 262144 and 8 MiB that was 32 frames ("any") or ~127 (Ethernet/lo), whatever the packets'
  // real size, so a 1 MiB HTTP transfer overflowed it (lab: 413 of 1,393 dropped; 3 MiB on lo: ~200
  // dropped). Without immediate mode libpcap uses TPACKET_V3: 256 KiB blocks packed with
  // variable-size packets, handed over when full or after the timeout below. 32 MiB = 128 blocks,
  // room for ~20,000 MTU-sized packets (~500 64 KiB GSO packets) between two reads of the loop. The
  // snaplen does not size V3 slots, so it stays 262144 (no truncation of GSO/GRO packets). The cost
  // is latency: packets reach the file up to timeout_ms late, and stop() waits one timeout.
  pcap_set_immediate_mode(s.pcap, 0);
  pcap_set_timeout(s.pcap, s.cfg.timeout_ms);
  pcap_set_buffer_size(s.pcap, s.cfg.buffer_bytes);
  s.nano = pcap_set_tstamp_precision(s.pcap, PCAP_TSTAMP_PRECISION_NANO) == 0;
  int rc = pcap_activate(s.pcap);
  if (rc < 0) {
    std::string why = pcap_geterr(s.pcap);
    if (rc == PCAP_ERROR_PERM_DENIED && why.find("permission") == std::string::npos)
      why += " (permission denied)";
    return Unexpected{s.cfg.interface + ": " + std::string(pcap_statustostr(rc)) + ": " + why};
  }
  s.nano = pcap_get_tstamp_precision(s.pcap) == PCAP_TSTAMP_PRECISION_NANO;
  if (!s.cfg.filter.empty()) {
    bpf_program prog{};
    if (pcap_compile(s.pcap, &prog, s.cfg.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      return Unexpected{"capture filter '" + s.cfg.filter + "': " + pcap_geterr(s.pcap)};
    }
    int frc = pcap_setfilter(s.pcap, &prog);
    pcap_freecode(&prog);
    if (frc != 0) return Unexpected{"capture filter: " + std::string(pcap_geterr(s.pcap))};
  }
  if (pcap_setnonblock(s.pcap, 1, err) != 0) return Unexpected{s.cfg.interface + ": setnonblock: " + err};
  int fd = pcap_get_selectable_fd(s.pcap);
  if (fd < 0) return Unexpected{s.cfg.interface + ": no selectable fd"};
  ErrorCode ec;
  s.sd.assign(fd, ec);
  if (ec) return Unexpected{s.cfg.interface + ": " + ec.message()};

  s.file = std::fopen(s.cfg.output_path.c_str(), "wb");
  if (!s.file) return Unexpected{s.cfg.output_path + ": cannot create capture file"};
  std::setvbuf(s.file, nullptr, _IOFBF, 1 << 20);
  Impl* self = impl.get();
  s.writer = std::make_unique<capture::PcapngWriter>(
      [self](Bytes b) {
        if (self->file && std::fwrite(b.data(), 1, b.size(), self->file) != b.size())
          self->write_error = true;
      },
      "v6probe capture on " + s.cfg.interface + (s.cfg.filter.empty() ? "" : " filter: " + s.cfg.filter),
      "v6probe");
  s.link_type = linktype_from_dlt(pcap_datalink(s.pcap));
  capture::InterfaceDesc desc;
  desc.link_type = s.link_type;
  desc.snaplen = static_cast<std::uint32_t>(s.cfg.snaplen);
  desc.name = s.cfg.interface;
  desc.tsresol = 9;
  s.if_id = s.writer->add_interface(desc);
  return std::unique_ptr<Capture>(new Capture(std::move(impl)));
}

void Capture::start() {
  if (!impl_->stopped) impl_->arm();
}

Expected<CaptureStats, std::string> Capture::stop() {
  auto& s = *impl_;
  if (s.stopped) return s.final_stats;
  s.stopped = true;
  if (s.pcap) s.drain_at_stop();  // everything libpcap / the kernel ring still hold
  CaptureStats st;
  st.written = s.written;
  pcap_stat ps{};
  std::string err;
  if (s.pcap && pcap_stats(s.pcap, &ps) == 0) {
    st.received = ps.ps_recv;
    st.dropped = ps.ps_drop;
    st.if_dropped = ps.ps_ifdrop;
  }
  if (s.file && std::fflush(s.file) != 0) s.write_error = true;
  s.close_all();
  s.final_stats = st;
  if (s.write_error) return Unexpected{s.cfg.output_path + ": write error (disk full?)"};
  return st;
}

std::uint16_t Capture::link_type() const {
  return impl_->link_type;
}
const std::string& Capture::interface() const {
  return impl_->cfg.interface;
}
std::uint64_t Capture::written() const {
  return impl_->written;
}

}  // namespace v6r::probe
