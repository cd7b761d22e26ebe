// Definition of the statement rule. Included by statement.cpp only.
#pragma once

#include "grammar/annotate.hpp"
#include "grammar/ast_adapted.hpp"
#include "grammar/declaration.hpp"
#include "grammar/rule.hpp"
#include "grammar/statement.hpp"

namespace proviso::grammar {

struct statement_class : annotate_span {};

namespace statements {

struct statement_body_class : annotate_span {};

x3::rule<statement_body_class, ast::StatementBody> const statement_body =
    "a rule or declaration (`allow`, `deny`, `share`, `retain`, `erase`, `field`, `import`, "
    "`subject`, `test` or a vocabulary such as `data { ... }`)";
x3::rule<struct annotated_body_id, ast::StatementBody> const annotated_body =
    "a rule after the annotations";

auto const statement_body_def = access_rule() | retain_rule() | erase_rule() | test_block() | header() |
                                import_declaration() | field_declaration() | subject_block() |
                                vocabulary_block();
auto const annotated_body_def = statement_body;

BOOST_SPIRIT_DEFINE(statement_body, annotated_body)

}  // namespace statements

statement_type const statement_rule = "a statement";

auto const statement_rule_def = (+annotation() > statements::annotated_body) |
                                (x3::attr(std::vector<ast::Annotation>{}) >> statements::statement_body);

BOOST_SPIRIT_DEFINE(statement_rule)

statement_type const& statement() { return statement_rule; }

}  // namespace proviso::grammar
