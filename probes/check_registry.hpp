#pragma once
// The runner half of the check registry (STYLE.md §4): kind name -> run function. The parameter
// schemas are registered by the same files (probes/checks/registry.hpp); a kind that has a schema but
// no runner yet is refused when a scenario is loaded for running ("not implemented in this version").
#include <map>
#include <string>
#include <string_view>

#include "probes/check.hpp"

namespace v6r::probe {

class CheckRunnerTable {
 public:
  void add(std::string kind, CheckFn fn) { fns_[std::move(kind)] = fn; }
  [[nodiscard]] CheckFn find(std::string_view kind) const {
    auto it = fns_.find(kind);
    return it == fns_.end() ? nullptr : it->second;
  }
  [[nodiscard]] const std::map<std::string, CheckFn, std::less<>>& all() const { return fns_; }

 private:
  std::map<std::string, CheckFn, std::less<>> fns_;
};

/// Every built-in kind that has an implementation (probes/checks/runners.cpp).
const CheckRunnerTable& builtin_runners();

}  // namespace v6r::probe
