// Definitions of the rule families. Included by rule.cpp only.
#pragma once

#include "grammar/annotate.hpp"
#include "grammar/ast_adapted.hpp"
#include "grammar/condition.hpp"
#include "grammar/expect.hpp"
#include "grammar/lexical.hpp"
#include "grammar/rule.hpp"
#include "grammar/tokens.hpp"

namespace proviso::grammar {

struct annotation_class : annotate_span {};
struct access_rule_class : annotate_span {};
struct retain_rule_class : annotate_span {};
struct erase_rule_class : annotate_span {};
struct test_block_class : annotate_span {};

namespace rules {

struct selection_class : annotate_span {};
struct obligation_use_class : annotate_span {};
struct duration_part_class : annotate_span {};
struct duration_class : annotate_span {};
struct retention_span_class : annotate_span {};
struct retention_end_class : annotate_span {};
struct assignment_class : annotate_span {};
struct ask_class : annotate_span {};
struct expectation_class : annotate_span {};
struct given_set_class : annotate_span {};
struct given_value_class : annotate_span {};

using tokens::kw;

struct verbs_table : x3::symbols<ast::Verb> {
  verbs_table() {
    add("allow", ast::Verb::allow)("deny", ast::Verb::deny)("share", ast::Verb::share);
  }
};
const verbs_table verbs;

const auto set_parts = [](auto& ctx) { x3::_val(ctx).parts = std::move(x3::_attr(ctx)); };

// The three ways to say how long data is kept, each filling a RetentionSpan.
const auto set_period = [](auto& ctx) {
  auto& span = x3::_val(ctx);
  span.kind = ast::RetentionKind::period;
  span.period = std::move(boost::fusion::at_c<0>(x3::_attr(ctx)));
  span.event = std::move(boost::fusion::at_c<1>(x3::_attr(ctx)));
};
const auto set_until = [](auto& ctx) {
  auto& span = x3::_val(ctx);
  span.kind = ast::RetentionKind::until_event;
  span.event = std::move(x3::_attr(ctx));
};
const auto set_indefinitely = [](auto& ctx) { x3::_val(ctx).kind = ast::RetentionKind::indefinitely; };

// Rules built by semantic actions are split into an unannotated `_body`
// and an annotated forwarding rule; see lexical_def.hpp for why.
x3::rule<struct duration_body_id, ast::Duration> const duration_body =
    "a duration such as `90 days` or `7 years`";
x3::rule<struct retention_span_body_id, ast::RetentionSpan> const retention_span_body =
    "how long to keep it: `for 7 years`, `for 90 days after account_closure`, "
    "`until account_closure` or `indefinitely`";

x3::rule<selection_class, ast::Selection> const selection = "a list of names";
x3::rule<obligation_use_class, ast::ObligationUse> const obligation_use =
    "an obligation such as `pseudonymize`";
x3::rule<duration_part_class, ast::DurationPart> const duration_part = "a duration";
x3::rule<duration_class, ast::Duration> const duration =
    "a duration such as `90 days` or `7 years`";
x3::rule<retention_span_class, ast::RetentionSpan> const retention_span =
    "how long to keep it: `for 7 years`, `for 90 days after account_closure`, "
    "`until account_closure` or `indefinitely`";
x3::rule<retention_end_class, ast::RetentionEnd> const retention_end =
    "an event, or `withdrawal of` a consent";

x3::rule<struct data_selection_id, ast::Selection> const data_selection =
    "the data it covers (a category such as `account.identity`, or `all`)";
x3::rule<struct purpose_selection_id, ast::Selection> const purposes_clause =
    "`for` and the purposes (such as `for service.delivery`, or `for all`)";
x3::rule<struct purposes_id, ast::Selection> const purpose_selection =
    "the purposes after `for` (such as `service.delivery`, or `all`)";
x3::rule<struct recipient_selection_id, ast::Selection> const recipient_selection =
    "the recipients (such as `processor.payment`, or `all`)";
x3::rule<struct basis_id, ast::Identifier> const basis =
    "a lawful basis (`consent`, `contract`, `legitimate_interest`, `legal_obligation`, "
    "`vital_interest` or `public_task`)";
x3::rule<struct event_id, ast::Identifier> const event = "an event such as `account_closure`";
x3::rule<struct action_id, ast::Identifier> const end_action =
    "what happens at the end (`delete`, `anonymize`, `aggregate` or `pseudonymize`)";
x3::rule<struct store_id, ast::Identifier> const store = "where the copies are, such as `backups`";
x3::rule<struct annotation_name_id, ast::Identifier> const annotation_name =
    "an annotation name such as `section` or `id`";
x3::rule<struct annotation_value_id, ast::StringLiteral> const annotation_value =
    "the annotation's text, in quotes";
x3::rule<struct selection_item_id, ast::Path> const selection_item = "a name, or `all`";

auto const selection_item_def = path();
auto const selection_def = (selection_item % ',') >> -(kw("except") > (selection_item % ','));
auto const data_selection_def = selection;
auto const purposes_clause_def = kw("for") > purpose_selection;
auto const recipient_selection_def = selection;
auto const purpose_selection_def = selection;
auto const basis_def = identifier();
auto const event_def = identifier();
auto const end_action_def = identifier();
auto const store_def = identifier();
auto const annotation_name_def = identifier();
auto const annotation_value_def = string_literal();

auto const obligation_use_def = path() >> -(kw("when") > condition()) >> -(kw("unless") > condition());
auto const duration_part_def = integer() >> identifier();
auto const duration_body_def = (+duration_part)[set_parts];
auto const duration_def = duration_body;
auto const retention_span_body_def = (kw("for") > duration > -(kw("after") > event))[set_period] |
                                (kw("until") > event)[set_until] |
                                kw("indefinitely")[set_indefinitely];
auto const retention_span_def = retention_span_body;
auto const retention_end_def = (kw("withdrawal") >> kw("of") >> x3::attr(true) > path()) |
                               (x3::attr(false) >> path());

struct effects_table : x3::symbols<ast::Verb> {
  effects_table() { add("allow", ast::Verb::allow)("deny", ast::Verb::deny); }
};
const effects_table effects;

const auto set_given_elements = [](auto& ctx) {
  if (auto& elements = x3::_attr(ctx)) x3::_val(ctx).elements = std::move(*elements);
};

x3::rule<struct given_set_body_id, ast::SetLiteral> const given_set_body = "a set such as `{marketing}`";
x3::rule<given_set_class, ast::SetLiteral> const given_set = "a set such as `{marketing}`";
x3::rule<given_value_class, ast::DefaultValue> const given_value =
    "a value (a number, `true`, `false`, a name, or a set in braces)";
x3::rule<assignment_class, ast::Assignment> const assignment = "an attribute value such as `age = 34`";
x3::rule<ask_class, ast::Ask> const ask = "`ask` and the request, such as `ask users.email for marketing.newsletter;`";
x3::rule<expectation_class, ast::Expectation> const expectation =
    "`expect allow ...;` or `expect deny ...;`";
x3::rule<struct test_data_id, ast::Path> const test_data = "the data asked about (a field or a data category)";
x3::rule<struct test_purpose_id, ast::Path> const test_purpose = "`for` and the purpose";
x3::rule<struct test_effect_id, ast::Verb> const test_effect = "`allow` or `deny`";
x3::rule<struct attribute_name_id, ast::Identifier> const attribute_name = "an attribute name such as `age`";
x3::rule<struct test_name_id, ast::StringLiteral> const test_name = "the test's name, in quotes";
x3::rule<struct rule_id_id, ast::StringLiteral> const rule_id = "the deciding rule's `@id`, in quotes";
x3::rule<struct obligation_list_id, std::vector<ast::Path>> const obligation_list =
    "the obligations, or `nothing`";

auto const given_set_body_def = ('{' > -(path() % ',') > expect::close_brace)[set_given_elements];
auto const given_set_def = given_set_body;
auto const given_value_def = integer() | given_set | identifier();
auto const assignment_def = attribute_name > expect::equals > given_value;
auto const test_data_def = path();
auto const test_purpose_def = kw("for") > path();
auto const test_effect_def = x3::lexeme[effects >> !(x3::ascii::alnum | '_')];
auto const attribute_name_def = identifier();
auto const test_name_def = string_literal();
auto const rule_id_def = string_literal();
auto const obligation_list_def = (kw("nothing") >> x3::attr(std::vector<ast::Path>{})) | (path() % ',');
auto const ask_def = kw("ask") > test_data > test_purpose > -(kw("with") > path()) > -(kw("as") > identifier()) >
                     -(kw("given") > (assignment % ',')) > expect::semicolon;
auto const expectation_def = kw("expect") > test_effect > -(kw("under") > basis) >
                             -(kw("requiring") > obligation_list) > -(kw("retained") > retention_span) >
                             -(kw("by") > rule_id) > expect::semicolon;

BOOST_SPIRIT_DEFINE(given_set_body, given_set, given_value, assignment, ask, expectation, test_data, test_purpose,
                    test_effect, attribute_name, test_name, rule_id, obligation_list)
BOOST_SPIRIT_DEFINE(duration_body, retention_span_body)
BOOST_SPIRIT_DEFINE(selection, obligation_use, duration_part, duration, retention_span,
                    retention_end, data_selection, purposes_clause, recipient_selection, basis,
                    event, end_action, store, annotation_name, annotation_value, selection_item,
                    purpose_selection)

}  // namespace rules

annotation_type const annotation_rule = "an annotation";
access_rule_type const access_rule_rule = "a rule";
retain_rule_type const retain_rule_rule = "a retention rule";
erase_rule_type const erase_rule_rule = "an erasure rule";

using tokens::kw;

auto const annotation_rule_def = '@' > rules::annotation_name > expect::open_paren >
                                 rules::annotation_value > expect::close_paren;

// Once the first keyword has matched, every further part is an expectation
// (`>`), so a mistake is reported where it is rather than as "no rule here".
auto const access_rule_rule_def =
    x3::lexeme[rules::verbs >> !(x3::ascii::alnum | '_')] >> x3::matches[kw("share")] >
    rules::data_selection > -(kw("with") > rules::recipient_selection) > rules::purposes_clause >
    -(kw("under") > rules::basis) > -(kw("when") > condition()) > -(kw("unless") > condition()) >
    -(kw("requiring") > (rules::obligation_use % ',')) > expect::semicolon;

auto const retain_rule_rule_def =
    kw("retain") > rules::data_selection > rules::retention_span >
    -(kw("or") > expect::until > (rules::retention_end % ',')) > -(kw("then") > rules::end_action) >
    -(kw("when") > condition()) > -(kw("unless") > condition()) > expect::semicolon;

auto const erase_rule_rule_def =
    kw("erase") > rules::data_selection > expect::within > rules::duration > expect::after >
    rules::event > -(kw("in") > rules::store) > -(kw("when") > condition()) >
    -(kw("unless") > condition()) > expect::semicolon;

test_block_type const test_block_rule = "a test";

auto const test_block_rule_def = kw("test") > rules::test_name > expect::open_brace > rules::ask > rules::expectation >
                                 expect::close_brace;

BOOST_SPIRIT_DEFINE(annotation_rule, access_rule_rule, retain_rule_rule, erase_rule_rule, test_block_rule)

annotation_type const& annotation() { return annotation_rule; }
access_rule_type const& access_rule() { return access_rule_rule; }
retain_rule_type const& retain_rule() { return retain_rule_rule; }
erase_rule_type const& erase_rule() { return erase_rule_rule; }
test_block_type const& test_block() { return test_block_rule; }

}  // namespace proviso::grammar
