#pragma once
// `v6analyze gate`: evaluates a Policy (gate_policy.hpp) over a typed findings document (read strictly
// or produced by the analysis, apps/v6analyze/cli_gate.cpp), prints why in one screen and writes JUnit
// (the findings' suites plus one "gate" suite with a testcase per rule).
#include <string>
#include <vector>

#include "core/findings.hpp"
#include "core/i18n.hpp"
#include "reports/gate_policy.hpp"
#include "reports/report.hpp"

namespace v6r::report {

struct Violation {
  std::string rule;    ///< policy key: min_level, all_checks_pass, …
  std::string site;    ///< "" when it concerns the whole sweep
  std::string check;   ///< check id or finding rule, when there is one
  i18n::Message why;   ///< the reason as a message (reports/i18n/<lang>.yaml "gate.v.*")
  std::string reason;  ///< `why` in English (JUnit, machine-read)
};

struct GateResult {
  std::vector<std::string> rules;  ///< the rules evaluated, in policy order
  std::vector<Violation> violations;
  [[nodiscard]] bool holds() const { return violations.empty(); }
};

/// `baseline` may be null; Policy::no_regression without a baseline is the caller's usage error.
GateResult evaluate_policy(const Policy& policy, const findings::Document& findings,
                           const findings::Document* baseline);

/// At most `max_lines` lines: PASS/FAIL, each violation (site, check, reason), where the JUnit went.
std::string format_gate(const Policy& policy, const GateResult& result, const std::string& junit_path,
                        std::size_t max_lines = 25,
                        const i18n::Catalog& cat = i18n::Catalog::get(i18n::Lang::en));

/// The "gate" JUnit suite: one testcase per rule, failing with its violations.
JunitSuite gate_junit_suite(const Policy& policy, const GateResult& result);

}  // namespace v6r::report
