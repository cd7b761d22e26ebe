// Unit tests of the checker: name resolution, types, the shape of rules,
// imports, the Model it produces, and each privacy lint (both that it fires
// and that it stays quiet on a correct policy).
#define BOOST_TEST_MODULE checker
#include <boost/test/unit_test.hpp>

#include "tests/support/policy_text.hpp"

using proviso::testing::check_text;
using proviso::testing::test_prelude;
namespace model = proviso::model;

namespace {

std::string with_prelude(const std::string& rules) { return std::string(test_prelude) + rules; }

// Checks and requires that the policy is accepted.
proviso::testing::Checked accepted(const std::string& text) {
  auto checked = check_text(text);
  BOOST_TEST_REQUIRE(checked.model.has_value(), "unexpected errors:\n" << checked.text());
  return checked;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(vocabularies)

BOOST_AUTO_TEST_CASE(trees_are_numbered_in_preorder_with_contiguous_leaves) {
  auto checked = accepted(with_prelude(""));
  const model::Vocabulary& data = checked.model->data();
  const auto account = *data.find("account");
  const auto email = *data.find("account.email");
  const auto card = *data.find("billing.card");
  BOOST_TEST(data.node(account).first_leaf == 0u);
  BOOST_TEST(data.node(account).end_leaf == 3u);
  BOOST_TEST(data.node(email).is_leaf());
  BOOST_TEST(data.covers(account, email));
  BOOST_TEST(!data.covers(account, card));
  BOOST_TEST(data.leaf_count() == 7u);
}

BOOST_AUTO_TEST_CASE(a_dotted_name_extends_a_node_declared_elsewhere) {
  auto checked = accepted(with_prelude("data { account.email { work, personal } }"));
  const model::Vocabulary& data = checked.model->data();
  BOOST_TEST(data.find("account.email.work").has_value());
  BOOST_TEST(!data.node(*data.find("account.email")).is_leaf());
  BOOST_TEST(data.node(*data.find("account")).end_leaf == 4u);  // email split into two leaves
}

BOOST_AUTO_TEST_CASE(extending_an_undeclared_node_is_an_error_with_a_suggestion) {
  auto checked = check_text(with_prelude("data { acount.email { work } }"));
  BOOST_TEST(!checked.model.has_value());
  BOOST_TEST(checked.has("unknown-name"));
  BOOST_TEST(checked.text().find("did you mean `account`?") != std::string::npos, checked.text());
}

BOOST_AUTO_TEST_CASE(duplicate_names_are_reported_with_the_first_declaration) {
  auto checked = check_text(with_prelude("data { account { email } }"));
  BOOST_TEST(checked.has("duplicate-declaration"));
  BOOST_TEST(checked.diagnostics.all().front().notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(collection_is_a_builtin_event) {
  auto checked = accepted(with_prelude("@section(\"1\") retain account for 1 year;"));
  const auto collection = checked.model->events().find("collection");
  BOOST_REQUIRE(collection.has_value());
  BOOST_TEST(checked.model->events().node(*collection).builtin);
  BOOST_TEST(checked.model->retentions.front().event == *collection);
}

BOOST_AUTO_TEST_CASE(an_unknown_vocabulary_kind_is_named) {
  auto checked = check_text("purpose { a }");
  BOOST_TEST(checked.has("unknown-vocabulary"));
  BOOST_TEST(checked.text().find("did you mean `purposes`?") != std::string::npos, checked.text());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(subject_and_fields)

BOOST_AUTO_TEST_CASE(defaults_follow_the_declared_types) {
  auto checked = accepted(with_prelude("subject { score: int; vip: bool; tier: one of {a, b}; seen: set of data; }"));
  const model::Model& m = *checked.model;
  const auto& age = m.attributes[*m.attribute("age")];
  BOOST_TEST(age.has_default);
  BOOST_TEST(age.default_integer == 18);
  BOOST_TEST(!m.attributes[*m.attribute("score")].has_default);  // a required integer
  BOOST_TEST(m.attributes[*m.attribute("vip")].has_default);      // false
  BOOST_TEST(!m.attributes[*m.attribute("tier")].has_default);    // a required enumeration
  BOOST_TEST(m.attributes[*m.attribute("seen")].has_default);     // the empty set
  BOOST_TEST(m.attributes[*m.attribute("region")].default_value == 2u);  // `other`
}

BOOST_AUTO_TEST_CASE(a_default_of_the_wrong_type_is_an_error) {
  BOOST_TEST(check_text(with_prelude("subject { n: int = yes; }")).has("bad-default"));
  BOOST_TEST(check_text(with_prelude("subject { r: one of {a, b} = c; }")).has("bad-default"));
  BOOST_TEST(check_text(with_prelude("subject { f: bool = 1; }")).has("bad-default"));
  BOOST_TEST(check_text(with_prelude("subject { s: set of consent = {nope}; }")).has("unknown-name"));
}

BOOST_AUTO_TEST_CASE(form_is_reserved_for_the_request) {
  BOOST_TEST(check_text(with_prelude("subject { form: bool; }")).has("reserved-name"));
}

BOOST_AUTO_TEST_CASE(fields_map_to_leaves) {
  auto checked = accepted(with_prelude("field users.email: account.email;"));
  const model::Field* field = checked.model->field("users.email");
  BOOST_REQUIRE(field != nullptr);
  BOOST_TEST(checked.model->data().node(field->data).path == "account.email");
  BOOST_TEST(check_text(with_prelude("field users.account: account;")).has("field-not-leaf"));
  BOOST_TEST(check_text(with_prelude("field account.email: account.email;")).has("duplicate-declaration"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(selections_resolve_with_exceptions) {
  auto checked = accepted(with_prelude(R"(@section("1") allow account except account.phone for service under contract;)"));
  const model::Rule& rule = checked.model->rules.front();
  const model::Vocabulary& data = checked.model->data();
  BOOST_TEST(rule.data.covers(data, *data.find("account.email")));
  BOOST_TEST(!rule.data.covers(data, *data.find("account.phone")));
  BOOST_TEST((rule.basis == proviso::Basis::contract));
  BOOST_TEST(rule.provenance.section == "1");
}

BOOST_AUTO_TEST_CASE(an_exception_outside_the_list_or_removing_everything_is_an_error) {
  BOOST_TEST(check_text(with_prelude("allow account except billing for service under contract;")).has("empty-selection"));
  BOOST_TEST(check_text(with_prelude("allow account.email except account.email for service under contract;")).has("empty-selection"));
}

BOOST_AUTO_TEST_CASE(a_name_of_the_wrong_kind_says_what_it_is) {
  auto checked = check_text(with_prelude("allow marketing.newsletter for service under contract;"));
  BOOST_TEST(checked.has("wrong-kind"));
  BOOST_TEST(checked.text().find("is a purpose, not a data category") != std::string::npos, checked.text());
}

BOOST_AUTO_TEST_CASE(the_shape_of_each_rule_kind_is_checked) {
  BOOST_TEST(check_text(with_prelude("allow account for service;")).has("missing-basis"));
  BOOST_TEST(check_text(with_prelude("allow account for service under concent;")).has("unknown-basis"));
  BOOST_TEST(check_text(with_prelude("deny account for sale under contract;")).has("misplaced-clause"));
  BOOST_TEST(check_text(with_prelude("deny account for sale requiring notify;")).has("misplaced-clause"));
  BOOST_TEST(check_text(with_prelude("allow account with partner for service under contract;")).has("misplaced-clause"));
  BOOST_TEST(check_text(with_prelude("share account for service under contract;")).has("missing-recipients"));
  BOOST_TEST(check_text(with_prelude("deny share account for sale;")).has("missing-recipients"));
  BOOST_TEST(check_text(with_prelude("allow share account with partner for service under contract;")).has("misplaced-clause"));
}

BOOST_AUTO_TEST_CASE(ids_are_unique_and_annotations_known) {
  const std::string twice = R"(@section("1") @id("x") allow account for service under contract;
                               @section("1") @id("x") deny account for sale;)";
  BOOST_TEST(check_text(with_prelude(twice)).has("duplicate-id"));
  auto checked = check_text(with_prelude(R"(@sectoin("1") deny account for sale;)"));
  BOOST_TEST(checked.has("unknown-annotation"));
  BOOST_TEST(checked.has("missing-section"));
  BOOST_TEST(checked.model.has_value());  // warnings only
  BOOST_TEST(check_text(with_prelude(R"(@section("1") @section("2") deny account for sale;)")).has("duplicate-annotation"));
}

BOOST_AUTO_TEST_CASE(durations_keep_the_units_as_written) {
  auto checked = accepted(with_prelude(R"(
    @section("7") retain account for 7 years;
    @section("7") retain billing for 1 year 6 months after closure;
    @section("7") retain usage for 72 hours;
    @section("7") retain account.email until closure;
    @section("7") erase all within 30 days after erasure_request in backups;
  )"));
  const auto& retentions = checked.model->retentions;
  BOOST_TEST(retentions[0].period == "P7Y");
  BOOST_TEST(retentions[0].period_text == "7 years");
  BOOST_TEST(retentions[1].period == "P1Y6M");
  BOOST_TEST(checked.model->events().node(retentions[1].event).path == "closure");
  BOOST_TEST(retentions[2].period == "PT72H");
  BOOST_TEST(retentions[3].period == "P0D");
  BOOST_TEST(checked.model->erasures.front().within == "P30D");
  BOOST_TEST(checked.model->erasures.front().store == "backups");
}

BOOST_AUTO_TEST_CASE(bad_durations_are_reported) {
  BOOST_TEST(check_text(with_prelude(R"(@section("7") retain account for 7 yeers;)")).has("bad-duration"));
  BOOST_TEST(check_text(with_prelude(R"(@section("7") retain account for 6 months 1 year;)")).has("bad-duration"));
  BOOST_TEST(check_text(with_prelude(R"(@section("7") retain account for -3 days;)")).has("bad-duration"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conditions)

BOOST_AUTO_TEST_CASE(each_test_is_typed_against_its_attribute) {
  const auto fails = [](const std::string& condition, const std::string& code) {
    auto checked = check_text(with_prelude("@section(\"1\") deny account for sale when " + condition + ";"));
    BOOST_TEST(checked.has(code), condition << " should give " << code << ":\n" << checked.text());
  };
  fails("age", "type-mismatch");
  fails("region < 3", "type-mismatch");
  fails("restricted is eu", "type-mismatch");
  fails("region is mars", "unknown-name");
  fails("consents has ai", "unknown-name");
  fails("consents has this purpose", "type-mismatch");
  fails("objections has this recipient", "type-mismatch");
  fails("form is public", "unknown-name");
  fails("form", "type-mismatch");
  fails("agee < 3", "unknown-name");
  fails("age < 99999999999999999999", "integer-out-of-range");
}

BOOST_AUTO_TEST_CASE(this_recipient_exists_only_in_sharing_rules) {
  auto checked = check_text(with_prelude(R"(subject { blocked: set of recipient; }
      @section("1") deny account for sale when blocked has this recipient;)"));
  BOOST_TEST(checked.has("type-mismatch"));
  accepted(with_prelude(R"(subject { blocked: set of recipient; }
      @section("1") deny share account with all for all when blocked has this recipient;)"));
}

BOOST_AUTO_TEST_CASE(conditions_become_typed_trees) {
  auto checked = accepted(with_prelude(R"(@section("1") deny account for sale
      when (age < 16 or region in {eu, us}) and not not restricted unless form is anonymized;)"));
  const model::Guard& guard = checked.model->rules.front().guard;
  BOOST_REQUIRE(guard.when.has_value());
  BOOST_TEST((guard.when->op == model::Expr::Op::all_of));
  BOOST_TEST(guard.when->operands.size() == 2u);
  BOOST_TEST((guard.when->operands[1].op == model::Expr::Op::test));  // `not not` cancels
  BOOST_TEST((guard.unless->test.kind == model::Test::Kind::form_in));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(imports)

BOOST_AUTO_TEST_CASE(imports_resolve_relative_to_the_importer_and_load_once) {
  auto checked = check_text(R"(import "lib/a.policy"; import "lib/b.policy";
      @section("1") allow x for p under contract; @section("1") retain x for 1 year;)",
                            {{"lib/a.policy", "import \"common.policy\"; data { x }"},
                             {"lib/b.policy", "import \"common.policy\";"},
                             {"lib/common.policy", "purposes { p }"}});
  BOOST_TEST_REQUIRE(checked.model.has_value(), checked.text());
  BOOST_TEST(checked.program.files.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_missing_import_is_reported_at_its_line) {
  auto checked = check_text("data { x }\nimport \"nowhere.policy\";\n");
  BOOST_TEST(checked.has("import-missing"));
  const auto& d = checked.diagnostics.all().front();
  BOOST_TEST(checked.program.sources->line_column(d.location.file, d.location.begin).line == 2u);
}

BOOST_AUTO_TEST_CASE(an_import_cycle_is_reported) {
  auto checked = check_text("import \"a.policy\";", {{"a.policy", "import \"b.policy\";"}, {"b.policy", "import \"a.policy\";"}});
  BOOST_TEST(checked.has("import-cycle"));
  BOOST_TEST(checked.text().find("`a.policy` imports `b.policy` imports `a.policy`") != std::string::npos, checked.text());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lints)

BOOST_AUTO_TEST_CASE(consent_basis_must_require_a_consent) {
  BOOST_TEST(check_text(with_prelude(R"(@section("1") allow account for marketing under consent when age > 16;)")).has("consent-not-required"));
  BOOST_TEST(check_text(with_prelude(R"(@section("1") allow account for marketing under consent when consents has marketing or age > 16;)")).has("consent-not-required"));
  auto ok = check_text(with_prelude(R"(@section("1") allow account for marketing under consent when consents has marketing and age > 16;)"));
  BOOST_TEST(!ok.has("consent-not-required"), ok.text());
}

BOOST_AUTO_TEST_CASE(different_bases_for_the_same_request_conflict_unless_exclusive) {
  const std::string both = R"(@section("1") allow account for service under contract;
                              @section("1") allow account.email for service.delivery under legitimate_interest;)";
  BOOST_TEST(check_text(with_prelude(both)).has("basis-conflict"));
  const std::string exclusive = R"(@section("1") allow account for service under contract when region is eu;
                                   @section("1") allow account.email for service.delivery under legitimate_interest unless region is eu or objections has this purpose;)";
  auto checked = check_text(with_prelude(exclusive));
  BOOST_TEST(!checked.has("basis-conflict"), checked.text());
  const std::string same_basis = R"(@section("1") allow account for service under contract;
                                    @section("1") allow account.email for service.delivery under contract;)";
  BOOST_TEST(!check_text(with_prelude(same_basis)).has("basis-conflict"));
}

BOOST_AUTO_TEST_CASE(legitimate_interest_must_yield_to_objections) {
  BOOST_TEST(check_text(with_prelude(R"(@section("1") allow usage for analytics under legitimate_interest;)")).has("ignores-objection"));
  auto own = check_text(with_prelude(R"(@section("1") allow usage for analytics under legitimate_interest unless objections has this purpose;)"));
  BOOST_TEST(!own.has("ignores-objection"), own.text());
  auto general = check_text(with_prelude(R"(@section("1") allow usage for analytics under legitimate_interest;
                                            @section("2") deny all for all when objections has this purpose;)"));
  BOOST_TEST(!general.has("ignores-objection"), general.text());
  // An objection to the whole subtree covers the leaf.
  auto subtree = check_text(with_prelude(R"(@section("1") allow usage for marketing.ads under legitimate_interest unless objections has marketing.ads;)"));
  BOOST_TEST(!subtree.has("ignores-objection"), subtree.text());
}

BOOST_AUTO_TEST_CASE(an_objection_is_checked_for_every_purpose_leaf) {
  // The guard honours objections to `marketing.newsletter` only, so the rule
  // still allows `marketing.ads` over an objection to it: the second cell has
  // the same rules as the first, but not the same purpose to object to.
  auto checked = check_text(with_prelude(R"(@section("1") allow usage for marketing under legitimate_interest unless objections has marketing.newsletter;)"));
  BOOST_TEST(checked.has("ignores-objection"), checked.text());
  BOOST_TEST(checked.text().find("allows `usage.clicks` for `marketing.ads` when the person objects") != std::string::npos,
             checked.text());
}

// The lints stop asking about a rule once nothing can change what they know
// of it; these results show only in a cell visited after every rule in it
// has settled, so they pin down that nothing is skipped too early.
BOOST_AUTO_TEST_CASE(a_basis_conflict_between_settled_rules_is_found_where_they_meet) {
  auto checked = check_text(with_prelude(R"(@section("1") allow account, billing.card for marketing.ads under legal_obligation;
                                            @section("1") allow billing for marketing under consent when consents has marketing;)"));
  BOOST_TEST(checked.has("basis-conflict"), checked.text());
  BOOST_TEST(checked.text().find("allows `billing.card` for `marketing.ads` under `consent`") != std::string::npos,
             checked.text());
}

BOOST_AUTO_TEST_CASE(an_objection_ignored_only_past_the_deny_that_honours_it_is_found) {
  auto late = check_text(with_prelude(R"(@section("1") deny account for analytics when objections has this purpose;
                                         @section("1") allow all for analytics under legitimate_interest;)"));
  BOOST_TEST(late.has("ignores-objection"), late.text());
  BOOST_TEST(late.text().find("still allows `billing.card` for `analytics` when the person objects") != std::string::npos,
             late.text());
  auto everywhere = check_text(with_prelude(R"(@section("1") deny all for analytics when objections has this purpose;
                                               @section("1") allow all for analytics under legitimate_interest;)"));
  BOOST_TEST(!everywhere.has("ignores-objection"), everywhere.text());
}

BOOST_AUTO_TEST_CASE(an_allow_overridden_in_early_cells_may_decide_in_a_late_one) {
  auto decides_late = check_text(with_prelude(R"(@section("1") deny account for service when age < 16;
                                                 @section("1") allow all for service.delivery under contract when age < 12;)"));
  BOOST_TEST(!decides_late.has("never-decides"), decides_late.text());
  auto never = check_text(with_prelude(R"(@section("1") deny account for service when age < 16;
                                          @section("1") deny billing, usage for service when age < 14;
                                          @section("1") allow all for service.delivery under contract when age < 12;)"));
  BOOST_TEST(never.text().find("this rule never decides anything") != std::string::npos, never.text());
  // Overridden in its first cell by a deny of that data leaf alone.
  auto first_cell_only = check_text(with_prelude(R"(@section("1") deny account.email for marketing when age < 16;
                                                    @section("1") allow account for marketing.newsletter under contract when age < 12;)"));
  BOOST_TEST(!first_cell_only.has("never-decides"), first_cell_only.text());
  // Overridden for one purpose leaf by one deny and for the other by another.
  auto per_purpose = check_text(with_prelude(R"(@section("1") deny all for marketing.newsletter when age < 16;
                                                @section("1") deny all for marketing.ads when age < 14;
                                                @section("1") allow account for marketing under contract when age < 12;)"));
  BOOST_TEST(per_purpose.text().find("this rule never decides anything") != std::string::npos, per_purpose.text());
}

BOOST_AUTO_TEST_CASE(a_conflict_for_one_recipient_of_several_names_that_recipient) {
  auto checked = check_text(with_prelude(R"(@section("1") share account with processor for service under contract;
                                            @section("1") share account with processor.hosting for service under legal_obligation;)"));
  BOOST_TEST(checked.text().find("for `service.delivery` shared with `processor.hosting` under `legal_obligation`") !=
                 std::string::npos,
             checked.text());
}

BOOST_AUTO_TEST_CASE(rules_that_never_decide_are_flagged) {
  auto overridden = check_text(with_prelude(R"(@section("1") allow usage for service under contract when age < 12;
                                               @section("2") deny all for all when age < 16;)"));
  BOOST_TEST(overridden.has("never-decides"));
  auto impossible = check_text(with_prelude(R"(@section("1") deny usage for sale when age < 10 and age > 20;)"));
  BOOST_TEST(impossible.has("never-decides"));
  auto fine = check_text(with_prelude(R"(@section("1") allow usage for service under contract when age < 20;
                                         @section("2") deny all for all when age < 16;)"));
  BOOST_TEST(!fine.has("never-decides"), fine.text());
}

BOOST_AUTO_TEST_CASE(retention_must_be_unambiguous_and_present) {
  auto tie = check_text(with_prelude(R"(@section("7") retain account for 1 year; @section("7") retain account for 2 years;)"));
  BOOST_TEST(tie.has("retention-conflict"));
  auto exception = check_text(with_prelude(R"(@section("7") retain usage for 2 years;
                                              @section("7") retain usage indefinitely when form is aggregated;
                                              @section("7") retain usage.clicks for 1 year;)"));
  BOOST_TEST(!exception.has("retention-conflict"), exception.text());
  auto overlapping_exceptions = check_text(with_prelude(R"(@section("7") retain usage indefinitely when form is aggregated;
                                                          @section("7") retain usage for 3 years when form in {aggregated, anonymized};)"));
  BOOST_TEST(overlapping_exceptions.has("retention-conflict"));
  auto missing = check_text(with_prelude(R"(@section("1") allow usage for service under contract;)"));
  BOOST_TEST(missing.has("no-retention"));
  auto present = check_text(with_prelude(R"(@section("1") allow usage for service under contract; @section("7") retain usage for 1 year;)"));
  BOOST_TEST(!present.has("no-retention"), present.text());
}

BOOST_AUTO_TEST_CASE(unused_declarations_are_reported_once_per_subtree) {
  auto checked = check_text(with_prelude(R"(@section("1") allow account.email for service under contract;
                                            @section("7") retain account for 1 year;)"));
  std::size_t unused_data = 0;
  for (const auto& d : checked.diagnostics.all()) {
    if (d.message.find("data category `billing`") != std::string::npos) ++unused_data;
    BOOST_TEST(d.message.find("`billing.card`") == std::string::npos);  // covered by `billing`
  }
  BOOST_TEST(unused_data == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(every_problem_is_reported_not_just_the_first) {
  auto checked = check_text(with_prelude(R"(allow acount for service under contract;
                                            allow account for servise under contract;
                                            allow account for service under contrct;)"));
  BOOST_TEST(checked.codes().size() >= 3u);
  BOOST_TEST(checked.diagnostics.error_count() == 3u, checked.text());
}

BOOST_AUTO_TEST_CASE(the_policy_name_comes_from_the_header_or_the_file) {
  BOOST_TEST(accepted("policy acme.main version \"2\";").model->name == "acme.main");
  BOOST_TEST(accepted("policy acme.main version \"2\";").model->version == "2");
  BOOST_TEST(accepted("data { x }").model->name == "main");
}
