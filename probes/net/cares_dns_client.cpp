#include "probes/net/cares_dns_client.hpp"

#include <ares.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <random>
#include <unordered_map>

#include "probes/net/limiter.hpp"

namespace v6r::probe {
namespace {

std::optional<Endpoint> endpoint_of(const sockaddr_storage& ss, socklen_t len) {
  if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) return std::nullopt;
  asio::ip::udp::endpoint ep;
  if (len > ep.capacity()) return std::nullopt;
  std::memcpy(ep.data(), &ss, len);
  ep.resize(len);
  return Endpoint::from(ep);
}

struct SocketInfo {
  bool tcp = false;
  std::optional<Endpoint> local;
  std::optional<Endpoint> remote;
};

}  // namespace

struct CaresDnsClient::Impl {
  struct Watch {
    explicit Watch(const asio::any_io_executor& ex) : sd(ex) {}
    asio::posix::stream_descriptor sd;
    bool want_read = false, want_write = false;
    bool reading = false, writing = false;
    bool closed = false;
  };
  struct Request {
    explicit Request(const asio::any_io_executor& ex) : wake(ex) {}
    asio::steady_timer wake;
    DnsOutcome out;
    bool done = false;
    InFlightLimiter::Slot slot;     // held until c-ares finishes with the query
    std::shared_ptr<Request> self;  // set while c-ares holds the query
    Impl* impl = nullptr;
    std::chrono::steady_clock::time_point sent;
  };

  using Clock = std::chrono::steady_clock;

  Impl(asio::any_io_executor e, CaresConfig c)
      : ex(std::move(e)),
        cfg(std::move(c)),
        ares_timer(ex),
        ramp_timer(ex),
        limiter(std::min(cfg.initial_window, cfg.max_in_flight)),
        window(static_cast<double>(limiter.capacity())),
        ssthresh(static_cast<double>(cfg.max_in_flight)),
        first_resolver{asio::ip::make_address(cfg.servers.front().address.to_string()),
                       cfg.servers.front().port} {}

  asio::any_io_executor ex;
  CaresConfig cfg;
  ares_channel channel = nullptr;
  // c-ares's retransmission/timeout clock. Invariant: while c-ares holds a query, the timer is armed
  // no later than the earliest of their timeouts (ares_timeout). A try sent now times out no earlier
  // than now + try_timeout, so a send only re-arms when the timer is idle or armed later than that;
  // the exact (O(queries)) ares_timeout() is asked only when the timer fires.
  asio::steady_timer ares_timer;
  bool timer_armed = false;
  bool idle = true;  // no query pending: no wait outstanding (see after_process)
  Clock::time_point timer_at{};
  // The window (see the header): slow start below ssthresh (one more per answer, and initial_window
  // more per kRampStep while queries wait), one more per window of answers above it.
  static constexpr std::chrono::milliseconds kRampStep{10};
  asio::steady_timer ramp_timer;
  bool ramp_armed = false;
  InFlightLimiter limiter;
  double window;
  double ssthresh;
  // The delay signal: the smallest round trip since the last restart, the smoothed one, and the
  // queries estimated to wait at the resolver (Little's law; TCP Vegas's estimate, Brakmo & Peterson).
  double base_rtt_us = 0;
  double srtt_us = 0;
  double queued = 0;
  std::uint64_t retries = 0;
  Clock::time_point last_answer{};  // the last good answer (or a loss): the idle restart
  Clock::time_point last_good{};    // the last good answer: a loss is congestion only while they come
  Endpoint first_resolver;          // default evidence until c-ares names the socket it used
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  std::unordered_map<int, std::shared_ptr<Watch>> watches;
  std::unordered_map<int, SocketInfo> sockets;
  // Requests c-ares holds: each keeps itself alive (Request::self) until its on_answer, so the
  // waiting coroutine may give up first. By DNS id (a flat table: no node per query).
  std::size_t pending = 0;
  std::vector<Request*> by_qid = std::vector<Request*>(65536, nullptr);
  Request* sending = nullptr;  // set while inside ares_send (UDP is written synchronously there)
  std::uint16_t next_id = static_cast<std::uint16_t>(std::random_device{}());
  ares_socket_functions funcs{};

  // --- c-ares socket functions (plain syscalls + endpoint bookkeeping) ---
  static ares_socket_t s_socket(int domain, int type, int protocol, void* user) {
    int fd = ::socket(domain, type, protocol);
    if (fd >= 0 && (type & SOCK_DGRAM) == SOCK_DGRAM) {
      // One UDP socket carries every query in flight (up to 256 answers queued at once, ~1 KiB of
      // receive buffer each with the skb overhead): ask for more than the default 208 KiB so a burst
      // of answers is not dropped (and retried by c-ares a try_timeout later). The kernel caps it at
      // net.core.rmem_max (doubled); failure is harmless.
      const int rcvbuf = 1 << 20;
      (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    if (fd >= 0)
      static_cast<Impl*>(user)->sockets[fd] = SocketInfo{(type & SOCK_STREAM) == SOCK_STREAM, {}, {}};
    return fd;
  }
  static int s_close(ares_socket_t fd, void* user) {
    static_cast<Impl*>(user)->sockets.erase(fd);
    return ::close(fd);
  }
  static int s_connect(ares_socket_t fd, const sockaddr* sa, ares_socklen_t len, void* user) {
    int rc = ::connect(fd, sa, len);
    int saved = errno;
    auto& info = static_cast<Impl*>(user)->sockets[fd];
    sockaddr_storage ss{};
    std::memcpy(&ss, sa, std::min<std::size_t>(len, sizeof ss));
    info.remote = endpoint_of(ss, len);
    socklen_t l = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &l) == 0) info.local = endpoint_of(ss, l);
    errno = saved;
    return rc;
  }
  static ares_ssize_t s_recvfrom(ares_socket_t fd, void* buf, size_t n, int flags, sockaddr* from,
                                 ares_socklen_t* from_len, void*) {
    return ::recvfrom(fd, buf, n, flags, from, from_len);
  }
  static ares_ssize_t s_sendv(ares_socket_t fd, const iovec* iov, int iovcnt, void* user) {
    static_cast<Impl*>(user)->note_send(fd, iov, iovcnt);
    return ::writev(fd, iov, iovcnt);
  }

  void note_send(int fd, const iovec* iov, int iovcnt) {
    auto it = sockets.find(fd);
    if (it == sockets.end() || iovcnt < 1) return;
    std::uint8_t head[4]{};
    std::size_t got = 0;
    for (int i = 0; i < iovcnt && got < 4; ++i) {
      const auto* p = static_cast<const std::uint8_t*>(iov[i].iov_base);
      for (std::size_t j = 0; j < iov[i].iov_len && got < 4; ++j) head[got++] = p[j];
    }
    const std::size_t off = it->second.tcp ? 2 : 0;
    if (got < off + 2) return;
    auto qid = static_cast<std::uint16_t>((head[off] << 8) | head[off + 1]);
    Request* r = nullptr;
    if (sending) {
      r = sending;
      by_qid[qid] = r;
    } else {
      r = by_qid[qid];
    }
    if (!r) return;
    r->out.query_id = qid;
    r->out.transport = it->second.tcp ? "tcp" : "udp";
    r->out.local = it->second.local;
    r->out.resolver = it->second.remote;
    if (it->second.local && it->second.remote) {
      DnsLeg leg{r->out.transport, *it->second.local, *it->second.remote};
      if (std::find(r->out.legs.begin(), r->out.legs.end(), leg) == r->out.legs.end())
        r->out.legs.push_back(std::move(leg));
    }
  }

  // --- the window ---
  [[nodiscard]] double min_window() const {
    return static_cast<double>(std::max<std::size_t>(1, std::min(cfg.initial_window, cfg.max_in_flight)));
  }
  void set_window(double w) {
    window = std::clamp(w, min_window(), static_cast<double>(cfg.max_in_flight));
    limiter.set_capacity(static_cast<std::size_t>(window));
  }
  /// An answer came (or c-ares gave up): grow the window, or halve it when a try was lost while
  /// other answers still came (congestion; a resolver that answers nothing is not congested).
  /// `rtt`: the answer's round trip when its first try was answered (none after a resend).
  void on_outcome(bool lost, std::optional<std::chrono::microseconds> rtt, std::size_t in_flight) {
    const auto now = Clock::now();
    last_answer = now;
    if (lost) {
      if (now - last_good < cfg.try_timeout) {
        ssthresh = std::max(min_window(), window / 2);
        set_window(ssthresh);
      }
      return;
    }
    last_good = now;
    if (rtt && cfg.max_queued > 0) {
      // The delay signal (see the header): queries waiting at the resolver ~ in flight x (1 - base/srtt).
      const double sample = std::max(1.0, static_cast<double>(rtt->count()));
      base_rtt_us = base_rtt_us > 0 ? std::min(base_rtt_us, sample) : sample;
      srtt_us = srtt_us > 0 ? srtt_us + (sample - srtt_us) / 8 : sample;  // RFC 6298 gain 1/8
      queued = static_cast<double>(in_flight) * (1.0 - base_rtt_us / srtt_us);
      const auto limit = static_cast<double>(cfg.max_queued);
      if (queued > limit) {  // the resolver's queue is long: leave slow start, shrink ~1 per round trip
        ssthresh = std::min(ssthresh, window);
        set_window(window - 1 / window);
        return;
      }
      if (queued > limit / 2) return;  // hold
    }
    if (window < static_cast<double>(cfg.max_in_flight))
      set_window(window < ssthresh ? window + 1 : window + 1 / window);
  }
  /// Queries wait for the window: in slow start it also grows with time (kRampStep).
  void arm_ramp() {
    if (ramp_armed || window >= ssthresh || window >= static_cast<double>(cfg.max_in_flight)) return;
    ramp_armed = true;
    ramp_timer.expires_after(kRampStep);
    ramp_timer.async_wait([this, a = alive](const ErrorCode& ec) {
      if (!*a) return;
      ramp_armed = false;
      if (ec || limiter.waiting() == 0 || window >= ssthresh) return;
      set_window(std::min(window + min_window(), ssthresh));
      if (limiter.waiting() > 0) arm_ramp();
    });
  }
  /// After a second without queries the window starts again from initial_window (RFC 5681 §4.1).
  void maybe_restart(Clock::time_point now) {
    if (pending == 0 && limiter.in_flight() == 0 && now - last_answer > std::chrono::seconds(1) &&
        window > min_window()) {
      ssthresh = static_cast<double>(cfg.max_in_flight);
      set_window(min_window());
      base_rtt_us = srtt_us = queued = 0;  // the path may have changed while idle
    }
  }

  // --- answers ---
  static void on_answer(void* arg, int status, int timeouts, unsigned char* abuf, int alen) {
    auto* r = static_cast<Request*>(arg);
    Impl* self = r->impl;
    auto keep = std::move(r->self);  // the waiting coroutine may already have given up on it
    if (!keep) return;
    --self->pending;
    self->retries += static_cast<std::uint64_t>(std::max(timeouts, 0));
    if (r->out.query_id && self->by_qid[*r->out.query_id] == r) self->by_qid[*r->out.query_id] = nullptr;
    r->out.rtt =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - r->sent);
    if (status == ARES_SUCCESS && abuf && alen > 0) {
      classify_answer(std::vector<std::uint8_t>(abuf, abuf + alen), r->out);
    } else if (status == ARES_ETIMEOUT) {
      r->out.status = DnsStatus::timeout;
      r->out.detail = "no answer after " + std::to_string(self->cfg.tries) + " tries (c-ares timeout)";
    } else if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
      r->out.status = DnsStatus::cancelled;
      r->out.detail = std::string("query cancelled: ") + ares_strerror(status);
    } else {
      r->out.status = DnsStatus::network;
      r->out.detail = ares_strerror(status);
    }
    r->done = true;
    const std::size_t in_flight = self->limiter.in_flight();  // this query's slot still counted
    r->slot.reset();
    if (status != ARES_EDESTRUCTION && status != ARES_ECANCELLED) {
      const bool lost = timeouts > 0 || status == ARES_ETIMEOUT;
      self->on_outcome(lost, lost || status != ARES_SUCCESS ? std::nullopt : std::optional(r->out.rtt),
                       in_flight);
    }
    r->wake.cancel();
  }

  // --- fd watching ---
  static void on_sock_state(void* data, ares_socket_t fd, int readable, int writable) {
    auto* self = static_cast<Impl*>(data);
    if (!readable && !writable) {
      if (auto it = self->watches.find(fd); it != self->watches.end()) {
        it->second->closed = true;
        it->second->sd.release();  // non-owning: c-ares closes the fd itself
        self->watches.erase(it);
      }
      return;
    }
    auto& w = self->watches[fd];
    if (!w) {
      w = std::make_shared<Watch>(self->ex);
      ErrorCode ec;
      w->sd.assign(fd, ec);
      if (ec) {
        self->watches.erase(fd);
        return;
      }
    }
    w->want_read = readable != 0;
    w->want_write = writable != 0;
    self->arm(fd, w);
  }

  void arm(int fd, const std::shared_ptr<Watch>& w) {
    if (idle) return;  // after_process() arms every watch when a query is sent
    if (w->want_read && !w->reading) {
      w->reading = true;
      w->sd.async_wait(asio::posix::descriptor_base::wait_read,
                       [this, fd, w, a = alive](const ErrorCode& ec) {
                         w->reading = false;
                         if (!*a || w->closed) return;
                         // Aborted by go_idle(): re-armed below if a query came in meanwhile.
                         if (ec && ec != asio::error::operation_aborted) return;
                         if (!ec) {
                           ares_process_fd(channel, fd, ARES_SOCKET_BAD);
                           after_process();
                         }
                         if (!w->closed) arm(fd, w);
                       });
    }
    if (w->want_write && !w->writing) {
      w->writing = true;
      w->sd.async_wait(asio::posix::descriptor_base::wait_write,
                       [this, fd, w, a = alive](const ErrorCode& ec) {
                         w->writing = false;
                         if (!*a || w->closed) return;
                         // Aborted by go_idle(): re-armed below if a query came in meanwhile.
                         if (ec && ec != asio::error::operation_aborted) return;
                         if (!ec) {
                           ares_process_fd(channel, ARES_SOCKET_BAD, fd);
                           after_process();
                         }
                         if (!w->closed) arm(fd, w);
                       });
    }
  }

  /// After a send or a socket event: c-ares may have sent new tries (never due before
  /// now + try_timeout), so the timer need only move earlier than that bound. With no query pending
  /// nothing stays armed (the sockets stay open: ARES_FLAG_STAYOPEN), so the loop can finish.
  void after_process() {
    if (pending == 0) {
      if (!idle) go_idle();
      return;
    }
    if (idle) {
      idle = false;
      for (auto& [fd, w] : watches) arm(fd, w);
    }
    const auto bound = Clock::now() + cfg.try_timeout;
    if (!timer_armed || bound < timer_at) arm_timer(bound);
  }

  void go_idle() {
    idle = true;
    if (timer_armed) {
      timer_armed = false;
      ares_timer.cancel();
    }
    for (auto& [fd, w] : watches) {
      if (w->reading || w->writing) {
        ErrorCode ec;
        w->sd.cancel(ec);  // their handlers see operation_aborted
      }
    }
  }

  void arm_timer(Clock::time_point at) {
    timer_armed = true;
    timer_at = at;
    ares_timer.expires_at(at);  // cancels a pending wait: its handler sees operation_aborted
    ares_timer.async_wait([this, a = alive](const ErrorCode& ec) {
      if (!*a || ec) return;
      timer_armed = false;
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts and retransmissions
      if (pending == 0) {
        go_idle();
        return;
      }
      timeval tv{};
      if (ares_timeout(channel, nullptr, &tv))
        arm_timer(Clock::now() + std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec));
    });
  }

  ~Impl() {
    if (channel) ares_destroy(channel);  // fails the pending queries (ARES_EDESTRUCTION), closes fds
    *alive = false;
    ares_timer.cancel();
    ramp_timer.cancel();
    for (auto& [fd, w] : watches) {
      w->closed = true;
      w->sd.release();
    }
  }
};

CaresDnsClient::CaresDnsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CaresDnsClient::~CaresDnsClient() = default;

Expected<std::unique_ptr<CaresDnsClient>, std::string> CaresDnsClient::create(asio::any_io_executor ex,
                                                                              CaresConfig cfg) {
  static std::once_flag once;
  static int lib_status = ARES_SUCCESS;
  std::call_once(once, [] { lib_status = ares_library_init(ARES_LIB_INIT_ALL); });
  if (lib_status != ARES_SUCCESS)
    return Unexpected{std::string("ares_library_init: ") + ares_strerror(lib_status)};

  if (cfg.servers.empty()) {
    auto sys = first_system_nameserver(cfg.resolv_conf_path);
    if (!sys) return Unexpected{"no resolver given and no nameserver in " + cfg.resolv_conf_path};
    cfg.servers.push_back(*sys);
  }
  auto impl = std::make_unique<Impl>(std::move(ex), std::move(cfg));
  ares_options opts{};
  // STAYOPEN: keep the UDP socket when the last pending query ends (c-ares 1.18 otherwise closes it
  // and opens, connects and registers a new one for the next query: a socket per burst under load).
  opts.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_STAYOPEN;
  opts.timeout = static_cast<int>(impl->cfg.try_timeout.count());
  opts.tries = std::max(impl->cfg.tries, 1);
  opts.sock_state_cb = &Impl::on_sock_state;
  opts.sock_state_cb_data = impl.get();
  int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
  if (int rc = ares_init_options(&impl->channel, &opts, mask); rc != ARES_SUCCESS) {
    impl->channel = nullptr;
    return Unexpected{std::string("ares_init_options: ") + ares_strerror(rc)};
  }
  const std::string csv = to_cares_csv(impl->cfg.servers);
  if (int rc = ares_set_servers_ports_csv(impl->channel, csv.c_str()); rc != ARES_SUCCESS) {
    return Unexpected{"resolver list '" + csv + "': " + ares_strerror(rc)};
  }
  impl->funcs = ares_socket_functions{&Impl::s_socket, &Impl::s_close, &Impl::s_connect, &Impl::s_recvfrom,
                                      &Impl::s_sendv};
  ares_set_socket_functions(impl->channel, &impl->funcs, impl.get());
  return std::unique_ptr<CaresDnsClient>(new CaresDnsClient(std::move(impl)));
}

const std::vector<ResolverAddress>& CaresDnsClient::servers() const {
  return impl_->cfg.servers;
}
std::size_t CaresDnsClient::in_flight() const {
  return impl_->limiter.in_flight();
}
std::size_t CaresDnsClient::peak_in_flight() const {
  return impl_->limiter.peak();
}
std::uint64_t CaresDnsClient::retries() const {
  return impl_->retries;
}
std::size_t CaresDnsClient::window() const {
  return static_cast<std::size_t>(impl_->window);
}

double CaresDnsClient::queued_estimate() const {
  return impl_->queued;
}

awaitable<DnsOutcome> CaresDnsClient::query(const dns::Name& qname, std::uint16_t qtype, QueryOptions opts,
                                            std::chrono::milliseconds deadline) {
  Impl& s = *impl_;
  auto alive = s.alive;
  const auto started = std::chrono::steady_clock::now();
  s.maybe_restart(started);
  if (s.limiter.in_flight() >= s.limiter.capacity()) s.arm_ramp();
  auto slot = co_await s.limiter.acquire();
  if (!*alive)
    co_return DnsOutcome{DnsStatus::cancelled, "client shut down", {}, {}, {}, {}, {}, {}, "udp", {}, {}};

  auto req = std::make_shared<Impl::Request>(s.ex);
  req->impl = &s;
  req->slot = std::move(slot);
  req->out.resolver = s.first_resolver;
  auto wire = build_query_bytes(s.next_id++, qname, qtype, opts);
  if (wire.empty()) {
    req->out.status = DnsStatus::refused;
    req->out.detail = "query for " + qname.to_text() + " cannot be encoded";
    co_return req->out;
  }
  // The deadline counts from the call, so time spent waiting for an in-flight slot is included.
  const auto wait_until = started + deadline;
  const auto now = std::chrono::steady_clock::now();
  if (now >= wait_until) {
    req->out.status = DnsStatus::timeout;
    req->out.detail = "deadline passed while waiting for an in-flight slot";
    co_return req->out;
  }
  req->wake.expires_at(wait_until);
  req->self = req;
  ++s.pending;
  req->sent = now;
  s.sending = req.get();
  ares_send(s.channel, wire.data(), static_cast<int>(wire.size()), &Impl::on_answer, req.get());
  s.sending = nullptr;
  s.after_process();

  while (!req->done) {
    ErrorCode ec;
    co_await req->wake.async_wait(asio::redirect_error(use_awaitable, ec));
    if (!ec || std::chrono::steady_clock::now() >= wait_until) break;  // deadline reached
  }
  if (!req->done) {
    // c-ares keeps the query until its own tries run out; on_answer then discards it.
    DnsOutcome out = req->out;
    out.status = DnsStatus::timeout;
    out.detail = "no answer from " + (out.resolver ? out.resolver->to_string() : std::string("resolver")) +
                 " within " + std::to_string(deadline.count()) + " ms";
    out.rtt =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - req->sent);
    co_return out;
  }
  co_return std::move(req->out);
}

}  // namespace v6r::probe
