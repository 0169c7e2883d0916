#include "probes/checks/v6only_io.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "probes/net/deadline.hpp"

namespace v6r::probe::v6only {

awaitable<bool> wait_readable(asio::posix::stream_descriptor& sd, Clock::time_point until) {
  const auto now = Clock::now();
  if (until <= now) co_return false;
  auto op = [](asio::posix::stream_descriptor& d) -> awaitable<bool> {
    ErrorCode ec;
    co_await d.async_wait(asio::posix::stream_descriptor::wait_read, asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  };
  auto waiting = with_deadline(op(sd), until - now, [&sd] {  // not inside co_await (g++ 12)
    ErrorCode ignored;
    sd.cancel(ignored);
  });
  auto r = co_await std::move(waiting);
  co_return r.ok() && *r.value;
}

unsigned interface_index(const std::string& name) {
  return name.empty() ? 0U : if_nametoindex(name.c_str());
}

std::string pick_interface(const std::string& param, const std::string& env_interface) {
  return param.empty() ? env_interface : param;
}

std::optional<std::vector<std::uint8_t>> interface_mac(const std::string& ifname) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ) return std::nullopt;
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, ifname.data(), ifname.size());
  const int rc = ::ioctl(fd, SIOCGIFHWADDR, &ifr);
  ::close(fd);
  if (rc != 0) return std::nullopt;
  std::vector<std::uint8_t> mac(6);
  for (std::size_t i = 0; i < 6; ++i) mac[i] = static_cast<std::uint8_t>(ifr.ifr_hwaddr.sa_data[i]);
  return mac;
}

std::string errno_text(int err) {
  return std::string(std::strerror(err)) + " (errno " + std::to_string(err) + ")";
}

}  // namespace v6r::probe::v6only
