// The reserved words of the policy language. No X3 here: the checker (for
// "did you mean") and the formatter read this list too.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace proviso::grammar {

/// Words that can never be a name. Words used only in one place (`of`, `one`,
/// `set`, `version`, `withdrawal`, `true`, `false`) stay free for names.
inline constexpr std::array<std::string_view, 28> reserved_words = {
    "after",    "all",    "allow",   "and",      "deny",         "erase",  "except",
    "field",    "for",    "has",     "import",   "in",           "indefinitely", "is",
    "not",      "or",     "policy",  "requiring", "retain",      "share",  "subject",
    "then",     "this",   "under",   "unless",   "until",        "when",   "within",
};

/// The words that can start a statement, for error recovery and suggestions.
inline constexpr std::array<std::string_view, 10> statement_keywords = {
    "allow", "deny", "share", "retain", "erase", "field", "import", "policy", "subject", "test",
};

/// True when `word` is reserved.
inline bool is_reserved(std::string_view word) {
  return std::find(reserved_words.begin(), reserved_words.end(), word) != reserved_words.end();
}

}  // namespace proviso::grammar
