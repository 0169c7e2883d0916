// The SYN reaper's thread (syn_reaper.hpp).
#include "probes/net/syn_reaper.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace v6r::probe {

struct SynReaper::State {
  struct Entry {
    int fd = -1;
    std::multimap<Clock::time_point, std::uint64_t>::iterator due;
    bool reaped = false;
    std::uint32_t resent = 0;  // tcpi_total_retrans before the reaping
  };
  mutable std::mutex m;
  std::condition_variable cv;
  std::multimap<Clock::time_point, std::uint64_t> queue;  // armed and not yet due
  std::unordered_map<std::uint64_t, Entry> armed;
  std::uint64_t next_id = 1;
  std::uint64_t reaped = 0;
  bool stop = false;
  std::thread thread;

  void run() {
    std::unique_lock lk(m);
    while (!stop) {
      if (queue.empty()) {
        cv.wait(lk);
        continue;
      }
      const auto first = queue.begin()->first;
      if (Clock::now() < first) {
        cv.wait_until(lk, first);
        continue;
      }
      const auto now = Clock::now();
      while (!queue.empty() && queue.begin()->first <= now) {
        const std::uint64_t id = queue.begin()->second;
        queue.erase(queue.begin());
        auto it = armed.find(id);
        if (it == armed.end()) continue;
        Entry& e = it->second;
        e.due = queue.end();
        // Only an attempt still waiting for its SYN-ACK: an established connection is the caller's.
        tcp_info ti{};
        socklen_t len = sizeof ti;
        if (::getsockopt(e.fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 && ti.tcpi_state == TCP_SYN_SENT &&
            ::shutdown(e.fd, SHUT_RDWR) == 0) {
          e.reaped = true;
          e.resent = ti.tcpi_total_retrans;
          ++reaped;
        }
      }
    }
  }
};

SynReaper::SynReaper() : s_(new State) {}

SynReaper::~SynReaper() {
  {
    std::lock_guard lk(s_->m);
    s_->stop = true;
  }
  s_->cv.notify_all();
  if (s_->thread.joinable()) s_->thread.join();
  delete s_;
}

SynReaper& SynReaper::instance() {
  static SynReaper r;
  return r;
}

std::uint64_t SynReaper::arm(int fd, Clock::time_point deadline) {
  bool earliest = false;
  std::uint64_t id = 0;
  {
    std::lock_guard lk(s_->m);
    if (!s_->thread.joinable()) s_->thread = std::thread([this] { s_->run(); });
    id = s_->next_id++;
    auto due = s_->queue.emplace(deadline, id);
    s_->armed.emplace(id, State::Entry{fd, due, false, 0});
    earliest = due == s_->queue.begin();
  }
  if (earliest) s_->cv.notify_one();
  return id;
}

bool SynReaper::disarm(std::uint64_t ticket, std::uint32_t* resent) {
  if (ticket == 0) return false;
  std::lock_guard lk(s_->m);
  auto it = s_->armed.find(ticket);
  if (it == s_->armed.end()) return false;
  const bool reaped = it->second.reaped;
  if (resent) *resent = it->second.resent;
  if (it->second.due != s_->queue.end()) s_->queue.erase(it->second.due);
  s_->armed.erase(it);
  return reaped;
}

std::uint64_t SynReaper::reaped() const {
  std::lock_guard lk(s_->m);
  return s_->reaped;
}

}  // namespace v6r::probe
