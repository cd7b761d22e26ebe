// Durations as written (`7 years`, `1 year 6 months`) and as ISO 8601 (`P7Y`,
// `P1Y6M`). The ISO form keeps the units the policy used: `7 years` is
// `P7Y`, never `P2555D`, because legal text means calendar years.
#pragma once

#include <optional>
#include <string>

#include "check/context.hpp"

namespace proviso::check {

struct ResolvedDuration {
  std::string iso;   ///< e.g. "P1Y6M", "PT72H"
  std::string text;  ///< e.g. "1 year 6 months"
};

/// Validates a duration and converts it; reports and returns nullopt when invalid.
std::optional<ResolvedDuration> resolve_duration(Context& context, const ast::Duration& duration,
                                                 source::FileId file);

}  // namespace proviso::check
