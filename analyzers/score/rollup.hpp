#pragma once
// Aggregation over findings documents (core/findings.hpp): roll-up along the site path (province →
// district → commune), trend entries, and the diff of two sweeps. Pure functions over the typed model.
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/score/plan.hpp"
#include "core/findings.hpp"
#include "core/sweep_diff.hpp"

namespace v6r::analyze {

/// The document's "rollup" from its sites (docs/findings-schema.md).
findings::Rollup rollup(const std::vector<findings::Site>& sites, const Plan& plan);

/// One "trend" entry summarising a whole findings document.
findings::TrendEntry trend_entry(const findings::Document& doc);

/// OLD → NEW per site (level up/down, plan met/lost) and per check (verdict better/worse) and per
/// finding rule (appeared/cleared): the document "v6ready.diff/1" (core/sweep_diff.hpp).
sweepdiff::Document diff_findings(const findings::Document& old_doc, const findings::Document& new_doc);

}  // namespace v6r::analyze
