// Writes the golden bundles of finding_cases.hpp to OUT_DIR/<case>/<bundle>/ (for trying the analyzer
// by hand: `gen_bundles /tmp/b && v6analyze analyze /tmp/b --year 2029`). --no-expectations writes them
// as a probe from before RunInfo::expect did (run.json without "expect"). --sweep N writes N bundles of
// N sites (province-P/district-D/commune-I, the cases in turn, the tampered and cut ones left out): a
// sweep at national scale for measuring `v6analyze analyze` (time, peak RSS).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tests/analyzer/finding_cases.hpp"

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--sweep") == 0) {
    const int n = std::atoi(argv[2]);
    auto cases = v6r::testcases::all_cases();
    std::erase_if(cases, [](const auto& c) { return c.tamper || c.truncate_capture; });
    if (n < 1 || cases.empty()) return 2;
    for (int i = 0; i < n; ++i) {
      auto& c = cases[static_cast<std::size_t>(i) % cases.size()];
      c.site = "province-" + std::to_string(i % 63) + "/district-" + std::to_string(i % 11) + "/commune-" +
               std::to_string(i);
      v6r::testcases::write_case(c, std::filesystem::path(argv[3]) / ("s" + std::to_string(i)));
    }
    return 0;
  }
  const bool old_style = argc == 3 && std::strcmp(argv[1], "--no-expectations") == 0;
  if (argc != 2 && !old_style) {
    std::fprintf(stderr, "usage: gen_bundles [--no-expectations] OUT_DIR\n");
    return 2;
  }
  for (auto& c : v6r::testcases::all_cases()) {
    c.site = "province/golden/" + c.name;  // a site path: the case name's '_' becomes '-'
    std::replace(c.site.begin(), c.site.end(), '_', '-');
    c.record_expectations = !old_style;
    const auto p = v6r::testcases::write_case(c, std::filesystem::path(argv[argc - 1]) / c.name);
    std::printf("%s\n", p.c_str());
  }
  return 0;
}
