// v6bench-dns: DNS queries per second through the probe's own DNS client (CaresDnsClient on the Asio
// loop, probes/net), to compare with `dnsperf` against the same resolver.
//
//   v6bench-dns --server ADDR [--port P] --names FILE [--queries N] [--in-flight K] [--type aaaa|a]
//               [--initial-window W] [--max-queued Q]
//
// K coroutines each send one query, await the answer, and send the next, until N have been sent
// (the names of FILE, one per line, used round-robin). --initial-window W: the client's first window
// (CaresConfig::initial_window, default 32); W = K hands the whole burst to c-ares at once, as the
// client did before its ramp-up was paced (for side-by-side figures). --max-queued Q: the window's
// delay signal (CaresConfig::max_queued, default 64); Q = 0 turns it off, as before it existed.
// Prints one line:
// `queries=N ok=O failed=F seconds=S qps=Q peak_in_flight=P retries=R` (R: tries c-ares had to resend,
// each a query the resolver lost). Exit 1 if any query failed.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns.hpp"
#include "core/ip.hpp"
#include "probes/net/cares_dns_client.hpp"

namespace {

using namespace v6r;
using namespace v6r::probe;

struct State {
  std::vector<dns::Name> names;
  std::uint64_t total = 0;
  std::uint64_t sent = 0;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  std::uint16_t qtype = 28;
};

awaitable<void> worker(CaresDnsClient& client, State& st) {
  while (st.sent < st.total) {
    const auto& name = st.names[st.sent % st.names.size()];
    ++st.sent;
    auto out = co_await client.query(name, st.qtype, QueryOptions{}, std::chrono::milliseconds(5000));
    if (out.ok()) {
      ++st.ok;
    } else {
      ++st.failed;
    }
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: v6bench-dns --server ADDR [--port P] --names FILE [--queries N] [--in-flight K] "
               "[--type aaaa|a] [--initial-window W] [--max-queued Q]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string server;
  std::string names_file;
  std::uint16_t port = 53;
  std::size_t in_flight = 64;
  std::size_t initial_window = 0;  // 0: CaresConfig's default
  long max_queued = -1;            // -1: CaresConfig's default
  State st;
  st.total = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    const char* v = argv[i + 1];
    if (a == "--server") {
      server = v;
    } else if (a == "--port") {
      port = static_cast<std::uint16_t>(std::strtoul(v, nullptr, 10));
    } else if (a == "--names") {
      names_file = v;
    } else if (a == "--queries") {
      st.total = std::strtoull(v, nullptr, 10);
    } else if (a == "--in-flight") {
      in_flight = std::strtoul(v, nullptr, 10);
    } else if (a == "--initial-window") {
      initial_window = std::strtoul(v, nullptr, 10);
    } else if (a == "--max-queued") {
      max_queued = std::strtol(v, nullptr, 10);
    } else if (a == "--type") {
      st.qtype = std::string_view(v) == "a" ? 1 : 28;
    } else {
      return usage();
    }
  }
  const auto addr = IpAddr::parse(server);
  if (!addr || names_file.empty() || in_flight == 0) return usage();
  std::ifstream in(names_file);
  for (std::string line; std::getline(in, line);) {
    const auto word = line.substr(0, line.find_first_of(" \t"));
    if (word.empty()) continue;
    if (auto n = dns::Name::from_text(word)) st.names.push_back(*n);
  }
  if (st.names.empty()) {
    std::fprintf(stderr, "v6bench-dns: no names in %s\n", names_file.c_str());
    return 2;
  }

  asio::io_context io;
  CaresConfig cfg;
  cfg.servers.push_back(ResolverAddress{*addr, port, {}});
  cfg.max_in_flight = in_flight;
  if (initial_window > 0) cfg.initial_window = initial_window;
  if (max_queued >= 0) cfg.max_queued = static_cast<std::size_t>(max_queued);
  auto client = CaresDnsClient::create(io.get_executor(), cfg);
  if (!client) {
    std::fprintf(stderr, "v6bench-dns: %s\n", client.error().c_str());
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < in_flight; ++k) asio::co_spawn(io, worker(**client, st), asio::detached);
  io.run();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("queries=%llu ok=%llu failed=%llu seconds=%.3f qps=%.0f peak_in_flight=%zu retries=%llu\n",
              static_cast<unsigned long long>(st.sent), static_cast<unsigned long long>(st.ok),
              static_cast<unsigned long long>(st.failed), secs, static_cast<double>(st.sent) / secs,
              (*client)->peak_in_flight(), static_cast<unsigned long long>((*client)->retries()));
  return st.failed == 0 ? 0 : 1;
}
