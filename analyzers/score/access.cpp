#include "analyzers/score/access.hpp"

#include "core/check_kind.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::AccessMode;
using findings::MessageRef;
using findings::ServicePath;

constexpr std::size_t kMaxListed = 3;  // checks named per evidence line

/// "a, b, c, +2": names only, the same in every language.
std::string listed(const std::vector<std::string>& ids) {
  std::string s;
  for (std::size_t i = 0; i < ids.size() && i < kMaxListed; ++i) s += (i ? ", " : "") + ids[i];
  if (ids.size() > kMaxListed) s += ", +" + std::to_string(ids.size() - kMaxListed);
  return s;
}

}  // namespace

findings::Access access_mode(const LevelInputs& in) {
  findings::Access a;
  std::vector<MessageRef> ev;
  std::vector<std::string> leak_fail, leak_pass, leak_gap, over_ipv4, over_ipv6, via_nat64, ipv6_failed;
  for (const auto& c : in.checks) {
    if (c.kind == check_kind::kV6onlyLeak) {
      if (c.verdict == Verdict::fail)
        leak_fail.push_back(check_name(c));
      else if (c.verdict == Verdict::pass)
        leak_pass.push_back(check_name(c));
      else
        leak_gap.push_back(check_name(c));
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
  if (!leak_fail.empty()) ev.push_back({"fact.access.ipv4_leak", {{"checks", listed(leak_fail)}}});
  if (in.ipv4_frames > 0)
    ev.push_back({"fact.access.ipv4_frames", {{"frames", std::to_string(in.ipv4_frames)}}});
  if (!over_ipv4.empty()) ev.push_back({"fact.access.ipv4_reached", {{"checks", listed(over_ipv4)}}});
  if (!leak_fail.empty() || in.ipv4_frames > 0 || !over_ipv4.empty()) {
    a.ipv4 = true;
  } else if (!leak_pass.empty()) {
    a.ipv4 = false;
    ev.push_back({"fact.access.ipv4_absent", {{"checks", listed(leak_pass)}}});
  }
  // IPv6, NAT64
  a.ipv6 = !over_ipv6.empty();
  if (a.ipv6)
    ev.push_back({"fact.access.ipv6_works",
                  {{"count", std::to_string(over_ipv6.size())}, {"checks", listed(over_ipv6)}}});
  else if (!ipv6_failed.empty())
    ev.push_back({"fact.access.ipv6_fails", {{"checks", listed(ipv6_failed)}}});
  a.nat64 = !via_nat64.empty();
  if (a.nat64) ev.push_back({"fact.access.nat64", {{"checks", listed(via_nat64)}}});
  // Mode
  std::optional<MessageRef> missing;
  if (a.ipv4 == std::optional<bool>(true)) {
    if (a.ipv6)
      a.mode = AccessMode::dual_stack;
    else if (!ipv6_failed.empty())
      a.mode = AccessMode::ipv4_only;
    else
      missing = MessageRef{"fact.access.missing_ipv6", {}};
  } else if (a.ipv4 == std::optional<bool>(false)) {
    a.mode = AccessMode::ipv6_only;
  } else {
    missing = leak_gap.empty() ? MessageRef{"fact.access.missing_leak", {}}
                               : MessageRef{"fact.access.leak_not_judged", {{"checks", listed(leak_gap)}}};
  }
  for (const auto& m : ev) a.evidence.push_back(i18n::english(m));
  a.evidence_messages = std::move(ev);
  if (missing) {
    a.missing = i18n::english(*missing);
    a.missing_message = std::move(missing);
  }
  return a;
}

}  // namespace v6r::analyze
