// Fuzz target: the gate policy loader (reports/gate_policy.hpp parse_policy), which `v6analyze gate
// --policy FILE` runs on the policy YAML. Must never crash or throw.
// Invariants: an error reads "fuzz.yaml:LINE:COL: message" with LINE, COL ≥ 1; an accepted policy
// has a level in 0..4, a known max_severity and only known verdicts in
// all_checks_pass.allow.
#include <algorithm>
#include <cstdint>
#include <string>

#include "reports/gate_policy.hpp"
#include "reports/render_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace v6r::report;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto p = parse_policy(text, "fuzz.yaml");
  if (!p) {
    const std::string& e = p.error();
    const std::string prefix = "fuzz.yaml:";
    if (e.compare(0, prefix.size(), prefix) != 0) __builtin_trap();
    std::size_t i = prefix.size();
    for (int field = 0; field < 2; ++field) {  // LINE: then COL:, each a number ≥ 1
      const std::size_t start = i;
      while (i < e.size() && e[i] >= '0' && e[i] <= '9') ++i;
      if (i == start || i >= e.size() || e[i] != ':' || e[start] == '0') __builtin_trap();
      ++i;
    }
    return 0;
  }
  if (p->file != "fuzz.yaml") __builtin_trap();
  // (No "at least one effective rule" check: `forbid_rules: []` counts as a rule that forbids nothing.)
  if (p->min_level && (*p->min_level < 0 || *p->min_level > 4)) __builtin_trap();
  if (p->max_severity && *p->max_severity != "info" && *p->max_severity != "warn" &&
      *p->max_severity != "fail")
    __builtin_trap();
  if (p->all_checks_pass) {
    const auto& known = verdicts();
    for (const auto& v : p->all_checks_pass->allow)
      if (std::find(known.begin(), known.end(), v) == known.end()) __builtin_trap();
  }
  return 0;
}
