#include "core/signature_status.hpp"

#include <array>

namespace v6r {
namespace {

constexpr std::array<std::string_view, 4> kNames{"unsigned", "signed", "unknown_key", "bad_signature"};

}  // namespace

std::string_view to_string(SignatureStatus s) {
  return kNames[static_cast<std::size_t>(s)];
}

std::optional<SignatureStatus> signature_status_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == s) return static_cast<SignatureStatus>(i);
  return std::nullopt;
}

}  // namespace v6r
