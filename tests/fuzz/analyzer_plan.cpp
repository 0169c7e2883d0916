// Fuzz target: the plan loader (analyzers/score/plan.cpp) never crashes and never throws; errors carry
// a file:line:col position.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzers/score/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = v6r::analyze::load_plan_text(text, "fuzz.yaml");
  if (p) {
    (void)p->class_of("province/a/b");
    (void)p->required("commune", 2027);
  } else if (p.error().line < 0 || p.error().col < 0) {
    __builtin_trap();
  }
  return 0;
}
