// Diagnostics as values: every stage reports through a Diagnostics list and
// keeps going, so a user sees all of a file's problems at once, not the first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_manager.hpp"

namespace proviso::diag {

/// How serious a diagnostic is; only errors make `proviso check` fail.
enum class Severity : std::uint8_t { note, warning, error };

/// Every kind of diagnostic, from kinds.def.
enum class Code : std::uint16_t {
#define PROVISO_DIAGNOSTIC(id, code, severity) id,
#include "diag/kinds.def"
#undef PROVISO_DIAGNOSTIC
};

/// The stable text code of a diagnostic kind, e.g. "unknown-name".
std::string_view code_name(Code code) noexcept;

/// The severity a diagnostic kind is reported with.
Severity default_severity(Code code) noexcept;

/// "error", "warning" or "note".
std::string_view severity_name(Severity severity) noexcept;

/// A secondary location that explains the main one ("the rule starts here").
struct Note {
  source::Location location;
  std::string message;
};

/// One problem found in the policy, at a place in its source.
struct Diagnostic {
  Code code{};
  Severity severity = Severity::error;
  source::Location location;
  std::string message;  ///< lowercase, one line, user input in backticks
  std::vector<Note> notes;
};

/// The diagnostics of one load, in the order they were found.
class Diagnostics {
 public:
  /// Records a diagnostic of `code` at `location` and returns it for notes.
  Diagnostic& report(Code code, source::Location location, std::string message);

  /// Every diagnostic so far.
  const std::vector<Diagnostic>& all() const noexcept { return items_; }

  /// The number of errors so far.
  std::size_t error_count() const noexcept { return errors_; }

  /// True when any error has been reported.
  bool has_errors() const noexcept { return errors_ > 0; }

  /// Sorts by file, then offset, then code; stable for equal keys.
  void sort_by_location();

  /// How many diagnostics are kept; past it, one `too-many-errors` says so
  /// and the rest are counted but dropped (a broken generated policy could
  /// otherwise produce millions).
  static constexpr std::size_t limit = 1000;

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t dropped_ = 0;
  Diagnostic overflow_;  // where dropped diagnostics' notes go
};

/// Renders diagnostics as clang does: `file:line:col: severity: message [code]`,
/// then the source line and a caret under the range; notes follow.
std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const source::SourceManager& sources, bool color = false);

}  // namespace proviso::diag
