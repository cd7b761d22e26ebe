// How the language spells its keyword-like AST values, for everything that
// writes policy text back (the formatter) or shows it (the AST dump): one
// table, so the two cannot drift apart from each other or from the grammar.
#pragma once

#include <string_view>

#include "grammar/ast.hpp"

namespace proviso::grammar {

/// `allow`, `deny` or `share`.
std::string_view spelling(ast::Verb verb);

/// `<`, `<=`, `>`, `>=`, `=` or `!=`.
std::string_view spelling(ast::CompareOp op);

/// `data`, `purpose` or `recipient` (as in `has this purpose`).
std::string_view spelling(ast::RequestPart part);

}  // namespace proviso::grammar
