// Rules: allow / deny / share, retention and erasure, and the annotations
// written before them.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/config.hpp"

namespace proviso::grammar {

struct annotation_class;
struct access_rule_class;
struct retain_rule_class;
struct erase_rule_class;
struct test_block_class;

using annotation_type = x3::rule<annotation_class, ast::Annotation>;
using access_rule_type = x3::rule<access_rule_class, ast::AccessRule>;
using retain_rule_type = x3::rule<retain_rule_class, ast::RetainRule>;
using erase_rule_type = x3::rule<erase_rule_class, ast::EraseRule>;
using test_block_type = x3::rule<test_block_class, ast::TestBlock>;

BOOST_SPIRIT_DECLARE(annotation_type, access_rule_type, retain_rule_type, erase_rule_type, test_block_type)

/// `@section("5")`
annotation_type const& annotation();
/// `allow ... for ... under ...;`, `deny ...;`, `share ... with ...;`, `deny share ...;`
access_rule_type const& access_rule();
/// `retain ... for 7 years;`
retain_rule_type const& retain_rule();
/// `erase ... within 30 days after erasure_request;`
erase_rule_type const& erase_rule();
/// `test "name" { ask ...; expect ...; }`
test_block_type const& test_block();

}  // namespace proviso::grammar
