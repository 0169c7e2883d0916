#include "core/version_info.hpp"

#include "core/version.hpp"

namespace v6r {
std::string version_string(std::string_view tool) {
  return std::string(tool) + " " + kToolVersion + " (git " + kGitCommit + ")";
}
}  // namespace v6r
