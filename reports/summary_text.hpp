#pragma once
// The plain text summary of a sweep that `v6analyze analyze` prints: one block per site (level, plan
// verdict, the fail and warn findings, the plan's reason), the roll-up, the problems, and how to fix each
// finding kind shown. In the catalogue's language (reports/i18n.hpp).
#include <string>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

std::string summary_text(const findings::Document& doc,
                         const i18n::Catalog& cat = i18n::Catalog::get(i18n::Lang::en));

/// The short form (`v6analyze summary --brief`, the main job's last lines): the sweep line, each site's
/// line and level summary, and the roll-up; no findings, problems or advice.
std::string summary_brief_text(const findings::Document& doc,
                               const i18n::Catalog& cat = i18n::Catalog::get(i18n::Lang::en));

}  // namespace v6r::report
