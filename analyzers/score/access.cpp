#include "analyzers/score/access.hpp"

#include "core/check_kind.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::AccessMode;
using findings::ServicePath;

constexpr std::size_t kMaxListed = 3;  // checks named per evidence line

std::string listed(const std::vector<std::string>& ids) {
  std::string s;
  for (std::size_t i = 0; i < ids.size() && i < kMaxListed; ++i) s += (i ? ", " : "") + ids[i];
  if (ids.size() > kMaxListed) s += " and " + std::to_string(ids.size() - kMaxListed) + " more";
  return s;
}

}  // namespace

findings::Access access_mode(const LevelInputs& in) {
  findings::Access a;
  std::vector<std::string> leak_fail, leak_pass, leak_gap, over_ipv4, over_ipv6, via_nat64, ipv6_failed;
  for (const auto& c : in.checks) {
    if (c.kind == check_kind::kV6onlyLeak) {
      if (c.verdict == Verdict::fail)
        leak_fail.push_back(check_name(c));
      else if (c.verdict == Verdict::pass)
        leak_pass.push_back(check_name(c));
      else
        leak_gap.push_back(check_name(c) + " " + std::string(to_string(c.verdict)));
      continue;
    }
    const KindFamily fam = check_kind::family_of(c.kind);
    if (!check_kind::reaches_target(fam) || check_kind::is_nat_behaviour(c.kind)) continue;
    if (worked(c.verdict)) {
      const ServicePath p = path_of(c);
      if (c.remote_ipv4 || p == ServicePath::ipv4) over_ipv4.push_back(c.check_id);
      if (p == ServicePath::native_ipv6 || p == ServicePath::nat64) over_ipv6.push_back(c.check_id);
      if (c.via_nat64) via_nat64.push_back(c.check_id);
    } else if (c.verdict == Verdict::fail && check_kind::fail_means_unreachable(fam) &&
               c.family != Family::ipv4) {
      ipv6_failed.push_back(c.check_id);
    }
  }
  // IPv4
  if (!leak_fail.empty())
    a.evidence.push_back("IPv4 present: " + listed(leak_fail) +
                         " failed (an IPv4 address, default route or frame)");
  if (in.ipv4_frames > 0)
    a.evidence.push_back("IPv4 present: " + std::to_string(in.ipv4_frames) +
                         " IPv4/ARP frames in the capture (the RFC 8925 DHCPv4 exchange not counted)");
  if (!over_ipv4.empty())
    a.evidence.push_back("IPv4 present: " + listed(over_ipv4) + " reached the target natively over IPv4");
  if (!leak_fail.empty() || in.ipv4_frames > 0 || !over_ipv4.empty()) {
    a.ipv4 = true;
  } else if (!leak_pass.empty()) {
    a.ipv4 = false;
    a.evidence.push_back("IPv4 absent: " + listed(leak_pass) +
                         " saw no IPv4 address, default route or frame, and nothing reached IPv4");
  }
  // IPv6, NAT64
  a.ipv6 = !over_ipv6.empty();
  if (a.ipv6)
    a.evidence.push_back("IPv6 works: " + std::to_string(over_ipv6.size()) +
                         " check(s) reached their target over IPv6 (" + listed(over_ipv6) + ")");
  else if (!ipv6_failed.empty())
    a.evidence.push_back("IPv6 does not work: every check over IPv6 failed (" + listed(ipv6_failed) + ")");
  a.nat64 = !via_nat64.empty();
  if (a.nat64)
    a.evidence.push_back("DNS64/NAT64 in use: " + listed(via_nat64) +
                         " reached an address under the Pref64::/n");
  // Mode
  if (a.ipv4 == std::optional<bool>(true)) {
    if (a.ipv6)
      a.mode = AccessMode::dual_stack;
    else if (!ipv6_failed.empty())
      a.mode = AccessMode::ipv4_only;
    else
      a.missing = "IPv6 not tested: no reachability check over IPv6 could judge";
  } else if (a.ipv4 == std::optional<bool>(false)) {
    a.mode = AccessMode::ipv6_only;
  } else {
    a.missing = leak_gap.empty()
                    ? "no v6only.leak result and no IPv4 seen: whether the site is dual-stack or IPv6-only "
                      "is not shown"
                    : "v6only.leak could not judge (" + listed(leak_gap) +
                          ") and no IPv4 seen: whether the site is dual-stack or IPv6-only is not shown";
  }
  return a;
}

}  // namespace v6r::analyze
