#include "probes/net/capture.hpp"

#include <pcap/pcap.h>

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
  pcap_set_immediate_mode(s.pcap, 1);
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
  if (s.pcap) s.dispatch_all(1000);  // drain what libpcap / the kernel ring still hold
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
