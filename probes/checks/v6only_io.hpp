#pragma once
// v6only.*: the small socket edge the four kinds share. Every socket is opened non-blocking and
// owned by an asio::posix::stream_descriptor, so waiting is an Asio wait with a deadline (the loop is
// never blocked); reads and writes are plain non-blocking syscalls after the wait says "readable".
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "probes/net/asio.hpp"

namespace v6r::probe::v6only {

using Clock = std::chrono::steady_clock;

/// Waits until `sd` is readable or `until` passes. False on timeout or error.
awaitable<bool> wait_readable(asio::posix::stream_descriptor& sd, Clock::time_point until);

/// "eth0" -> its index; 0 when unknown.
unsigned interface_index(const std::string& name);
/// The interface a check should use: its own parameter, else the probe's; "" if neither.
std::string pick_interface(const std::string& param, const std::string& env_interface);
/// The MAC address of `ifname` (SIOCGIFHWADDR); nullopt when unavailable.
std::optional<std::vector<std::uint8_t>> interface_mac(const std::string& ifname);
/// "strerror(errno) (errno N)".
std::string errno_text(int err);

}  // namespace v6r::probe::v6only
