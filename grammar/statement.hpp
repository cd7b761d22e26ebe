// A top-level statement: any declaration or rule, with its annotations.
// parse.cpp drives this rule one statement at a time, which is what lets it
// recover after a syntax error and report the next one too.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace proviso::grammar {

struct statement_class;
using statement_type = x3::rule<statement_class, ast::Statement>;
BOOST_SPIRIT_DECLARE(statement_type)

/// One declaration or rule, with the annotations written before it.
statement_type const& statement();

}  // namespace proviso::grammar
