#include "core/check_kind.hpp"

#include <array>
#include <utility>

namespace v6r::check_kind {
namespace {

constexpr std::array<std::pair<KindFamily, std::string_view>, 5> kFamilies = {{
    {KindFamily::dns64, "dns64"},
    {KindFamily::nat64, "nat64"},
    {KindFamily::dualstack, "dualstack"},
    {KindFamily::v6only, "v6only"},
    {KindFamily::service, "service"},
}};

}  // namespace

std::string_view to_string(KindFamily f) {
  for (const auto& [family, name] : kFamilies)
    if (family == f) return name;
  return "unknown";
}

std::optional<NatClass> nat_class_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kNatClassNames.size(); ++i)
    if (kNatClassNames[i] == s) return static_cast<NatClass>(i);
  return std::nullopt;
}

KindFamily family_of(std::string_view kind) {
  const auto dot = kind.find('.');
  if (dot == std::string_view::npos) return KindFamily::unknown;
  const std::string_view head = kind.substr(0, dot);
  for (const auto& [family, name] : kFamilies)
    if (name == head) return family;
  return KindFamily::unknown;
}

}  // namespace v6r::check_kind
