#pragma once
// The services of a site (docs/findings-schema.md "Services"): every target that a reachability check
// (core/check_kind.hpp reaches_target: service.*, nat64.*, dualstack.*) tries to reach, grouped by the
// check's target. A service is reachable when one of its checks worked, unreachable when every check
// that could judge it failed (a dualstack fail is about behaviour and judges nothing here), and not
// assessed when no check could judge it (error, skipped: a gap, never a failure).
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/score/level_inputs.hpp"
#include "core/findings.hpp"

namespace v6r::analyze {

struct ServiceJudgement {
  findings::Service service;
  std::string host;                     ///< the target's host, to group the summary line
  std::vector<std::string> failed;      ///< kinds whose failure made it unreachable, unique, in order
  bool ipv6_carried = false;            ///< a check reached it over IPv6 alone (native or NAT64)
  bool by_service_kind = false;         ///< a service.* check of it worked (L4 judges these services)
  bool native_by_service_kind = false;  ///< ... and every service.* check that worked went over native IPv6
  /// The check ids behind the judgement (the messages' arguments): that reached it, that failed to,
  /// that could not judge (with `gap_verdicts`: "skipped", "error" or "mixed" when they differ).
  std::string worked_ids, failed_ids, gap_ids;
  std::string gap_verdicts;
  findings::MessageRef reason_message;  ///< service.reason as a catalogue message (fact.svc.*)
};

std::vector<ServiceJudgement> judge_services(const std::vector<CheckBrief>& checks);

/// How one working check reached its target, from its remote addresses (or, without any, its kind's
/// family and the result's address family).
findings::ServicePath path_of(const CheckBrief& c);

/// The host of a target: "v4only.lab.test" from "http://v4only.lab.test/", "v4only.lab.test:80",
/// "v4only.lab.test"; "2001:db8::1" from "[2001:db8::1]:80"; "192.0.2.10" from "192.0.2.10".
std::string host_of(std::string_view target);

}  // namespace v6r::analyze
