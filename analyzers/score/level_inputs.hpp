#pragma once
// What the readiness levels are computed from (docs/findings-schema.md "Level rules"): one brief per
// probe result and the facts the capture established. Filled by findings/site_analysis.cpp; read by
// the pure functions of score/ (services, access mode, coverage, the ladder, the plan verdict).
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace v6r::analyze {

struct CheckBrief {
  std::string check_id, kind, target;
  Verdict verdict = Verdict::skipped;
  Family family = Family::any;
  std::string reason;                        ///< the probe's reason (quoted, shortened, in level reasons)
  std::optional<MessageRef> reason_message;  ///< `reason` as a message (vouched: its English is `reason`)
  bool via_nat64 = false;                    ///< a remote address lies in the check's Pref64::/n
  bool remote_ipv4 = false;         ///< a remote address is IPv4: the check went out natively over IPv4
  bool remote_native_ipv6 = false;  ///< a remote IPv6 address outside the Pref64::/n
};

struct LevelInputs {
  std::vector<CheckBrief> checks;
  bool have_capture = false;
  bool capture_partial = false;
  bool pref64_discovered = false;
  std::string pref64_source;  ///< "RFC 7050 via dns64.discovery x", "RA PREF64 in the capture (...)"
  std::optional<MessageRef> pref64_source_message;  ///< `pref64_source` as a message (fact.pref64_src.*)
  std::uint64_t ipv4_frames = 0;  ///< IPv4 + ARP frames in the capture (the RFC 8925 exchange not counted)
  bool pmtu_black_hole = false;
  bool disagreement = false;
  bool unexpected_prefix = false;
};

/// "dns64.synthesis synth-v4only"; just "v6only.leak" when the scenario named the check after its kind.
inline std::string check_name(const CheckBrief& c) {
  return c.check_id == c.kind ? c.kind : c.kind + " " + c.check_id;
}

/// The check could say something (pass, info, warn, fail); error and skipped could not.
inline bool judged(Verdict v) {
  return v == Verdict::pass || v == Verdict::info || v == Verdict::warn || v == Verdict::fail;
}
/// pass, info or warn: what the check tried worked (a warn names a SHOULD, not a failure).
inline bool worked(Verdict v) {
  return v == Verdict::pass || v == Verdict::info || v == Verdict::warn;
}

}  // namespace v6r::analyze
