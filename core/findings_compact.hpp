#pragma once
// The compact form of a findings.json site (schema "v6ready.findings/3", docs/findings-schema.md
// "Compact form"): the expanded site (the /2 layout, one key per model member, core/findings_keys.hpp)
// without what it repeats. Frame lists become ranges ("3-24,31-34"); a check's kind, seq, verdict,
// family, cross-check and addresses are left out when they equal the site's defaults; a finding's id,
// rule, title, explanation, rfc, addresses and evidence when they equal what its check or the site
// already says; the checks are one table (columns once, a row of values per check). Both directions
// are exact: expand(compact(x)) == x for every expanded site the writer can produce.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_model.hpp"

namespace v6r::findings::compact {

/// "3-24,31-34,40": ascending frame numbers as runs; "" for none. Only for strictly ascending lists.
std::string frame_ranges(const std::vector<std::uint64_t>& frames);
/// The inverse: runs strictly ascending and apart, numbers without sign or leading zero. Nothing on
/// a malformed text or one that holds more than `max_frames` numbers (a hostile "1-99999999999" is 13
/// bytes).
std::optional<std::vector<std::uint64_t>> parse_frame_ranges(std::string_view text,
                                                             std::uint64_t max_frames = 1'000'000);

/// The document's `check_defaults`: per check id, what its checks say in most sites (kind, target,
/// family, rfc), stated once. `checks` holds the expanded check rows of every site (any order).
class CheckDefaults {
 public:
  void add(const nlohmann::json& check_row);
  /// {"<check_id>": {"kind"?, "target"?, "family"?, "rfc"?, "clause_rfc"?: {clause: rfc},
  /// "reason_message"?, "clauses"?}}: a key only where it saves repeating it; the reason message and
  /// clauses (the outcome most of its checks had) in their compact form.
  [[nodiscard]] nlohmann::json to_json() const;

 private:
  std::map<std::string, std::map<std::string, std::map<std::string, std::size_t>>> seen_;
  /// id → clauses (JSON text) → the reason message (JSON text) of the first check that had them.
  std::map<std::string, std::map<std::string, std::string>> clause_message_;
};
/// The document's `check_defaults` as read: false (with the key path) when it is not
/// {id: {kind, target, family, rfc: string}}.
bool check_defaults_valid(jsonmodel::Reader& r, const nlohmann::json& defaults);

/// The document's `coverage_rules`: each distinct (level, requirement, kinds) of the sites' coverage
/// rows once, in first-seen order; a row then names its rule by index.
class CoverageRules {
 public:
  void add(const nlohmann::json& coverage_row);
  [[nodiscard]] const nlohmann::json& to_json() const { return rules_; }

 private:
  nlohmann::json rules_ = nlohmann::json::array();
  std::map<std::string, std::size_t> index_;
};
bool coverage_rules_valid(jsonmodel::Reader& r, const nlohmann::json& rules);

/// The document's `bundle_defaults`: for the bundle keys that describe the probe rather than the run
/// (tool, clock, scenario, host, probe_id, interface, expected_pref64, signature, status, verified,
/// verify_problems), the value most sites have, stated once.
class BundleDefaults {
 public:
  void add(const nlohmann::json& bundle);
  [[nodiscard]] nlohmann::json to_json() const;

 private:
  std::map<std::string, std::map<std::string, std::size_t>> seen_;  ///< key → JSON text → sites
};
bool bundle_defaults_valid(jsonmodel::Reader& r, const nlohmann::json& defaults);

/// What a site is compacted against: the document's `check_defaults` (an object), `coverage_rules`
/// (a list), `bundle_defaults` and `site_defaults` (objects); any may be empty.
struct DocumentTables {
  nlohmann::json check_defaults = nlohmann::json::object();
  nlohmann::json coverage_rules = nlohmann::json::array();
  nlohmann::json bundle_defaults = nlohmann::json::object();
  nlohmann::json site_defaults = nlohmann::json::object();
  /// Frame numbers the ranges of the whole document may still expand to (the reader sets it from the
  /// text's size: expanding stays linear in the input, whatever the ranges say).
  std::uint64_t frame_budget = std::uint64_t{1} << 24;
  /// Bytes (as JSON text) the site_defaults may still put back into sites, for the same reason.
  std::uint64_t default_budget = std::uint64_t{1} << 26;
  /// The size of each site_defaults value as JSON text (filled as the reader first needs it).
  std::map<std::string, std::uint64_t, std::less<>> default_sizes{};
};

/// The document's `site_defaults`: for the site keys that a sweep of one scenario repeats in most sites
/// (coverage, services, access, level_reason_messages), the value most sites have, in its compact form,
/// stated once. `add` takes each expanded site; `to_json` compacts the winners against `tables` (the
/// other document tables).
class SiteDefaults {
 public:
  void add(const nlohmann::json& site);
  [[nodiscard]] nlohmann::json to_json(const DocumentTables& tables) const;

 private:
  std::map<std::string, std::map<std::string, std::size_t>> seen_;  ///< key → JSON text → sites
};
bool site_defaults_valid(jsonmodel::Reader& r, const nlohmann::json& defaults);

/// An expanded site → its compact form.
nlohmann::json compact_site(nlohmann::json site, const DocumentTables& doc);
/// A compact site → its expanded form, in place. Refuses (false, with the key path under `path` in
/// `r`) a malformed compact construct; what it leaves is read by the strict reader.
bool expand_site(jsonmodel::Reader& r, nlohmann::json& site, const std::string& path, DocumentTables& doc);

}  // namespace v6r::findings::compact
