// v6bench-connectloop: the denominator for TCP connects per second: a minimal non-blocking epoll
// connect loop (no Asio, no coroutines, no allocation per connect), K connects in flight:
// socket(SOCK_NONBLOCK) -> connect (EINPROGRESS) -> EPOLLOUT -> SO_ERROR -> close -> count -> next.
// Closes the way the probe's transport does (plain close(): FIN, TIME_WAIT on our side), so both
// loops leave the same state behind them; `--close reset` aborts instead (SO_LINGER 0: a reset, no
// TIME_WAIT), as nat64.capacity's rate phase does (Transport::tcp_connect_abort), for the
// independent figure of tests/probe/lab_nat64_capacity.sh.
//
//   v6bench-connectloop --addr ADDR [--port P] [--connects N] [--in-flight K] [--timeout-ms T]
//                       [--close fin|reset]
//
// Prints one line: `connects=N ok=O failed=F seconds=S cps=C` (cps = completed connects per second,
// successful or not) and the first error text if any failed. Exit 0 if all succeeded, 1 if any
// failed, 2 usage.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Slot {
  int fd = -1;
  Clock::time_point started;
};

int usage() {
  std::fprintf(stderr,
               "usage: v6bench-connectloop --addr ADDR [--port P] [--connects N] [--in-flight K] "
               "[--timeout-ms T] [--close fin|reset]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string addr_text;
  unsigned port = 80;
  std::uint64_t total = 5000;
  std::size_t in_flight = 16;
  long timeout_ms = 3000;
  bool reset = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    const char* v = argv[i + 1];
    if (a == "--addr") {
      addr_text = v;
    } else if (a == "--port") {
      port = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
    } else if (a == "--connects") {
      total = std::strtoull(v, nullptr, 10);
    } else if (a == "--in-flight") {
      in_flight = std::strtoul(v, nullptr, 10);
    } else if (a == "--timeout-ms") {
      timeout_ms = std::strtol(v, nullptr, 10);
    } else if (a == "--close" && (std::string_view(v) == "fin" || std::string_view(v) == "reset")) {
      reset = std::string_view(v) == "reset";
    } else {
      return usage();
    }
  }
  if (argc % 2 == 0) return usage();
  sockaddr_storage ss{};
  socklen_t sslen = 0;
  int family = AF_INET6;
  if (auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
      inet_pton(AF_INET6, addr_text.c_str(), &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(static_cast<std::uint16_t>(port));
    sslen = sizeof(sockaddr_in6);
  } else if (auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
             inet_pton(AF_INET, addr_text.c_str(), &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons(static_cast<std::uint16_t>(port));
    sslen = sizeof(sockaddr_in);
    family = AF_INET;
  } else {
    return usage();
  }
  if (in_flight == 0 || total == 0 || port == 0 || port > 65535 || timeout_ms <= 0) return usage();

  const int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) {
    std::perror("epoll_create1");
    return 2;
  }
  // A connected socket is closed with a reset under --close reset (no TIME_WAIT).
  auto close_connected = [reset](int fd) {
    if (reset) {
      const linger l{1, 0};
      (void)::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    ::close(fd);
  };
  std::vector<Slot> slots(in_flight);
  std::uint64_t started = 0, done = 0, ok = 0, failed = 0;
  std::string first_error;
  auto fail = [&](const char* what, int err) {
    ++failed;
    if (first_error.empty()) first_error = std::string(what) + ": " + std::strerror(err);
  };
  // Starts the next connect in slot i; immediate completions (or failures) are counted and retried
  // in the same slot, so the loop below only ever waits on sockets in progress.
  auto start = [&](std::size_t i) {
    while (started < total) {
      ++started;
      const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
      if (fd < 0) {
        fail("socket", errno);
        ++done;
        continue;
      }
      slots[i].started = Clock::now();
      if (::connect(fd, reinterpret_cast<const sockaddr*>(&ss), sslen) == 0) {
        close_connected(fd);
        ++ok;
        ++done;
        continue;
      }
      if (errno != EINPROGRESS) {
        fail("connect", errno);
        ::close(fd);
        ++done;
        continue;
      }
      epoll_event ev{};
      ev.events = EPOLLOUT;
      ev.data.u64 = i;
      if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
        fail("epoll_ctl", errno);
        ::close(fd);
        ++done;
        continue;
      }
      slots[i].fd = fd;
      return;
    }
    slots[i].fd = -1;
  };

  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < in_flight; ++i) start(i);
  std::vector<epoll_event> events(in_flight);
  const auto timeout = std::chrono::milliseconds(timeout_ms);
  while (done < total) {
    const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("epoll_wait");
      return 3;
    }
    for (int e = 0; e < n; ++e) {
      const auto i = static_cast<std::size_t>(events[e].data.u64);
      const int fd = slots[i].fd;
      int err = 0;
      socklen_t len = sizeof err;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
      if (err == 0) {
        ++ok;
        close_connected(fd);  // also removes it from the epoll set
      } else {
        fail("connect", err);
        ::close(fd);
      }
      ++done;
      start(i);
    }
    // Deadline per connect (bounded loop: a black-holed destination still ends).
    const auto now = Clock::now();
    for (std::size_t i = 0; i < in_flight; ++i) {
      if (slots[i].fd >= 0 && now - slots[i].started > timeout) {
        ::close(slots[i].fd);
        fail("connect", ETIMEDOUT);
        ++done;
        start(i);
      }
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  ::close(ep);
  std::printf("connects=%llu ok=%llu failed=%llu seconds=%.3f cps=%.0f\n",
              static_cast<unsigned long long>(done), static_cast<unsigned long long>(ok),
              static_cast<unsigned long long>(failed), secs, static_cast<double>(done) / secs);
  if (!first_error.empty())
    std::fprintf(stderr, "v6bench-connectloop: first error: %s\n", first_error.c_str());
  return failed == 0 ? 0 : 1;
}
