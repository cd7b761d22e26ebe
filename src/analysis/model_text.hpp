// The checked Model printed back in the language's words, canonically:
// conditions, selections and whole rules. Two rules that mean the same
// print the same (whitespace, comments and annotations aside), which is
// what lets the diff tell a changed rule from a moved or reformatted one.
#pragma once

#include <string>

#include "model/model.hpp"

namespace proviso::analysis {

/// A condition, e.g. "age < 16 and not (consents has marketing)".
std::string expr_text(const model::Model& model, const model::Expr& expr);

/// "when W unless U" (empty when the guard always holds).
std::string guard_text(const model::Model& model, const model::Guard& guard);

/// "account, billing except billing.history", or "all".
std::string selection_text(const model::Vocabulary& vocabulary, const model::Selection& selection);

/// A rule without its annotations, e.g. "allow account for service under contract when ...".
std::string rule_text(const model::Model& model, const model::Rule& rule);

/// A retention rule without its annotations.
std::string retention_text(const model::Model& model, const model::Retention& retention);

}  // namespace proviso::analysis
