#pragma once
// Small helpers the renderers share over the typed findings document (core/findings.hpp). Internal to
// reports/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/findings.hpp"

namespace v6r::report {

/// A number as findings.json writes it ("2.9", "3.0", "1e-05"); "" for null.
std::string number_text(double v);
std::string number_text(const std::optional<double>& v);
/// A number on its way into a chart (SVG coordinates and lengths): NaN becomes `lo`, anything outside
/// [lo, hi] is brought into it, so a hostile count (huge, negative, a sum that overflowed) gives a full
/// or an empty bar, never "inf", "nan" or a negative height.
double chart_clamp(double v, double lo, double hi);
/// chart_clamp(v, lo, hi) as text with one decimal ("12.5").
std::string chart_coord(double v, double lo, double hi);

/// Elements joined by `sep`.
std::string join(const std::vector<std::string>& v, std::string_view sep);
std::string join(const std::vector<std::uint64_t>& v, std::string_view sep);
inline std::string bool_text(bool b) {
  return b ? "true" : "false";
}

/// The bundle's signature for a reader: "verified, signed by trusted key <first 16 hex digits of the key
/// fingerprint>", "unsigned (not verified)", "unknown signer <16 hex> (not verified)", "bad signature";
/// "not checked" when the document predates signing. `flagged`: checked, and anything but a signature
/// by a trusted key.
std::string signature_text(const std::optional<findings::BundleSignature>& sig);
bool signature_flagged(const std::optional<findings::BundleSignature>& sig);

/// "L3" → 3 (any "L" + one digit); anything else → -1. For policy files (gate_policy.cpp).
int level_number(std::string_view level);
/// "province/district-a/commune-ready" → "province/district-a"; no '/' → "".
std::string parent_of(std::string_view site);
/// The level ids in order: from the document's `levels`, or L0..L4.
std::vector<std::string> level_ids(const findings::Document& doc);
/// The count of level `id` ("L3"); 0 for an id that is not a level.
std::uint64_t level_count(const findings::LevelCounts& c, std::string_view id);
/// The six verdicts in display order: pass info warn fail error skipped.
const std::vector<std::string>& verdicts();
/// ✔ ℹ ⚠ ✖ ‼ – for a verdict or severity; "?" otherwise.
std::string_view verdict_symbol(std::string_view verdict);

/// Every check id in first-seen order across sites (the matrix columns), with its kind.
struct Column {
  std::string check_id;
  std::string kind;
};
std::vector<Column> check_columns(const findings::Document& doc);

}  // namespace v6r::report
