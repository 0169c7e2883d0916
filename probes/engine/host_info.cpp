#include "probes/engine/host_info.hpp"

#include <sys/timex.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/site_path.hpp"

namespace v6r::probe {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "unknown";
  return buf;
}

std::optional<std::string> default_route_interface(std::string_view text) {
  // Fields: dest plen src splen nexthop metric refcnt use flags device (all hex but the device).
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string dest, plen, src, splen, nexthop, metric, refcnt, use, flags, dev;
    if (!(f >> dest >> plen >> src >> splen >> nexthop >> metric >> refcnt >> use >> flags >> dev)) continue;
    if (dest != std::string(32, '0') || plen != "00" || dev == "lo") continue;
    return dev;
  }
  return std::nullopt;
}

std::optional<std::string> default_route_interface() {
  std::ifstream f("/proc/net/ipv6_route");
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return default_route_interface(ss.str());
}

ClockState clock_state_from(int rc, int status, long esterror_us, long maxerror_us) {
  ClockState c;
  if (rc < 0) {
    c.detail = "adjtimex failed";
    return c;
  }
  const bool unsync = (status & STA_UNSYNC) != 0 || rc == TIME_ERROR;
  c.synced = !unsync;
  c.detail = std::string("adjtimex: ") +
             (unsync ? "STA_UNSYNC (kernel clock not synchronized)" : "synchronized") + ", esterror " +
             std::to_string(esterror_us) + " us, maxerror " + std::to_string(maxerror_us) + " us";
  return c;
}

ClockState clock_state() {
  struct timex tx {};
  tx.modes = 0;  // read only
  const int rc = ::adjtimex(&tx);
  return clock_state_from(rc, tx.status, tx.esterror, tx.maxerror);
}

bool is_cli_site(std::string_view site) {
  return site_path::valid(site);
}

}  // namespace v6r::probe
