#pragma once
#include <string>
#include <string_view>

namespace v6r {
/// "v6probe 0.1.0 (git abc123)": what every tool prints for --version.
std::string version_string(std::string_view tool);
}  // namespace v6r
