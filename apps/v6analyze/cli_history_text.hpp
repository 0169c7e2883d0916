#pragma once
// `v6analyze history --lang`: the terminal table in the reader's language (docs/archive.md "Output").
// The archive's tables (analyzers/archive/) are English and keyed: the title by the query, each column by
// its key, the archive's own fixed words (yes, no, regression, improvement, reached, not at this pace,
// a finding's severity) by column. This swaps those for the catalogue's (reports/i18n/<lang>.yaml
// history.*); data from the findings (sites, labels, rules, finding titles, levels) is left as it is.
// CSV and JSON never go through here: their keys and values stay English (machine-read).
#include <string>

#include "analyzers/archive/table.hpp"
#include "reports/i18n.hpp"

namespace v6r::app {

/// `t` with its title, headings and fixed words from `cat`; a column without a catalogue entry keeps
/// its heading (the per-level columns: "L2", "L2 %").
archive::Table localize_history(archive::Table t, const i18n::Catalog& cat);

/// The terminal's "(no rows)" line in `cat`'s language.
std::string history_no_rows(const i18n::Catalog& cat);

}  // namespace v6r::app
