#pragma once
// Aggregation over findings.json documents: roll-up along the site path (province → district →
// commune), trend entries, and the diff of two sweeps. Pure functions over JSON.
#include <nlohmann/json.hpp>

#include "analyzers/score/plan.hpp"

namespace v6r::analyze {

/// The document's "rollup" object from its "sites" (docs/findings-schema.md).
nlohmann::json rollup(const nlohmann::json& sites, const Plan& plan);

/// One "trend" entry summarising a whole findings document.
nlohmann::json trend_entry(const nlohmann::json& doc);

/// OLD → NEW per site (level up/down, plan met/lost) and per check (verdict better/worse) and per
/// finding rule (appeared/cleared). {"improved":[...],"regressed":[...],"unchanged_sites":N,...}
nlohmann::json diff_findings(const nlohmann::json& old_doc, const nlohmann::json& new_doc);

}  // namespace v6r::analyze
