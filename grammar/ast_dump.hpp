// A readable, stable text dump of the AST, for golden parser tests and for
// `proviso parse --dump` when debugging the grammar.
#pragma once

#include <string>
#include <string_view>

#include "grammar/ast.hpp"

namespace proviso::grammar {

/// Dumps `file` as an indented tree; each node shows where it starts
/// (`@line:col` in `text`, the source it was parsed from).
std::string dump(const ast::File& file, std::string_view text);

}  // namespace proviso::grammar
