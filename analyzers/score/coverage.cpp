#include "analyzers/score/coverage.hpp"

#include <algorithm>
#include <functional>

#include "core/check_kind.hpp"
#include "core/message_text.hpp"

namespace v6r::analyze {
namespace {

using check_kind::KindFamily;
using findings::CoverageRow;
using findings::CoverageState;
using findings::Level;

/// One requirement: its rung, its words, the kinds shown in the table, which results satisfy it, and
/// what else can (the capture).
struct Requirement {
  Level level;
  const char* requirement;
  std::vector<std::string> kinds;
  std::function<bool(const CheckBrief&)> matches;                     ///< null: the capture itself
  std::function<bool(const LevelInputs&)> shown_otherwise = nullptr;  ///< met without a check
};

std::string family_pattern(KindFamily f) {
  return std::string(check_kind::to_string(f)) + ".*";
}

auto family_is(std::vector<KindFamily> fams) {
  return [fams](const CheckBrief& c) {
    const KindFamily f = check_kind::family_of(c.kind);
    for (const KindFamily x : fams)
      if (x == f) return true;
    return false;
  };
}

auto kind_is(std::vector<std::string_view> kinds) {
  return [kinds](const CheckBrief& c) {
    for (const auto k : kinds)
      if (c.kind == k) return true;
    return false;
  };
}

std::vector<Requirement> requirements(const LevelRules& rules) {
  std::vector<Requirement> r;
  r.push_back({Level::L1,
               "fact.req.reachable",
               {family_pattern(KindFamily::service), family_pattern(KindFamily::nat64),
                family_pattern(KindFamily::dualstack)},
               family_is({KindFamily::service, KindFamily::nat64, KindFamily::dualstack})});
  r.push_back({Level::L2,
               "fact.req.ipv6_only",
               {std::string(check_kind::kV6onlyLeak)},
               kind_is({check_kind::kV6onlyLeak})});
  if (rules.l3_require_pref64)
    r.push_back({Level::L3,
                 "fact.req.pref64",
                 {std::string(check_kind::kDns64Discovery), std::string(check_kind::kV6onlyRa)},
                 kind_is({check_kind::kDns64Discovery, check_kind::kV6onlyRa}),
                 [](const LevelInputs& in) { return in.pref64_discovered; }});
  r.push_back({Level::L3,
               "fact.req.option108",
               {std::string(check_kind::kV6onlyDhcp108)},
               kind_is({check_kind::kV6onlyDhcp108})});
  if (rules.l3_require_pmtu_check)
    r.push_back({Level::L3,
                 "fact.req.pmtu",
                 {std::string(check_kind::kNat64Pmtu)},
                 kind_is({check_kind::kNat64Pmtu})});
  // The real-time switches have a row only when they ask the result to be shown; under not_failing a
  // site without one is not held back (levels.cpp realtime_rules(), docs/checks-realtime.md "Levels").
  if (rules.l3_require_eim_mapping == RealtimeRule::shown)
    r.push_back({Level::L3,
                 "fact.req.eim_mapping",
                 {std::string(check_kind::kNat64Mapping)},
                 kind_is({check_kind::kNat64Mapping})});
  if (rules.l3_require_udp_lifetime == RealtimeRule::shown)
    r.push_back({Level::L3,
                 "fact.req.udp_lifetime",
                 {std::string(check_kind::kNat64UdpLifetime)},
                 kind_is({check_kind::kNat64UdpLifetime})});
  if (rules.l3_forbid_ipv4_frames) r.push_back({Level::L3, "fact.req.no_ipv4_frame", {}, nullptr});
  r.push_back({Level::L4,
               "fact.req.native",
               {family_pattern(KindFamily::service)},
               family_is({KindFamily::service})});
  return r;
}

}  // namespace

std::vector<CoverageRow> coverage_table(const LevelInputs& in, const LevelRules& rules) {
  std::vector<CoverageRow> rows;
  for (const auto& req : requirements(rules)) {
    CoverageRow row;
    row.level = req.level;
    row.requirement_message = findings::MessageRef{req.requirement, {}};  // the id (fact.req.*)
    row.requirement = i18n::english(*row.requirement_message);
    row.kinds = req.kinds;
    if (!req.matches) {  // the capture
      row.state = !in.have_capture     ? CoverageState::missing
                  : in.capture_partial ? CoverageState::not_judged
                                       : CoverageState::present;
      rows.push_back(std::move(row));
      continue;
    }
    std::vector<std::string> judging, not_judging;
    for (const auto& c : in.checks)
      if (req.matches(c)) (judged(c.verdict) ? judging : not_judging).push_back(c.check_id);
    // By id, not in the order the checks finished (results.jsonl's order): the same bundle contents give
    // the same row from run to run, and the compact findings.json shares equal rows between sites.
    std::sort(judging.begin(), judging.end());
    std::sort(not_judging.begin(), not_judging.end());
    if (!judging.empty()) {
      row.state = CoverageState::present;
      row.checks = std::move(judging);
    } else if (req.shown_otherwise && req.shown_otherwise(in)) {
      row.state = CoverageState::present;  // the capture showed it (RA PREF64, ipv4only.arpa answers)
    } else if (!not_judging.empty()) {
      row.state = CoverageState::not_judged;
      row.checks = std::move(not_judging);
    } else {
      row.state = CoverageState::missing;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string kinds_text(const CoverageRow& row) {
  if (row.kinds.empty()) return "a capture";
  std::string s;
  for (const auto& k : row.kinds) s += (s.empty() ? "" : " or ") + k;
  return s;
}

}  // namespace v6r::analyze
