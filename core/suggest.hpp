#pragma once
// "Did you mean ...?": the closest of a few known words to a mistyped one (config keys, enum values,
// check kinds). Edit distance counting a swap of neighbours as one edit (Damerau), bounded by a third of the
// word (at least 2); a word that starts a candidate counts as close.
#include <string>
#include <string_view>
#include <vector>

namespace v6r {

/// Closest candidate within a small edit distance, or "" ("expected_prefx" -> "expected_prefix").
/// `candidates` are known words (the schema's keys, values, kinds), short; `word` may be anything.
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace v6r
