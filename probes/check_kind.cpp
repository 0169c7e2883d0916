#include "probes/check_kind.hpp"

#include <stdexcept>

namespace v6r::probe {

const CheckKind* CheckKindList::find(std::string_view name) const {
  for (const auto* k : kinds_)
    if (k->name == name) return k;
  return nullptr;
}

scenario::CheckSchemaRegistry CheckKindList::schemas() const {
  scenario::CheckSchemaRegistry r;
  for (const auto* k : kinds_) {
    scenario::CheckSchema s = k->schema();
    if (s.kind != k->name)
      throw std::logic_error("check kind " + std::string(k->name) + " has a schema named " + s.kind);
    r.add(std::move(s));  // throws on a duplicate kind
  }
  return r;
}

std::shared_ptr<const BoundCheck> bind_check(const CheckKindList& kinds, const scenario::Check& c) {
  const CheckKind* k = kinds.find(c.kind);
  return k ? k->bind(c.params) : nullptr;
}

}  // namespace v6r::probe
