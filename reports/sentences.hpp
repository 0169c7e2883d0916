#pragma once
// The analyzer's and the probe's sentences of a findings document in the reader's language: each text
// field that has a catalogue message next to it (docs/findings-schema.md "Messages") is rendered from the
// message; without one (an older document, a sentence with no message yet) the stored English text is
// shown as it is. Every renderer reads these sentences through here.
#include <string>
#include <vector>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

std::string level_summary(const i18n::Catalog& cat, const findings::Site& s);
std::vector<std::string> level_reasons(const i18n::Catalog& cat, const findings::Site& s);
std::string plan_reason(const i18n::Catalog& cat, const findings::Site& s);
std::vector<std::string> access_evidence(const i18n::Catalog& cat, const findings::Access& a);
std::optional<std::string> access_missing(const i18n::Catalog& cat, const findings::Access& a);
std::string coverage_requirement(const i18n::Catalog& cat, const findings::CoverageRow& r);
std::string service_reason(const i18n::Catalog& cat, const findings::Service& s);
std::string finding_explanation(const i18n::Catalog& cat, const findings::Finding& f);
std::string check_reason(const i18n::Catalog& cat, const findings::CheckRow& c);
std::string clause_reason(const i18n::Catalog& cat, const Clause& c);
std::optional<std::string> cross_check_note(const i18n::Catalog& cat, const findings::CheckRow& c);

/// A cited frame in one line (docs/findings-schema.md "Frame summaries"): "12  0.012345 s
/// 2001:db8:1::100 → 2001:db8:1::1  DNS AAAA? ipv4only.arpa." — the frame number, its time since the
/// capture's first frame, its addresses and what it shows (`pkt.<what>`), in the catalogue's language.
/// Plain text: the caller escapes it for its medium.
std::string frame_line(const i18n::Catalog& cat, const findings::FrameSummary& s);
/// A finding's frames that have a line in its site's frame_summaries (in the finding's order), and how
/// many of its frames have none (beyond the site's cap, or not in the capture).
struct FindingFrames {
  std::vector<const findings::FrameSummary*> lines;
  std::size_t without_line = 0;
};
FindingFrames finding_frames(const findings::Site& site, const findings::Finding& f);

}  // namespace v6r::report
