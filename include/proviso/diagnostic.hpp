/// @file
/// Diagnostics as the public API reports them: what is wrong with a policy,
/// where (file, line, column), and how serious it is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace proviso {

/// How serious a diagnostic is; only errors make a policy unusable.
enum class Severity : std::uint8_t { note, warning, error };

/// A place in a policy file, decoded for people (1-based line and column).
struct SourcePosition {
  std::string file;          ///< the path as given to load
  std::uint32_t line = 0;    ///< 1-based
  std::uint32_t column = 0;  ///< 1-based, in characters
};

/// A note attached to a diagnostic ("first declared here").
struct DiagnosticNote {
  SourcePosition position;  ///< where the note points
  std::string message;      ///< what it says
};

/// One problem found in a policy.
struct Diagnostic {
  Severity severity = Severity::error;  ///< error, warning or note
  std::string code;                     ///< stable code, e.g. "unknown-name" (docs/language.md)
  std::string message;                  ///< one line, lowercase, names in backticks
  SourcePosition position;              ///< where it starts
  SourcePosition end;                   ///< where it ends
  std::vector<DiagnosticNote> notes;    ///< related places
  std::string rendered;                 ///< clang-style text: location, message, source line, caret
};

/// All diagnostics rendered as text, one after another.
std::string to_string(const std::vector<Diagnostic>& diagnostics);

}  // namespace proviso
