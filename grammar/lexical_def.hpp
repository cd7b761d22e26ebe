// Definitions of the lexical rules. Included by lexical.cpp only.
#pragma once

#include <charconv>

#include "grammar/annotate.hpp"
#include "grammar/ast_adapted.hpp"
#include "grammar/expect.hpp"
#include "grammar/keywords.hpp"
#include "grammar/lexical.hpp"
#include "grammar/tokens.hpp"

namespace proviso::grammar {

struct identifier_class : annotate_span {};
struct path_class : annotate_span {};
struct string_literal_class : annotate_span {};
struct integer_class : annotate_span {};

namespace lexical {

// Reserved words are not names; failing here lets the caller's expectation
// report "expected a name, found `for`".
const auto reject_reserved = [](auto& ctx) {
  x3::_pass(ctx) = !is_reserved(x3::_attr(ctx));
};

const auto set_identifier = [](auto& ctx) {
  x3::_val(ctx).name = std::move(x3::_attr(ctx));
};

const auto set_segments = [](auto& ctx) {
  auto& segments = x3::_val(ctx).segments;
  segments = std::move(x3::_attr(ctx));
};

const auto set_all = [](auto& ctx) { x3::_val(ctx).segments = {"all"}; };

const auto set_string = [](auto& ctx) { x3::_val(ctx).value = x3::_attr(ctx); };

const auto set_integer = [](auto& ctx) {
  const std::string& text = x3::_attr(ctx);
  ast::Integer& value = x3::_val(ctx);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value.value);
  value.overflow = error != std::errc{} || end != text.data() + text.size();
};

struct escapes_table : x3::symbols<char> {
  escapes_table() { add("\\\"", '"')("\\\\", '\\')("\\n", '\n')("\\t", '\t'); }
};
const escapes_table escapes;

// A name as written: ASCII letters, digits and `_`, not starting with a digit.
x3::rule<struct name_word_id, std::string> const name_word = "a name";
auto const name_word_def =
    x3::raw[x3::lexeme[(x3::ascii::alpha | x3::lit('_')) >> *(x3::ascii::alnum | x3::lit('_'))]];

// One character of a string literal: an escape, or anything but `"`, `\` and a line break.
x3::rule<struct string_char_id, char> const string_char = "a character";
auto const string_char_def = escapes | (x3::standard::char_ - '"' - '\\' - x3::eol);

x3::rule<struct integer_text_id, std::string> const integer_text = "a whole number";
auto const integer_text_def = x3::raw[x3::lexeme[-x3::lit('-') >> +x3::ascii::digit]];

x3::rule<struct closing_quote_id> const closing_quote =
    "the closing `\"` of the string (a string ends on the line it starts)";
auto const closing_quote_def = x3::lit('"');
BOOST_SPIRIT_DEFINE(name_word, string_char, integer_text, closing_quote)

}  // namespace lexical

// Rules with semantic actions hand their on_success handler an unused
// attribute (X3 3.0.7), so each is split: a `_body` rule builds the node
// with actions and the public rule, which only forwards to it, is the one
// that is annotated with the node's span.
x3::rule<struct identifier_body_id, ast::Identifier> const identifier_body = "a name";
x3::rule<struct path_body_id, ast::Path> const path_body = "a name";
x3::rule<struct string_literal_body_id, ast::StringLiteral> const string_literal_body = "a quoted string";
x3::rule<struct integer_body_id, ast::Integer> const integer_body = "a whole number";

identifier_type const identifier_rule = "a name";
path_type const path_rule = "a name";
string_literal_type const string_literal_rule = "a quoted string";
integer_type const integer_rule = "a whole number";

auto const identifier_body_def = lexical::name_word[lexical::reject_reserved][lexical::set_identifier];

auto const path_body_def =
    tokens::kw("all")[lexical::set_all] |
    x3::lexeme[(lexical::name_word[lexical::reject_reserved]) % '.'][lexical::set_segments];

auto const string_literal_body_def =
    x3::lexeme['"' > *lexical::string_char > lexical::closing_quote][lexical::set_string];

auto const integer_body_def = lexical::integer_text[lexical::set_integer];

auto const identifier_rule_def = identifier_body;
auto const path_rule_def = path_body;
auto const string_literal_rule_def = string_literal_body;
auto const integer_rule_def = integer_body;

BOOST_SPIRIT_DEFINE(identifier_body, path_body, string_literal_body, integer_body)
BOOST_SPIRIT_DEFINE(identifier_rule, path_rule, string_literal_rule, integer_rule)

identifier_type const& identifier() { return identifier_rule; }
path_type const& path() { return path_rule; }
string_literal_type const& string_literal() { return string_literal_rule; }
integer_type const& integer() { return integer_rule; }

}  // namespace proviso::grammar
