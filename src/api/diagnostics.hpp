// Turning the library's internal diagnostics into the public form.
#pragma once

#include <vector>

#include "diag/diagnostic.hpp"
#include "proviso/diagnostic.hpp"

namespace proviso::api {

/// Decodes internal diagnostics (offsets) into public ones (lines, columns, text).
std::vector<Diagnostic> to_public(const std::vector<diag::Diagnostic>& diagnostics,
                                  const source::SourceManager& sources);

}  // namespace proviso::api
