#pragma once
// The built-in check kinds: the one list (builtin.cpp) of the descriptors at the bottom of
// probes/checks/<kind>.cpp.
#include "core/check_schema.hpp"
#include "probes/check_kind.hpp"

namespace v6r::probe {

/// Every kind this version of v6probe runs.
const CheckKindList& builtin_kinds();

/// builtin_kinds().schemas(): what scenarios are validated against.
scenario::CheckSchemaRegistry builtin_schema_registry();

}  // namespace v6r::probe
