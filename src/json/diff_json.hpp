// The semantic diff as JSON (proviso diff --format json).
#pragma once

#include <string>

#include "analysis/diff.hpp"

namespace proviso::json {

/// Every change with its before/after outcome, condition, rules and request shapes.
std::string diff_to_json(const analysis::DiffResult& result);

}  // namespace proviso::json
