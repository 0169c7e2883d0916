// v6bench-pcaploop: the denominator of the analyzer benchmark — a bare libpcap count loop
// (pcap_open_offline + pcap_next_ex), touching nothing but the record header.
//
//   v6bench-pcaploop FILE
//
// Prints one line: `packets=N bytes=B seconds=S maxrss_kb=K cpu_seconds=C` (bytes = sum of captured
// lengths; cpu_seconds = user + system time of the process: what the loop cost on a loaded machine).
#include <pcap/pcap.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: v6bench-pcaploop FILE\n");
    return 2;
  }
  char err[PCAP_ERRBUF_SIZE] = {};
  const auto t0 = std::chrono::steady_clock::now();
  pcap_t* p = pcap_open_offline(argv[1], err);
  if (p == nullptr) {
    std::fprintf(stderr, "v6bench-pcaploop: %s\n", err);
    return 2;
  }
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  pcap_pkthdr* h = nullptr;
  const std::uint8_t* data = nullptr;
  int rc = 0;
  while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
    ++packets;
    bytes += h->caplen;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (rc == PCAP_ERROR) std::fprintf(stderr, "v6bench-pcaploop: %s\n", pcap_geterr(p));
  pcap_close(p);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                     static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  std::printf("packets=%llu bytes=%llu seconds=%.6f maxrss_kb=%ld cpu_seconds=%.6f\n",
              static_cast<unsigned long long>(packets), static_cast<unsigned long long>(bytes), secs,
              ru.ru_maxrss, cpu);
  return rc == PCAP_ERROR ? 3 : 0;
}
