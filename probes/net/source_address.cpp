#include "probes/net/source_address.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace v6r::probe {

std::optional<asio::ip::address> source_address_toward(const asio::ip::address& dst, unsigned scope_id) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (dst.is_v6()) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(9);  // any port: nothing is sent
    const auto b = dst.to_v6().to_bytes();
    std::memcpy(&sa.sin6_addr, b.data(), b.size());
    sa.sin6_scope_id = scope_id;
    std::memcpy(&ss, &sa, sizeof sa);
    len = sizeof sa;
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(9);
    const auto b = dst.to_v4().to_bytes();
    std::memcpy(&sa.sin_addr, b.data(), b.size());
    std::memcpy(&ss, &sa, sizeof sa);
    len = sizeof sa;
  }
  const int fd = ::socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  std::optional<asio::ip::address> out;
  sockaddr_storage local{};
  socklen_t llen = sizeof local;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&ss), len) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &llen) == 0) {
    if (local.ss_family == AF_INET6) {
      sockaddr_in6 sa{};
      std::memcpy(&sa, &local, sizeof sa);
      asio::ip::address_v6::bytes_type b{};
      std::memcpy(b.data(), &sa.sin6_addr, b.size());
      out = asio::ip::address_v6(b);
    } else if (local.ss_family == AF_INET) {
      sockaddr_in sa{};
      std::memcpy(&sa, &local, sizeof sa);
      asio::ip::address_v4::bytes_type b{};
      std::memcpy(b.data(), &sa.sin_addr, b.size());
      out = asio::ip::address_v4(b);
    }
  }
  ::close(fd);
  return out;
}

}  // namespace v6r::probe
