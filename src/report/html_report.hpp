// The review report: one self-contained HTML page (inline CSS, a few lines of
// inline JavaScript, no external resources) that shows legal staff what a
// compiled policy decides: the decision matrix, the sharing and retention
// tables, every rule by section, the checker's warnings, and the policy's
// silences. `proviso doc` writes it.
#pragma once

#include <string>
#include <vector>

#include "proviso/diagnostic.hpp"
#include "proviso/policy.hpp"

namespace proviso::report {

/// What the page says about how it was made.
struct HtmlReportOptions {
  std::string generator = "proviso 0.1.0";  ///< named in the page's footer and <meta name="generator">
};

/// The report for a loaded policy; `diagnostics` are what loading it said
/// (its warnings are listed; errors cannot occur in a loaded policy).
std::string html_report(const Policy& policy, const std::vector<Diagnostic>& diagnostics,
                        const HtmlReportOptions& options = {});

}  // namespace proviso::report
