// Lexical rules shared by every rule family: names, dotted paths, strings
// and integers. Declared here, defined in lexical_def.hpp, instantiated once
// in lexical.cpp for the one context_type.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace proviso::grammar {

struct identifier_class;
struct path_class;
struct string_literal_class;
struct integer_class;

using identifier_type = x3::rule<identifier_class, ast::Identifier>;
using path_type = x3::rule<path_class, ast::Path>;
using string_literal_type = x3::rule<string_literal_class, ast::StringLiteral>;
using integer_type = x3::rule<integer_class, ast::Integer>;

BOOST_SPIRIT_DECLARE(identifier_type, path_type, string_literal_type, integer_type)

/// A single name: letters, digits and `_`, not starting with a digit, not reserved.
identifier_type const& identifier();
/// A dotted name such as `account.identity.email`.
path_type const& path();
/// A double-quoted string on one line, with `\"`, `\\`, `\n`, `\t` escapes.
string_literal_type const& string_literal();
/// An optionally negative decimal integer.
integer_type const& integer();

}  // namespace proviso::grammar
