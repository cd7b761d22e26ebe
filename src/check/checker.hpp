// The checker: AST → Model. Resolves every name to a vocabulary node,
// type-checks subject attributes and conditions, validates the shape of
// every rule and runs the privacy lints. Every problem is reported (not just
// the first); a Model comes back only when there is no error.
#pragma once

#include <optional>

#include "diag/diagnostic.hpp"
#include "load/loader.hpp"
#include "model/model.hpp"

namespace proviso::check {

/// What the checker does besides resolving and type-checking.
struct Options {
  bool lints = true;  ///< run the privacy lints (the semantic, whole-policy checks)
};

/// Checks a loaded program. Returns the Model when no error was reported.
std::optional<model::Model> check(const loader::Program& program, diag::Diagnostics& diagnostics,
                                  const Options& options = {});

}  // namespace proviso::check
