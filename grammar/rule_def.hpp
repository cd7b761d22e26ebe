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

namespace rules {

struct selection_class : annotate_span {};
struct obligation_use_class : annotate_span {};
struct duration_part_class : annotate_span {};
struct duration_class : annotate_span {};
struct retention_span_class : annotate_span {};
struct retention_end_class : annotate_span {};

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

BOOST_SPIRIT_DEFINE(annotation_rule, access_rule_rule, retain_rule_rule, erase_rule_rule)

annotation_type const& annotation() { return annotation_rule; }
access_rule_type const& access_rule() { return access_rule_rule; }
retain_rule_type const& retain_rule() { return retain_rule_rule; }
erase_rule_type const& erase_rule() { return erase_rule_rule; }

}  // namespace proviso::grammar
