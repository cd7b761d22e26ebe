// The compiler: a checked Model in, the tables decide() reads out.
#pragma once

#include <memory>

#include "compile/policy_data.hpp"
#include "diag/diagnostic.hpp"

namespace proviso::compile {

/// Compiles a checked model. Returns null (with a diagnostic) only when a
/// condition multiplies out beyond what can be compiled.
std::shared_ptr<detail::PolicyData> compile(model::Model model, diag::Diagnostics& diagnostics);

}  // namespace proviso::compile
