// Fuzz target: load arbitrary text as a scenario with the built-in check kinds. Must never crash
// or throw: every error becomes a ConfigError. (Links v6probe_lib via tests/probe/CMakeLists.txt.)
#include <cstdint>
#include <string_view>

#include "core/scenario.hpp"
#include "probes/checks/builtin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const v6r::scenario::CheckSchemaRegistry registry = v6r::probe::builtin_schema_registry();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = v6r::scenario::load_scenario_text(text, "fuzz.yaml", registry);
  if (!s) (void)s.error().to_string();
  return 0;
}
