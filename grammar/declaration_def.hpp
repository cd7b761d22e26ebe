// Definitions of the declaration rules. Included by declaration.cpp only.
#pragma once

#include "grammar/annotate.hpp"
#include "grammar/ast_adapted.hpp"
#include "grammar/declaration.hpp"
#include "grammar/expect.hpp"
#include "grammar/lexical.hpp"
#include "grammar/tokens.hpp"

namespace proviso::grammar {

struct header_class : annotate_span {};
struct import_class : annotate_span {};
struct vocabulary_block_class : annotate_span {};
struct subject_block_class : annotate_span {};
struct field_declaration_class : annotate_span {};

namespace declarations {

struct vocabulary_node_class : annotate_span {};
struct attribute_declaration_class : annotate_span {};
struct enum_type_class : annotate_span {};
struct set_type_class : annotate_span {};
struct set_literal_class : annotate_span {};
struct type_class : annotate_span {};
struct default_value_class : annotate_span {};

using tokens::kw;

const auto set_path = [](auto& ctx) { x3::_val(ctx).path = std::move(x3::_attr(ctx)); };
const auto set_values = [](auto& ctx) { x3::_val(ctx).values = std::move(x3::_attr(ctx)); };
const auto set_element = [](auto& ctx) { x3::_val(ctx).element = std::move(x3::_attr(ctx)); };
const auto set_elements = [](auto& ctx) {
  if (auto& elements = x3::_attr(ctx)) x3::_val(ctx).elements = std::move(*elements);
};
const auto set_attributes = [](auto& ctx) { x3::_val(ctx).attributes = std::move(x3::_attr(ctx)); };

// Rules built by semantic actions are split into an unannotated `_body`
// and an annotated forwarding rule; see lexical_def.hpp for why.
x3::rule<struct enum_type_body_id, ast::EnumType> const enum_type_body = "`one of {...}`";
x3::rule<struct set_type_body_id, ast::SetType> const set_type_body = "`set of ...`";
x3::rule<struct set_literal_body_id, ast::SetLiteral> const set_literal_body = "a set such as `{marketing}`";
x3::rule<struct import_body_id, ast::Import> const import_body = "an import";
x3::rule<struct subject_block_body_id, ast::SubjectBlock> const subject_block_body = "a subject declaration";

x3::rule<vocabulary_node_class, ast::VocabularyNode> const vocabulary_node = "a name";
x3::rule<attribute_declaration_class, ast::AttributeDeclaration> const attribute_declaration =
    "an attribute such as `age: int = 18;`";
x3::rule<enum_type_class, ast::EnumType> const enum_type = "`one of {...}`";
x3::rule<set_type_class, ast::SetType> const set_type = "`set of ...`";
x3::rule<set_literal_class, ast::SetLiteral> const set_literal = "a set such as `{marketing}`";
x3::rule<type_class, ast::Type> const type =
    "a type (`int`, `bool`, `one of {...}` or `set of consent`)";
x3::rule<default_value_class, ast::DefaultValue> const default_value =
    "a default value (a number, `true`, `false`, a value, or a set in braces)";

x3::rule<struct policy_name_id, ast::Path> const policy_name = "the policy's name";
x3::rule<struct import_path_id, ast::StringLiteral> const import_path =
    "the file to import, in quotes";
x3::rule<struct version_id, ast::StringLiteral> const version_string = "the version, in quotes";
x3::rule<struct node_list_end_id> const node_list_end = "another name, or `}` to end the list";
x3::rule<struct attribute_list_end_id> const attribute_list_end =
    "another attribute, or `}` to end the subject";
x3::rule<struct attribute_names_id, std::vector<ast::Identifier>> const enum_values =
    "the values, separated by commas";
x3::rule<struct set_kind_id, ast::Identifier> const set_kind =
    "what the set holds (`consent`, `purpose`, `data` or `recipient`)";
x3::rule<struct field_name_id, ast::Path> const field_name = "the field's name, such as `users.email`";
x3::rule<struct field_data_id, ast::Path> const field_data =
    "the data category the field holds, such as `account.identity.email`";

auto const policy_name_def = path();
auto const import_path_def = string_literal();
auto const version_string_def = string_literal();
auto const node_list_end_def = x3::lit('}');
auto const attribute_list_end_def = x3::lit('}');
auto const enum_values_def = identifier() % ',';
auto const set_kind_def = identifier();
auto const field_name_def = path();
auto const field_data_def = path();

auto const vocabulary_node_def =
    path() >> -string_literal() >> -('{' > *vocabulary_node > node_list_end) >> -x3::lit(',');
auto const enum_type_body_def =
    (kw("one") >> kw("of") > expect::open_brace > enum_values > expect::close_brace)[set_values];
auto const set_type_body_def = (kw("set") >> kw("of") > set_kind)[set_element];
auto const enum_type_def = enum_type_body;
auto const set_type_def = set_type_body;
auto const set_literal_def = set_literal_body;
auto const type_def = enum_type | set_type | identifier();
auto const set_literal_body_def = ('{' > -(path() % ',') > expect::close_brace)[set_elements];
auto const default_value_def = integer() | set_literal | identifier();
auto const attribute_declaration_def = (identifier() % ',') > expect::colon > type >
                                       -(expect::equals > default_value) > expect::semicolon;

BOOST_SPIRIT_DEFINE(enum_type_body, set_type_body, set_literal_body)
BOOST_SPIRIT_DEFINE(vocabulary_node, attribute_declaration, enum_type, set_type, set_literal, type,
                    default_value, policy_name, import_path, version_string, node_list_end,
                    attribute_list_end, enum_values, set_kind, field_name, field_data)

}  // namespace declarations

header_type const header_rule = "a policy header";
import_type const import_rule = "an import";
vocabulary_block_type const vocabulary_block_rule = "a vocabulary";
subject_block_type const subject_block_rule = "a subject declaration";
field_declaration_type const field_declaration_rule = "a field declaration";

using tokens::kw;

auto const header_rule_def = kw("policy") > declarations::policy_name >
                             -(kw("version") > declarations::version_string) > expect::semicolon;
namespace declarations {
auto const import_body_def = (kw("import") > import_path > expect::semicolon)[set_path];
auto const subject_block_body_def =
    (kw("subject") > expect::open_brace > *attribute_declaration > attribute_list_end)[set_attributes];
BOOST_SPIRIT_DEFINE(import_body, subject_block_body)
}  // namespace declarations

auto const import_rule_def = declarations::import_body;
auto const vocabulary_block_rule_def = identifier() >> '{' > *declarations::vocabulary_node >
                                       declarations::node_list_end;
auto const subject_block_rule_def = declarations::subject_block_body;
auto const field_declaration_rule_def = kw("field") > declarations::field_name > expect::colon >
                                        declarations::field_data > expect::semicolon;

BOOST_SPIRIT_DEFINE(header_rule, import_rule, vocabulary_block_rule, subject_block_rule,
                    field_declaration_rule)

header_type const& header() { return header_rule; }
import_type const& import_declaration() { return import_rule; }
vocabulary_block_type const& vocabulary_block() { return vocabulary_block_rule; }
subject_block_type const& subject_block() { return subject_block_rule; }
field_declaration_type const& field_declaration() { return field_declaration_rule; }

}  // namespace proviso::grammar
