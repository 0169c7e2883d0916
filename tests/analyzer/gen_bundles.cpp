// Writes the golden bundles of finding_cases.hpp to OUT_DIR/<case>/<bundle>/ (for trying the analyzer
// by hand: `gen_bundles /tmp/b && v6analyze analyze /tmp/b --year 2029`).
#include <cstdio>

#include "tests/analyzer/finding_cases.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_bundles OUT_DIR\n");
    return 2;
  }
  for (auto& c : v6r::testcases::all_cases()) {
    c.site = "province/golden/" + c.name;
    const auto p = v6r::testcases::write_case(c, std::filesystem::path(argv[1]) / c.name);
    std::printf("%s\n", p.c_str());
  }
  return 0;
}
