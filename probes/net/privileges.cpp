#include "probes/net/privileges.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace v6r::probe {
namespace {

std::string errno_text(std::string_view step) {
  return std::string(step) + ": " + std::strerror(errno);
}

int last_cap() {
  std::ifstream in("/proc/sys/kernel/cap_last_cap");
  int n = -1;
  if (in >> n && n > 0 && n < 64) return n;
  return CAP_LAST_CAP;
}

struct CapSets {
  std::uint64_t eff = 0, prm = 0, inh = 0;
};

bool get_caps(CapSets& out) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) return false;
  out.eff = std::uint64_t{data[0].effective} | (std::uint64_t{data[1].effective} << 32);
  out.prm = std::uint64_t{data[0].permitted} | (std::uint64_t{data[1].permitted} << 32);
  out.inh = std::uint64_t{data[0].inheritable} | (std::uint64_t{data[1].inheritable} << 32);
  return true;
}

bool set_caps(const CapSets& s) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  data[0].effective = static_cast<std::uint32_t>(s.eff);
  data[1].effective = static_cast<std::uint32_t>(s.eff >> 32);
  data[0].permitted = static_cast<std::uint32_t>(s.prm);
  data[1].permitted = static_cast<std::uint32_t>(s.prm >> 32);
  data[0].inheritable = static_cast<std::uint32_t>(s.inh);
  data[1].inheritable = static_cast<std::uint32_t>(s.inh >> 32);
  return syscall(SYS_capset, &hdr, data) == 0;
}

}  // namespace

std::optional<std::uint64_t> parse_status_cap(std::string_view text, std::string_view field) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line.size() <= field.size() || line.substr(0, field.size()) != field || line[field.size()] != ':')
      continue;
    std::string_view v = line.substr(field.size() + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
    if (v.empty() || v.size() > 16) return std::nullopt;
    std::uint64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out, 16);
    if (ec != std::errc{} || p != v.data() + v.size()) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> read_cap_eff() {
  std::ifstream in("/proc/self/status");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_status_cap(ss.str(), "CapEff");
}

std::vector<std::string> cap_names(std::uint64_t mask) {
  std::vector<std::string> out;
  for (int i = 0; i < 64; ++i) {
    if (!(mask & (std::uint64_t{1} << i))) continue;
    if (i == kCapNetRaw)
      out.emplace_back("cap_net_raw");
    else if (i == kCapNetBindService)
      out.emplace_back("cap_net_bind_service");
    else
      out.push_back("cap_" + std::to_string(i));
  }
  return out;
}

Expected<DropReport, std::string> drop_privileges(std::uint64_t keep) {
  CapSets before;
  if (!get_caps(before)) return Unexpected{errno_text("capget")};
  std::uint64_t kept = keep & before.prm;

  // Bounding set first: PR_CAPBSET_DROP needs CAP_SETPCAP in the effective set, which goes below.
  int last = last_cap();
  for (int c = 0; c <= last; ++c) {
    if (kept & (std::uint64_t{1} << c)) continue;
    if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 1) continue;
    if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 && errno != EINVAL) {
      if (errno == EPERM && !(before.eff & (std::uint64_t{1} << CAP_SETPCAP))) break;  // unprivileged
      return Unexpected{errno_text("prctl(PR_CAPBSET_DROP, " + std::to_string(c) + ")")};
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    return Unexpected{errno_text("prctl(PR_CAP_AMBIENT_CLEAR_ALL)")};
  }
  CapSets after{kept, kept, 0};
  if (!set_caps(after)) return Unexpected{errno_text("capset")};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return Unexpected{errno_text("prctl(PR_SET_NO_NEW_PRIVS)")};

  DropReport r;
  CapSets now;
  if (!get_caps(now)) return Unexpected{errno_text("capget after drop")};
  r.kept = now.eff;
  r.dropped = before.eff & ~now.eff;
  r.no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
  return r;
}

}  // namespace v6r::probe
