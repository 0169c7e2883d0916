// v6bench-dissect: the stateless analyzer figure — the library path of `v6analyze dissect` without its
// text output: mmap edge (CaptureFile) + CaptureReader + dissect_frame + anomaly counters, per frame.
//
//   v6bench-dissect [--threads T] FILE...
//
// With several files, T worker threads take files from a shared queue (the "many sites" figure: one
// capture per site). Prints one line: `packets=N bytes=B seconds=S maxrss_kb=K rss_anon_kb=R dns=D
// anomalies=A cpu_seconds=C` (C: user + system time of the process, all threads).
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "analyzers/capture/capture_reader.hpp"
#include "analyzers/capture_file.hpp"
#include "analyzers/dissect/anomaly.hpp"
#include "analyzers/dissect/dissect.hpp"
#include "analyzers/dissect/packet.hpp"

namespace {

using namespace v6r::analyze;

struct Totals {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t dns = 0;
  std::uint64_t anomalies = 0;
  bool failed = false;
};

void dissect_file(const std::string& path, Totals& t) {
  auto file = CaptureFile::open(path);
  if (!file) {
    std::fprintf(stderr, "v6bench-dissect: %s\n", file.error().c_str());
    t.failed = true;
    return;
  }
  CaptureReader rd(file->bytes());
  CaptureFrame f;
  Packet p;
  AnomalyCounters anomalies;
  ReadStatus st;
  while ((st = rd.next(f)) == ReadStatus::frame) {
    dissect_frame(f.link_type, f.data, f.len, f.number, p);
    for (int i = 0; i < p.anomaly_count; ++i) anomalies.add(p.anomalies[i], f.number);
    t.anomalies += static_cast<std::uint64_t>(p.anomaly_count);
    if (p.app == App::dns) ++t.dns;
    ++t.packets;
    t.bytes += f.caplen;
  }
  if (st == ReadStatus::error) {
    std::fprintf(stderr, "v6bench-dissect: %s: frame %llu offset %llu: %s\n", path.c_str(),
                 static_cast<unsigned long long>(rd.error().frame),
                 static_cast<unsigned long long>(rd.error().offset), rd.error().reason.c_str());
    t.failed = true;
  }
}

/// Anonymous resident memory now (kB), from /proc/self/status: the mapped capture's page-cache pages
/// count in ru_maxrss but are not memory the analyzer allocates.
long rss_anon_kb() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, "RssAnon:", 8) == 0) kb = std::strtol(line + 8, nullptr, 10);
  }
  std::fclose(f);
  return kb;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else {
      files.emplace_back(a);
    }
  }
  if (files.empty() || threads == 0) {
    std::fprintf(stderr, "usage: v6bench-dissect [--threads T] FILE...\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Totals> per(threads);
  std::atomic<std::size_t> next{0};
  auto work = [&](Totals& t) {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) dissect_file(files[i], t);
  };
  if (threads == 1) {
    work(per[0]);
  } else {
    std::vector<std::thread> pool;
    for (unsigned k = 0; k < threads; ++k) pool.emplace_back(work, std::ref(per[k]));
    for (auto& th : pool) th.join();
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Totals sum;
  for (const auto& t : per) {
    sum.packets += t.packets;
    sum.bytes += t.bytes;
    sum.dns += t.dns;
    sum.anomalies += t.anomalies;
    sum.failed = sum.failed || t.failed;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                     static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  std::printf(
      "packets=%llu bytes=%llu seconds=%.6f maxrss_kb=%ld rss_anon_kb=%ld dns=%llu anomalies=%llu "
      "cpu_seconds=%.6f\n",
      static_cast<unsigned long long>(sum.packets), static_cast<unsigned long long>(sum.bytes), secs,
      ru.ru_maxrss, rss_anon_kb(), static_cast<unsigned long long>(sum.dns),
      static_cast<unsigned long long>(sum.anomalies), cpu);
  return sum.failed ? 3 : 0;
}
