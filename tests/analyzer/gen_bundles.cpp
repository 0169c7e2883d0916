// Writes the golden bundles of finding_cases.hpp to OUT_DIR/<case>/<bundle>/ (for trying the analyzer
// by hand: `gen_bundles /tmp/b && v6analyze analyze /tmp/b --year 2029`). --no-expectations writes them
// as a probe from before RunInfo::expect did (run.json without "expect").
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "tests/analyzer/finding_cases.hpp"

int main(int argc, char** argv) {
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
