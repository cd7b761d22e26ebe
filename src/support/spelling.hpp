// "Did you mean ...?": the closest known name to a misspelt one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proviso::support {

/// The Damerau-Levenshtein (optimal string alignment) distance between two names.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if one is close enough to be a plausible
/// typo: within a third of the name's length (at least 1, at most 3 edits),
/// or equal to it in its last dotted segment. Ties go to the first candidate.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates);

/// The message for a word that is not one of an enumeration's values:
/// "`word` is not a value of `attribute`; did you mean `x`?", or, when no
/// value is close, the values themselves ("...; its values are `a`, `b`").
std::string not_a_value(std::string_view word, std::string_view attribute, const std::vector<std::string>& values);

}  // namespace proviso::support
