#pragma once
// Readiness levels L0–L4 (DESIGN.md "Readiness levels"; exact rules in docs/findings-schema.md,
// "Level rules"). Pure: the inputs are what a bundle's results and capture established.
#include <string>
#include <vector>

#include "analyzers/score/plan.hpp"
#include "core/result.hpp"

namespace v6r::analyze {

struct CheckBrief {
  std::string check_id, kind, target;
  Verdict verdict = Verdict::skipped;
  Family family = Family::any;
  bool via_nat64 = false;  ///< a remote address it used lies in the site's Pref64::/n
};

struct LevelInputs {
  std::vector<CheckBrief> checks;
  bool have_capture = false;
  bool capture_partial = false;
  bool pref64_discovered = false;
  std::string pref64_source;      ///< "RFC 7050 (dns64.discovery)", "RA PREF64 (capture)", ...
  std::uint64_t ipv4_frames = 0;  ///< IPv4 + ARP (+ DHCPv4 is IPv4) frames in the capture
  bool pmtu_black_hole = false;
  bool disagreement = false;
  bool unexpected_prefix = false;
};

struct LevelResult {
  int level = 0;
  std::vector<std::string> reasons;  ///< why this level, and what blocks / is missing for the next
};

LevelResult compute_level(const LevelInputs& in, const LevelRules& rules);

/// Per service (service.* checks grouped by target): L4 reached natively, L2 only through NAT64,
/// L0 not reached.
struct ServiceLevel {
  std::string target;
  int level = 0;
  std::string reason;
};
std::vector<ServiceLevel> service_levels(const std::vector<CheckBrief>& checks);

}  // namespace v6r::analyze
