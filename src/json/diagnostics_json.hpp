// Diagnostics as JSON (for `proviso check --format json`) and as SARIF.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace proviso::json {

/// The diagnostics of one policy and the sources they point into.
struct DiagnosticSet {
  const std::vector<diag::Diagnostic>* diagnostics = nullptr;
  const source::SourceManager* sources = nullptr;
};

/// A JSON array with one object per diagnostic, over every set in order:
/// file, line, column, end_line, end_column, severity, code, message, notes.
std::string diagnostics_to_json(const std::vector<DiagnosticSet>& sets);

}  // namespace proviso::json
