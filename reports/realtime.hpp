#pragma once
// A site's "real-time readiness" at a glance (issue 19; docs/checks-realtime.md): one cell per NAT64
// behaviour kind — mapping and filtering with their class, hairpinning, UDP and TCP mapping lifetime,
// fragments, ICMP errors with their clauses — in the catalogue's language. A kind the site did not run
// says "not run"; a result that could not judge (error) says "cannot judge", one that was skipped (a
// lower bound only, a destination off the NAT64) "not judged": never shown as a pass. Plain text; the
// renderer escapes for its medium. Internal to reports/.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/findings.hpp"
#include "core/i18n.hpp"

namespace v6r::report {

struct RealtimeCell {
  std::string_view kind;           ///< "nat64.mapping", ...
  std::optional<Verdict> verdict;  ///< the most severe of the site's results of the kind; none: not run
  std::string text;                ///< "✔ pass · endpoint-independent", "– not run", "‼ cannot judge"
  std::string reason;  ///< that result's reason in the catalogue's language (a tooltip), "" when not run
};

/// The real-time kinds in display order.
const std::vector<std::string_view>& realtime_kinds();
/// The column heading of a real-time kind ("mapping", "UDP lifetime", ...).
std::string realtime_label(const i18n::Catalog& cat, std::string_view kind);
/// Does the site hold a result of any real-time kind?
bool has_realtime(const findings::Site& site);
/// One cell per realtime_kinds() entry.
std::vector<RealtimeCell> realtime_cells(const i18n::Catalog& cat, const findings::Site& site);

}  // namespace v6r::report
