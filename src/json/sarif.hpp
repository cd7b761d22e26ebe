// Diagnostics as SARIF 2.1.0 (OASIS Static Analysis Results Interchange
// Format), for `proviso check --format sarif`: code-scanning services and
// editors read it to show a policy's problems where they are written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "json/diagnostics_json.hpp"

namespace proviso::json {

/// What the SARIF log says besides the results.
struct SarifOptions {
  std::string tool_version = "0.1.0";  ///< tool.driver.version (the project's version)
  /// The folder relative paths are relative to, as an absolute `file://` URI
  /// ending in `/` (originalUriBaseIds.%SRCROOT%); empty to leave it out.
  std::string root_uri;
  /// Problems that are not diagnostics of a policy (an unreadable file):
  /// reported as tool execution notifications.
  std::vector<std::string> notifications;
};

/// A short, one-line description of a diagnostic kind (SARIF's rule shortDescription).
std::string_view code_description(diag::Code code) noexcept;

/// A path as a SARIF artifact URI: a relative reference with `/` separators
/// and percent-encoding for a relative path; `file://` and the encoded path
/// for an absolute one.
std::string artifact_uri(std::string_view path);

/// A SARIF 2.1.0 log with one run: the driver and its rules (every diagnostic
/// kind), one result per diagnostic over every set in order, each with its
/// location and its notes as related locations.
std::string diagnostics_to_sarif(const std::vector<DiagnosticSet>& sets, const SarifOptions& options = {});

}  // namespace proviso::json
