// Definitions of the condition rules. Included by condition.cpp only.
//
// Precedence, loosest first: `or`, `and`, `not`, then a test or a
// parenthesised condition. `not` is counted rather than nested, so only
// parentheses make the parser recurse, and the prescan caps their depth.
#pragma once

#include "grammar/annotate.hpp"
#include "grammar/ast_adapted.hpp"
#include "grammar/condition.hpp"
#include "grammar/expect.hpp"
#include "grammar/lexical.hpp"
#include "grammar/tokens.hpp"

namespace proviso::grammar {

struct condition_class : annotate_span {};

namespace conditions {

struct conjunction_class : annotate_span {};
struct negation_class : annotate_span {};
struct primary_class : annotate_span {};
struct bool_test_class : annotate_span {};
struct compare_test_class : annotate_span {};
struct is_test_class : annotate_span {};
struct in_test_class : annotate_span {};
struct has_test_class : annotate_span {};
struct has_request_test_class : annotate_span {};

using tokens::kw;

struct compare_ops_table : x3::symbols<ast::CompareOp> {
  compare_ops_table() {
    add("<", ast::CompareOp::less)("<=", ast::CompareOp::less_equal)(
        ">", ast::CompareOp::greater)(">=", ast::CompareOp::greater_equal)(
        "=", ast::CompareOp::equal)("==", ast::CompareOp::equal)("!=", ast::CompareOp::not_equal);
  }
};
const compare_ops_table compare_ops;

struct request_parts_table : x3::symbols<ast::RequestPart> {
  request_parts_table() {
    add("data", ast::RequestPart::data)("purpose", ast::RequestPart::purpose)(
        "recipient", ast::RequestPart::recipient);
  }
};
const request_parts_table request_parts;

const auto set_alternatives = [](auto& ctx) { x3::_val(ctx).alternatives = std::move(x3::_attr(ctx)); };
const auto set_operands = [](auto& ctx) { x3::_val(ctx).operands = std::move(x3::_attr(ctx)); };
const auto count_negation = [](auto& ctx) { ++x3::_val(ctx).negations; };
const auto set_operand = [](auto& ctx) { x3::_val(ctx).operand = std::move(x3::_attr(ctx)); };
const auto set_attribute = [](auto& ctx) { x3::_val(ctx).attribute = std::move(x3::_attr(ctx)); };

// Rules built by semantic actions are split into an unannotated `_body`
// and an annotated forwarding rule; see lexical_def.hpp for why.
x3::rule<struct conjunction_body_id, ast::Conjunction> const conjunction_body = "a condition";
x3::rule<struct negation_body_id, ast::Negation> const negation_body = "a condition";
x3::rule<struct bool_test_body_id, ast::BoolTest> const bool_test_body = "a yes/no attribute";
x3::rule<struct condition_body_id, ast::Condition> const condition_body =
    "a condition (such as `age < 16`, `region is eu`, `restricted` or `consents has marketing`)";
x3::rule<conjunction_class, ast::Conjunction> const conjunction = "a condition";
x3::rule<negation_class, ast::Negation> const negation = "a condition";
x3::rule<primary_class, ast::Primary> const primary =
    "a condition (such as `age < 16`, `region is eu`, `restricted` or `consents has marketing`)";
x3::rule<bool_test_class, ast::BoolTest> const bool_test = "a yes/no attribute";
x3::rule<compare_test_class, ast::CompareTest> const compare_test = "a comparison";
x3::rule<is_test_class, ast::IsTest> const is_test = "an `is` test";
x3::rule<in_test_class, ast::InTest> const in_test = "an `in` test";
x3::rule<has_test_class, ast::HasTest> const has_test = "a `has` test";
x3::rule<has_request_test_class, ast::HasRequestTest> const has_request_test = "a `has this` test";

x3::rule<struct number_id, ast::Integer> const number = "a whole number to compare with";
x3::rule<struct value_id, ast::Identifier> const value = "a value such as `eu`";
x3::rule<struct values_id, std::vector<ast::Identifier>> const values =
    "a list of values in braces, such as `{eu, us_ca}`";
x3::rule<struct element_id, ast::Path> const element =
    "a name after `has` (such as `marketing`), or `this purpose`";
x3::rule<struct request_part_id, ast::RequestPart> const request_part =
    "`data`, `purpose` or `recipient` after `this`";

auto const number_def = integer();
auto const value_def = identifier();
auto const values_def = expect::open_brace > (identifier() % ',') > expect::close_brace;
auto const element_def = path();
auto const request_part_def = x3::lexeme[request_parts >> !(x3::ascii::alnum | '_')];

}  // namespace conditions

condition_type const condition_rule =
    "a condition (such as `age < 16`, `region is eu`, `restricted` or `consents has marketing`)";

namespace conditions {

auto const conjunction_body_def = (negation % kw("and"))[set_operands];
auto const negation_body_def = *kw("not")[count_negation] >> primary[set_operand];
auto const primary_def = ('(' > condition_rule > expect::close_paren) | compare_test | is_test |
                         in_test | has_request_test | has_test | bool_test;
auto const compare_test_def = identifier() >> compare_ops > number;
auto const is_test_def = identifier() >> kw("is") >> x3::matches[kw("not")] > value;
auto const in_test_def = identifier() >> kw("in") > values;
auto const has_request_test_def = identifier() >> kw("has") >> kw("this") > request_part;
auto const has_test_def = identifier() >> kw("has") > element;
auto const bool_test_body_def = identifier()[set_attribute];
auto const conjunction_def = conjunction_body;
auto const negation_def = negation_body;
auto const bool_test_def = bool_test_body;

BOOST_SPIRIT_DEFINE(conjunction_body, negation_body, bool_test_body)
BOOST_SPIRIT_DEFINE(conjunction, negation, primary, bool_test, compare_test, is_test, in_test,
                    has_test, has_request_test, number, value, values, element, request_part)

}  // namespace conditions

namespace conditions {
auto const condition_body_def = (conjunction % tokens::kw("or"))[set_alternatives];
BOOST_SPIRIT_DEFINE(condition_body)
}  // namespace conditions

auto const condition_rule_def = conditions::condition_body;
BOOST_SPIRIT_DEFINE(condition_rule)

condition_type const& condition() { return condition_rule; }

}  // namespace proviso::grammar
