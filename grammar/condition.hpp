// Conditions: the `when` and `unless` clauses of rules and obligations.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace proviso::grammar {

struct condition_class;
using condition_type = x3::rule<condition_class, ast::Condition>;
BOOST_SPIRIT_DECLARE(condition_type)

/// `a or b`, `a and not (b or c)`, `age < 16`, `consents has marketing`, ...
condition_type const& condition();

}  // namespace proviso::grammar
