#include "analyzers/score/services.hpp"

#include <algorithm>
#include <map>

#include "core/check_kind.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::ServicePath;
using findings::ServiceState;

/// Best first: native IPv6, through NAT64, a check that used both families, IPv4.
int path_rank(ServicePath p) {
  switch (p) {
    case ServicePath::native_ipv6:
      return 0;
    case ServicePath::nat64:
      return 1;
    case ServicePath::mixed:
      return 2;
    case ServicePath::ipv4:
      return 3;
  }
  return 3;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string join_ids(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

ServicePath path_of(const CheckBrief& c) {
  const bool v4 = c.remote_ipv4, v6 = c.remote_native_ipv6, n64 = c.via_nat64;
  if (!v4 && !v6 && !n64) {
    if (check_kind::family_of(c.kind) == KindFamily::nat64) return ServicePath::nat64;
    if (c.family == Family::ipv4) return ServicePath::ipv4;
    if (c.family == Family::ipv6) return ServicePath::native_ipv6;
    return ServicePath::mixed;
  }
  if (v4 && (v6 || n64)) return ServicePath::mixed;
  if (v4) return ServicePath::ipv4;
  if (n64) return ServicePath::nat64;  // through NAT64 for at least one address: it may need NAT64
  return ServicePath::native_ipv6;
}

std::string host_of(std::string_view t) {
  if (const auto scheme = t.find("://"); scheme != std::string_view::npos) t = t.substr(scheme + 3);
  if (const auto slash = t.find('/'); slash != std::string_view::npos) t = t.substr(0, slash);
  if (!t.empty() && t.front() == '[') {
    const auto close = t.find(']');
    return std::string(close == std::string_view::npos ? t.substr(1) : t.substr(1, close - 1));
  }
  if (const auto colon = t.find(':'); colon != std::string_view::npos && t.find(':', colon + 1) == t.npos)
    t = t.substr(0, colon);  // one ':' is a port; several are an IPv6 literal without brackets
  return std::string(t);
}

std::vector<ServiceJudgement> judge_services(const std::vector<CheckBrief>& checks) {
  struct Acc {
    ServiceJudgement j;
    std::vector<const CheckBrief*> worked, failed, not_judged;
    bool service_kind_not_native = false;
  };
  std::map<std::string, Acc> by_target;
  for (const auto& c : checks) {
    const KindFamily fam = check_kind::family_of(c.kind);
    if (!check_kind::reaches_target(fam) || check_kind::is_nat_behaviour(c.kind)) continue;
    Acc& a = by_target[c.target];
    a.j.service.target = c.target;
    a.j.service.checks.push_back(c.check_id);
    if (worked(c.verdict)) {
      a.worked.push_back(&c);
      const ServicePath p = path_of(c);
      if (!a.j.service.path || path_rank(p) < path_rank(*a.j.service.path)) a.j.service.path = p;
      if (p == ServicePath::native_ipv6 || p == ServicePath::nat64) a.j.ipv6_carried = true;
      if (fam == KindFamily::service) {
        a.j.by_service_kind = true;
        if (p != ServicePath::native_ipv6) a.service_kind_not_native = true;
      }
    } else if (c.verdict == Verdict::fail && check_kind::fail_means_unreachable(fam)) {
      a.failed.push_back(&c);
    } else {
      a.not_judged.push_back(&c);  // error, skipped, or a dualstack fail (behaviour, not reachability)
    }
  }
  std::vector<ServiceJudgement> out;
  for (auto& [target, a] : by_target) {
    ServiceJudgement& j = a.j;
    j.host = host_of(target);
    j.native_by_service_kind = j.by_service_kind && !a.service_kind_not_native;
    std::vector<std::string> worked_ids, failed_ids, gap_ids;
    std::optional<Verdict> gap_verdict;
    bool mixed = false;
    for (const auto* c : a.worked) worked_ids.push_back(c->check_id);
    for (const auto* c : a.failed) {
      failed_ids.push_back(c->check_id);
      add_unique(j.failed, c->kind);
    }
    for (const auto* c : a.not_judged) {
      mixed = mixed || (gap_verdict && *gap_verdict != c->verdict);
      gap_verdict = c->verdict;
      gap_ids.push_back(c->check_id);
    }
    j.worked_ids = join_ids(worked_ids);
    j.failed_ids = join_ids(failed_ids);
    j.gap_verdicts =
        mixed || !gap_verdict || (*gap_verdict != Verdict::skipped && *gap_verdict != Verdict::error)
            ? "mixed"
            : std::string(to_string(*gap_verdict));
    if (j.gap_verdicts == "mixed")  // the verdicts stay next to the ids (names, not translated)
      for (std::size_t k = 0; k < gap_ids.size(); ++k)
        gap_ids[k] += " " + std::string(to_string(a.not_judged[k]->verdict));
    j.gap_ids = join_ids(gap_ids);
    if (!a.worked.empty()) {
      j.service.state = ServiceState::reachable;
      const std::string path(to_string(*j.service.path));
      j.reason_message = failed_ids.empty()
                             ? findings::MessageRef{"fact.svc.reached." + path, {{"checks", j.worked_ids}}}
                             : findings::MessageRef{"fact.svc.reached_failed." + path,
                                                    {{"checks", j.worked_ids}, {"failed", j.failed_ids}}};
    } else if (!a.failed.empty()) {
      j.service.state = ServiceState::unreachable;
      j.service.path.reset();
      j.reason_message = {"fact.svc.unreachable", {{"checks", j.failed_ids}}};
    } else {
      j.service.state = ServiceState::not_assessed;
      j.reason_message = {"fact.svc.not_assessed." + j.gap_verdicts, {{"checks", j.gap_ids}}};
    }
    j.service.reason = i18n::english(j.reason_message);
    j.service.reason_message = j.reason_message;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace v6r::analyze
